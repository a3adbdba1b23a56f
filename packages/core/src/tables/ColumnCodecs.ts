// Codecs for single columns shared by the tables' topic codecs: integer ids (the seed's ids are
// integers), nullable columns, and any JSON value for columns we carry without reading.
import * as t from "io-ts"
import { isJson, type Json } from "./Json.ts"

/** A safe integer (ids, counts). */
export const Integer = new t.Type<number, number, unknown>(
  "integer",
  (u): u is number => typeof u === "number" && Number.isSafeInteger(u),
  (u, c) => (typeof u === "number" && Number.isSafeInteger(u) ? t.success(u) : t.failure(u, c)),
  (a) => a,
)

/** A non-negative safe integer (counts). */
export const Count = new t.Type<number, number, unknown>(
  "non-negative integer",
  (u): u is number => Integer.is(u) && u >= 0,
  (u, c) => (Integer.is(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  (a) => a,
)

/** Any JSON value. */
export const JsonValue = new t.Type<Json, Json, unknown>(
  "JSON value",
  isJson,
  (u, c) => (isJson(u) ? t.success(u) : t.failure(u, c)),
  (a) => a,
)

/** `codec` or null; a missing field decodes as null (ksqlDB columns are nullable). */
export const nullable = <A, O>(codec: t.Type<A, O, unknown>): t.Type<A | null, O | null, unknown> =>
  new t.Type<A | null, O | null, unknown>(
    `${codec.name} | null`,
    (u): u is A | null => u === null || codec.is(u),
    (u, c) => (u === null || u === undefined ? t.success(null) : codec.validate(u, c)),
    (a) => (a === null ? null : codec.encode(a)),
  )
