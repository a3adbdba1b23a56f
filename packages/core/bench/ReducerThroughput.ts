// Measures a reducer's inputs per second the way a driver runs it: per-key state in a Map,
// finished keys deleted. Used by every `*.bench.ts` in the core.
import type { Reducer } from "../src/Reducer.ts"

/** One keyed, timed input, as a driver would feed it. */
export interface KeyedInput<I> {
  readonly key: string
  readonly input: I
  readonly now: number
}

/** A figure printed by `pnpm bench`. */
export interface BenchFigure {
  readonly name: string
  readonly value: number
  readonly unit: string
}

/** A named group of figures; every `packages/*\/bench/*.bench.ts` default-exports one. */
export interface BenchSuite {
  readonly name: string
  readonly run: () => Promise<ReadonlyArray<BenchFigure>>
}

const runOnce = <S, I, O>(reducer: Reducer<S, I, O>, inputs: ReadonlyArray<KeyedInput<I>>): number => {
  const states = new Map<string, S>()
  let outputs = 0
  for (const { key, input, now } of inputs) {
    const { state, out } = reducer.step(states.get(key) ?? reducer.initial, input, now)
    outputs += out.length
    if (reducer.isFinished(state)) states.delete(key)
    else states.set(key, state)
  }
  return outputs
}

/** Runs the inputs through the reducer (after a warm-up) and returns inputs per second. */
export const reducerThroughput = <S, I, O>(
  reducer: Reducer<S, I, O>,
  inputs: ReadonlyArray<KeyedInput<I>>,
  rounds = 5,
): number => {
  runOnce(reducer, inputs)
  let best = 0
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint()
    runOnce(reducer, inputs)
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    best = Math.max(best, inputs.length / seconds)
  }
  return best
}
