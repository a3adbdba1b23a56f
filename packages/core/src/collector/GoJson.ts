// Writes JSON text the way the seed's Go encoder (encoding/json) does, so our records are
// byte-identical to the seed's: object keys sorted by UTF-8 bytes, `<`, `>`, `&`, U+2028 and
// U+2029 escaped as \u003c-style sequences. Numbers: JS and Go switch to exponents at the same
// bounds; Go keeps the sign of -0.
import type { Json } from "./Json.ts"

const htmlUnsafe = /[<>&\u2028\u2029]/g
const goEscapes: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
}

/** A JSON string literal as Go writes it. */
export const goString = (s: string): string => {
  const text = JSON.stringify(s)
  htmlUnsafe.lastIndex = 0
  return htmlUnsafe.test(text) ? text.replace(htmlUnsafe, (c) => goEscapes[c] ?? c) : text
}

// UTF-16 code units ordered as their code points' UTF-8 bytes: surrogates (astral code points)
// sort after U+E000..U+FFFF, not before.
const utf8Rank = (unit: number): number =>
  unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit

/** Orders strings by their UTF-8 bytes, as Go's sort.Strings does. */
export const compareUtf8 = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return utf8Rank(x) - utf8Rank(y)
  }
  return a.length - b.length
}

/** Object keys in the order Go writes them. */
export const goKeys = (object: object): Array<string> => Object.keys(object).sort(compareUtf8)

/** The JSON text Go's json.Marshal writes for a value decoded into interface{}. */
export const goJson = (value: Json): string => {
  if (typeof value === "string") return goString(value)
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : JSON.stringify(value)
  if (value === null || typeof value !== "object") return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`
  const object = value as { readonly [key: string]: Json }
  return `{${goKeys(object)
    .map((key) => `${goString(key)}:${goJson(object[key] as Json)}`)
    .join(",")}}`
}
