// Reference model of the collector, written from the spec and not from the implementation: for
// each group, take its first Create, the early Dones still within the hold time, then the later
// Dones; the first error fails, all expected done succeeds, the first moment at/after the deadline times out.
import type { CollectorInput, EntityDone } from "../../src/collector/CollectorInput.ts"
import type { Outcome } from "../../src/collector/CollectorOutput.ts"
import type { TimedInput } from "./KeyedRun.ts"

/** The settings the model needs (retention is assumed longer than any run). */
export interface ModelConfig {
  readonly defaultTtlSeconds: number
}

const stamp = (ms: number): string => new Date(ms - (ms % 1000)).toISOString().replace(".000Z", "Z")

/** The one outcome of `group`, or undefined; timeouts not seen by an input happen at the deadline. */
export const modelOutcome = (
  config: ModelConfig,
  inputs: ReadonlyArray<TimedInput<CollectorInput>>,
  group: string,
): Outcome | undefined => {
  const first = inputs.findIndex(({ input }) => input._tag === "Create" && input.id === group)
  const opening = inputs[first]
  if (opening === undefined || opening.input._tag !== "Create") return undefined
  const create = opening.input
  const createdAt = opening.now
  const ttl = create.ttl !== undefined && create.ttl > 0 ? create.ttl : config.defaultTtlSeconds
  const deadline = createdAt + ttl * 1000
  const holdMs = config.defaultTtlSeconds * 1000

  const doneOf = (input: CollectorInput): EntityDone | undefined =>
    input._tag === "EntityDone" && input.group === group ? input : undefined
  const early = inputs
    .slice(0, first)
    .filter(({ input, now }) => doneOf(input) !== undefined && createdAt < now + holdMs)
    .map(({ input }) => ({ now: createdAt, done: doneOf(input) }))
  const later = inputs.slice(first + 1).map(({ input, now }) => ({ now, done: doneOf(input) }))

  const results = new Map<string, unknown>()
  const base = { id: create.id, created: stamp(createdAt), payload: create.payload }
  const resultsObject = () => Object.fromEntries(results) as Outcome["results"]
  for (const { now, done } of [...early, ...later]) {
    if (now >= deadline)
      return {
        _tag: "Failure",
        ...base,
        entity: create.id,
        error: `Operation timed out after ${ttl} seconds`,
        resolved: stamp(now),
        results: resultsObject(),
      }
    if (done === undefined || results.has(done.id)) continue
    if (create.expected.includes(done.id)) results.set(done.id, done.result)
    if (done.error !== undefined && done.error !== "")
      return {
        _tag: "Failure",
        ...base,
        entity: done.id,
        error: done.error,
        resolved: stamp(now),
        results: resultsObject(),
      }
    if (create.expected.every((id) => results.has(id)))
      return { _tag: "Success", ...base, resolved: stamp(now), results: resultsObject() }
  }
  return {
    _tag: "Failure",
    ...base,
    entity: create.id,
    error: `Operation timed out after ${ttl} seconds`,
    resolved: stamp(deadline),
    results: resultsObject(),
  }
}
