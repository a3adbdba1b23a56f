// The LATEST_BY_OFFSET table: unit cases, a property against the fold model, and a canary.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { run } from "../../src/Reducer.ts"
import type { Json } from "../../src/tables/Json.ts"
import { makeTable, type TableInput, type TableState, tombstone, upsert } from "../../src/tables/Table.ts"
import type { TableChange } from "../../src/tables/TableChange.ts"
import {
  type ColumnRecord,
  column,
  emptyRecord,
  rowEntries,
  rowRecord,
  type TableRow,
} from "../../src/tables/TableRow.ts"
import { runKeyed } from "./KeyedRun.ts"
import { canonicalRow, foldTable, type LogEntry, type ModelChange } from "./TableModel.ts"

const columns = (entries: ReadonlyArray<readonly [string, Json]>): ColumnRecord => {
  const record = emptyRecord()
  for (const [name, value] of entries) record[name] = value
  return record
}

const table = makeTable()
const feed = (inputs: ReadonlyArray<TableInput>, from: TableState = null) =>
  run(
    table,
    inputs.map((input, i) => [input, i] as const),
    from,
  )

describe("table (LATEST_BY_OFFSET)", () => {
  it("keeps the latest non-null value of each column", () => {
    const { state, out } = feed([
      upsert(
        "10",
        columns([
          ["id", 10],
          ["name", "John"],
          ["email", "jdo@gmail.com"],
          ["action", "created"],
        ]),
      ),
      upsert(
        "10",
        columns([
          ["id", 10],
          ["name", null],
          ["email", "john@do.com"],
          ["action", "edited"],
        ]),
      ),
    ])
    expect(state).toEqual({
      columns: ["id", "name", "email", "action"],
      values: [10, "John", "john@do.com", "edited"],
    })
    expect(out).toEqual([
      {
        _tag: "Row",
        key: "10",
        row: { columns: ["id", "name", "email", "action"], values: [10, "John", "jdo@gmail.com", "created"] },
      },
      { _tag: "Row", key: "10", row: state },
    ])
    // The edit changed values only: the names are shared with the previous version.
    expect(out[0]?._tag === "Row" && out[0].row.columns).toBe(state?.columns)
  })

  it("emits nothing and keeps the same state when a record changes nothing", () => {
    const first = feed([
      upsert(
        "1",
        columns([
          ["name", "a"],
          ["tags", { x: [1, 2], y: null }],
        ]),
      ),
    ])
    const again = table.step(
      first.state,
      upsert(
        "1",
        columns([
          ["tags", { y: null, x: [1, 2] }],
          ["name", null],
        ]),
      ),
      5,
    )
    expect(again.out).toEqual([])
    expect(again.state).toBe(first.state)
  })

  it("removes the row on action = deleted, and a later record starts from nothing", () => {
    const { state, out } = feed([
      upsert(
        "7",
        columns([
          ["name", "Ann"],
          ["email", "ann@x.io"],
          ["action", "created"],
        ]),
      ),
      upsert(
        "7",
        columns([
          ["name", "Ann"],
          ["action", "deleted"],
        ]),
      ),
      upsert(
        "7",
        columns([
          ["name", "Bob"],
          ["action", "created"],
        ]),
      ),
    ])
    expect(out.map((change) => change._tag)).toEqual(["Row", "RowDeleted", "Row"])
    expect(state).toEqual({ columns: ["name", "action"], values: ["Bob", "created"] })
  })

  it("removes the row on a tombstone, and finishes the key", () => {
    const { state, out } = feed([upsert("7", columns([["name", "Ann"]])), tombstone("7")])
    expect(out.at(-1)).toEqual({ _tag: "RowDeleted", key: "7" })
    expect(state).toBeNull()
    expect(table.isFinished(state)).toBe(true)
  })

  it("says nothing when deleting a row it does not have", () => {
    expect(feed([tombstone("1"), upsert("1", columns([["action", "deleted"]]))]).out).toEqual([])
  })

  it("creates a row (with no columns) from a record whose columns are all null", () => {
    expect(feed([upsert("1", columns([["name", null]]))]).out).toEqual([
      { _tag: "Row", key: "1", row: { columns: [], values: [] } },
    ])
  })

  it("treats __proto__ and constructor as plain ids and columns", () => {
    const polluting = columns([
      ["__proto__", { polluted: true }],
      ["constructor", "c"],
      ["toString", 1],
    ])
    const { states, out } = runKeyed(table, [
      { key: "__proto__", input: upsert("__proto__", polluting), now: 0 },
      { key: "constructor", input: upsert("constructor", columns([["hasOwnProperty", "x"]])), now: 1 },
    ])
    const row = states.get("__proto__")!
    expect(rowEntries(row)).toEqual([
      ["__proto__", { polluted: true }],
      ["constructor", "c"],
      ["toString", 1],
    ])
    expect(column(row, "__proto__")).toEqual({ polluted: true })
    expect(column(row, "hasOwnProperty")).toBeNull()
    expect(column(states.get("constructor"), "constructor")).toBeNull()
    expect(Object.getOwnPropertyDescriptor(rowRecord(row), "__proto__")?.value).toEqual({ polluted: true })
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
    expect(out.map((change) => change.key)).toEqual(["__proto__", "constructor"])
    // A prototype-looking column absent from the row is not "present".
    const edited = table.step(row, upsert("__proto__", columns([["hasOwnProperty", "y"]])), 2)
    expect(edited.out).toHaveLength(1)
  })
})

// Generated histories: few keys and columns (so they collide), prototype-looking names, null columns.
const keys = fc.constantFrom("1", "2", "__proto__", "constructor", "")
const columnNames = fc.constantFrom("id", "name", "email", "action", "__proto__", "constructor", "toString")
const value = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.constantFrom<Json>("created", "edited", "deleted") },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
)
const entry: fc.Arbitrary<LogEntry> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("record" as const),
      key: keys,
      columns: fc.uniqueArray(fc.tuple(columnNames, value), { selector: ([name]) => name, maxLength: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("tombstone" as const), key: keys }) },
)
const history = fc.array(entry, { maxLength: 40 })

const toInput = (entry: LogEntry): TableInput =>
  entry.kind === "tombstone" ? tombstone(entry.key) : upsert(entry.key, columns(entry.columns))

const asModel = (change: TableChange<TableRow>): ModelChange =>
  change._tag === "Row"
    ? { tag: "Row", key: change.key, row: canonicalRow(rowEntries(change.row)) }
    : { tag: "RowDeleted", key: change.key }

// Frozen states and inputs: a step that mutated what it was given would throw.
const frozen = (reducer: typeof table): typeof table => ({
  ...reducer,
  step: (state, input, now) => {
    if (state !== null) {
      Object.freeze(state)
      Object.freeze(state.columns)
      Object.freeze(state.values)
    }
    return reducer.step(
      state,
      Object.freeze(input._tag === "Upsert" ? { ...input, columns: Object.freeze(input.columns) } : input),
      now,
    )
  },
})

const matchesModel = (reducer: typeof table) =>
  fc.property(history, (log) => {
    const { states, out } = runKeyed(
      frozen(reducer),
      log.map((entry, i) => ({ key: entry.key, input: toInput(entry), now: i })),
    )
    const model = foldTable(log)
    expect(out.map(asModel)).toEqual(model.changes)
    expect(new Map([...states].map(([key, row]) => [key, canonicalRow(rowEntries(row!))]))).toEqual(
      new Map([...model.table].map(([key, row]) => [key, canonicalRow(row)])),
    )
  })

describe("table properties", () => {
  it("equals a fold of the log: same changelog, same final rows, deleted keys gone", () => {
    fc.assert(matchesModel(table))
  })

  it("canary: a table that ignores action = deleted (the seed's bug) is caught", () => {
    const ignoresDeletes = makeTable({ deletes: () => false })
    expect(fc.check(matchesModel(ignoresDeletes)).failed).toBe(true)
  })
})
