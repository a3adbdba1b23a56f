// The pure UTF-8 decoder agrees with the host's TextDecoder on any bytes and round-trips utf8Bytes.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { utf8Bytes } from "../../src/Utf8.ts"
import { utf8Text } from "../../src/Utf8Decode.ts"

describe("utf8Text", () => {
  it("decodes any bytes exactly as TextDecoder (malformed sequences → U+FFFD)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        expect(utf8Text(bytes)).toBe(new TextDecoder().decode(bytes))
      }),
    )
  })

  it("round-trips well-formed text through utf8Bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(utf8Text(utf8Bytes(text))).toBe(text)
      }),
    )
  })

  it("replaces overlong, surrogate and out-of-range forms", () => {
    expect(utf8Text(Uint8Array.from([0xc0, 0x80]))).toBe("\ufffd\ufffd")
    expect(utf8Text(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe("\ufffd\ufffd\ufffd")
    expect(utf8Text(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe("\ufffd\ufffd\ufffd\ufffd")
    expect(utf8Text(Uint8Array.from([0xe2, 0x82]))).toBe("\ufffd")
  })
})
