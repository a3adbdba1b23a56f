// The event-group collector as a pure reducer keyed by group id: a group succeeds when every
// expected entity is done, fails on the first entity error or at its TTL, and resolves once.
// Fixes to the seed: repeats change nothing, early Dones wait for their Create, own outcomes ignored.
import type { Reducer, Step } from "../Reducer.ts"
import type { CollectorInput, Create, EntityDone } from "./CollectorInput.ts"
import type { Results } from "./CollectorMessage.ts"
import type { CollectorOutput, DropReason, Failure, Success } from "./CollectorOutput.ts"
import { type GroupState, groupDeadline, idleGroup, type Open, type Resolved } from "./CollectorState.ts"
import { type Json, jsonEquals } from "./Json.ts"
import { rfc3339Seconds } from "./Rfc3339.ts"

/** Collector settings. */
export interface CollectorConfig {
  /** TTL of a group whose Create has none (or ≤ 0); also how long a Done waits for its Create. */
  readonly defaultTtlSeconds: number
  /** How long a resolved group is remembered so repeats and late records give no second outcome. */
  readonly resolvedRetentionMs: number
  /** At most this many Dones are held per group while its Create has not arrived. */
  readonly maxHeldDones: number
}

/** The seed's 30 s TTL; resolved groups remembered for an hour; 1,000 early Dones per group. */
export const defaultCollectorConfig: CollectorConfig = {
  defaultTtlSeconds: 30,
  resolvedRetentionMs: 3_600_000,
  maxHeldDones: 1_000,
}

/** The text of a timeout Failure, as the seed writes it. */
export const timeoutError = (ttlSeconds: number): string => `Operation timed out after ${ttlSeconds} seconds`

const hasError = (done: EntityDone): done is EntityDone & { readonly error: string } =>
  done.error !== undefined && done.error !== ""

// Everything but the envelope's `sender` decides whether two Creates are the same.
const sameCreate = (a: Create, b: Create): boolean =>
  a.ttl === b.ttl &&
  a.expected.length === b.expected.length &&
  a.expected.every((id, i) => id === b.expected[i]) &&
  jsonEquals(a.payload, b.payload) &&
  jsonEquals((a.handler ?? null) as Json, (b.handler ?? null) as Json)

// Expected lists are short: a quadratic scan beats building a Set for every Create.
const hasRepeats = (ids: ReadonlyArray<string>): boolean => {
  for (let i = 1; i < ids.length; i++) for (let j = 0; j < i; j++) if (ids[i] === ids[j]) return true
  return false
}

const unique = (ids: ReadonlyArray<string>): ReadonlyArray<string> => {
  if (ids.length <= 32 && !hasRepeats(ids)) return ids
  const set = new Set(ids)
  return set.size === ids.length ? ids : [...set]
}

const resultsRecord = (pairs: Open["results"]): Results => {
  const record: { [entity: string]: Json } = Object.create(null)
  for (const [entity, result] of pairs) record[entity] = result
  return record
}

const success = (open: Open, results: Open["results"], now: number): Success => ({
  _tag: "Success",
  id: open.create.id,
  created: rfc3339Seconds(open.createdMs),
  resolved: rfc3339Seconds(now),
  results: resultsRecord(results),
  payload: open.create.payload,
})

const failure = (
  open: Open,
  entity: string,
  error: string,
  results: Open["results"],
  now: number,
): Failure => ({
  _tag: "Failure",
  id: open.create.id,
  entity,
  error,
  created: rfc3339Seconds(open.createdMs),
  resolved: rfc3339Seconds(now),
  results: resultsRecord(results),
  payload: open.create.payload,
})

const dropped = (group: string, reason: DropReason, entity?: string): CollectorOutput =>
  entity === undefined ? { _tag: "Dropped", group, reason } : { _tag: "Dropped", group, entity, reason }

/** Builds the collector reducer; state is per group id, outputs are outcomes and log records. */
export const makeCollector = (
  overrides: Partial<CollectorConfig> = {},
): Reducer<GroupState, CollectorInput, CollectorOutput> => {
  const config: CollectorConfig = { ...defaultCollectorConfig, ...overrides }
  const holdMs = config.defaultTtlSeconds * 1000

  const resolve = (outcome: Resolved["outcome"], now: number): GroupState =>
    config.resolvedRetentionMs > 0
      ? { _tag: "Resolved", outcome, resolvedMs: now, untilMs: now + config.resolvedRetentionMs }
      : idleGroup

  // Deadlines that have passed take effect before the input, whether or not their Tick came yet.
  const expire = (state: GroupState, now: number, out: Array<CollectorOutput>): GroupState => {
    switch (state._tag) {
      case "Open": {
        if (now < state.deadlineMs) return state
        out.push(failure(state, state.create.id, timeoutError(state.ttlSeconds), state.results, now))
        return expire(resolve("Failure", now), now, out)
      }
      case "Resolved":
        return now < state.untilMs ? state : idleGroup
      case "Holding": {
        if (state.held.every((h) => now < h.untilMs)) return state
        const held = state.held.filter((h) => {
          if (now < h.untilMs) return true
          out.push(dropped(h.done.group, "HoldExpired", h.done.id))
          return false
        })
        return held.length === 0 ? idleGroup : { _tag: "Holding", held }
      }
      case "Idle":
        return state
    }
  }

  const open = (create: Create, now: number): Open => {
    const ttlSeconds = create.ttl !== undefined && create.ttl > 0 ? create.ttl : config.defaultTtlSeconds
    return {
      _tag: "Open",
      create,
      expected: unique(create.expected),
      ttlSeconds,
      createdMs: now,
      deadlineMs: now + ttlSeconds * 1000,
      results: [],
    }
  }

  // The seed's algorithm (record, then error, then completeness) with first-Done-wins repeats.
  const applyDone = (
    state: GroupState,
    done: EntityDone,
    now: number,
    out: Array<CollectorOutput>,
  ): GroupState => {
    if (state._tag !== "Open") {
      out.push(dropped(done.group, "GroupResolved", done.id))
      return state
    }
    let previous: Open["results"][number] | undefined
    for (const pair of state.results) if (pair[0] === done.id) previous = pair
    if (previous !== undefined) {
      const same = !hasError(done) && jsonEquals(previous[1], done.result)
      out.push(dropped(done.group, same ? "DuplicateDone" : "ConflictingDone", done.id))
      return state
    }
    const isExpected = state.expected.includes(done.id)
    const results = isExpected ? [...state.results, [done.id, done.result] as const] : state.results
    if (hasError(done)) {
      out.push(failure(state, done.id, done.error, results, now))
      return resolve("Failure", now)
    }
    if (results.length === state.expected.length) {
      out.push(success(state, results, now))
      return resolve("Success", now)
    }
    if (!isExpected) {
      out.push(dropped(done.group, "UnexpectedEntity", done.id))
      return state
    }
    return { ...state, results }
  }

  const onCreate = (
    state: GroupState,
    create: Create,
    now: number,
    out: Array<CollectorOutput>,
  ): GroupState => {
    switch (state._tag) {
      case "Idle":
        return open(create, now)
      case "Holding": {
        let next: GroupState = open(create, now)
        for (const { done } of state.held) next = applyDone(next, done, now, out)
        return next
      }
      case "Open":
        out.push(
          dropped(create.id, sameCreate(state.create, create) ? "DuplicateCreate" : "ConflictingCreate"),
        )
        return state
      case "Resolved":
        out.push(dropped(create.id, "GroupResolved"))
        return state
    }
  }

  const onDone = (
    state: GroupState,
    done: EntityDone,
    now: number,
    out: Array<CollectorOutput>,
  ): GroupState => {
    switch (state._tag) {
      case "Idle":
      case "Holding": {
        const held = state._tag === "Holding" ? state.held : []
        if (held.length >= config.maxHeldDones) {
          out.push(dropped(done.group, "HoldLimit", done.id))
          return state
        }
        const untilMs = now + holdMs
        out.push({ _tag: "Held", group: done.group, entity: done.id, untilMs })
        return { _tag: "Holding", held: [...held, { done, untilMs }] }
      }
      case "Open":
      case "Resolved":
        return applyDone(state, done, now, out)
    }
  }

  const step = (state: GroupState, input: CollectorInput, now: number): Step<GroupState, CollectorOutput> => {
    if (input._tag === "Ignored") return { state, out: [] }
    const out: Array<CollectorOutput> = []
    const current = expire(state, now, out)
    switch (input._tag) {
      case "Tick":
        return { state: current, out }
      case "Create":
        return { state: onCreate(current, input, now, out), out }
      case "EntityDone":
        return { state: onDone(current, input, now, out), out }
    }
  }

  return {
    initial: idleGroup,
    step,
    deadline: groupDeadline,
    isFinished: (state) => state._tag === "Idle",
  }
}
