// A table filtered on its rows (ksqlDB `CREATE TABLE … AS SELECT … WHERE …`), fed by the source
// table's changelog. A row that stops matching, or is deleted, leaves with a tombstone; a row that
// never matched produces nothing when it changes or goes.
import type { Reducer } from "../Reducer.ts"
import { rowDeleted, type TableChange } from "./TableChange.ts"

/** Whether the key's row is currently in the filtered table. */
export type FilteredTableState = boolean

/** The filter reducer over a changelog of rows `R`; outputs the filtered table's changelog. */
export const makeFilteredTable = <R>(
  matches: (row: R) => boolean,
): Reducer<FilteredTableState, TableChange<R>, TableChange<R>> => ({
  initial: false,
  isFinished: (present) => !present,
  step: (present, change) => {
    if (change._tag === "Row" && matches(change.row)) return { state: true, out: [change] }
    return present ? { state: false, out: [rowDeleted(change.key)] } : { state: false, out: [] }
  },
})
