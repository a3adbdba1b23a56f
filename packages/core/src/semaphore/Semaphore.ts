// The per-resource semaphore of the `queueing` app: FIFO admission up to a permit count, a bounded
// queue, release by TERMINATING only, optional leases, and a bounded memory of finished commands.
// Lapsed leases and aged memories are settled at their own deadlines whatever input comes next.
import type { Reducer, Step } from "../Reducer.ts"
import { appended, inserted, removed, removedThenAppended, replaced } from "./CopyOnWrite.ts"
import {
  type Admitted,
  eventTypes,
  type Invalid,
  type SemaphoreInput,
  type SemaphoreOutput,
} from "./SemaphoreProtocol.ts"
import {
  commandIdKey,
  emptySemaphoreState,
  type Holder,
  type SemaphoreState,
  type Waiting,
} from "./SemaphoreState.ts"

/** Per-resource overrides keyed by resourceId: a Map, or a record (only own keys count). */
export type SemaphoreLimits = ReadonlyMap<string, number> | Readonly<Record<string, number>>

/** How a semaphore is configured; every field has a default. */
export interface SemaphoreConfig {
  /** Permits per resource without an override (seed: `defaultSemaphoreLimit`, 1). */
  readonly defaultPermits?: number
  /** Permits per resourceId (seed: `semaphoreLimits`). */
  readonly permits?: SemaphoreLimits
  /** Waiting commands per resource without an override (seed: 5). */
  readonly defaultQueueLimit?: number
  /** Queue limit per resourceId (seed: `queueLimits`). */
  readonly queueLimits?: SemaphoreLimits
  /** A holder with no event for this long is released as expired; absent means no lease. */
  readonly leaseMs?: number
  /** How long a finished command id is remembered to answer its duplicates. */
  readonly rememberMs?: number
  /** At most this many finished ids are remembered per resource (oldest forgotten first). */
  readonly rememberMax?: number
}

/**
 * The defaults `makeSemaphore` applies: the seed's limits, and finished ids remembered for 5 minutes
 * (SQS FIFO's deduplication interval) but at most 256 per resource, which bounds a busy resource's
 * state and the cost of copying it.
 */
export const semaphoreDefaults = {
  defaultPermits: 1,
  defaultQueueLimit: 5,
  rememberMs: 300_000,
  rememberMax: 256,
} as const

/** The limits that apply to one resource. */
export interface SemaphoreResourceLimits {
  readonly permits: number
  readonly queueLimit: number
}

/** The semaphore reducer, plus the limits it applies (for read models). */
export interface SemaphoreReducer extends Reducer<SemaphoreState, SemaphoreInput, SemaphoreOutput> {
  readonly limits: (resourceId: string) => SemaphoreResourceLimits
}

type Draft = { -readonly [K in keyof SemaphoreState]: SemaphoreState[K] }

const count = (field: string, value: number, min: number): number => {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`semaphore config: ${field} must be an integer >= ${min}, got ${value}`)
  }
  return value
}

const overrides = (field: string, limits: SemaphoreLimits | undefined): ReadonlyMap<string, number> => {
  const entries: Iterable<readonly [string, number]> =
    limits === undefined ? [] : limits instanceof Map ? limits.entries() : Object.entries(limits)
  const map = new Map<string, number>()
  for (const [id, value] of entries) map.set(id, count(`${field}[${JSON.stringify(id)}]`, value, 0))
  return map
}

// A lookup of per-resource overrides. Most resources have none, and a Map miss still compares the
// probed keys' strings (scattered over the heap), so a bitmap of the ids' keys (8 KiB) answers most
// misses first.
const overrideLookup = (limits: ReadonlyMap<string, number>, fallback: number) => {
  if (limits.size === 0) return (_resourceId: string): number => fallback
  const bits = new Int32Array(2048)
  for (const id of limits.keys()) {
    const key = commandIdKey(id) & 0xffff
    bits[key >>> 5]! |= 1 << (key & 31)
  }
  return (resourceId: string): number => {
    const key = commandIdKey(resourceId) & 0xffff
    if ((bits[key >>> 5]! & (1 << (key & 31))) === 0) return fallback
    return limits.get(resourceId) ?? fallback
  }
}

const invalid = (resourceId: unknown, commandId: unknown, reason: string): Invalid => ({
  _tag: "Invalid",
  resourceId: typeof resourceId === "string" ? resourceId : "",
  commandId: typeof commandId === "string" ? commandId : "",
  reason,
})

// Why an input cannot be applied, or undefined. Tolerates any runtime value. The driver keys states by
// resourceId, so an input's resourceId is trusted to be its key's.
const invalidity = (input: unknown): Invalid | undefined => {
  if (typeof input !== "object" || input === null) return invalid("", "", "not a semaphore input")
  const { _tag, resourceId, commandId, message, type } = input as Record<string, unknown>
  if (_tag === "Tick") return undefined
  if (_tag !== "Command" && _tag !== "Event") return invalid(resourceId, commandId, "not a semaphore input")
  if (typeof resourceId !== "string" || resourceId === "") {
    return invalid(resourceId, commandId, "resourceId must be a non-empty string")
  }
  if (typeof commandId !== "string" || commandId === "") {
    return invalid(resourceId, commandId, "commandId must be a non-empty string")
  }
  if (typeof message !== "string") return invalid(resourceId, commandId, "message must be a string")
  if (_tag === "Event" && !eventTypes.includes(type as never)) {
    return invalid(resourceId, commandId, "type must be INITIALIZING, CONTINUING or TERMINATING")
  }
  return undefined
}

// Lookups compare `commandIdKey`s first: the stored id strings are scattered over the heap, and
// reading each of them costs a cache miss that a key comparison does not.
const indexOfHolder = (holders: ReadonlyArray<Holder>, commandId: string, key: number): number => {
  for (let i = 0; i < holders.length; i++) {
    const h = holders[i]!
    if (h.key === key && h.commandId === commandId) return i
  }
  return -1
}

const indexOfWaiting = (queue: ReadonlyArray<Waiting>, commandId: string, key: number): number => {
  for (let i = 0; i < queue.length; i++) {
    const w = queue[i]!
    if (w.key === key && w.commandId === commandId) return i
  }
  return -1
}

const isRemembered = (state: SemaphoreState, commandId: string, key: number): boolean => {
  const keys = state.rememberedKeys
  for (let i = 0; i < keys.length; i++) if (keys[i] === key && state.remembered[i] === commandId) return true
  return false
}

// The earliest lease end or memory expiry of a state, null if none.
const dueOf = (state: SemaphoreState): number | null => {
  let at = state.rememberedUntil.length > 0 ? state.rememberedUntil[0]! : null
  for (let i = 0; i < state.holders.length; i++) {
    const until = state.holders[i]!.leaseUntil
    if (until !== null && (at === null || until < at)) at = until
  }
  return at
}

// The holder whose lease lapsed first, at or before `now` (ties: earliest admitted), or -1.
const firstLapsed = (holders: ReadonlyArray<Holder>, now: number): number => {
  let found = -1
  let at = now
  for (let i = 0; i < holders.length; i++) {
    const until = holders[i]!.leaseUntil
    if (until !== null && until <= now && (found < 0 || until < at)) {
      found = i
      at = until
    }
  }
  return found
}

const noOutputs: ReadonlyArray<SemaphoreOutput> = []

/** Builds the semaphore reducer; throws RangeError on a config that is not a set of counts. */
export const makeSemaphore = (config: SemaphoreConfig = {}): SemaphoreReducer => {
  const defaultPermits = count("defaultPermits", config.defaultPermits ?? semaphoreDefaults.defaultPermits, 0)
  const defaultQueueLimit = count(
    "defaultQueueLimit",
    config.defaultQueueLimit ?? semaphoreDefaults.defaultQueueLimit,
    0,
  )
  const permitOverrides = overrides("permits", config.permits)
  const queueOverrides = overrides("queueLimits", config.queueLimits)
  const leaseMs = config.leaseMs === undefined ? null : count("leaseMs", config.leaseMs, 1)
  const rememberMs = count("rememberMs", config.rememberMs ?? semaphoreDefaults.rememberMs, 0)
  const rememberMax = count("rememberMax", config.rememberMax ?? semaphoreDefaults.rememberMax, 0)

  const permitsOf = overrideLookup(permitOverrides, defaultPermits)
  const queueLimitOf = overrideLookup(queueOverrides, defaultQueueLimit)

  // Outputs of the current step, collected in a buffer this reducer reuses (steps never overlap) and
  // copied out at the end: pushing onto a fresh array costs V8 a growth allocation per step.
  const emitted: Array<SemaphoreOutput> = []
  let emittedCount = 0
  const emit = (output: SemaphoreOutput): void => {
    emitted[emittedCount++] = output
  }
  const takeEmitted = (): ReadonlyArray<SemaphoreOutput> => {
    if (emittedCount === 0) return noOutputs
    if (emittedCount === 1) {
      emittedCount = 0
      return [emitted[0]!]
    }
    const out = new Array<SemaphoreOutput>(emittedCount)
    for (let i = 0; i < emittedCount; i++) out[i] = emitted[i]!
    emittedCount = 0
    return out
  }

  const holder = (commandId: string, key: number, since: number): Holder => ({
    commandId,
    leaseUntil: leaseMs === null ? null : since + leaseMs,
    key,
  })

  // Remembers a finished id until `at + rememberMs` (unless that is not after `now`), keeping
  // `until` order and forgetting the oldest beyond rememberMax.
  const remember = (d: Draft, commandId: string, key: number, at: number, now: number): void => {
    const until = at + rememberMs
    if (rememberMax === 0 || until <= now) return
    const ids = d.remembered
    const untils = d.rememberedUntil
    let i = ids.length
    while (i > 0 && untils[i - 1]! > until) i--
    let nextIds: ReadonlyArray<string>
    let nextUntils: ReadonlyArray<number>
    let nextKeys: ReadonlyArray<number>
    if (i === ids.length) {
      nextIds = appended(ids, commandId)
      nextUntils = appended(untils, until)
      nextKeys = appended(d.rememberedKeys, key)
    } else {
      nextIds = inserted(ids, i, commandId)
      nextUntils = inserted(untils, i, until)
      nextKeys = inserted(d.rememberedKeys, i, key)
    }
    const over = nextIds.length - rememberMax
    if (over > 0) {
      nextIds = nextIds.slice(over)
      nextUntils = nextUntils.slice(over)
      nextKeys = nextKeys.slice(over)
    }
    d.remembered = nextIds
    d.rememberedUntil = nextUntils
    d.rememberedKeys = nextKeys
  }

  // Admits queue heads, oldest first, while permits are free; `at` is when the permit freed up.
  const admitWaiting = (d: Draft, permits: number, at: number): void => {
    while (d.holders.length < permits && d.queue.length > 0) {
      const next = d.queue[0]!
      d.queue = d.queue.slice(1)
      d.holders = appended(d.holders, holder(next.commandId, next.key, at))
      emit({
        _tag: "Admitted",
        resourceId: d.resourceId,
        commandId: next.commandId,
        message: next.message,
      })
    }
  }

  // Applies what became due by `now`: lapsed leases (in lease order, each freeing its permit at its
  // own deadline) and memories past their retention.
  const settle = (d: Draft, now: number): void => {
    if (d.due === null || now < d.due) return
    const permits = permitsOf(d.resourceId)
    if (leaseMs !== null) {
      for (let i = firstLapsed(d.holders, now); i >= 0; i = firstLapsed(d.holders, now)) {
        const lapsed = d.holders[i]!
        const at = lapsed.leaseUntil!
        d.holders = removed(d.holders, i)
        emit({ _tag: "Expired", resourceId: d.resourceId, commandId: lapsed.commandId })
        remember(d, lapsed.commandId, lapsed.key, at, now)
        admitWaiting(d, permits, at)
      }
    }
    const untils = d.rememberedUntil
    let aged = 0
    while (aged < untils.length && untils[aged]! <= now) aged++
    if (aged > 0) {
      d.remembered = d.remembered.slice(aged)
      d.rememberedUntil = untils.slice(aged)
      d.rememberedKeys = d.rememberedKeys.slice(aged)
    }
  }

  // Where a command id stands.
  const whereIs = (d: Draft, commandId: string, key: number): "held" | "queued" | "finished" | "unknown" => {
    if (indexOfHolder(d.holders, commandId, key) >= 0) return "held"
    if (indexOfWaiting(d.queue, commandId, key) >= 0) return "queued"
    return isRemembered(d, commandId, key) ? "finished" : "unknown"
  }

  const command = (d: Draft, commandId: string, key: number, message: string, now: number) => {
    const { resourceId } = d
    const where = whereIs(d, commandId, key)
    if (where !== "unknown") {
      const reason =
        where === "held"
          ? "already admitted"
          : where === "queued"
            ? `already queued at position ${indexOfWaiting(d.queue, commandId, key) + 1}`
            : "already finished"
      emit({ _tag: "Duplicate", resourceId, commandId, reason })
      return
    }
    const permits = permitsOf(resourceId)
    // Waiting commands go first if a permit is free (after a restart with more permits).
    if (d.queue.length > 0 && d.holders.length < permits) admitWaiting(d, permits, now)
    if (d.queue.length === 0 && d.holders.length < permits) {
      d.holders = appended(d.holders, holder(commandId, key, now))
      emit({ _tag: "Admitted", resourceId, commandId, message } satisfies Admitted)
      return
    }
    const queueLimit = queueLimitOf(resourceId)
    if (d.queue.length < queueLimit) {
      d.queue = appended(d.queue, { commandId, message, key })
      emit({ _tag: "Queued", resourceId, commandId, position: d.queue.length })
      return
    }
    emit({ _tag: "Rejected", resourceId, commandId, reason: `queue limit ${queueLimit} reached` })
  }

  // Events come mostly from holders, so holders (at most a few) are looked at before anything else.
  const terminating = (d: Draft, commandId: string, key: number, now: number) => {
    const { resourceId } = d
    const held = indexOfHolder(d.holders, commandId, key)
    if (held >= 0) {
      const permits = permitsOf(resourceId)
      const next = d.queue[0]
      emit({ _tag: "Released", resourceId, commandId })
      if (next !== undefined && d.holders.length <= permits) {
        // The usual hand-over: the queue head takes the freed slot, in one copy of the holders.
        d.holders = removedThenAppended(d.holders, held, holder(next.commandId, next.key, now))
        d.queue = d.queue.slice(1)
        emit({ _tag: "Admitted", resourceId, commandId: next.commandId, message: next.message })
      } else d.holders = removed(d.holders, held)
      remember(d, commandId, key, now, now)
      admitWaiting(d, permits, now)
      return
    }
    const where = whereIs(d, commandId, key)
    if (where === "queued") {
      d.queue = removed(d.queue, indexOfWaiting(d.queue, commandId, key))
      emit({ _tag: "Cancelled", resourceId, commandId })
      remember(d, commandId, key, now, now)
    } else {
      const reason = where === "finished" ? "already finished" : "not held or queued"
      emit({ _tag: "Ignored", resourceId, commandId, reason })
    }
  }

  const progress = (d: Draft, commandId: string, key: number, now: number) => {
    const held = indexOfHolder(d.holders, commandId, key)
    if (held >= 0) {
      if (leaseMs === null) return
      const renewed: Holder = { commandId, leaseUntil: now + leaseMs, key }
      d.holders = replaced(d.holders, held, renewed)
      return
    }
    const where = whereIs(d, commandId, key)
    const reason =
      where === "queued" ? "not admitted yet" : where === "finished" ? "already finished" : "not held"
    emit({ _tag: "Ignored", resourceId: d.resourceId, commandId, reason })
  }

  const step = (
    state: SemaphoreState,
    input: SemaphoreInput,
    now: number,
  ): Step<SemaphoreState, SemaphoreOutput> => {
    const problem = invalidity(input)
    if (problem !== undefined) return { state, out: [problem] }
    emittedCount = 0
    const d: Draft = {
      resourceId: state.resourceId,
      holders: state.holders,
      queue: state.queue,
      remembered: state.remembered,
      rememberedUntil: state.rememberedUntil,
      rememberedKeys: state.rememberedKeys,
      due: state.due,
    }
    settle(d, now)
    if (input._tag === "Command") {
      d.resourceId = input.resourceId
      command(d, input.commandId, commandIdKey(input.commandId), input.message, now)
    } else if (input._tag === "Event") {
      // An event changes nothing unless the resource has state, so an empty one stays empty.
      if (d.resourceId === "") d.resourceId = input.resourceId
      const key = commandIdKey(input.commandId)
      if (input.type === "TERMINATING") terminating(d, input.commandId, key, now)
      else progress(d, input.commandId, key, now)
    }
    // Memory changes always change `remembered` (with `rememberedUntil`).
    const same = d.holders === state.holders && d.queue === state.queue && d.remembered === state.remembered
    if (d.holders !== state.holders || d.rememberedUntil !== state.rememberedUntil) d.due = dueOf(d)
    return { state: same ? state : d, out: takeEmitted() }
  }

  const deadline = (state: SemaphoreState): number | undefined => state.due ?? undefined

  const isFinished = (state: SemaphoreState): boolean =>
    state.holders.length === 0 && state.queue.length === 0 && state.remembered.length === 0

  const limits = (resourceId: string): SemaphoreResourceLimits => ({
    permits: permitsOf(resourceId),
    queueLimit: queueLimitOf(resourceId),
  })

  return { initial: emptySemaphoreState, step, deadline, isFinished, limits }
}
