// Reads an enriched record as the notifier does: keys lower-cased (ksqlDB writes EMAIL,
// ORGANIZATION_ID), so `email` and `EMAIL` are the same field. The seed read ORGANIZATION_ID and
// TENANT in their original case and never saw them.

import type { Json } from "./Json.ts"
import { type ColumnRecord, emptyRecord, field } from "./TableRow.ts"

/** The payload with lower-cased keys (null-prototype; a later key wins a case clash), or undefined if not an object. */
export const notificationArgs = (payload: unknown): ColumnRecord | undefined => {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined
  const record = payload as { readonly [key: string]: Json }
  const args = emptyRecord()
  for (const key of Object.keys(record)) args[key.toLowerCase()] = record[key]!
  return args
}

/** A field as text for a template alias or id: a non-empty string or an integer, else null. */
export const argText = (args: ColumnRecord | undefined, name: string): string | null => {
  const value = field(args, name)
  if (typeof value === "string") return value.trim() === "" ? null : value
  return typeof value === "number" && Number.isSafeInteger(value) ? String(value) : null
}

/** The tenant of a payload: its `tenant` field, or "default". */
export const tenantOf = (args: ColumnRecord | undefined): string => argText(args, "tenant") ?? "default"
