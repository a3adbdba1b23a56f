import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { murmur2, partitionForBytes, partitionForKey, toPositive } from "../src/Partitioner.ts"
import { utf8Bytes } from "../src/Utf8.ts"

describe("murmur2", () => {
  // Apache Kafka's UtilsTest.testMurmur2 vectors.
  it.each([
    ["21", -973932308],
    ["foobar", -790332482],
    ["a-little-bit-long-string", -985981536],
    ["a-little-bit-longer-string", -1486304829],
    ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
    ["abc", 479470107],
    ["", 275646681],
  ])("hashes %j like the Java client", (input, expected) => {
    expect(murmur2(utf8Bytes(input))).toBe(expected)
  })

  it("places keys as the Java default partitioner", () => {
    expect(partitionForKey("foobar", 50)).toBe(16)
    expect(toPositive(-790332482)).toBe(1357151166)
  })

  it("always gives a partition in range", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 1000 }), (key, partitions) => {
        const p = partitionForBytes(key, partitions)
        return Number.isInteger(p) && p >= 0 && p < partitions
      }),
    )
  })

  it("refuses a partition count below one", () => {
    expect(() => partitionForKey("a", 0)).toThrow(RangeError)
  })
})

describe("utf8Bytes", () => {
  it("encodes like the host's TextEncoder", () => {
    const encoder = new TextEncoder()
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(Array.from(utf8Bytes(text))).toEqual(Array.from(encoder.encode(text)))
      }),
    )
  })
})
