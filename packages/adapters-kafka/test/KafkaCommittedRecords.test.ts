// read_committed filtering against a model: a transactional record is delivered iff its
// transaction ends with a COMMIT marker; markers themselves never are; offsets below the fetch
// offset are dropped; at most `max` come back, in order. A canary that ignores aborts must fail.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { RawMessage } from "../src/internal/KafkaInternals.ts"
import { type AbortedTransaction, committedRecords } from "../src/KafkaCommittedRecords.ts"

type Op =
  | { readonly _tag: "Plain" }
  | { readonly _tag: "InTxn"; readonly producer: number }
  | { readonly _tag: "End"; readonly producer: number; readonly commit: boolean }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ _tag: "Plain" }),
  fc.integer({ min: 0, max: 2 }).map((producer): Op => ({ _tag: "InTxn", producer })),
  fc
    .record({ producer: fc.integer({ min: 0, max: 2 }), commit: fc.boolean() })
    .map(({ producer, commit }): Op => ({ _tag: "End", producer, commit })),
)

const marker = (commit: boolean): Buffer => {
  const key = Buffer.alloc(4)
  key.writeInt16BE(0, 0)
  key.writeInt16BE(commit ? 1 : 0, 2)
  return key
}

interface Log {
  readonly messages: ReadonlyArray<RawMessage>
  /** Aborted transactions with the offset of their ABORT marker. */
  readonly aborted: ReadonlyArray<AbortedTransaction & { readonly markerOffset: number }>
  /** Model: the offsets a read_committed reader sees. */
  readonly committed: ReadonlyArray<number>
}

/** Lays the ops out as a partition the way a broker would, closing open transactions by commit. */
const layOut = (ops: ReadonlyArray<Op>): Log => {
  const messages: Array<RawMessage> = []
  const aborted: Array<AbortedTransaction & { markerOffset: number }> = []
  const open = new Map<number, Array<number>>() // producer → offsets of its open transaction
  const firsts = new Map<number, number>()
  const committed = new Set<number>()
  const push = (producer: number, inTransaction: boolean, control: Buffer | null) => {
    const offset = messages.length
    messages.push({
      offset: String(offset),
      timestamp: String(1_000 + offset),
      key: control ?? Buffer.from(`k${offset}`),
      value: control === null ? Buffer.from(`v${offset}`) : null,
      headers: control === null ? { h: Buffer.from("x") } : {},
      isControlRecord: control !== null,
      batchContext: {
        producerId: String(producer),
        inTransaction,
        firstOffset: String(offset),
        lastOffsetDelta: 0,
      },
    })
    return offset
  }
  const end = (producer: number, commit: boolean) => {
    const offsets = open.get(producer)
    if (offsets === undefined) return
    open.delete(producer)
    if (commit) for (const o of offsets) committed.add(o)
    const markerOffset = push(producer, true, marker(commit))
    if (!commit)
      aborted.push({ producerId: String(producer), firstOffset: String(firsts.get(producer)), markerOffset })
  }
  for (const op of ops) {
    if (op._tag === "Plain") committed.add(push(100, false, null))
    else if (op._tag === "InTxn") {
      const offset = push(op.producer, true, null)
      if (!open.has(op.producer)) {
        open.set(op.producer, [])
        firsts.set(op.producer, offset)
      }
      open.get(op.producer)!.push(offset)
    } else end(op.producer, op.commit)
  }
  for (const producer of [...open.keys()]) end(producer, true)
  return { messages, aborted, committed: [...committed].sort((a, b) => a - b) }
}

const scenario = fc
  .array(opArb, { maxLength: 40 })
  .map(layOut)
  .chain((log) =>
    fc.record({
      log: fc.constant(log),
      from: fc.nat({ max: log.messages.length + 2 }),
      max: fc.integer({ min: 1, max: 50 }),
    }),
  )
  .chain(({ log, from, max }) =>
    // The broker answers from a batch boundary at or before the fetch offset.
    fc.record({
      log: fc.constant(log),
      from: fc.constant(from),
      max: fc.constant(max),
      slice: fc.nat({ max: from }),
    }),
  )

type Filter = typeof committedRecords

const holds = (filter: Filter) =>
  fc.property(scenario, ({ log, from, max, slice }) => {
    // As the broker answers: the aborted transactions that end at or after the fetch offset.
    const listed = log.aborted.filter((a) => a.markerOffset >= from)
    const out = filter("t", 3, log.messages.slice(slice), listed, from, max)
    expect(out.map((r) => r.offset)).toEqual(log.committed.filter((o) => o >= from).slice(0, max))
    for (const r of out) {
      expect(r).toMatchObject({ topic: "t", partition: 3, key: `k${r.offset}`, timestamp: 1_000 + r.offset })
      expect(Buffer.from(r.value!).toString()).toBe(`v${r.offset}`)
      expect(r.headers).toEqual({ h: "x" })
    }
  })

describe("committedRecords", () => {
  it("delivers exactly the committed data records from the fetch offset on, at most max", () => {
    fc.assert(holds(committedRecords))
  })

  it("canary: a filter that ignores the aborted-transaction list is caught", () => {
    const ignoresAborts: Filter = (topic, partition, messages, _aborted, from, max) =>
      committedRecords(topic, partition, messages, [], from, max)
    expect(fc.check(holds(ignoresAborts)).failed).toBe(true)
  })

  it("reads header names that would touch a prototype as plain data", () => {
    const [record] = committedRecords(
      "t",
      0,
      [
        {
          offset: "0",
          timestamp: "5",
          key: null,
          value: null,
          headers: JSON.parse('{"__proto__":"a","constructor":["b","c"]}'),
          isControlRecord: false,
          batchContext: { producerId: "1", inTransaction: false, firstOffset: "0", lastOffsetDelta: 0 },
        },
      ],
      [],
      0,
      10,
    )
    expect(record).toMatchObject({ key: null, value: null })
    expect(Object.entries(record!.headers)).toEqual([
      ["__proto__", "a"],
      ["constructor", "c"],
    ])
  })
})
