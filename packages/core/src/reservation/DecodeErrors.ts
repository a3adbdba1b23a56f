// Turns io-ts validation errors into one short message naming each failing field by its path,
// e.g. `quantity: expected an integer ≥ 0, got -1`, for DLQ records and HTTP 400 bodies.
import type * as t from "io-ts"

const shown = (value: unknown): string => {
  if (value === undefined) return "nothing"
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

// The path of the failing value: the context's keys, minus io-ts's unnamed intermediate steps.
const pathOf = (error: t.ValidationError): string => {
  const keys = error.context.map((entry) => entry.key).filter((key) => key !== "" && !/^\d+$/.test(key))
  return keys.length === 0 ? "(value)" : keys.join(".")
}

/** One message for all errors: `<field.path>: expected <type>, got <value>`, deduplicated. */
export const describeErrors = (errors: t.Errors): string => {
  const lines = new Set<string>()
  for (const error of errors) {
    if (error.message !== undefined) {
      lines.add(`${pathOf(error)}: ${error.message}`)
      continue
    }
    const expected = error.context[error.context.length - 1]?.type.name ?? "a valid value"
    lines.add(`${pathOf(error)}: expected ${expected}, got ${shown(error.value)}`)
  }
  return [...lines].slice(0, 5).join("; ")
}
