// The changelog a table emits, as a KTable's downstream sees it: the row's new value, or its
// deletion (a tombstone). Emitted only when something changed.

/** The key's row is now `row`. */
export interface Row<R> {
  readonly _tag: "Row"
  readonly key: string
  readonly row: R
}

/** The key's row is gone (a tombstone downstream). */
export interface RowDeleted {
  readonly _tag: "RowDeleted"
  readonly key: string
}

/** One changelog entry. */
export type TableChange<R> = Row<R> | RowDeleted

/** Builds a `Row` change. */
export const rowChanged = <R>(key: string, row: R): Row<R> => ({ _tag: "Row", key, row })

/** Builds a `RowDeleted` change. */
export const rowDeleted = (key: string): RowDeleted => ({ _tag: "RowDeleted", key })
