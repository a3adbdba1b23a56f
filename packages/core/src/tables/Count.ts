// Group-by-key count (Kafka Streams `groupByKey().count()`): the state is the key's count and
// every input emits the new count, as the count KTable's changelog does.
import type { Reducer } from "../Reducer.ts"

/** Anything counted: only its key matters. */
export interface Counted {
  readonly key: string
}

/** The key's count is now `count`. */
export interface CountChanged {
  readonly _tag: "Count"
  readonly key: string
  readonly count: number
}

/** The count reducer; a key's state is its count (0 = never seen). */
export const makeCount = <I extends Counted = Counted>(): Reducer<number, I, CountChanged> => ({
  initial: 0,
  isFinished: (count) => count === 0,
  step: (count, input) => {
    const next = count + 1
    return { state: next, out: [{ _tag: "Count", key: input.key, count: next }] }
  },
})
