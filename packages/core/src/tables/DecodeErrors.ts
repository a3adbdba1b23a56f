// Turns io-ts errors into one readable message naming each failing field by its path
// (`customers.email: expected string | null, got 42`), which the driver puts in the dead letter.
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js"
import type * as t from "io-ts"

// Union and intersection members add a numeric context key that is not a field of the data.
const isMemberOf = (decoder: t.Decoder<unknown, unknown>): boolean => {
  const tag = (decoder as { readonly _tag?: string })._tag
  return tag === "UnionType" || tag === "IntersectionType"
}

const show = (actual: unknown): string => {
  if (actual === undefined) return "nothing"
  const text = JSON.stringify(actual) ?? String(actual)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const describe = (label: string, error: t.ValidationError): string => {
  const path: Array<string> = [label]
  let expected = error.context[0]?.type.name ?? "value"
  let actual: unknown = error.context[0]?.actual
  for (let i = 1; i < error.context.length; i++) {
    const entry = error.context[i]!
    if (isMemberOf(error.context[i - 1]!.type)) continue
    path.push(entry.key)
    expected = entry.type.name
    actual = entry.actual
  }
  return error.message ?? `${path.join(".")}: expected ${expected}, got ${show(actual)}`
}

/** One message for all errors, each naming its field path under `label`; duplicates merged. */
export const formatDecodeErrors = (label: string, errors: t.Errors): string =>
  [...new Set(errors.map((error) => describe(label, error)))].join("; ")

/** A decoder returning `Either<message, value>` with path-naming messages. */
export const decodeWith =
  <A>(codec: t.Decoder<unknown, A>, label: string) =>
  (input: unknown): Either<string, A> => {
    const result = codec.decode(input)
    return isLeft(result) ? left(formatDecodeErrors(label, result.left)) : right(result.right)
  }
