import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { kafkaClusterIdFrom, kafkaUuidText, randomKafkaClusterId } from "../../src/harness/KafkaClusterId.ts"

const sixteenBytes = fc.uint8Array({ minLength: 16, maxLength: 16 })
const kafkaText = /^[A-Za-z0-9_-]{22}$/

// The property the real and the canary implementation must both face.
const idIsKafkaText = (make: (bytes: Uint8Array) => string | undefined) =>
  fc.property(sixteenBytes, (bytes) => {
    const id = make(bytes)
    return id === undefined || kafkaText.test(id)
  })

describe("kafkaUuidText", () => {
  it("writes Kafka's reserved METADATA_TOPIC_ID (0, 1) as Kafka does", () => {
    expect(kafkaUuidText(Uint8Array.from([...Array(15).fill(0), 1]))).toBe("AAAAAAAAAAAAAAAAAAAAAQ")
  })

  it("refuses anything but 16 bytes", () => {
    expect(() => kafkaUuidText(new Uint8Array(15))).toThrow(RangeError)
  })
})

describe("kafkaClusterIdFrom", () => {
  it("is 22 characters of unpadded base64url", () => {
    fc.assert(idIsKafkaText(kafkaClusterIdFrom))
  })

  it("decodes to the input bytes with only the version-4 and variant bits set", () => {
    fc.assert(
      fc.property(sixteenBytes, (bytes) => {
        const id = kafkaClusterIdFrom(bytes)
        fc.pre(id !== undefined)
        const expected = Uint8Array.from(bytes)
        expected[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
        expected[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
        expect([...Buffer.from(id ?? "", "base64url")]).toEqual([...expected])
      }),
    )
  })

  it("draws again exactly when the text would start with '-' (base64url digit 62)", () => {
    fc.assert(
      fc.property(sixteenBytes, (bytes) => {
        expect(kafkaClusterIdFrom(bytes) === undefined).toBe((bytes[0] ?? 0) >> 2 === 62)
      }),
    )
  })

  it("canary: standard padded base64 is caught by the text property", () => {
    const broken = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64")
    expect(fc.check(idIsKafkaText(broken)).failed).toBe(true)
  })

  it("random ids are valid and distinct", () => {
    const ids = Array.from({ length: 200 }, randomKafkaClusterId)
    for (const id of ids) expect(id).toMatch(kafkaText)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
