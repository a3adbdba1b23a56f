// Reference model of a LATEST_BY_OFFSET table and its changelog: the simplest fold of the log,
// with Maps for rows and a canonical string to compare rows. Written apart from the reducer.
import type { Json } from "../../src/tables/Json.ts"

/** A log entry: a record with its columns (as entries), or a tombstone. */
export type LogEntry =
  | {
      readonly kind: "record"
      readonly key: string
      readonly columns: ReadonlyArray<readonly [string, Json]>
    }
  | { readonly kind: "tombstone"; readonly key: string }

/** A model changelog entry, rows in canonical text. */
export type ModelChange =
  | { readonly tag: "Row"; readonly key: string; readonly row: string }
  | { readonly tag: "RowDeleted"; readonly key: string }

/** JSON text with object keys sorted, so equal values have equal text. */
export const canonical = (value: Json): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`
  if (value !== null && typeof value === "object") {
    const record = value as { readonly [key: string]: Json }
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key]!)}`)
      .join(",")}}`
  }
  return JSON.stringify(value)
}

/** A row's canonical text from its entries. */
export const canonicalRow = (entries: Iterable<readonly [string, Json]>): string =>
  [...entries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([column, value]) => `${JSON.stringify(column)}:${canonical(value)}`)
    .join(",")

/** The table after one log entry, changed in place; returns the change, if any. */
export const applyEntry = (
  table: Map<string, Map<string, Json>>,
  entry: LogEntry,
): ModelChange | undefined => {
  const before = table.get(entry.key)
  const beforeText = before === undefined ? undefined : canonicalRow(before)
  const deletes =
    entry.kind === "tombstone" ||
    entry.columns.some(([column, value]) => column === "action" && value === "deleted")
  if (deletes) {
    table.delete(entry.key)
  } else {
    const row = new Map(before ?? [])
    for (const [column, value] of entry.columns) if (value !== null) row.set(column, value)
    table.set(entry.key, row)
  }
  const after = table.get(entry.key)
  if (after === undefined) return before === undefined ? undefined : { tag: "RowDeleted", key: entry.key }
  const afterText = canonicalRow(after)
  return afterText === beforeText ? undefined : { tag: "Row", key: entry.key, row: afterText }
}

/** Folds a whole log: the final table and the changelog. */
export const foldTable = (
  log: ReadonlyArray<LogEntry>,
): { readonly table: Map<string, Map<string, Json>>; readonly changes: Array<ModelChange> } => {
  const table = new Map<string, Map<string, Json>>()
  const changes: Array<ModelChange> = []
  for (const entry of log) {
    const change = applyEntry(table, entry)
    if (change !== undefined) changes.push(change)
  }
  return { table, changes }
}
