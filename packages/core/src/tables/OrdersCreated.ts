// The `orders_created` stream of the enrichment app: created orders inner-joined to the
// organisations and customers tables, projected to ksqlDB's columns. Edits and deletes of orders
// are filtered out (the seed joined them too and mailed "order created" for every edit).

import type { OrdersCreatedValue } from "./EnrichmentCodecs.ts"
import type { OrdersValue } from "./EntityCodecs.ts"
import { makeStreamTableJoin, type StreamTableJoin } from "./StreamTableJoin.ts"
import { stringColumn, type TableRow } from "./TableRow.ts"

/** The tables an order is enriched from. */
export type OrderTables = "organization" | "customer"

/** The ORDERS_CREATED columns of an order and its rows (a missing row gives null columns). */
export const ordersCreated = (
  order: OrdersValue,
  organization: TableRow | null,
  customer: TableRow | null,
): OrdersCreatedValue => ({
  ID: order.id,
  PO: order.po ?? null,
  ORGANIZATION_ID: order.organization_id ?? null,
  ORGANIZATION_NAME: stringColumn(organization, "name"),
  CUSTOMER_ID: order.customer_id ?? null,
  CUSTOMER_NAME: stringColumn(customer, "name"),
  CUSTOMER_LAST_NAME: stringColumn(customer, "last_name"),
  EMAIL: stringColumn(customer, "email"),
})

/** True for orders that belong in orders_created (`action = 'created'`). */
export const isOrderCreated = (order: OrdersValue): boolean => order.action === "created"

/** The organisation and customer row keys an order refers to (decimal text of the ids). */
export const orderLookupKeys = (order: OrdersValue): { readonly [K in OrderTables]: string | null } => ({
  organization:
    order.organization_id === null || order.organization_id === undefined
      ? null
      : String(order.organization_id),
  customer: order.customer_id === null || order.customer_id === undefined ? null : String(order.customer_id),
})

/** How long an order may wait for its rows, and how often it is retried. */
export interface OrdersCreatedConfig {
  readonly graceMs: number
  readonly retryMs?: number
}

/**
 * The orders_created join, keyed by order id (ksqlDB would key by the last join column; every
 * column is in the value, so nothing is lost); outputs `Joined` ORDERS_CREATED values or `JoinExpired`.
 */
export const makeOrdersCreated = (
  config: OrdersCreatedConfig,
): StreamTableJoin<OrdersValue, OrderTables, TableRow, OrdersCreatedValue> =>
  makeStreamTableJoin({
    tables: { organization: "inner", customer: "inner" },
    graceMs: config.graceMs,
    ...(config.retryMs === undefined ? {} : { retryMs: config.retryMs }),
    lookupKeys: orderLookupKeys,
    accepts: isOrderCreated,
    joiner: (order, rows) => ordersCreated(order, rows.organization, rows.customer),
  })
