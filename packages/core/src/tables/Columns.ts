// A table row as named columns. Rows are null-prototype records, and every read goes through
// `Object.hasOwn`, so a column or id called `__proto__` or `constructor` is just data.
import type { Json } from "./Json.ts"

/** A row: column name → non-null JSON value (an absent column reads as null). */
export type Columns = { readonly [column: string]: Json }

/** A fresh, empty, null-prototype column record. */
export const emptyColumns = (): Record<string, Json> => Object.create(null) as Record<string, Json>

/** Copies a record's own entries into a null-prototype record. */
export const toColumns = (record: { readonly [column: string]: Json }): Columns => {
  const columns = emptyColumns()
  for (const column of Object.keys(record)) columns[column] = record[column]!
  return columns
}

/** The column's value, or null when the row has no such own column. */
export const column = (row: Columns | null | undefined, name: string): Json =>
  row !== null && row !== undefined && Object.hasOwn(row, name) ? row[name]! : null

/** The column as a string, or null when absent or of another type. */
export const stringColumn = (row: Columns | null | undefined, name: string): string | null => {
  const value = column(row, name)
  return typeof value === "string" ? value : null
}

/** The column as an integer, or null when absent or not an integer. */
export const integerColumn = (row: Columns | null | undefined, name: string): number | null => {
  const value = column(row, name)
  return typeof value === "number" && Number.isSafeInteger(value) ? value : null
}

/** The column as key text (integers and strings, as ksqlDB keys render), or null. */
export const keyColumn = (row: Columns | null | undefined, name: string): string | null => {
  const value = column(row, name)
  if (typeof value === "string") return value
  return typeof value === "number" && Number.isSafeInteger(value) ? String(value) : null
}
