// JSON values as table columns and topic payloads carry them, with the one equality the tables
// need to decide whether a row really changed (key order and -0 do not survive JSON, so ignore them).

/** A JSON value. */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

/** True when `value` is a JSON value (finite numbers, no undefined, functions or cycles of concern). */
export const isJson = (value: unknown): value is Json => {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true
    case "number":
      return Number.isFinite(value)
    case "object": {
      if (value === null) return true
      if (Array.isArray(value)) return value.every(isJson)
      const record = value as Record<string, unknown>
      return Object.keys(record).every((key) => isJson(record[key]))
    }
    default:
      return false
  }
}

/** Structural JSON equality: object key order is ignored, numbers compare with `===`. */
export const jsonEqual = (a: Json, b: Json): boolean => {
  if (a === b) return true
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i]!, b[i]!)) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ra = a as { readonly [key: string]: Json }
  const rb = b as { readonly [key: string]: Json }
  const keys = Object.keys(ra)
  if (keys.length !== Object.keys(rb).length) return false
  for (const key of keys) if (!Object.hasOwn(rb, key) || !jsonEqual(ra[key]!, rb[key]!)) return false
  return true
}
