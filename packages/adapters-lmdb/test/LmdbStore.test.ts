// What the contract suite cannot see about the LMDB store: all-or-nothing commits that fail midway
// (also beside a neighbour in the same LMDB transaction), long and odd keys, and reopening the files.
import type { CommitUnit } from "@streamfold/core/runtime"
import { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { LmdbEngine } from "../src/LmdbEngine.ts"
import { removeTempDataDirs, runEmbedded, tempDataDir } from "./TempDataDir.ts"

afterAll(removeTempDataDirs)

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (value: Uint8Array | undefined): string | undefined =>
  value === undefined ? undefined : new TextDecoder().decode(value)
const unit = (part: Partial<CommitUnit>): CommitUnit => ({
  writes: [],
  timers: [],
  offsets: [],
  outputs: [],
  ...part,
})

/** Everything a store partition and its neighbours hold, for before/after comparisons. */
const snapshot = Effect.gen(function* () {
  const store = yield* StateStore
  const log = yield* PartitionedLog
  return {
    state: (yield* store.range("s", 0, {})).map((e) => [e.key, text(e.value)]),
    timers: yield* store.dueTimers("s", 0, Number.MAX_SAFE_INTEGER, 100),
    offset: yield* store.committedOffset("g", "in", 0),
    outputs: yield* log.endOffset("out", 0),
  }
})

const seeded = Effect.gen(function* () {
  const log = yield* PartitionedLog
  const store = yield* StateStore
  yield* log.createTopics([{ name: "out", partitions: 1 }])
  yield* store.commit(
    unit({
      writes: [{ store: "s", partition: 0, key: "old", value: bytes("kept") }],
      timers: [{ store: "s", partition: 0, key: "old", dueAt: 10 }],
      offsets: [{ group: "g", topic: "in", partition: 0, offset: 1 }],
      outputs: [{ topic: "out", key: "a", value: bytes("first") }],
    }),
  )
})

/** A unit whose last output is not bytes: LMDB has applied every other part when it throws. */
const throwsMidway = unit({
  offsets: [{ group: "g", topic: "in", partition: 0, offset: 9 }],
  outputs: [
    { topic: "out", key: "b", value: bytes("lost") },
    { topic: "out", key: "c", value: 42 as unknown as Uint8Array },
  ],
  timers: [
    { store: "s", partition: 0, key: "old", dueAt: null },
    { store: "s", partition: 0, key: "new", dueAt: 5 },
  ],
  writes: [
    { store: "s", partition: 0, key: "old", value: null },
    { store: "s", partition: 0, key: "new", value: bytes("x") },
  ],
})

describe("LmdbStore", () => {
  it("applies nothing of a commit that throws midway, and fails with a non-retriable StoreError", async () => {
    const result = await runEmbedded(
      tempDataDir(),
      Effect.gen(function* () {
        yield* seeded
        const before = yield* snapshot
        const error = yield* Effect.flip((yield* StateStore).commit(throwsMidway))
        return { before, after: yield* snapshot, error }
      }),
    )
    expect(result.error._tag).toBe("StoreError")
    expect(result.error.retriable).toBe(false)
    expect(result.after).toEqual(result.before)
    expect(result.before.state).toEqual([["old", "kept"]])
  })

  it("aborts only the failing commit of a group-committed batch; its neighbours land", async () => {
    const result = await runEmbedded(
      tempDataDir(),
      Effect.gen(function* () {
        yield* seeded
        const store = yield* StateStore
        const engine = yield* LmdbEngine
        const before = engine.stats()
        const good = (key: string) =>
          store.commit(unit({ writes: [{ store: "s", partition: 1, key, value: bytes(key) }] }))
        const outcomes = yield* Effect.all(
          [good("left"), Effect.flip(store.commit(throwsMidway)), good("right")],
          { concurrency: "unbounded" },
        )
        const after = engine.stats()
        return {
          failed: outcomes[1]._tag,
          transactions: after.transactions - before.transactions,
          neighbours: (yield* store.range("s", 1, {})).map((e) => e.key),
          untouched: yield* snapshot,
        }
      }),
    )
    expect(result.failed).toBe("StoreError")
    expect(result.transactions).toBe(1)
    expect(result.neighbours).toEqual(["left", "right"])
    expect(result.untouched.state).toEqual([["old", "kept"]])
    expect(result.untouched.offset).toBe(1)
    expect(result.untouched.outputs).toBe(1)
  })

  it("stores long keys with NULs and control characters, and prototype names, in UTF-8 order", async () => {
    const keys = [
      "a\u0000",
      `a\u0000${"z".repeat(70)}`,
      `a\u0001${"y".repeat(70)}`,
      "__proto__",
      "constructor",
      "\uffff",
      "😀",
      "é",
      "",
    ]
    const read = await runEmbedded(
      tempDataDir(),
      Effect.gen(function* () {
        const store = yield* StateStore
        yield* store.commit(
          unit({ writes: keys.map((key) => ({ store: "s", partition: 0, key, value: bytes(key) })) }),
        )
        return yield* store.range("s", 0, {})
      }),
    )
    const utf8Order = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    expect(read.map((e) => e.key)).toEqual(utf8Order)
    expect(read.map((e) => text(e.value))).toEqual(utf8Order)
  })

  it("rejects a key longer than LMDB allows without applying the commit", async () => {
    const result = await runEmbedded(
      tempDataDir(),
      Effect.gen(function* () {
        const store = yield* StateStore
        const error = yield* Effect.flip(
          store.commit(
            unit({
              writes: [
                { store: "s", partition: 0, key: "fine", value: bytes("1") },
                { store: "s", partition: 0, key: "k".repeat(3000), value: bytes("2") },
              ],
            }),
          ),
        )
        return { error, count: yield* store.count("s", 0) }
      }),
    )
    expect(result.error.retriable).toBe(false)
    expect(result.count).toBe(0)
  })

  it("keeps state, timers, offsets, outputs and topics across closing and reopening the environment", async () => {
    const path = tempDataDir()
    await runEmbedded(path, seeded)
    const reopened = await runEmbedded(
      path,
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        return {
          ...(yield* snapshot),
          partitions: yield* log.partitions("out"),
          records: (yield* log.poll("out", 0, 0, 10)).map((r) => [
            r.offset,
            r.key,
            new TextDecoder().decode(r.value!),
          ]),
        }
      }),
    )
    expect(reopened).toEqual({
      state: [["old", "kept"]],
      timers: [{ store: "s", partition: 0, key: "old", dueAt: 10 }],
      offset: 1,
      outputs: 1,
      partitions: 1,
      records: [[0, "a", "first"]],
    })
  })
})
