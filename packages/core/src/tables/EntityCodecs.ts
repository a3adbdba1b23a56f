// Codecs for the entity topics `customers`, `organizations` and `orders` (seed 5.2): the record's
// columns plus `entity` and `action`. Declared columns are checked, the others are carried as JSON;
// a decoded value is the input object itself, never copied, so `__proto__` columns stay data.
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js"
import * as t from "io-ts"
import { Integer, JsonValue, nullable } from "./ColumnCodecs.ts"
import { decodeWith } from "./DecodeErrors.ts"
import { isJson, type Json } from "./Json.ts"
import { type TableInput, tombstone, upsert } from "./Table.ts"
import type { ColumnRecord } from "./TableRow.ts"

/** What happened to the record. */
export const Action = t.keyof({ created: null, edited: null, deleted: null }, "created | edited | deleted")

/** `created`, `edited` or `deleted`. */
export type Action = t.TypeOf<typeof Action>

type EntityValue<R extends t.Props, O extends t.Props> = t.TypeOf<t.TypeC<R>> & {
  readonly [K in keyof O]?: t.TypeOf<O[K]>
} & { readonly id: number; readonly entity: string; readonly action: Action } & {
  readonly [column: string]: Json
}

const entityValue = <R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) => {
  const declared = t.type({ ...required, id: Integer, entity: t.string, action: Action })
  const nullables = t.partial(optional)
  const carried = (u: unknown, c: t.Context): t.Errors => {
    const record = u as Record<string, unknown>
    const errors: Array<t.ValidationError> = []
    for (const column of Object.keys(record)) {
      const value = record[column]
      if (!isJson(value)) errors.push({ value, context: t.appendContext(c, column, JsonValue, value) })
    }
    return errors
  }
  return new t.Type<EntityValue<R, O>, EntityValue<R, O>, unknown>(
    `${name} record`,
    (u): u is EntityValue<R, O> => declared.is(u) && nullables.is(u) && isJson(u),
    (u, c) => {
      if (!t.UnknownRecord.is(u)) return t.failure(u, c)
      const a = declared.validate(u, c)
      const b = nullables.validate(u, c)
      const errors = [...(isLeft(a) ? a.left : []), ...(isLeft(b) ? b.left : []), ...carried(u, c)]
      return errors.length === 0 ? t.success(u as EntityValue<R, O>) : t.failures(errors)
    },
    (a) => a,
  )
}

const text = nullable(t.string)
const id = nullable(Integer)

/** A `customers` record: `{id, name, last_name, email, created_at, updated_at, entity, action}`. */
export const CustomersValue = entityValue("customers", {}, { name: text, last_name: text, email: text })
/** A decoded `customers` value. */
export type CustomersValue = t.TypeOf<typeof CustomersValue>

/** An `organizations` record: `{id, name, created_at, updated_at, entity, action}`. */
export const OrganizationsValue = entityValue("organizations", {}, { name: text })
/** A decoded `organizations` value. */
export type OrganizationsValue = t.TypeOf<typeof OrganizationsValue>

/** An `orders` record: `{id, po, organization_id, customer_id, date, deliver_date, state, …}`. */
export const OrdersValue = entityValue("orders", {}, { po: text, organization_id: id, customer_id: id })
/** A decoded `orders` value. */
export type OrdersValue = t.TypeOf<typeof OrdersValue>

/** Decodes a `customers` value. */
export const decodeCustomersValue = decodeWith(CustomersValue, "customers")
/** Decodes an `organizations` value. */
export const decodeOrganizationsValue = decodeWith(OrganizationsValue, "organizations")
/** Decodes an `orders` value. */
export const decodeOrdersValue = decodeWith(OrdersValue, "orders")

/** Encodes an entity value as the JSON the topic carries (it already is). */
export const encodeEntityValue = (value: CustomersValue | OrganizationsValue | OrdersValue): Json => value

/** The key an entity's table row lives under: the decimal text of its integer id. */
export const entityKey = (value: { readonly id: number }): string => String(value.id)

/**
 * Maps a topic record (key, value) to a table input. The row key is the value's `id` (ksqlDB
 * `GROUP BY id`; the seed's producer sends no key); a null value is a tombstone for the record key.
 */
export const entityTableInput =
  (decode: (input: unknown) => Either<string, { readonly id: number } & ColumnRecord>) =>
  (key: string | null, value: unknown): Either<string, TableInput> => {
    if (value === null || value === undefined) {
      return key === null ? left("tombstone without a key: nothing to delete") : right(tombstone(key))
    }
    const decoded = decode(value)
    return isLeft(decoded) ? decoded : right(upsert(entityKey(decoded.right), decoded.right))
  }

/** `customers` (key, value) → customers table input. */
export const customersTableInput = entityTableInput(decodeCustomersValue)
/** `organizations` (key, value) → organizations table input. */
export const organizationsTableInput = entityTableInput(decodeOrganizationsValue)

/**
 * `orders` (key, value) → the order for the join, keyed by its id; null for a tombstone, which a
 * stream ignores (as ksqlDB and Kafka Streams drop null-valued stream records).
 */
export const ordersStreamInput = (
  _key: string | null,
  value: unknown,
): Either<string, { readonly key: string; readonly value: OrdersValue } | null> => {
  if (value === null || value === undefined) return right(null)
  const decoded = decodeOrdersValue(value)
  return isLeft(decoded) ? decoded : right({ key: entityKey(decoded.right), value: decoded.right })
}
