// A tiny driver for tests: per-key states in a Map, due Ticks fired before each input (as the
// real driver fires timers), finished keys deleted, and a drain that runs every timer to the end.
import type { Reducer } from "../../src/Reducer.ts"

/** One input for key `key` at time `now`. */
export interface TimedInput<I> {
  readonly now: number
  readonly key: string
  readonly input: I
}

/** One output of key `key`, emitted at time `now`; `seq` orders it among outputs and deletions. */
export interface TimedOutput<O> {
  readonly seq: number
  readonly now: number
  readonly key: string
  readonly output: O
}

/** A key whose state was deleted (finished) at time `now`. */
export interface Deletion {
  readonly seq: number
  readonly now: number
  readonly key: string
}

/** What a run leaves behind. */
export interface KeyedRunResult<S, O> {
  readonly outputs: ReadonlyArray<TimedOutput<O>>
  readonly states: ReadonlyMap<string, S>
  /** When each key's state was deleted (finished), in order. */
  readonly deletions: ReadonlyArray<Deletion>
  /** Ticks fired while draining; bounded for a reducer whose states do finish. */
  readonly drainTicks: number
}

/** Options: the Tick input, a state transform applied on store (e.g. a codec round trip), drain cap. */
export interface KeyedRunOptions<S, I> {
  readonly tick: I
  readonly store?: (state: S) => S
  readonly maxDrainTicks?: number
}

/** Runs timed inputs through a reducer per key, then fires every remaining deadline in time order. */
export const runKeyed = <S, I, O>(
  reducer: Reducer<S, I, O>,
  inputs: ReadonlyArray<TimedInput<I>>,
  options: KeyedRunOptions<S, I>,
): KeyedRunResult<S, O> => {
  const states = new Map<string, S>()
  const outputs: Array<TimedOutput<O>> = []
  const deletions: Array<Deletion> = []
  let seq = 0
  const store = options.store ?? ((state: S) => state)

  const apply = (key: string, input: I, now: number): void => {
    const { state, out } = reducer.step(states.get(key) ?? reducer.initial, input, now)
    for (const output of out) outputs.push({ seq: seq++, now, key, output })
    if (reducer.isFinished(state)) {
      if (states.delete(key)) deletions.push({ seq: seq++, now, key })
    } else states.set(key, store(state))
  }
  const dueKeys = (now: number): Array<string> =>
    [...states]
      .filter(([, state]) => (reducer.deadline?.(state) ?? Number.POSITIVE_INFINITY) <= now)
      .map(([k]) => k)

  for (const { now, key, input } of inputs) {
    for (const due of dueKeys(now)) apply(due, options.tick, now)
    apply(key, input, now)
  }

  let drainTicks = 0
  const maxDrainTicks = options.maxDrainTicks ?? 10_000
  while (drainTicks < maxDrainTicks) {
    const deadlines = [...states.values()].map((s) => reducer.deadline?.(s) ?? Number.POSITIVE_INFINITY)
    const next = Math.min(...deadlines)
    if (!Number.isFinite(next)) break
    for (const due of dueKeys(next)) {
      apply(due, options.tick, next)
      drainTicks++
    }
  }
  return { outputs, states, deletions, drainTicks }
}
