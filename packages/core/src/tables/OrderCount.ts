// The order-count app's topology (seed 4.2): `order` (key user-id, value food) LEFT JOIN the
// `customer` table (key user-id, value name) with the seed's joiner, then groupByKey().count().
// Orders with a null key or a null value never reach the join, as in Kafka Streams.
import type { Reducer } from "../Reducer.ts"
import { type CountChanged, makeCount } from "./Count.ts"
import {
  type Joined,
  makeStreamTableJoin,
  type StreamRecord,
  type StreamTableJoin,
} from "./StreamTableJoin.ts"

/** The store holding the `customer` table (the seed's name). */
export const customerStore = "customer-v1-changelog"
/** The store holding the counts. */
export const orderCountStore = "order-count"

/** The joiner's output: `{customer, order}`, "UNKNOWN" for a missing side. */
export interface OrderCountJoined {
  readonly customer: string
  readonly order: string
}

/** The seed's joiner: `{:customer (or customer "UNKNOWN"), :order (or order "UNKNOWN")}`. */
export const orderCustomerJoiner = (order: string | null, customer: string | null): OrderCountJoined => ({
  customer: customer ?? "UNKNOWN",
  order: order ?? "UNKNOWN",
})

/** True for order records that take part: a stream–table join drops null keys and null values. */
export const orderCountAccepts = (key: string | null | undefined, value: unknown): key is string =>
  key !== null && key !== undefined && value !== null && value !== undefined

/** An order as the join consumes it: value = food, lookup `customer` = the customer's name. */
export type OrderRecord = StreamRecord<string, "customer", string>

/** The left join alone (grace 0: it never holds a record). */
export const makeOrderCustomerJoin = (): StreamTableJoin<string, "customer", string, OrderCountJoined> =>
  makeStreamTableJoin({
    tables: { customer: "left" },
    graceMs: 0,
    lookupKeys: (_order, key) => ({ customer: key }),
    joiner: (order, rows) => orderCustomerJoiner(order, rows.customer),
  })

/** What order-count emits per order: the joined value (the seed only logged it) and the new count. */
export type OrderCountOutput = Joined<OrderCountJoined> | CountChanged

/** The whole order-count step per user id: state = the count, outputs = join result and new count. */
export const makeOrderCount = (): Reducer<number, OrderRecord, OrderCountOutput> => {
  const join = makeOrderCustomerJoin()
  const count = makeCount<OrderRecord>()
  return {
    initial: count.initial,
    isFinished: count.isFinished,
    step: (state, input, now) => {
      const joined = join.step(join.initial, input, now).out.filter((o) => o._tag === "Joined")
      const counted = count.step(state, input, now)
      return { state: counted.state, out: [...joined, ...counted.out] }
    },
  }
}
