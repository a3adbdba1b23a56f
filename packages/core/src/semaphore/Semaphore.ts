// The per-resource semaphore of the `queueing` app: FIFO admission up to a permit count, a bounded
// queue, release by TERMINATING only, optional leases, and a bounded memory of finished commands.
// Lapsed leases and aged memories are settled at their own deadlines whatever input comes next.
import type { Reducer, Step } from "../Reducer.ts"
import {
  type Admitted,
  eventTypes,
  type Invalid,
  type SemaphoreInput,
  type SemaphoreOutput,
} from "./SemaphoreProtocol.ts"
import { emptySemaphoreState, type Holder, type Remembered, type SemaphoreState } from "./SemaphoreState.ts"

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

/** The defaults `makeSemaphore` applies. */
export const semaphoreDefaults = {
  defaultPermits: 1,
  defaultQueueLimit: 5,
  rememberMs: 600_000,
  rememberMax: 1_000,
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

const invalid = (resourceId: unknown, commandId: unknown, reason: string): Invalid => ({
  _tag: "Invalid",
  resourceId: typeof resourceId === "string" ? resourceId : "",
  commandId: typeof commandId === "string" ? commandId : "",
  reason,
})

// Why an input cannot be applied to this state, or undefined. Tolerates any runtime value.
const invalidity = (state: SemaphoreState, input: unknown): Invalid | undefined => {
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
  if (state.resourceId !== "" && state.resourceId !== resourceId) {
    return invalid(resourceId, commandId, `state belongs to resource ${state.resourceId}`)
  }
  return undefined
}

const removeAt = <A>(items: ReadonlyArray<A>, index: number): ReadonlyArray<A> =>
  index === 0 ? items.slice(1) : [...items.slice(0, index), ...items.slice(index + 1)]

const indexOfHolder = (holders: ReadonlyArray<Holder>, commandId: string): number => {
  for (let i = 0; i < holders.length; i++) if (holders[i]!.commandId === commandId) return i
  return -1
}

const isRemembered = (remembered: ReadonlyArray<Remembered>, commandId: string): boolean => {
  for (let i = 0; i < remembered.length; i++) if (remembered[i]!.commandId === commandId) return true
  return false
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

  const permitsOf = (resourceId: string): number =>
    permitOverrides.size === 0 ? defaultPermits : (permitOverrides.get(resourceId) ?? defaultPermits)
  const queueLimitOf = (resourceId: string): number =>
    queueOverrides.size === 0 ? defaultQueueLimit : (queueOverrides.get(resourceId) ?? defaultQueueLimit)

  const holder = (commandId: string, since: number): Holder => ({
    commandId,
    since,
    leaseUntil: leaseMs === null ? null : since + leaseMs,
  })

  // Remembers a finished id until `at + rememberMs` (if that is after `now`), keeping the list sorted
  // and within rememberMax.
  const remember = (d: Draft, commandId: string, at: number, now: number): void => {
    const until = at + rememberMs
    if (rememberMax === 0 || until <= now) return
    const list = [...d.remembered]
    let i = list.length
    while (i > 0 && list[i - 1]!.until > until) i--
    list.splice(i, 0, { commandId, until })
    d.remembered = list.length > rememberMax ? list.slice(list.length - rememberMax) : list
  }

  // Admits queue heads, oldest first, while permits are free; `at` is when the permit freed up.
  const admitWaiting = (d: Draft, permits: number, at: number, out: Array<SemaphoreOutput>): void => {
    while (d.holders.length < permits && d.queue.length > 0) {
      const next = d.queue[0]!
      d.queue = d.queue.slice(1)
      d.holders = [...d.holders, holder(next.commandId, at)]
      out.push({
        _tag: "Admitted",
        resourceId: d.resourceId,
        commandId: next.commandId,
        message: next.message,
      })
    }
  }

  // Applies what became due by `now`: lapsed leases (in lease order, each freeing its permit at its
  // own deadline), admissions a raised permit count allows, and memories past their retention.
  const settle = (d: Draft, now: number, out: Array<SemaphoreOutput>): void => {
    if (d.holders.length === 0 && d.queue.length === 0 && d.remembered.length === 0) return
    const permits = permitsOf(d.resourceId)
    if (leaseMs !== null) {
      for (let i = firstLapsed(d.holders, now); i >= 0; i = firstLapsed(d.holders, now)) {
        const lapsed = d.holders[i]!
        const at = lapsed.leaseUntil!
        d.holders = removeAt(d.holders, i)
        out.push({ _tag: "Expired", resourceId: d.resourceId, commandId: lapsed.commandId })
        remember(d, lapsed.commandId, at, now)
        admitWaiting(d, permits, at, out)
      }
    }
    if (d.holders.length < permits && d.queue.length > 0) admitWaiting(d, permits, now, out)
    let aged = 0
    while (aged < d.remembered.length && d.remembered[aged]!.until <= now) aged++
    if (aged > 0) d.remembered = d.remembered.slice(aged)
  }

  const command = (
    d: Draft,
    commandId: string,
    message: string,
    now: number,
    out: Array<SemaphoreOutput>,
  ) => {
    const { resourceId } = d
    if (indexOfHolder(d.holders, commandId) >= 0) {
      out.push({ _tag: "Duplicate", resourceId, commandId, reason: "already admitted" })
      return
    }
    const waiting = d.queue.findIndex((w) => w.commandId === commandId)
    if (waiting >= 0) {
      out.push({
        _tag: "Duplicate",
        resourceId,
        commandId,
        reason: `already queued at position ${waiting + 1}`,
      })
      return
    }
    if (isRemembered(d.remembered, commandId)) {
      out.push({ _tag: "Duplicate", resourceId, commandId, reason: "already finished" })
      return
    }
    if (d.queue.length === 0 && d.holders.length < permitsOf(resourceId)) {
      d.holders = [...d.holders, holder(commandId, now)]
      out.push({ _tag: "Admitted", resourceId, commandId, message } satisfies Admitted)
      return
    }
    const queueLimit = queueLimitOf(resourceId)
    if (d.queue.length < queueLimit) {
      d.queue = [...d.queue, { commandId, message, since: now }]
      out.push({ _tag: "Queued", resourceId, commandId, position: d.queue.length })
      return
    }
    out.push({ _tag: "Rejected", resourceId, commandId, reason: `queue limit ${queueLimit} reached` })
  }

  const terminating = (d: Draft, commandId: string, now: number, out: Array<SemaphoreOutput>) => {
    const { resourceId } = d
    const held = indexOfHolder(d.holders, commandId)
    if (held >= 0) {
      d.holders = removeAt(d.holders, held)
      out.push({ _tag: "Released", resourceId, commandId })
      remember(d, commandId, now, now)
      admitWaiting(d, permitsOf(resourceId), now, out)
      return
    }
    const waiting = d.queue.findIndex((w) => w.commandId === commandId)
    if (waiting >= 0) {
      d.queue = removeAt(d.queue, waiting)
      out.push({ _tag: "Cancelled", resourceId, commandId })
      remember(d, commandId, now, now)
      return
    }
    const reason = isRemembered(d.remembered, commandId) ? "already finished" : "not held or queued"
    out.push({ _tag: "Ignored", resourceId, commandId, reason })
  }

  const progress = (d: Draft, commandId: string, now: number, out: Array<SemaphoreOutput>) => {
    const { resourceId } = d
    const held = indexOfHolder(d.holders, commandId)
    if (held >= 0) {
      if (leaseMs === null) return
      const holders = [...d.holders]
      holders[held] = { ...holders[held]!, leaseUntil: now + leaseMs }
      d.holders = holders
      return
    }
    const reason = d.queue.some((w) => w.commandId === commandId)
      ? "not admitted yet"
      : isRemembered(d.remembered, commandId)
        ? "already finished"
        : "not held"
    out.push({ _tag: "Ignored", resourceId, commandId, reason })
  }

  const step = (
    state: SemaphoreState,
    input: SemaphoreInput,
    now: number,
  ): Step<SemaphoreState, SemaphoreOutput> => {
    const problem = invalidity(state, input)
    if (problem !== undefined) return { state, out: [problem] }
    const out: Array<SemaphoreOutput> = []
    const d: Draft = {
      resourceId: state.resourceId,
      holders: state.holders,
      queue: state.queue,
      remembered: state.remembered,
    }
    settle(d, now, out)
    if (input._tag === "Command") {
      d.resourceId = input.resourceId
      command(d, input.commandId, input.message, now, out)
    } else if (input._tag === "Event") {
      // An event changes nothing unless the resource has state, so an empty one stays empty.
      if (d.resourceId === "") d.resourceId = input.resourceId
      if (input.type === "TERMINATING") terminating(d, input.commandId, now, out)
      else progress(d, input.commandId, now, out)
    }
    const same = d.holders === state.holders && d.queue === state.queue && d.remembered === state.remembered
    return { state: same ? state : d, out }
  }

  const deadline = (state: SemaphoreState): number | undefined => {
    let at = state.remembered[0]?.until
    for (const { leaseUntil } of state.holders) {
      if (leaseUntil !== null && (at === undefined || leaseUntil < at)) at = leaseUntil
    }
    return at
  }

  const isFinished = (state: SemaphoreState): boolean =>
    state.holders.length === 0 && state.queue.length === 0 && state.remembered.length === 0

  const limits = (resourceId: string): SemaphoreResourceLimits => ({
    permits: permitsOf(resourceId),
    queueLimit: queueLimitOf(resourceId),
  })

  return { initial: emptySemaphoreState, step, deadline, isFinished, limits }
}
