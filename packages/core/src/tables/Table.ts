// A table materialised from a topic, column by column, as ksqlDB's `GROUP BY id` with
// `LATEST_BY_OFFSET(col)` per column: each column keeps its latest non-null value. A delete
// (`action = "deleted"` by default) or a tombstone removes the row; a later record re-creates it
// from nothing, so no column survives a delete (ksqlDB: a deleted row is gone).
import type { Reducer } from "../Reducer.ts"
import { type Json, jsonEqual } from "./Json.ts"
import { rowChanged, rowDeleted, type TableChange } from "./TableChange.ts"
import { type ColumnRecord, field, type TableRow } from "./TableRow.ts"

/** A record for the key: its columns (null or absent columns leave the old value). */
export interface Upsert {
  readonly _tag: "Upsert"
  readonly key: string
  readonly columns: ColumnRecord
}

/** A null value for the key: the row is removed. */
export interface Tombstone {
  readonly _tag: "Tombstone"
  readonly key: string
}

/** What a table consumes. */
export type TableInput = Upsert | Tombstone

/** A key's row, or null when the key has none. */
export type TableState = TableRow | null

/** How a table is built. */
export interface TableConfig {
  /** True when a record deletes its row instead of updating it. Default: `action = "deleted"`. */
  readonly deletes?: (columns: ColumnRecord) => boolean
}

/** The default delete rule of the entity topics: the `action` column says `deleted`. */
export const actionDeleted = (columns: ColumnRecord): boolean => field(columns, "action") === "deleted"

/** Builds an `Upsert` input. */
export const upsert = (key: string, columns: ColumnRecord): Upsert => ({ _tag: "Upsert", key, columns })

/** Builds a `Tombstone` input. */
export const tombstone = (key: string): Tombstone => ({ _tag: "Tombstone", key })

/** The LATEST_BY_OFFSET table reducer; outputs the changelog, only when the row changed. */
export const makeTable = (
  config: TableConfig = {},
): Reducer<TableState, TableInput, TableChange<TableRow>> => {
  const deletes = config.deletes ?? actionDeleted
  return {
    initial: null,
    isFinished: (state) => state === null,
    step: (state, input) => {
      if (input._tag === "Tombstone" || deletes(input.columns)) {
        return state === null ? { state, out: [] } : { state: null, out: [rowDeleted(input.key)] }
      }
      const record = input.columns
      // Copy-on-first-change: an upsert that changes nothing allocates nothing and emits nothing;
      // an edit copies the values only, and the names only when a column is new.
      let names: ReadonlyArray<string> = state === null ? [] : state.columns
      let ownNames: Array<string> | null = null
      let values: Array<Json> | null = state === null ? [] : null
      let hint = 0
      for (const name of Object.keys(record)) {
        const value = record[name]
        if (value === null || value === undefined) continue
        // Producers send columns in the same order each time: try the next position first.
        const at = hint < names.length && names[hint] === name ? hint : names.indexOf(name)
        if (at >= 0) {
          hint = at + 1
          const old = (values ?? state!.values)[at]!
          if (old === value || (typeof value === "object" && jsonEqual(old, value))) continue
          values ??= state!.values.slice()
          values[at] = value
        } else {
          values ??= state!.values.slice()
          if (ownNames === null) {
            ownNames = names.slice()
            names = ownNames
          }
          ownNames.push(name)
          values.push(value)
        }
      }
      if (values === null) return { state, out: [] }
      const row: TableRow = { columns: names, values }
      return { state: row, out: [rowChanged(input.key, row)] }
    },
  }
}
