// A minimal driver for tests: per-key state in a Map, finished keys deleted, outputs in order.
import type { Reducer } from "../../src/Reducer.ts"

/** One keyed, timed input. */
export interface Keyed<I> {
  readonly key: string
  readonly input: I
  readonly now: number
}

/** Runs keyed inputs through a reducer as a driver would; returns the live states and all outputs. */
export const runKeyed = <S, I, O>(
  reducer: Reducer<S, I, O>,
  inputs: ReadonlyArray<Keyed<I>>,
): { readonly states: Map<string, S>; readonly out: Array<O> } => {
  const states = new Map<string, S>()
  const out: Array<O> = []
  for (const { key, input, now } of inputs) {
    const step = reducer.step(states.has(key) ? states.get(key)! : reducer.initial, input, now)
    out.push(...step.out)
    if (reducer.isFinished(step.state)) states.delete(key)
    else states.set(key, step.state)
  }
  return { states, out }
}
