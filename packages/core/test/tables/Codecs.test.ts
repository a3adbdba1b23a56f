// Codecs of the tables' topics: round-trips through JSON text, messages naming the field path,
// and the (key, value) → input mappings, including prototype-looking columns.

import fc from "fast-check"
import { isLeft, isRight, left, right } from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import {
  decodeCustomerCreatedValue,
  decodeOrdersCreatedValue,
  encodeCustomerCreatedValue,
  encodeOrdersCreatedValue,
} from "../../src/tables/EnrichmentCodecs.ts"
import {
  customersTableInput,
  decodeCustomersValue,
  decodeOrdersValue,
  decodeOrganizationsValue,
  encodeEntityValue,
  OrdersValue,
  ordersStreamInput,
} from "../../src/tables/EntityCodecs.ts"
import type { Json } from "../../src/tables/Json.ts"
import {
  customerTableInput,
  decodeCustomerName,
  decodeOrderCountValue,
  decodeOrderFood,
  encodeCustomerName,
  encodeOrderCountValue,
  encodeOrderFood,
  orderInput,
} from "../../src/tables/OrderCountCodecs.ts"
import { decodeJoinState, decodeTableState } from "../../src/tables/TablesStateCodecs.ts"

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))
const text = fc.oneof(fc.constant(null), fc.string())
const id = fc.oneof(fc.constant(null), fc.integer())
const action = fc.constantFrom("created" as const, "edited" as const, "deleted" as const)
const timestamp = fc.constantFrom("2022-05-07T07:50:03.123Z", "2023-01-01T00:00:00.000Z")

const customers = fc.record(
  {
    id: fc.integer(),
    name: text,
    last_name: text,
    email: text,
    created_at: timestamp,
    updated_at: timestamp,
    entity: fc.constant("Customer"),
    action,
  },
  { requiredKeys: ["id", "entity", "action"] },
)
const organizations = fc.record(
  { id: fc.integer(), name: text, created_at: timestamp, entity: fc.constant("Organization"), action },
  { requiredKeys: ["id", "entity", "action"] },
)
const orders = fc.record(
  {
    id: fc.integer(),
    po: text,
    organization_id: id,
    customer_id: id,
    date: fc.constantFrom("2022-05-07"),
    // Through JSON text first: -0 is not a JSON number.
    state: fc.jsonValue({ maxDepth: 1 }).map(viaJson) as fc.Arbitrary<Json>,
    entity: fc.constant("Order"),
    action,
  },
  { requiredKeys: ["id", "entity", "action"] },
)
const ordersCreated = fc.record({
  ID: fc.integer(),
  PO: text,
  ORGANIZATION_ID: id,
  ORGANIZATION_NAME: text,
  CUSTOMER_ID: id,
  CUSTOMER_NAME: text,
  CUSTOMER_LAST_NAME: text,
  EMAIL: text,
})
const customerCreated = fc.record({ NAME: text, LAST_NAME: text, EMAIL: text, ACTION: text })

describe("codec round-trips (encode, JSON text, decode)", () => {
  it("entity topics", () => {
    fc.assert(
      fc.property(customers, (v) => {
        expect(decodeCustomersValue(viaJson(encodeEntityValue(v)))).toEqual(right(v))
      }),
    )
    fc.assert(
      fc.property(organizations, (v) => {
        expect(decodeOrganizationsValue(viaJson(encodeEntityValue(v)))).toEqual(right(v))
      }),
    )
    fc.assert(
      fc.property(orders, (v) => {
        expect(decodeOrdersValue(viaJson(encodeEntityValue(v)))).toEqual(right(v))
      }),
    )
  })

  it("ORDERS_CREATED and CUSTOMER_CREATED", () => {
    fc.assert(
      fc.property(ordersCreated, (v) => {
        expect(decodeOrdersCreatedValue(viaJson(encodeOrdersCreatedValue(v)))).toEqual(right(v))
      }),
    )
    fc.assert(
      fc.property(customerCreated, (v) => {
        expect(decodeCustomerCreatedValue(viaJson(encodeCustomerCreatedValue(v)))).toEqual(right(v))
      }),
    )
  })

  it("order-count values", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(), (name, food, count) => {
        expect(decodeCustomerName(viaJson(encodeCustomerName(name)))).toEqual(right(name))
        expect(decodeOrderFood(viaJson(encodeOrderFood(food)))).toEqual(right(food))
        expect(decodeOrderCountValue(viaJson(encodeOrderCountValue(count)))).toEqual(right(count))
      }),
    )
  })
})

describe("decode errors name the field", () => {
  it("reports every bad field of an entity record by path", () => {
    expect(decodeCustomersValue({ id: "x", entity: "Customer", action: "made", email: 42 })).toEqual(
      left(
        [
          'customers.id: expected integer, got "x"',
          'customers.action: expected created | edited | deleted, got "made"',
          "customers.email: expected string | null, got 42",
        ].join("; "),
      ),
    )
    expect(decodeOrdersValue({ entity: "Order", action: "created", customer_id: 1.5 })).toEqual(
      left("orders.id: expected integer, got nothing; orders.customer_id: expected integer | null, got 1.5"),
    )
    expect(decodeOrganizationsValue(5)).toEqual(left("organizations: expected organizations record, got 5"))
    expect(decodeOrganizationsValue([])).toEqual(left("organizations: expected organizations record, got []"))
    expect(
      decodeOrganizationsValue({ id: 1, entity: "Organization", action: "created", extra: undefined }),
    ).toEqual(left("organizations.extra: expected JSON value, got nothing"))
  })

  it("reports output and order-count fields by path", () => {
    expect(decodeOrdersCreatedValue({ PO: "p" })).toEqual(
      left("ORDERS_CREATED.ID: expected integer, got nothing"),
    )
    expect(decodeCustomerCreatedValue({ NAME: 1 })).toEqual(
      left("CUSTOMER_CREATED.NAME: expected string | null, got 1"),
    )
    expect(decodeOrderFood(3)).toEqual(left("order: expected string, got 3"))
    expect(decodeOrderCountValue(-1)).toEqual(left("order-count: expected non-negative integer, got -1"))
  })

  it("decodes missing nullable output columns as null", () => {
    const seedExample = JSON.parse(
      '{"ID":7,"PO":"po002","ORGANIZATION_ID":13,"ORGANIZATION_NAME":"SuperCompany Tech","CUSTOMER_NAME":"John","CUSTOMER_LAST_NAME":"Do","EMAIL":"jdo@gmail.com"}',
    )
    expect(decodeOrdersCreatedValue(seedExample)).toEqual(right({ ...seedExample, CUSTOMER_ID: null }))
  })
})

describe("(key, value) → input", () => {
  const john = { id: 10, name: "John", entity: "Customer", action: "created" }

  it("keys an entity row by its id and turns a keyed null into a tombstone", () => {
    const input = customersTableInput(null, john)
    expect(input).toEqual(right({ _tag: "Upsert", key: "10", columns: john }))
    expect(customersTableInput("10", null)).toEqual(right({ _tag: "Tombstone", key: "10" }))
    expect(isLeft(customersTableInput(null, null))).toBe(true)
    expect(customersTableInput(null, { ...john, id: "10" })).toEqual(
      left('customers.id: expected integer, got "10"'),
    )
  })

  it("keeps a __proto__ column as a column", () => {
    const value = JSON.parse('{"id":1,"entity":"Customer","action":"created","__proto__":{"polluted":1}}')
    const input = customersTableInput(null, value)
    if (!isRight(input) || input.right._tag !== "Upsert") throw new Error("expected an upsert")
    expect(Object.getOwnPropertyDescriptor(input.right.columns, "__proto__")?.value).toEqual({ polluted: 1 })
    expect(({} as { polluted?: number }).polluted).toBeUndefined()
  })

  it("maps orders to keyed stream records and ignores stream tombstones", () => {
    const order = { id: 7, organization_id: 13, customer_id: 10, entity: "Order", action: "created" }
    expect(ordersStreamInput(null, order)).toEqual(right({ key: "7", value: order }))
    expect(ordersStreamInput("7", null)).toEqual(right(null))
  })

  it("maps order-count records", () => {
    expect(customerTableInput("2", "adam")).toEqual(right({ _tag: "Put", key: "2", value: "adam" }))
    expect(customerTableInput("2", null)).toEqual(right({ _tag: "Put", key: "2", value: null }))
    expect(customerTableInput(null, "adam")).toEqual(left("customer: record without a key"))
    expect(orderInput("2", "pizza")).toEqual(right({ key: "2", value: "pizza" }))
    expect(orderInput("2", 1)).toEqual(left("order: expected string, got 1"))
  })
})

describe("state codecs", () => {
  const row = fc
    .uniqueArray(
      fc.tuple(
        fc.constantFrom("id", "name", "__proto__", "constructor", "email"),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      {
        selector: ([name]) => name,
      },
    )
    .map((entries) => ({
      columns: entries.map(([name]) => name),
      values: entries.map(([, v]) => viaJson(v) as Json),
    }))

  it("round-trips table and join states", () => {
    fc.assert(
      fc.property(fc.option(row, { nil: null }), (state) => {
        expect(decodeTableState(viaJson(state))).toEqual(right(state))
      }),
    )
    const decodeOrderJoinState = decodeJoinState(OrdersValue)
    const pending = fc.record({ key: fc.string(), value: orders, expiresAt: fc.nat() })
    fc.assert(
      fc.property(
        fc.option(fc.record({ pending: fc.array(pending, { minLength: 1 }), retryAt: fc.nat() }), {
          nil: null,
        }),
        (state) => {
          expect(decodeOrderJoinState(viaJson(state))).toEqual(right(state))
        },
      ),
    )
  })

  it("rejects a row whose columns and values disagree", () => {
    expect(decodeTableState({ columns: ["a", "b"], values: [1] })).toEqual(
      left("table row: columns and values differ in length"),
    )
    expect(decodeTableState({ columns: ["a", "a"], values: [1, 2] })).toEqual(
      left("table row: a column appears twice"),
    )
    expect(decodeTableState({ columns: ["a"], values: "x" })).toEqual(
      left('table state.values: expected ReadonlyArray<JSON value>, got "x"'),
    )
  })
})
