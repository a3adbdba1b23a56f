// Codecs for the enrichment outputs, with ksqlDB's upper-case column names: ORDERS_CREATED
// (the enriched order) and CUSTOMER_CREATED (whose key column ID travels as the record key).
import * as t from "io-ts"
import { Integer, nullable } from "./ColumnCodecs.ts"
import { decodeWith } from "./DecodeErrors.ts"

const text = nullable(t.string)
const id = nullable(Integer)

/** An ORDERS_CREATED value: the created order enriched with its organisation and customer. */
export const OrdersCreatedValue = t.type(
  {
    ID: Integer,
    PO: text,
    ORGANIZATION_ID: id,
    ORGANIZATION_NAME: text,
    CUSTOMER_ID: id,
    CUSTOMER_NAME: text,
    CUSTOMER_LAST_NAME: text,
    EMAIL: text,
  },
  "ORDERS_CREATED",
)
/** A decoded ORDERS_CREATED value. */
export type OrdersCreatedValue = t.TypeOf<typeof OrdersCreatedValue>

/** A CUSTOMER_CREATED value; the customer id is the record key, as ksqlDB writes key columns. */
export const CustomerCreatedValue = t.type(
  { NAME: text, LAST_NAME: text, EMAIL: text, ACTION: text },
  "CUSTOMER_CREATED",
)
/** A decoded CUSTOMER_CREATED value. */
export type CustomerCreatedValue = t.TypeOf<typeof CustomerCreatedValue>

/** Decodes an ORDERS_CREATED value. */
export const decodeOrdersCreatedValue = decodeWith(OrdersCreatedValue, "ORDERS_CREATED")
/** Decodes a CUSTOMER_CREATED value. */
export const decodeCustomerCreatedValue = decodeWith(CustomerCreatedValue, "CUSTOMER_CREATED")
/** Encodes an ORDERS_CREATED value as JSON. */
export const encodeOrdersCreatedValue = (value: OrdersCreatedValue) => OrdersCreatedValue.encode(value)
/** Encodes a CUSTOMER_CREATED value as JSON. */
export const encodeCustomerCreatedValue = (value: CustomerCreatedValue) => CustomerCreatedValue.encode(value)
