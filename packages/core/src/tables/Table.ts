// A table materialised from a topic, column by column, as ksqlDB's `GROUP BY id` with
// `LATEST_BY_OFFSET(col)` per column: each column keeps its latest non-null value. A delete
// (`action = "deleted"` by default) or a tombstone removes the row; a later record re-creates it
// from nothing, so no column survives a delete (ksqlDB: a deleted row is gone).
import type { Reducer } from "../Reducer.ts"
import { type Columns, column, emptyColumns } from "./Columns.ts"
import { type Json, jsonEqual } from "./Json.ts"
import { rowChanged, rowDeleted, type TableChange } from "./TableChange.ts"

/** A record for the key: its columns (null or absent columns leave the old value). */
export interface Upsert {
  readonly _tag: "Upsert"
  readonly key: string
  readonly columns: Columns
}

/** A null value for the key: the row is removed. */
export interface Tombstone {
  readonly _tag: "Tombstone"
  readonly key: string
}

/** What a table consumes. */
export type TableInput = Upsert | Tombstone

/** A key's row, or null when the key has none. */
export type TableState = Columns | null

/** How a table is built. */
export interface TableConfig {
  /** True when a record deletes its row instead of updating it. Default: `action = "deleted"`. */
  readonly deletes?: (columns: Columns) => boolean
}

/** The default delete rule of the entity topics: the `action` column says `deleted`. */
export const actionDeleted = (columns: Columns): boolean => column(columns, "action") === "deleted"

/** Builds an `Upsert` input. */
export const upsert = (key: string, columns: Columns): Upsert => ({ _tag: "Upsert", key, columns })

/** Builds a `Tombstone` input. */
export const tombstone = (key: string): Tombstone => ({ _tag: "Tombstone", key })

const copy = (row: Columns): Record<string, Json> => {
  const next = emptyColumns()
  for (const name of Object.keys(row)) next[name] = row[name]!
  return next
}

/** The LATEST_BY_OFFSET table reducer; outputs the changelog, only when the row changed. */
export const makeTable = (
  config: TableConfig = {},
): Reducer<TableState, TableInput, TableChange<Columns>> => {
  const deletes = config.deletes ?? actionDeleted
  return {
    initial: null,
    isFinished: (state) => state === null,
    step: (state, input) => {
      if (input._tag === "Tombstone" || deletes(input.columns)) {
        return state === null ? { state, out: [] } : { state: null, out: [rowDeleted(input.key)] }
      }
      const columns = input.columns
      // Copy-on-first-change: an upsert that changes nothing allocates nothing and emits nothing.
      let next: Record<string, Json> | null = state === null ? emptyColumns() : null
      for (const name of Object.keys(columns)) {
        const value = columns[name]
        if (value === null || value === undefined) continue
        if (next === null) {
          if (Object.hasOwn(state!, name) && jsonEqual(state![name]!, value)) continue
          next = copy(state!)
        }
        next[name] = value
      }
      return next === null ? { state, out: [] } : { state: next, out: [rowChanged(input.key, next)] }
    },
  }
}
