// Codecs for the states these reducers keep, so a driver can store them (LMDB, changelog topics)
// and check them on restore: a table row, a join's waiting records, a filter flag, a count.
import * as t from "io-ts"
import { Count, JsonValue, nullable } from "./ColumnCodecs.ts"
import { decodeWith } from "./DecodeErrors.ts"
import type { JoinState } from "./StreamTableJoin.ts"
import type { TableRow } from "./TableRow.ts"

const rowShape = t.type({ columns: t.readonlyArray(t.string), values: t.readonlyArray(JsonValue) })

/** A table row: as many values as columns, no column twice. */
export const TableRowCodec = new t.Type<TableRow, TableRow, unknown>(
  "table row",
  (u): u is TableRow =>
    rowShape.is(u) && u.columns.length === u.values.length && new Set(u.columns).size === u.columns.length,
  (u, c) => {
    const shape = rowShape.validate(u, c)
    if (shape._tag === "Left") return shape
    const row = shape.right
    if (row.columns.length !== row.values.length)
      return t.failure(u, c, "table row: columns and values differ in length")
    if (new Set(row.columns).size !== row.columns.length)
      return t.failure(u, c, "table row: a column appears twice")
    return t.success(row)
  },
  (row) => row,
)

/** The state of `makeTable` (null: no row). */
export const TableStateCodec = nullable(TableRowCodec)
/** The state of `makeFilteredTable` (whether the row is in the filtered table). */
export const FilteredTableStateCodec = t.boolean
/** The state of `makeCount` and `makeOrderCount`. */
export const CountStateCodec = Count
/** The state of `makeValueTable` (null: no value). */
export const ValueTableStateCodec = nullable(JsonValue)

/** The state codec of a join whose stream values use `value`. */
export const joinStateCodec = <V>(
  value: t.Type<V, unknown, unknown>,
): t.Type<JoinState<V>, unknown, unknown> =>
  nullable(
    t.type({
      pending: t.readonlyArray(t.type({ key: t.string, value, expiresAt: t.number })),
      retryAt: t.number,
    }),
  ) as t.Type<JoinState<V>, unknown, unknown>

/** Decodes a stored table state. */
export const decodeTableState = decodeWith(TableStateCodec, "table state")

/** Decodes a stored join state, given the stream value's codec. */
export const decodeJoinState = <V>(value: t.Type<V, unknown, unknown>) =>
  decodeWith(joinStateCodec(value), "join state")
