// The reducer contract every domain implements: a pure, per-key state machine.
// Time arrives as `now`; deadlines come back as `Tick` inputs; outputs are plain tagged data.

/** The result of one step: the key's next state and the outputs to route, in order. */
export interface Step<S, O> {
  readonly state: S
  readonly out: ReadonlyArray<O>
}

/** A pure per-key state machine, run unchanged by every driver (memory, LMDB, Kafka). */
export interface Reducer<S, I, O> {
  /** State of a key never seen. */
  readonly initial: S
  /** Pure transition; must not throw on bad input (bad input becomes an output). */
  readonly step: (state: S, input: I, now: number) => Step<S, O>
  /** When this key next wants a `Tick` input (epoch ms), or undefined for never. */
  readonly deadline?: (state: S) => number | undefined
  /** True when the state carries nothing worth keeping; the driver then deletes the key. */
  readonly isFinished: (state: S) => boolean
}

/** The input a driver feeds a key at or after its deadline. */
export interface Tick {
  readonly _tag: "Tick"
}

/** The one Tick value. */
export const tick: Tick = { _tag: "Tick" }

/** Folds inputs through a reducer from its initial state; handy for tests and reference checks. */
export const run = <S, I, O>(
  reducer: Reducer<S, I, O>,
  inputs: ReadonlyArray<readonly [I, number]>,
  from: S = reducer.initial,
): Step<S, O> => {
  let state = from
  const out: Array<O> = []
  for (const [input, now] of inputs) {
    const next = reducer.step(state, input, now)
    state = next.state
    out.push(...next.out)
  }
  return { state, out }
}
