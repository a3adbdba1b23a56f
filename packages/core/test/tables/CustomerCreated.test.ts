// customer_created: the customers table WHERE action = 'created', with tombstones when a row leaves.
import { describe, expect, it } from "vitest"
import { run } from "../../src/Reducer.ts"
import {
  customerCreated,
  customerCreatedRecord,
  makeCustomerCreated,
} from "../../src/tables/CustomerCreated.ts"
import { makeFilteredTable } from "../../src/tables/FilteredTable.ts"
import { makeTable, type TableInput, upsert } from "../../src/tables/Table.ts"
import type { TableChange } from "../../src/tables/TableChange.ts"
import { rowOf, type TableRow } from "../../src/tables/TableRow.ts"

const table = makeTable()
const filter = makeCustomerCreated()

// The table's changelog fed through the filter, as the topology chains them for one key.
const chain = (inputs: ReadonlyArray<TableInput>): ReadonlyArray<TableChange<TableRow>> => {
  const changes = run(
    table,
    inputs.map((input) => [input, 0] as const),
  ).out
  return run(
    filter,
    changes.map((change) => [change, 0] as const),
  ).out
}

const johnRecord = { id: 10, name: "John", last_name: "Do", email: "jdo@gmail.com", action: "created" }
const john = rowOf(johnRecord)

describe("customer_created", () => {
  it("holds created customers and writes the seed's CUSTOMER_CREATED value, keyed by id", () => {
    const out = chain([upsert("10", johnRecord)])
    expect(out.map(customerCreatedRecord)).toEqual([
      { key: "10", value: { NAME: "John", LAST_NAME: "Do", EMAIL: "jdo@gmail.com", ACTION: "created" } },
    ])
  })

  it("emits a tombstone when an edit takes the row out", () => {
    const out = chain([upsert("10", johnRecord), upsert("10", { name: "Johnny", action: "edited" })])
    expect(out.map(customerCreatedRecord)).toEqual([
      { key: "10", value: customerCreated(john) },
      { key: "10", value: null },
    ])
  })

  it("emits a tombstone when a created customer is deleted", () => {
    const out = chain([upsert("10", johnRecord), upsert("10", { action: "deleted" })])
    expect(out).toEqual([
      { _tag: "Row", key: "10", row: john },
      { _tag: "RowDeleted", key: "10" },
    ])
  })

  it("says nothing about rows that were never in it", () => {
    const edited = { id: 11, name: "Eve", action: "edited" }
    expect(chain([upsert("11", edited), upsert("11", { action: "deleted" })])).toEqual([])
    expect(filter.isFinished(filter.initial)).toBe(true)
  })

  it("re-emits the row while it keeps matching, and re-admits a row that matches again", () => {
    const positive = makeFilteredTable((n: number) => n > 0)
    const out = run(positive, [
      [{ _tag: "Row", key: "k", row: 1 }, 0],
      [{ _tag: "Row", key: "k", row: 2 }, 0],
      [{ _tag: "Row", key: "k", row: -1 }, 0],
      [{ _tag: "Row", key: "k", row: -2 }, 0],
      [{ _tag: "Row", key: "k", row: 3 }, 0],
    ]).out
    expect(out).toEqual([
      { _tag: "Row", key: "k", row: 1 },
      { _tag: "Row", key: "k", row: 2 },
      { _tag: "RowDeleted", key: "k" },
      { _tag: "Row", key: "k", row: 3 },
    ])
  })
})
