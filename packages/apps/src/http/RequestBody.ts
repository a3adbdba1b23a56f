// Reading request bodies safely: a size limit (413 before and while reading), UTF-8 text, and JSON
// decoded by io-ts with a 400 that names the first offending field.
import { Effect } from "effect"
import * as ByteSize from "effect/ByteSize"
import { HttpIncomingMessage, type HttpServerRequest } from "effect/http"
import { isLeft } from "fp-ts/lib/Either.js"
import type * as t from "io-ts"
import { badRequest, HttpProblem } from "./HttpProblem.ts"

const tooLarge = (maxBytes: number) =>
  new HttpProblem({ status: 413, error: `request body larger than ${maxBytes} bytes` })

/** The body as text, at most `maxBytes` long (413 beyond). */
export const bodyText = (
  request: HttpServerRequest.HttpServerRequest,
  maxBytes: number,
): Effect.Effect<string, HttpProblem> => {
  const declared = request.headers["content-length"]
  if (declared !== undefined && Number(declared) > maxBytes) return Effect.fail(tooLarge(maxBytes))
  return request.text.pipe(
    Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(maxBytes)),
    Effect.mapError((error) =>
      /maxBytes|too large|exceed/i.test(`${error.message} ${String(error.cause)}`)
        ? tooLarge(maxBytes)
        : badRequest(`unreadable request body: ${error.message}`),
    ),
  )
}

/** The io-ts path of a validation error, e.g. `items.0.quantity` ("" for the whole body). */
export const errorPath = (error: t.ValidationError): string =>
  error.context
    .filter((entry, i) => {
      if (entry.key === "") return false
      // Members of unions and intersections appear as "0", "1"…: not part of the body's path.
      const parent = error.context[i - 1]?.type as { readonly _tag?: string } | undefined
      return parent?._tag !== "UnionType" && parent?._tag !== "IntersectionType"
    })
    .map((entry) => entry.key)
    .join(".")

const describe = (value: unknown): string => {
  if (value === undefined) return "missing"
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** Decodes a parsed value with io-ts; a failure is a 400 naming the first bad field. */
export const decodeValue = <A>(
  codec: t.Decoder<unknown, A>,
  value: unknown,
): Effect.Effect<A, HttpProblem> => {
  const decoded = codec.decode(value)
  if (!isLeft(decoded)) return Effect.succeed(decoded.right)
  const first = decoded.left[0]
  if (first === undefined) return Effect.fail(badRequest("invalid body"))
  const field = errorPath(first)
  const expected = first.context[first.context.length - 1]?.type.name ?? "a valid value"
  const message = first.message ?? `expected ${expected}, got ${describe(first.value)}`
  return Effect.fail(
    badRequest(field === "" ? `invalid body: ${message}` : `invalid ${field}: ${message}`, field),
  )
}

/** Parses JSON text; a syntax error is a 400. */
export const parseJsonBody = (text: string): Effect.Effect<unknown, HttpProblem> =>
  Effect.try({
    try: () => JSON.parse(text) as unknown,
    catch: (error) => badRequest(`malformed JSON: ${error instanceof Error ? error.message : String(error)}`),
  })

/** Reads, parses and decodes a JSON body. */
export const jsonBody = <A>(
  request: HttpServerRequest.HttpServerRequest,
  codec: t.Decoder<unknown, A>,
  maxBytes: number,
): Effect.Effect<A, HttpProblem> =>
  Effect.flatMap(bodyText(request, maxBytes), (text) =>
    Effect.flatMap(parseJsonBody(text), (value) => decodeValue(codec, value)),
  )
