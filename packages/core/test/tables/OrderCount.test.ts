// order-count: the left join with the seed's joiner, group-by-key counts, null-key orders dropped;
// and the generic count against a plain tally.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { run } from "../../src/Reducer.ts"
import { type Counted, makeCount } from "../../src/tables/Count.ts"
import {
  makeOrderCount,
  makeOrderCustomerJoin,
  type OrderRecord,
  orderCountAccepts,
  orderCustomerJoiner,
} from "../../src/tables/OrderCount.ts"
import { makeValueTable, put } from "../../src/tables/ValueTable.ts"
import { runKeyed } from "./KeyedRun.ts"

const join = makeOrderCustomerJoin()
const order = (key: string, food: string, customer?: string): OrderRecord => ({
  _tag: "StreamRecord",
  key,
  value: food,
  lookups: customer === undefined ? {} : { customer },
})

describe("order-count", () => {
  it("joins an order to its customer's name, and to UNKNOWN when the customer is not there", () => {
    expect(join.step(join.initial, order("1", "pizza", "adam"), 0).out).toEqual([
      { _tag: "Joined", key: "1", value: { customer: "adam", order: "pizza" } },
    ])
    expect(join.step(join.initial, order("2", "pasta"), 0)).toEqual({
      state: null,
      out: [{ _tag: "Joined", key: "2", value: { customer: "UNKNOWN", order: "pasta" } }],
    })
    expect(orderCustomerJoiner(null, null)).toEqual({ customer: "UNKNOWN", order: "UNKNOWN" })
    expect(join.lookupKeys("pasta", "2")).toEqual({ customer: "2" })
  })

  it("counts every order of a user id, known customer or not, emitting the new count", () => {
    const { states, out } = runKeyed(makeOrderCount(), [
      { key: "1", input: order("1", "pizza", "adam"), now: 0 },
      { key: "2", input: order("2", "pasta"), now: 1 },
      { key: "1", input: order("1", "sushi"), now: 2 },
      { key: "", input: order("", "pasta"), now: 3 },
    ])
    expect(out.filter((o) => o._tag === "Count")).toEqual([
      { _tag: "Count", key: "1", count: 1 },
      { _tag: "Count", key: "2", count: 1 },
      { _tag: "Count", key: "1", count: 2 },
      { _tag: "Count", key: "", count: 1 },
    ])
    expect(out[0]).toEqual({ _tag: "Joined", key: "1", value: { customer: "adam", order: "pizza" } })
    expect(Object.fromEntries(states)).toEqual({ "1": 2, "2": 1, "": 1 })
  })

  it("drops orders with a null key or a null value before the join", () => {
    expect(orderCountAccepts(null, "pizza")).toBe(false)
    expect(orderCountAccepts(undefined, "pizza")).toBe(false)
    expect(orderCountAccepts("1", null)).toBe(false)
    expect(orderCountAccepts("", "pasta")).toBe(true)
  })

  it("keeps the customer table as the latest name per user id; a tombstone deletes it", () => {
    const table = makeValueTable<string>()
    const { state, out } = run(table, [
      [put("2", "adam"), 0],
      [put("2", "adam"), 1],
      [put("2", "eve"), 2],
      [put<string>("2", null), 3],
    ])
    expect(out).toEqual([
      { _tag: "Row", key: "2", row: "adam" },
      { _tag: "Row", key: "2", row: "eve" },
      { _tag: "RowDeleted", key: "2" },
    ])
    expect(table.isFinished(state)).toBe(true)
  })
})

describe("count properties", () => {
  const keys = fc.array(fc.constantFrom("a", "b", "__proto__", "constructor", ""), { maxLength: 60 })

  it("equals the number of records per key, and emits 1..n for each key in order", () => {
    fc.assert(
      fc.property(keys, (sequence) => {
        const { states, out } = runKeyed(
          makeCount<Counted>(),
          sequence.map((key, now) => ({ key, input: { key }, now })),
        )
        const tally = new Map<string, number>()
        for (const key of sequence) tally.set(key, (tally.get(key) ?? 0) + 1)
        expect(new Map(states)).toEqual(tally)
        const seen = new Map<string, number>()
        const expected = sequence.map((key) => {
          seen.set(key, (seen.get(key) ?? 0) + 1)
          return { _tag: "Count", key, count: seen.get(key) }
        })
        expect(out).toEqual(expected)
      }),
    )
  })
})
