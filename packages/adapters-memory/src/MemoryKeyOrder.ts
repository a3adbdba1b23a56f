// Store keys ordered as their UTF-8 bytes, which is code point order (not JS's UTF-16 order).
// Lone surrogates encode as U+FFFD, as `utf8Bytes` does, so memory sorts exactly like LMDB.

const codePointAt = (text: string, index: number): number => {
  const code = text.codePointAt(index)!
  return code >= 0xd800 && code <= 0xdfff ? 0xfffd : code
}

/** Compares two keys by their UTF-8 bytes: negative, zero or positive. */
export const compareUtf8 = (a: string, b: string): number => {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const ca = codePointAt(a, i)
    const cb = codePointAt(b, j)
    if (ca !== cb) return ca - cb
    i += ca > 0xffff ? 2 : 1
    j += cb > 0xffff ? 2 : 1
  }
  return a.length - i - (b.length - j)
}
