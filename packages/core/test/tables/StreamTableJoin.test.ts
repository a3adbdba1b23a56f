// The stream–table join against a nested-loop reference join over the same history, with lookups
// taken from the reference tables at processing time, for grace 0 and grace > 0; plus a canary.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Json } from "../../src/tables/Json.ts"
import {
  type JoinKind,
  type JoinOutput,
  type JoinState,
  makeStreamTableJoin,
  type StreamTableJoin,
} from "../../src/tables/StreamTableJoin.ts"
import { rowEntries, type TableRow } from "../../src/tables/TableRow.ts"
import { joinModel, type ModelJoinOutput, type ModelOrder, modelAdvance, modelRecord } from "./JoinModel.ts"
import { applyEntry, canonicalRow, type LogEntry } from "./TableModel.ts"

type Table = "organization" | "customer"
type Joined = { readonly seq: number; readonly organization: string | null; readonly customer: string | null }
type Join = StreamTableJoin<ModelOrder, Table, TableRow, Joined>

const makeJoin = (kinds: { readonly [K in Table]: JoinKind }, graceMs: number): Join =>
  makeStreamTableJoin({
    tables: kinds,
    graceMs,
    retryMs: 1,
    lookupKeys: (order: ModelOrder) => ({ organization: order.organization, customer: order.customer }),
    accepts: (order) => order.action === "created",
    joiner: (order, rows) => ({
      seq: order.seq,
      organization: rows.organization === null ? null : canonicalRow(rowEntries(rows.organization)),
      customer: rows.customer === null ? null : canonicalRow(rowEntries(rows.customer)),
    }),
  })

type Event =
  | { readonly kind: "table"; readonly table: Table; readonly entry: LogEntry }
  | { readonly kind: "order"; readonly order: Omit<ModelOrder, "seq"> }
  | { readonly kind: "advance"; readonly ms: number }

const rowKeys = fc.constantFrom("1", "2", "__proto__")
const action = fc.constantFrom("created" as const, "edited" as const, "deleted" as const)
const tableEvent: fc.Arbitrary<Event> = fc.record({
  kind: fc.constant("table" as const),
  table: fc.constantFrom<Table>("organization", "customer"),
  entry: fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant("record" as const),
        key: rowKeys,
        columns: fc.tuple(
          fc.tuple(
            fc.constant("name"),
            fc.oneof(fc.constant(null), fc.constantFrom("a", "b", "c")) as fc.Arbitrary<Json>,
          ),
          fc.tuple(fc.constant("action"), action as fc.Arbitrary<Json>),
        ),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("tombstone" as const), key: rowKeys }) },
  ),
})
const orderEvent: fc.Arbitrary<Event> = fc.record({
  kind: fc.constant("order" as const),
  order: fc.record({
    key: fc.constantFrom("1", "2", "constructor"),
    organization: fc.oneof({ weight: 6, arbitrary: rowKeys }, { weight: 1, arbitrary: fc.constant(null) }),
    customer: fc.oneof({ weight: 6, arbitrary: rowKeys }, { weight: 1, arbitrary: fc.constant(null) }),
    action: fc.oneof(
      { weight: 4, arbitrary: fc.constant("created" as const) },
      { weight: 1, arbitrary: action },
    ),
  }),
})
const advanceEvent: fc.Arbitrary<Event> = fc.record({
  kind: fc.constant("advance" as const),
  ms: fc.integer({ min: 1, max: 10 }),
})
const history = fc.array(fc.oneof(tableEvent, orderEvent, advanceEvent), { maxLength: 50 })
const kinds = fc.record({
  organization: fc.constantFrom<JoinKind>("inner", "left"),
  customer: fc.constantFrom<JoinKind>("inner", "left"),
})
const grace = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 }))

const rowOfModel = (row: Map<string, Json>): TableRow => ({
  columns: [...row.keys()],
  values: [...row.values()],
})

const bySeq = (a: ModelJoinOutput, b: ModelJoinOutput) => a.at - b.at || a.seq - b.seq

const matchesNestedLoopJoin = (build: typeof makeJoin) =>
  fc.property(kinds, grace, history, (joinKinds, graceMs, events) => {
    const join = build(joinKinds, graceMs)
    const tables = {
      organization: new Map<string, Map<string, Json>>(),
      customer: new Map<string, Map<string, Json>>(),
    }
    const model = joinModel(joinKinds, graceMs)
    const states = new Map<string, JoinState<ModelOrder>>()
    const out: Array<ModelJoinOutput> = []
    let now = 0
    const read = (table: Table, key: string): TableRow | undefined => {
      const row = tables[table].get(key)
      return row === undefined ? undefined : rowOfModel(row)
    }
    const record = (at: number) => (output: JoinOutput<ModelOrder, Table, Joined>) =>
      out.push(
        output._tag === "Joined"
          ? { at, tag: "Joined", ...output.value }
          : { at, seq: output.value.seq, tag: "JoinExpired", missing: [...output.missing] },
      )
    const stepKey = (key: string, at: number, input: Parameters<Join["step"]>[1]) => {
      const step = join.step(states.has(key) ? states.get(key)! : join.initial, input, now)
      step.out.forEach(record(at))
      if (join.isFinished(step.state)) states.delete(key)
      else states.set(key, step.state)
    }
    events.forEach((event, at) => {
      if (event.kind === "table") applyEntry(tables[event.table], event.entry)
      else if (event.kind === "order") {
        const order = { ...event.order, seq: at }
        stepKey(order.key, at, join.recordFor(order.key, order, read))
        modelRecord(model, tables, order, now, at)
      } else {
        now += event.ms
        for (const [key, state] of [...states]) {
          if ((join.deadline!(state) ?? Number.POSITIVE_INFINITY) <= now)
            stepKey(key, at, join.tickFor(state, read))
        }
        modelAdvance(model, tables, now, at)
      }
    })
    expect(out.sort(bySeq)).toEqual([...model.out].sort(bySeq))
    const stillWaiting = [...states.values()].flatMap((state) =>
      join.pending(state).map((order) => order.seq),
    )
    expect(stillWaiting.sort((a, b) => a - b)).toEqual(
      model.waiting.map(({ order }) => order.seq).sort((a, b) => a - b),
    )
  })

describe("stream–table join properties", () => {
  it("equals a nested-loop join over the reference tables (grace 0 and > 0, inner and left)", () => {
    fc.assert(matchesNestedLoopJoin(makeJoin))
  })

  it("canary: a join that ignores the fresh lookups of its retries is caught", () => {
    const neverRetries = (joinKinds: { readonly [K in Table]: JoinKind }, graceMs: number): Join => {
      const join = makeJoin(joinKinds, graceMs)
      return {
        ...join,
        step: (state, input, now) => join.step(state, input._tag === "Tick" ? { _tag: "Tick" } : input, now),
      }
    }
    expect(fc.check(matchesNestedLoopJoin(neverRetries)).failed).toBe(true)
  })
})
