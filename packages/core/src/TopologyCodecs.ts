// JSON codecs for topologies, built from io-ts types: state codecs and input decoders over UTF-8
// bytes. Decode failures are `Left` text naming the problem, never throws.
import * as E from "fp-ts/lib/Either.js"
import type * as t from "io-ts"
import { PathReporter } from "io-ts/lib/PathReporter.js"
import type { InputDecoder, StateCodec } from "./Topology.ts"
import { utf8Bytes } from "./Utf8.ts"
import { utf8Text } from "./Utf8Decode.ts"

/** Parses JSON text; a syntax error becomes `Left`. */
export const parseJson = (text: string): E.Either<string, unknown> => {
  try {
    return E.right(JSON.parse(text))
  } catch (error) {
    return E.left(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** Decodes UTF-8 JSON bytes with an io-ts type. */
export const decodeJsonBytes =
  <A>(type: t.Decoder<unknown, A>) =>
  (bytes: Uint8Array): E.Either<string, A> => {
    const parsed = parseJson(utf8Text(bytes))
    if (E.isLeft(parsed)) return parsed
    const decoded = type.decode(parsed.right)
    return E.isRight(decoded) ? E.right(decoded.right) : E.left(PathReporter.report(decoded).join("; "))
  }

/** Encodes a value as UTF-8 JSON with an io-ts type's encoder. */
export const encodeJsonBytes =
  <A, O>(type: t.Encoder<A, O>) =>
  (value: A): Uint8Array =>
    utf8Bytes(JSON.stringify(type.encode(value)))

/** A state codec storing JSON. */
export const jsonStateCodec = <A, O>(type: t.Type<A, O, unknown>): StateCodec<A> => ({
  encode: encodeJsonBytes(type),
  decode: decodeJsonBytes(type),
})

/** An input decoder reading the record value as JSON (a tombstone is an error). */
export const jsonInput =
  <A>(type: t.Decoder<unknown, A>): InputDecoder<A> =>
  (_key, value) =>
    value === null ? E.left("tombstone where a JSON value was expected") : decodeJsonBytes(type)(value)
