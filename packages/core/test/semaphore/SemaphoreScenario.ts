// Random semaphore scenarios for the property tests: a config (with per-resource overrides as a Map
// or a null-prototype record) and a timed script of commands, events and ticks over a few
// resources and a small id pool (so duplicates and strays are common), plus a driver-like runner.
import fc from "fast-check"
import { tick } from "../../src/Reducer.ts"
import type { SemaphoreConfig, SemaphoreLimits, SemaphoreReducer } from "../../src/semaphore/Semaphore.ts"
import type { EventType, SemaphoreInput, SemaphoreOutput } from "../../src/semaphore/SemaphoreProtocol.ts"
import type { SemaphoreState } from "../../src/semaphore/SemaphoreState.ts"
import type { ModelConfig, ModelInput, ModelOutput } from "./SemaphoreModel.ts"

/** Resource ids, including ones that would hit Object.prototype if used as plain keys. */
export const resourcePool = ["r1", "__proto__", "constructor"] as const
/** Two ids of the same length that differ only in the middle. */
export const similarIds = [
  "12345678-aaaa-4000-8000-000087654321",
  "12345678-bbbb-4000-8000-000087654321",
] as const

/** Command ids, likewise, plus two similar ones. */
export const commandPool = ["c1", "c2", "c3", "c4", "__proto__", "constructor", ...similarIds] as const

/** One input for one key at one time. */
export interface ScriptStep {
  readonly resourceId: string
  readonly input: SemaphoreInput
  readonly now: number
}

/** The plain numbers a config is built from, so the model can be built from the same. */
export interface ConfigParams {
  readonly defaultPermits: number
  readonly permits: ReadonlyArray<readonly [string, number]>
  readonly defaultQueueLimit: number
  readonly queueLimits: ReadonlyArray<readonly [string, number]>
  readonly leaseMs: number | undefined
  readonly rememberMs: number
  readonly rememberMax: number
  readonly asMap: boolean
}

const limits = (entries: ReadonlyArray<readonly [string, number]>, asMap: boolean): SemaphoreLimits => {
  if (asMap) return new Map(entries)
  const record: Record<string, number> = Object.create(null)
  for (const [id, n] of entries) record[id] = n
  return record
}

/** The reducer config for some params. */
export const semaphoreConfig = (p: ConfigParams): SemaphoreConfig => ({
  defaultPermits: p.defaultPermits,
  permits: limits(p.permits, p.asMap),
  defaultQueueLimit: p.defaultQueueLimit,
  queueLimits: limits(p.queueLimits, p.asMap),
  ...(p.leaseMs === undefined ? {} : { leaseMs: p.leaseMs }),
  rememberMs: p.rememberMs,
  rememberMax: p.rememberMax,
})

const lookup =
  (entries: ReadonlyArray<readonly [string, number]>, fallback: number) =>
  (resourceId: string): number => {
    let found = fallback
    for (const [id, n] of entries) if (id === resourceId) found = n
    return found
  }

/** The model config for the same params. */
export const modelConfig = (p: ConfigParams): ModelConfig => ({
  permits: lookup(p.permits, p.defaultPermits),
  queueLimit: lookup(p.queueLimits, p.defaultQueueLimit),
  leaseMs: p.leaseMs,
  rememberMs: p.rememberMs,
  rememberMax: p.rememberMax,
})

const overrideArb = fc.array(fc.tuple(fc.constantFrom(...resourcePool), fc.integer({ min: 0, max: 3 })), {
  maxLength: 2,
})

/** Any config: small limits, with or without a lease, any retention. */
export const configArb: fc.Arbitrary<ConfigParams> = fc.record({
  defaultPermits: fc.integer({ min: 0, max: 3 }),
  permits: overrideArb,
  defaultQueueLimit: fc.integer({ min: 0, max: 3 }),
  queueLimits: overrideArb,
  leaseMs: fc.option(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 })), {
    nil: undefined,
    freq: 2,
  }),
  rememberMs: fc.integer({ min: 0, max: 80 }),
  rememberMax: fc.integer({ min: 0, max: 4 }),
  asMap: fc.boolean(),
})

/** A config that never forgets a finished id within a script (so "at most once" is absolute). */
export const rememberingConfigArb: fc.Arbitrary<ConfigParams> = configArb.map((p) => ({
  ...p,
  rememberMs: 1_000_000,
  rememberMax: 1_000,
}))

type Kind = "Command" | EventType | "Tick"

const kindArb: fc.Arbitrary<Kind> = fc.constantFrom<Kind>(
  "Command",
  "Command",
  "Command",
  "INITIALIZING",
  "CONTINUING",
  "TERMINATING",
  "TERMINATING",
  "Tick",
)

/**
 * One scripted input: which resource, what, and how much time passed before it. By `source`, a
 * command takes a pooled id, a recent command's id (duplicates) or, half the time, a fresh one; an
 * event names a pooled id (strays) or, mostly, a recent command of its resource (`back` ago).
 */
const stepArb = fc.record({
  resource: fc.nat(resourcePool.length - 1),
  kind: kindArb,
  pooled: fc.constantFrom(...commandPool),
  source: fc.nat(3),
  back: fc.nat(3),
  message: fc.constantFrom("run", "again", ""),
  dt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 60 })),
})

/** A timed script over 1 to 3 resources (fewer means busier); time never goes backwards. */
export const scriptArb = (maxLength = 60): fc.Arbitrary<ReadonlyArray<ScriptStep>> =>
  fc
    .tuple(fc.integer({ min: 1, max: resourcePool.length }), fc.array(stepArb, { maxLength, size: "max" }))
    .map(([used, steps]) => {
      let now = 1_000
      let fresh = 0
      const recent = new Map<string, Array<string>>()
      return steps.map(({ resource, kind, pooled, source, back, message, dt }): ScriptStep => {
        const resourceId = resourcePool[resource % used]!
        const commands = recent.get(resourceId) ?? []
        recent.set(resourceId, commands)
        const latest = commands[back % Math.max(1, commands.length)] ?? pooled
        now += dt
        if (kind === "Tick") return { resourceId, input: tick, now }
        if (kind === "Command") {
          const commandId = source === 0 ? pooled : source === 1 ? latest : `n${fresh++}`
          commands.unshift(commandId)
          return { resourceId, input: { _tag: "Command", resourceId, commandId, message }, now }
        }
        const commandId = source === 0 ? pooled : latest
        return { resourceId, input: { _tag: "Event", resourceId, commandId, type: kind, message }, now }
      })
    })

/** The model's view of an input. */
export const modelInput = (input: SemaphoreInput): ModelInput =>
  input._tag === "Tick"
    ? input
    : input._tag === "Command"
      ? { _tag: "Command", commandId: input.commandId, message: input.message }
      : { _tag: "Event", commandId: input.commandId, type: input.type }

/** An output as the model states it: the reason dropped. */
export const withoutReason = (output: SemaphoreOutput): ModelOutput => {
  const { _tag, resourceId, commandId } = output
  if (output._tag === "Admitted") return { _tag, resourceId, commandId, message: output.message }
  if (output._tag === "Queued") return { _tag, resourceId, commandId, position: output.position }
  return { _tag, resourceId, commandId }
}

/** What a driver-like run observed at one step. */
export interface Observed {
  readonly step: ScriptStep
  readonly out: ReadonlyArray<SemaphoreOutput>
  readonly states: ReadonlyMap<string, SemaphoreState>
}

/** Per-key states as a driver keeps them: finished keys deleted. */
export class Keyed {
  readonly reducer: SemaphoreReducer
  readonly states = new Map<string, SemaphoreState>()

  constructor(reducer: SemaphoreReducer) {
    this.reducer = reducer
  }

  state(resourceId: string): SemaphoreState {
    return this.states.get(resourceId) ?? this.reducer.initial
  }

  step(resourceId: string, input: SemaphoreInput, now: number): ReadonlyArray<SemaphoreOutput> {
    const { state, out } = this.reducer.step(this.state(resourceId), input, now)
    if (this.reducer.isFinished(state)) this.states.delete(resourceId)
    else this.states.set(resourceId, state)
    return out
  }
}

/** Runs a script through the reducer like a driver, recording each step. */
export const observe = (reducer: SemaphoreReducer, script: ReadonlyArray<ScriptStep>): Array<Observed> => {
  const keyed = new Keyed(reducer)
  return script.map((step) => {
    const out = keyed.step(step.resourceId, step.input, step.now)
    return { step, out, states: new Map(keyed.states) }
  })
}
