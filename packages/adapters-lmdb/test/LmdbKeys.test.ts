// State and due-index keys sort exactly as the reference says (UTF-8 bytes; dueAt then key) and
// decode back, including NULs inside long keys; ordered-binary array keys are the canary that fails.
import { Buffer } from "node:buffer"
import fc from "fast-check"
import * as lmdb from "lmdb"
import { describe, expect, it } from "vitest"
import { decodeDueKey, decodeStateKey, dueKey, stateKey, storePrefix } from "../src/internal/LmdbKeys.ts"

/** Reference order: the UTF-8 encodings compared byte by byte. */
const byUtf8 = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"))
const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0)

// Control characters (the ordered-binary escapes and separator), BMP above the surrogates, astral
// characters, and lengths past 64 (where ordered-binary stops escaping).
const unit = fc.constantFrom("\u0000", "\u0001", "\u0004", "\u001b", "a", "b", "é", "中", "\uffff", "😀", "𐀀")
const keyArb = fc.oneof(
  fc.string({ maxLength: 8, unit }),
  fc.string({ minLength: 60, maxLength: 80, unit }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("__proto__", "constructor", ""),
)

// Two keys, often one extending the other: the cases where terminators and escapes matter.
const pairArb = fc.oneof(
  fc.tuple(keyArb, keyArb),
  fc.tuple(keyArb, keyArb).map(([a, b]): [string, string] => [a, a + b]),
  fc.tuple(keyArb, keyArb).map(([a, b]): [string, string] => [a + b, a]),
)

type Encode = (key: string) => Uint8Array

const ordersByUtf8 = (encode: Encode) =>
  fc.property(pairArb, ([a, b]) => {
    expect(sign(Buffer.compare(encode(a), encode(b)))).toBe(sign(byUtf8(a, b)))
  })

describe("LmdbKeys", () => {
  const prefix = storePrefix("store", 3)

  it("orders state keys by the UTF-8 bytes of the store key", () => {
    fc.assert(ordersByUtf8((key) => stateKey(prefix, key)))
  })

  it("decodes a state key back to the store key", () => {
    fc.assert(
      fc.property(keyArb, (key) => {
        expect(decodeStateKey(prefix, stateKey(prefix, key))).toBe(key)
      }),
    )
  })

  it("keeps partitions and stores apart: a partition's keys lie strictly inside its prefix range", () => {
    fc.assert(
      fc.property(keyArb, fc.integer({ min: 0, max: 1000 }), (key, partition) => {
        const mine = storePrefix("s", partition)
        const next = storePrefix("s", partition + 1)
        const other = storePrefix("s\u0001", 0)
        const k = stateKey(mine, key)
        expect(Buffer.compare(k, mine)).toBeGreaterThanOrEqual(0)
        expect(Buffer.compare(k, next)).toBeLessThan(0)
        expect(k.subarray(0, other.length).equals(other)).toBe(false)
      }),
    )
  })

  it("orders due keys by dueAt, then key, and decodes them", () => {
    const dueArb = fc.oneof(fc.integer({ min: -1e15, max: 1e15 }), fc.double({ noNaN: true }))
    fc.assert(
      fc.property(fc.tuple(dueArb, keyArb), fc.tuple(dueArb, keyArb), ([da, ka], [db, kb]) => {
        const expected = da === db ? sign(byUtf8(ka, kb)) : da < db ? -1 : 1
        expect(sign(Buffer.compare(dueKey(prefix, da, ka), dueKey(prefix, db, kb)))).toBe(expected)
        const [dueAt, key] = decodeDueKey(prefix, dueKey(prefix, da, ka))
        expect([dueAt === 0 ? 0 : dueAt, key]).toEqual([da === 0 ? 0 : da, ka])
      }),
    )
  })

  it("canary: lmdb's ordered-binary array keys fail the ordering property (NUL in long keys)", () => {
    // lmdb exports its ordered-binary key encoder at runtime but not in its typings.
    const { keyValueToBuffer } = lmdb as unknown as { keyValueToBuffer: (key: unknown) => Uint8Array }
    const orderedBinary: Encode = (key) => keyValueToBuffer(["store", 3, key])
    expect(fc.check(ordersByUtf8(orderedBinary)).failed).toBe(true)
  })
})
