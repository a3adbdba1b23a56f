// The enrichment app's orders_created, end to end in the pure core: entity records decoded into the
// organisations and customers tables, orders joined with lookups read from those tables.
import { isRight } from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { tick } from "../../src/Reducer.ts"
import {
  customersTableInput,
  type OrdersValue,
  organizationsTableInput,
} from "../../src/tables/EntityCodecs.ts"
import { makeOrdersCreated, ordersCreated } from "../../src/tables/OrdersCreated.ts"
import type { JoinOutput, JoinState } from "../../src/tables/StreamTableJoin.ts"
import { makeTable, type TableState } from "../../src/tables/Table.ts"
import type { TableRow } from "../../src/tables/TableRow.ts"

const table = makeTable()

// A tiny enrichment driver: two global tables and the join's per-order states.
const enrichment = (graceMs: number) => {
  const join = makeOrdersCreated({ graceMs, retryMs: 1000 })
  const tables = { organization: new Map<string, TableState>(), customer: new Map<string, TableState>() }
  const states = new Map<string, JoinState<OrdersValue>>()
  const read = (name: "organization" | "customer", key: string): TableRow | undefined =>
    tables[name].get(key) ?? undefined
  const stepJoin = (key: string, input: Parameters<typeof join.step>[1], now: number) => {
    const step = join.step(states.get(key) ?? join.initial, input, now)
    if (join.isFinished(step.state)) states.delete(key)
    else states.set(key, step.state)
    return step.out
  }
  const entity = (name: "organization" | "customer", value: unknown) => {
    const decoded = (name === "organization" ? organizationsTableInput : customersTableInput)(null, value)
    if (!isRight(decoded)) throw new Error(decoded.left)
    const input = decoded.right
    const step = table.step(tables[name].get(input.key) ?? null, input, 0)
    if (table.isFinished(step.state)) tables[name].delete(input.key)
    else tables[name].set(input.key, step.state)
  }
  return {
    join,
    states,
    organization: (value: unknown) => entity("organization", value),
    customer: (value: unknown) => entity("customer", value),
    order: (order: OrdersValue, now = 0): ReadonlyArray<JoinOutput<OrdersValue, string, unknown>> =>
      stepJoin(String(order.id), join.recordFor(String(order.id), order, read), now),
    tick: (now: number) =>
      [...states].flatMap(([key, state]) =>
        (join.deadline!(state) ?? Number.POSITIVE_INFINITY) <= now
          ? stepJoin(key, join.tickFor(state, read), now)
          : [],
      ),
  }
}

const superCompany = { id: 13, name: "SuperCompany Tech", entity: "Organization", action: "created" }
const john = {
  id: 10,
  name: "John",
  last_name: "Do",
  email: "jdo@gmail.com",
  entity: "Customer",
  action: "created",
}
const order = (id: number, action: OrdersValue["action"] = "created"): OrdersValue => ({
  id,
  po: "po002",
  organization_id: 13,
  customer_id: 10,
  date: "2022-05-07",
  entity: "Order",
  action,
})

describe("orders_created", () => {
  it("emits exactly ksqlDB's columns, in ksqlDB's order", () => {
    const app = enrichment(0)
    app.organization(superCompany)
    app.customer(john)
    const out = app.order(order(7))
    expect(out).toEqual([
      {
        _tag: "Joined",
        key: "7",
        value: {
          ID: 7,
          PO: "po002",
          ORGANIZATION_ID: 13,
          ORGANIZATION_NAME: "SuperCompany Tech",
          CUSTOMER_ID: 10,
          CUSTOMER_NAME: "John",
          CUSTOMER_LAST_NAME: "Do",
          EMAIL: "jdo@gmail.com",
        },
      },
    ])
    const [joined] = out
    expect(Object.keys(joined!._tag === "Joined" ? (joined!.value as object) : {})).toEqual([
      "ID",
      "PO",
      "ORGANIZATION_ID",
      "ORGANIZATION_NAME",
      "CUSTOMER_ID",
      "CUSTOMER_NAME",
      "CUSTOMER_LAST_NAME",
      "EMAIL",
    ])
  })

  it("picks up a rename in the next order (LATEST_BY_OFFSET), keeping columns the edit left null", () => {
    const app = enrichment(0)
    app.organization(superCompany)
    app.customer(john)
    app.order(order(1))
    app.customer({ id: 10, name: "Johnny", last_name: null, entity: "Customer", action: "edited" })
    app.organization({ id: 13, name: "Mega Corp", entity: "Organization", action: "edited" })
    const [joined] = app.order(order(2))
    expect(joined).toMatchObject({
      _tag: "Joined",
      value: {
        CUSTOMER_NAME: "Johnny",
        CUSTOMER_LAST_NAME: "Do",
        EMAIL: "jdo@gmail.com",
        ORGANIZATION_NAME: "Mega Corp",
      },
    })
  })

  it("no longer joins a deleted customer: the order expires with the reason", () => {
    const app = enrichment(0)
    app.organization(superCompany)
    app.customer(john)
    app.customer({ ...john, action: "deleted" })
    expect(app.order(order(3))).toEqual([
      {
        _tag: "JoinExpired",
        key: "3",
        value: order(3),
        missing: ["customer"],
        reason: 'no customer row for key "10" within 0 ms',
      },
    ])
  })

  it("produces nothing for order edits and deletes (the seed mailed them as created)", () => {
    const app = enrichment(5000)
    app.organization(superCompany)
    app.customer(john)
    expect(app.order(order(4, "edited"))).toEqual([])
    expect(app.order(order(4, "deleted"))).toEqual([])
    expect(app.states.size).toBe(0)
  })

  it("holds an order that arrives before its customer, then joins it within grace", () => {
    const app = enrichment(5000)
    app.organization(superCompany)
    expect(app.order(order(5), 0)).toEqual([])
    const state = app.states.get("5")!
    expect(app.join.deadline!(state)).toBe(1000)
    app.customer(john)
    expect(app.tick(999)).toEqual([])
    expect(app.tick(1000)).toMatchObject([
      { _tag: "Joined", key: "5", value: { ID: 5, CUSTOMER_NAME: "John" } },
    ])
    expect(app.states.size).toBe(0)
  })

  it("retries until grace runs out, then reports JoinExpired naming the missing row", () => {
    const app = enrichment(2500)
    app.customer(john)
    app.order(order(6), 0)
    expect(app.tick(1000)).toEqual([])
    expect(app.tick(2000)).toEqual([])
    expect(app.join.deadline!(app.states.get("6")!)).toBe(2500)
    expect(app.tick(2500)).toEqual([
      {
        _tag: "JoinExpired",
        key: "6",
        value: order(6),
        missing: ["organization"],
        reason: 'no organization row for key "13" within 2500 ms',
      },
    ])
    expect(app.states.size).toBe(0)
  })

  it("waits for each record of a key on its own, and a bare Tick (no lookups) finds nothing", () => {
    const join = makeOrdersCreated({ graceMs: 100, retryMs: 10 })
    let state = join.step(
      join.initial,
      { _tag: "StreamRecord", key: "8", value: order(8), lookups: {} },
      0,
    ).state
    state = join.step(state, { _tag: "StreamRecord", key: "8", value: order(8), lookups: {} }, 50).state
    expect(join.pending(state)).toHaveLength(2)
    const first = join.step(state, tick, 100)
    expect(first.out.map((o) => o._tag)).toEqual(["JoinExpired"])
    expect(join.pending(first.state)).toHaveLength(1)
    expect(join.deadline!(first.state)).toBe(110)
  })

  it("projects missing rows to null columns (as a left join would)", () => {
    expect(ordersCreated({ id: 1, entity: "Order", action: "created" }, null, null)).toEqual({
      ID: 1,
      PO: null,
      ORGANIZATION_ID: null,
      ORGANIZATION_NAME: null,
      CUSTOMER_ID: null,
      CUSTOMER_NAME: null,
      CUSTOMER_LAST_NAME: null,
      EMAIL: null,
    })
  })
})
