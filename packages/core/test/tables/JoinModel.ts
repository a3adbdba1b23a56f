// Reference model of the stream–table join with grace, written as a nested-loop join over the
// reference tables: each record is tried when it arrives and at every later time step until it
// joins, or until grace has passed (then: expired if an inner row is missing, else nulls).
import type { Json } from "../../src/tables/Json.ts"
import { canonicalRow } from "./TableModel.ts"

/** A stream record of the generated history. */
export interface ModelOrder {
  readonly seq: number
  readonly key: string
  readonly organization: string | null
  readonly customer: string | null
  readonly action: "created" | "edited" | "deleted"
}

/** One model output, tagged with the history step that produced it. */
export type ModelJoinOutput =
  | {
      readonly at: number
      readonly seq: number
      readonly tag: "Joined"
      readonly organization: string | null
      readonly customer: string | null
    }
  | {
      readonly at: number
      readonly seq: number
      readonly tag: "JoinExpired"
      readonly missing: ReadonlyArray<string>
    }

type Tables = {
  readonly organization: Map<string, Map<string, Json>>
  readonly customer: Map<string, Map<string, Json>>
}
type Kinds = { readonly organization: "inner" | "left"; readonly customer: "inner" | "left" }

/** The join's state in the model: records still waiting, with their arrival time. */
export interface JoinModel {
  readonly kinds: Kinds
  readonly graceMs: number
  readonly waiting: Array<{ readonly order: ModelOrder; readonly arrivedAt: number }>
  readonly out: Array<ModelJoinOutput>
}

// Nested loops over both tables: every (organisation, customer) pair whose keys match the order.
const matches = (tables: Tables, order: ModelOrder): Array<readonly [string, string]> => {
  const found: Array<readonly [string, string]> = []
  for (const [organizationKey, organization] of tables.organization) {
    for (const [customerKey, customer] of tables.customer) {
      if (organizationKey === order.organization && customerKey === order.customer) {
        found.push([canonicalRow(organization), canonicalRow(customer)])
      }
    }
  }
  return found
}

const rowText = (table: Map<string, Map<string, Json>>, key: string | null): string | null => {
  for (const [rowKey, row] of table) if (rowKey === key) return canonicalRow(row)
  return null
}

// True when the order was resolved (joined now, or expired because grace is over).
const attempt = (
  model: JoinModel,
  tables: Tables,
  order: ModelOrder,
  at: number,
  graceOver: boolean,
): boolean => {
  const [pair] = matches(tables, order)
  if (pair !== undefined) {
    model.out.push({ at, seq: order.seq, tag: "Joined", organization: pair[0], customer: pair[1] })
    return true
  }
  if (!graceOver) return false
  const organization = rowText(tables.organization, order.organization)
  const customer = rowText(tables.customer, order.customer)
  const missing = [
    ...(organization === null && model.kinds.organization === "inner" ? ["organization"] : []),
    ...(customer === null && model.kinds.customer === "inner" ? ["customer"] : []),
  ]
  model.out.push(
    missing.length > 0
      ? { at, seq: order.seq, tag: "JoinExpired", missing }
      : { at, seq: order.seq, tag: "Joined", organization, customer },
  )
  return true
}

/** A fresh model. */
export const joinModel = (kinds: Kinds, graceMs: number): JoinModel => ({
  kinds,
  graceMs,
  waiting: [],
  out: [],
})

/** A stream record arrives at `now` (step `at`); only created orders join. */
export const modelRecord = (
  model: JoinModel,
  tables: Tables,
  order: ModelOrder,
  now: number,
  at: number,
): void => {
  if (order.action !== "created") return
  if (!attempt(model, tables, order, at, model.graceMs <= 0)) model.waiting.push({ order, arrivedAt: now })
}

/** Time moves to `now` (step `at`): every waiting record is tried again. */
export const modelAdvance = (model: JoinModel, tables: Tables, now: number, at: number): void => {
  const still = model.waiting.filter(
    ({ order, arrivedAt }) => !attempt(model, tables, order, at, now >= arrivedAt + model.graceMs),
  )
  model.waiting.splice(0, model.waiting.length, ...still)
}
