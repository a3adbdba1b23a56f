// Codecs for the order-count app: `customer` values (a name) and `order` values (a food) are JSON
// strings, the `order-count` store holds a non-negative integer; plus (key, value) → input maps.
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js"
import * as t from "io-ts"
import { Count } from "./ColumnCodecs.ts"
import { decodeWith } from "./DecodeErrors.ts"
import { type Put, put } from "./ValueTable.ts"

/** A `customer` value: the customer's name. */
export const CustomerName = t.string
/** An `order` value: the food ordered. */
export const OrderFood = t.string
/** An `order-count` value. */
export const OrderCountValue = Count

/** Decodes a `customer` value. */
export const decodeCustomerName = decodeWith(CustomerName, "customer")
/** Decodes an `order` value. */
export const decodeOrderFood = decodeWith(OrderFood, "order")
/** Decodes an `order-count` value. */
export const decodeOrderCountValue = decodeWith(OrderCountValue, "order-count")
/** Encodes a `customer` value. */
export const encodeCustomerName = (name: string): string => name
/** Encodes an `order` value. */
export const encodeOrderFood = (food: string): string => food
/** Encodes an `order-count` value. */
export const encodeOrderCountValue = (count: number): number => count

/** `customer` (key, value) → customer table input; a null value is a tombstone. */
export const customerTableInput = (key: string | null, value: unknown): Either<string, Put<string>> => {
  if (key === null) return left("customer: record without a key")
  if (value === null || value === undefined) return right(put<string>(key, null))
  const name = decodeCustomerName(value)
  return isLeft(name) ? name : right(put(key, name.right))
}

/** `order` (key, value) → the keyed food, for records `orderCountAccepts` let through. */
export const orderInput = (
  key: string,
  value: unknown,
): Either<string, { readonly key: string; readonly value: string }> => {
  const food = decodeOrderFood(value)
  return isLeft(food) ? food : right({ key, value: food.right })
}
