// JSON values as the collector carries them (payloads, results): a type, an io-ts codec that
// checks a value really is JSON, and structural equality used to tell repeats from conflicts.
import * as t from "io-ts"

/** A JSON value; objects may have a null prototype (ids as keys never touch Object.prototype). */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

const isPlainObject = (u: object): boolean => {
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/** True when `u` is a JSON value: finite numbers, plain objects, arrays, strings, booleans, null. */
export const isJson = (u: unknown): u is Json => {
  if (u === null || typeof u === "string" || typeof u === "boolean") return true
  if (typeof u === "number") return Number.isFinite(u)
  if (typeof u !== "object") return false
  if (Array.isArray(u)) return u.every(isJson)
  if (!isPlainObject(u)) return false
  for (const key of Object.keys(u)) if (!isJson((u as Record<string, unknown>)[key])) return false
  return true
}

/** io-ts codec for any JSON value (decoding checks, encoding is the identity). */
export const JsonCodec: t.Type<Json, Json, unknown> = new t.Type<Json, Json, unknown>(
  "JSON value",
  isJson,
  (u, c) => (isJson(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** Structural equality of two JSON values (object key order ignored). */
export const jsonEquals = (a: Json, b: Json): boolean => {
  if (a === b) return true
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item: Json, i: number) => jsonEquals(item, b[i] as Json))
  }
  const left = a as { readonly [key: string]: Json }
  const right = b as { readonly [key: string]: Json }
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  return keys.every((key) => Object.hasOwn(right, key) && jsonEquals(left[key] as Json, right[key] as Json))
}
