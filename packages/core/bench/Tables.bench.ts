// Throughput of the tables' reducers over 10,000 keys with a realistic mix: entity-table upserts
// (Rails sends every column on each edit), the orders_created join (edits filtered, some orders
// waiting for their customer and retried on Tick), group-by-key counts and the order-count step.
import { isLeft } from "fp-ts/lib/Either.js"
import { tick } from "../src/Reducer.ts"
import { makeCount } from "../src/tables/Count.ts"
import type { OrdersValue } from "../src/tables/EntityCodecs.ts"
import { customersTableInput } from "../src/tables/EntityCodecs.ts"
import { makeOrderCount, type OrderRecord } from "../src/tables/OrderCount.ts"
import { makeOrdersCreated, type OrderTables } from "../src/tables/OrdersCreated.ts"
import type { JoinInput } from "../src/tables/StreamTableJoin.ts"
import { makeTable, type TableInput } from "../src/tables/Table.ts"
import { type ColumnRecord, rowOf, type TableRow } from "../src/tables/TableRow.ts"
import { type BenchSuite, type KeyedInput, reducerThroughput } from "./ReducerThroughput.ts"
import { seededRandom } from "./SeededRandom.ts"

const keyCount = 10_000
const inputCount = 500_000

// Skewed key choice: a few hot keys, a long tail (roughly Zipf-like).
const skewedKey = (random: () => number): number => Math.floor(keyCount * random() ** 2)

// A `customers` value as the seed's producer writes it.
const customerRecord = (id: number, version: number, action: string): ColumnRecord => ({
  id,
  name: `name-${id}-${version % 3}`,
  last_name: `last-${id}`,
  email: `user${id}@example.com`,
  created_at: "2022-05-07T07:50:03.123Z",
  updated_at: `2022-05-07T07:50:${String(version % 60).padStart(2, "0")}.000Z`,
  entity: "Customer",
  action,
})

// The table input a driver would build: the JSON text parsed and mapped by the topic's codec.
const decoded = (key: string | null, value: ColumnRecord | null): TableInput => {
  const input = customersTableInput(key, value === null ? null : JSON.parse(JSON.stringify(value)))
  if (isLeft(input)) throw new Error(input.left)
  return input.right
}

const tableInputs = (): Array<KeyedInput<TableInput>> => {
  const random = seededRandom(1)
  const versions = new Map<number, number>()
  const inputs: Array<KeyedInput<TableInput>> = []
  for (let i = 0; i < inputCount; i++) {
    const id = skewedKey(random)
    const key = String(id)
    const version = versions.get(id)
    const roll = random()
    let input: TableInput
    if (version === undefined) {
      input = decoded(null, customerRecord(id, 0, "created"))
      versions.set(id, 0)
    } else if (roll < 0.03) {
      input = decoded(null, customerRecord(id, version, "deleted"))
      versions.delete(id)
    } else if (roll < 0.04) {
      input = decoded(key, null)
      versions.delete(id)
    } else if (roll < 0.1) {
      input = decoded(null, customerRecord(id, version, "edited")) // a repeat: changes nothing
    } else {
      input = decoded(null, customerRecord(id, version + 1, "edited"))
      versions.set(id, version + 1)
    }
    inputs.push({ key, input, now: i })
  }
  return inputs
}

type JoinBenchInput = JoinInput<OrdersValue, OrderTables, TableRow>

const joinInputs = (): Array<KeyedInput<JoinBenchInput>> => {
  const random = seededRandom(2)
  const organizations: Array<TableRow> = Array.from({ length: 500 }, (_, id) =>
    rowOf({ id, name: `org-${id}`, action: "created" }),
  )
  const customers = Array.from({ length: keyCount }, (_, id) => rowOf(customerRecord(id, 0, "created")))
  const inputs: Array<KeyedInput<JoinBenchInput>> = []
  const retries: Array<KeyedInput<JoinBenchInput>> = []
  for (let i = 0; i < inputCount; i++) {
    while (retries.length > 0 && retries[0]!.now <= i) inputs.push(retries.shift()!)
    const id = skewedKey(random)
    const key = String(id)
    const roll = random()
    const action = roll < 0.6 ? "created" : roll < 0.95 ? "edited" : "deleted"
    const customerId = (id * 7919) % keyCount
    const organizationId = id % organizations.length
    const order: OrdersValue = {
      id,
      po: `po-${id}`,
      organization_id: organizationId,
      customer_id: customerId,
      date: "2022-05-07",
      deliver_date: "2022-05-09",
      state: "open",
      entity: "Order",
      action,
    }
    const found = { organization: organizations[organizationId]!, customer: customers[customerId]! }
    // 5% of orders arrive before their customer; the retry a second later finds it.
    const early = random() < 0.05
    const lookups = early ? { organization: found.organization } : found
    inputs.push({ key, input: { _tag: "StreamRecord", key, value: order, lookups }, now: i })
    if (early && action === "created")
      retries.push({ key, input: { ...tick, lookups: [found] }, now: i + 1000 })
  }
  return inputs
}

const countInputs = (): Array<KeyedInput<OrderRecord>> => {
  const random = seededRandom(3)
  return Array.from({ length: inputCount }, (_, i) => {
    const key = `user-${skewedKey(random)}`
    const known = random() < 0.8
    const input: OrderRecord = {
      _tag: "StreamRecord",
      key,
      value: "pizza",
      lookups: known ? { customer: "adam" } : {},
    }
    return { key, input, now: i }
  })
}

const suite: BenchSuite = {
  name: "Tables",
  run: async () => {
    const counts = countInputs()
    return [
      {
        name: "table upserts (LATEST_BY_OFFSET)",
        value: reducerThroughput(makeTable(), tableInputs()),
        unit: "inputs/s",
      },
      {
        name: "orders_created join (grace 5 s, retries)",
        value: reducerThroughput(makeOrdersCreated({ graceMs: 5000 }), joinInputs()),
        unit: "inputs/s",
      },
      { name: "group-by-key count", value: reducerThroughput(makeCount(), counts), unit: "inputs/s" },
      {
        name: "order-count (left join + count)",
        value: reducerThroughput(makeOrderCount(), counts),
        unit: "inputs/s",
      },
    ]
  },
}

export default suite
