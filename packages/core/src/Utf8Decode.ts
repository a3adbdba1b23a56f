// UTF-8 decoding without TextDecoder (a host API the pure core does not assume). Malformed
// sequences become U+FFFD, as Java's `new String(bytes, UTF_8)` and TextDecoder do.

/** The text of UTF-8 bytes; each malformed sequence decodes to U+FFFD. */
export const utf8Text = (bytes: Uint8Array): string => {
  let text = ""
  let i = 0
  while (i < bytes.length) {
    const b0 = bytes[i]!
    let need = 0
    let code = 0
    let min = 0
    if (b0 < 0x80) {
      text += String.fromCharCode(b0)
      i++
      continue
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1
      code = b0 & 0x1f
      min = 0x80
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2
      code = b0 & 0x0f
      min = 0x800
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3
      code = b0 & 0x07
      min = 0x10000
    } else {
      text += "\ufffd"
      i++
      continue
    }
    let j = 1
    for (; j <= need; j++) {
      const b = bytes[i + j]
      if (b === undefined || (b & 0xc0) !== 0x80) break
      code = (code << 6) | (b & 0x3f)
      // Reject overlong, surrogate and out-of-range forms as soon as the second byte tells.
      if (j === 1) {
        const partial = code << (6 * (need - 1))
        if (partial < min || (partial >= 0xd800 && partial <= 0xdfff) || partial > 0x10ffff) break
      }
    }
    if (j <= need) {
      text += "\ufffd"
      i += j
      continue
    }
    text += String.fromCodePoint(code)
    i += need + 1
  }
  return text
}
