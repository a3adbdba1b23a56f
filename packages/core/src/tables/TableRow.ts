// A table row, column-oriented: the column names and, index for index, their non-null values.
// Arrays, not objects: no column name (`__proto__`, `constructor`) can reach a prototype, an edit
// copies only the values (the names array is shared between versions), and rows stay fast.
import type { Json } from "./Json.ts"

/** A decoded record's columns (a JSON object); read only through its own keys. */
export type ColumnRecord = { readonly [column: string]: Json }

/** A row: `values[i]` is the non-null value of column `columns[i]`; an absent column reads as null. */
export interface TableRow {
  readonly columns: ReadonlyArray<string>
  readonly values: ReadonlyArray<Json>
}

/** The column's value in a row, or null when the row has no such column. */
export const column = (row: TableRow | null | undefined, name: string): Json => {
  if (row === null || row === undefined) return null
  const at = row.columns.indexOf(name)
  return at < 0 ? null : row.values[at]!
}

/** The column as a string, or null when absent or of another type. */
export const stringColumn = (row: TableRow | null | undefined, name: string): string | null => {
  const value = column(row, name)
  return typeof value === "string" ? value : null
}

/** The column as an integer, or null when absent or not an integer. */
export const integerColumn = (row: TableRow | null | undefined, name: string): number | null => {
  const value = column(row, name)
  return typeof value === "number" && Number.isSafeInteger(value) ? value : null
}

/** A record's own field, or null when it has none (never an inherited one). */
export const field = (record: ColumnRecord | null | undefined, name: string): Json =>
  record !== null && record !== undefined && Object.hasOwn(record, name) ? record[name]! : null

/** The row of a record's non-null columns, in the record's key order. */
export const rowOf = (record: ColumnRecord): TableRow => {
  const columns: Array<string> = []
  const values: Array<Json> = []
  for (const name of Object.keys(record)) {
    const value = record[name]
    if (value === null || value === undefined) continue
    columns.push(name)
    values.push(value)
  }
  return { columns, values }
}

/** The row's [column, value] pairs. */
export const rowEntries = (row: TableRow): Array<readonly [string, Json]> =>
  row.columns.map((name, i) => [name, row.values[i]!] as const)

/** A fresh, empty, null-prototype record (for records keyed by untrusted names). */
export const emptyRecord = (): Record<string, Json> => Object.create(null) as Record<string, Json>

/** The row as a null-prototype object, e.g. to show it as JSON. */
export const rowRecord = (row: TableRow): ColumnRecord => {
  const record = emptyRecord()
  row.columns.forEach((name, i) => {
    record[name] = row.values[i]!
  })
  return record
}
