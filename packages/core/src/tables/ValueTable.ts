// A KTable read straight from a topic (order-count's `customer`): the latest value per key
// replaces the previous one and a tombstone deletes it. No per-column merge.
import type { Reducer } from "../Reducer.ts"
import { type Json, jsonEqual } from "./Json.ts"
import { rowChanged, rowDeleted, type TableChange } from "./TableChange.ts"

/** A new value for the key (null means tombstone). */
export interface Put<V extends Json> {
  readonly _tag: "Put"
  readonly key: string
  readonly value: V | null
}

/** Builds a `Put` input. */
export const put = <V extends Json>(key: string, value: V | null): Put<V> => ({ _tag: "Put", key, value })

/** The key's current value, or null when it has none. */
export type ValueTableState<V extends Json> = V | null

/** The plain KTable reducer: outputs `Row {key, row: value}` / `RowDeleted`, only on change. */
export const makeValueTable = <V extends Json>(): Reducer<ValueTableState<V>, Put<V>, TableChange<V>> => ({
  initial: null,
  isFinished: (state) => state === null,
  step: (state, input) => {
    if (input.value === null) {
      return state === null ? { state, out: [] } : { state: null, out: [rowDeleted(input.key)] }
    }
    if (state !== null && jsonEqual(state, input.value)) return { state, out: [] }
    return { state: input.value, out: [rowChanged(input.key, input.value)] }
  },
})
