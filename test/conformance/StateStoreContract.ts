// The contract every StateStore adapter passes: keyed state through commits, UTF-8 ordered
// ranges, counts, timers, committed offsets, outputs appended by commit, and all-or-nothing commits.
import { type CommitUnit, PartitionedLog, StateStore } from "@streamfold/core/runtime"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type MakeAdapter, type Ports, uniqueName, withAdapter } from "./AdapterUnderTest.ts"

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (value: Uint8Array | undefined): string | undefined =>
  value === undefined ? undefined : new TextDecoder().decode(value)

/** The reference order: plain byte comparison of the UTF-8 encodings. */
const byUtf8 = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"))

const empty: CommitUnit = { writes: [], timers: [], offsets: [], outputs: [] }
const unit = (part: Partial<CommitUnit>): CommitUnit => ({ ...empty, ...part })

// Keys mixing ASCII, BMP characters above the surrogate range, astral characters and prototype names,
// where UTF-16 order and UTF-8 byte order disagree. Keys are non-empty (the empty key has its own test).
const keyArb = fc.oneof(
  fc.string({
    minLength: 1,
    maxLength: 6,
    unit: fc.constantFrom("a", "b", "z", "A", "~", "é", "ÿ", "中", "\ue000", "\uffff", "😀", "𐀀", "\u0001"),
  }),
  fc.constantFrom("__proto__", "constructor", "hasOwnProperty", "toString"),
)

/** Runs the StateStore contract against adapters made by `makeAdapter`. */
export const stateStoreContract = (name: string, makeAdapter: MakeAdapter): void => {
  describe(`StateStore contract: ${name}`, () => {
    const run = <A, E>(effect: Effect.Effect<A, E, Ports>) => withAdapter(makeAdapter, (r) => r(effect))

    it("matches a Map model over commits of puts and deletes: get, count and ordered range", async () => {
      await withAdapter(makeAdapter, (runIn) =>
        fc.assert(
          fc.asyncProperty(
            fc.array(
              fc.array(fc.tuple(keyArb, fc.option(fc.string({ maxLength: 4 }), { nil: null })), {
                maxLength: 8,
              }),
              {
                maxLength: 6,
              },
            ),
            fc.option(keyArb, { nil: undefined }),
            fc.option(keyArb, { nil: undefined }),
            async (batches, from, to) => {
              const store = uniqueName("model")
              const model = new Map<string, string>()
              for (const batch of batches)
                for (const [k, v] of batch) v === null ? model.delete(k) : model.set(k, v)
              const probe = [...new Set(batches.flat().map(([k]) => k))]
              const result = await runIn(
                Effect.gen(function* () {
                  const s = yield* StateStore
                  for (const batch of batches)
                    yield* s.commit(
                      unit({
                        writes: batch.map(([key, v]) => ({
                          store,
                          partition: 1,
                          key,
                          value: v === null ? null : bytes(v),
                        })),
                      }),
                    )
                  const gets = yield* Effect.forEach(probe, (key) => s.get({ store, partition: 1, key }))
                  const all = yield* s.range(store, 1, {})
                  const bounded = yield* s.range(store, 1, {
                    ...(from === undefined ? {} : { from }),
                    ...(to === undefined ? {} : { to }),
                  })
                  const count = yield* s.count(store, 1)
                  const otherPartition = yield* s.count(store, 0)
                  return { gets, all, bounded, count, otherPartition }
                }),
              )
              expect(result.gets.map(text)).toEqual(probe.map((k) => model.get(k)))
              const sorted = [...model.entries()].sort(([a], [b]) => byUtf8(a, b))
              expect(result.all.map((e) => [e.key, text(e.value)])).toEqual(sorted)
              expect(result.bounded.map((e) => e.key)).toEqual(
                sorted
                  .map(([k]) => k)
                  .filter(
                    (k) =>
                      (from === undefined || byUtf8(k, from) >= 0) &&
                      (to === undefined || byUtf8(k, to) <= 0),
                  ),
              )
              expect(result.count).toBe(model.size)
              expect(result.otherPartition).toBe(0)
            },
          ),
        ),
      )
    })

    it("keeps stores and partitions apart, and stores the empty key", async () => {
      const result = await run(
        Effect.gen(function* () {
          const s = yield* StateStore
          yield* s.commit(
            unit({
              writes: [
                { store: "a", partition: 0, key: "k", value: bytes("a0") },
                { store: "a", partition: 1, key: "k", value: bytes("a1") },
                { store: "b", partition: 0, key: "k", value: bytes("b0") },
                { store: "a", partition: 0, key: "", value: bytes("empty") },
              ],
            }),
          )
          return {
            a0: text(yield* s.get({ store: "a", partition: 0, key: "k" })),
            a1: text(yield* s.get({ store: "a", partition: 1, key: "k" })),
            b0: text(yield* s.get({ store: "b", partition: 0, key: "k" })),
            b1: yield* s.get({ store: "b", partition: 1, key: "k" }),
            emptyKey: text(yield* s.get({ store: "a", partition: 0, key: "" })),
            counts: [yield* s.count("a", 0), yield* s.count("a", 1), yield* s.count("b", 0)],
            range: (yield* s.range("a", 0, {})).map((e) => e.key),
          }
        }),
      )
      expect(result).toEqual({
        a0: "a0",
        a1: "a1",
        b0: "b0",
        b1: undefined,
        emptyKey: "empty",
        counts: [2, 1, 1],
        range: ["", "k"],
      })
    })

    it("does not alias the caller's buffers", async () => {
      const value = bytes("abc")
      const read = await run(
        Effect.gen(function* () {
          const s = yield* StateStore
          yield* s.commit(unit({ writes: [{ store: "s", partition: 0, key: "k", value }] }))
          value[0] = 0x7a
          const first = yield* s.get({ store: "s", partition: 0, key: "k" })
          first![1] = 0x7a
          return text(yield* s.get({ store: "s", partition: 0, key: "k" }))
        }),
      )
      expect(read).toBe("abc")
    })

    it("keeps one timer per key: set, replace, clear; due timers earliest first, bounded by now and max", async () => {
      const result = await run(
        Effect.gen(function* () {
          const s = yield* StateStore
          const at = (key: string, dueAt: number | null, partition = 0) => ({
            store: "t",
            partition,
            key,
            dueAt,
          })
          yield* s.commit(unit({ timers: [at("a", 300), at("b", 100), at("c", 200), at("d", 50, 1)] }))
          yield* s.commit(unit({ timers: [at("a", 150), at("c", null)] }))
          return {
            early: yield* s.dueTimers("t", 0, 99, 10),
            due: (yield* s.dueTimers("t", 0, 1_000, 10)).map((t) => [t.key, t.dueAt]),
            exact: (yield* s.dueTimers("t", 0, 150, 10)).map((t) => t.key),
            limited: (yield* s.dueTimers("t", 0, 1_000, 1)).map((t) => t.key),
            other: (yield* s.dueTimers("t", 1, 1_000, 10)).map((t) => [t.store, t.partition, t.key]),
          }
        }),
      )
      expect(result).toEqual({
        early: [],
        due: [
          ["b", 100],
          ["a", 150],
        ],
        exact: ["b", "a"],
        limited: ["b"],
        other: [["t", 1, "d"]],
      })
    })

    it("stores committed offsets per group, topic and partition (0 when none)", async () => {
      const result = await run(
        Effect.gen(function* () {
          const s = yield* StateStore
          const none = yield* s.committedOffset("g", "t", 0)
          yield* s.commit(
            unit({
              offsets: [
                { group: "g", topic: "t", partition: 0, offset: 7 },
                { group: "g", topic: "u", partition: 0, offset: 3 },
              ],
            }),
          )
          yield* s.commit(unit({ offsets: [{ group: "g", topic: "t", partition: 0, offset: 9 }] }))
          return [
            none,
            yield* s.committedOffset("g", "t", 0),
            yield* s.committedOffset("g", "u", 0),
            yield* s.committedOffset("g", "t", 1),
            yield* s.committedOffset("h", "t", 0),
          ]
        }),
      )
      expect(result).toEqual([0, 9, 3, 0, 0])
    })

    it("appends a commit's outputs to the log, in order, placed by key", async () => {
      const read = await run(
        Effect.gen(function* () {
          const log = yield* PartitionedLog
          const s = yield* StateStore
          yield* log.createTopics([{ name: "out", partitions: 1 }])
          yield* s.commit(
            unit({
              outputs: [
                { topic: "out", key: "x", value: bytes("1") },
                { topic: "out", key: "y", value: null },
                { topic: "out", key: null, value: bytes("3"), partition: 0 },
              ],
            }),
          )
          return yield* log.poll("out", 0, 0, 10)
        }),
      )
      expect(
        read.map((r) => [r.offset, r.key, r.value === null ? null : new TextDecoder().decode(r.value)]),
      ).toEqual([
        [0, "x", "1"],
        [1, "y", null],
        [2, null, "3"],
      ])
    })

    it("applies nothing of a commit that fails (an output to a missing topic) and fails with StoreError", async () => {
      const result = await run(
        Effect.gen(function* () {
          const log = yield* PartitionedLog
          const s = yield* StateStore
          yield* log.createTopics([{ name: "real", partitions: 1 }])
          yield* s.commit(
            unit({
              writes: [{ store: "s", partition: 0, key: "old", value: bytes("kept") }],
              offsets: [{ group: "g", topic: "in", partition: 0, offset: 1 }],
            }),
          )
          const error = yield* Effect.flip(
            s.commit({
              writes: [
                { store: "s", partition: 0, key: "new", value: bytes("x") },
                { store: "s", partition: 0, key: "old", value: null },
              ],
              timers: [{ store: "s", partition: 0, key: "new", dueAt: 1 }],
              offsets: [{ group: "g", topic: "in", partition: 0, offset: 5 }],
              outputs: [
                { topic: "real", key: "a", value: bytes("a") },
                { topic: "no-such-topic", key: "b", value: bytes("b") },
              ],
            }),
          )
          return {
            error: error._tag,
            old: text(yield* s.get({ store: "s", partition: 0, key: "old" })),
            added: yield* s.get({ store: "s", partition: 0, key: "new" }),
            count: yield* s.count("s", 0),
            timers: yield* s.dueTimers("s", 0, 10, 10),
            offset: yield* s.committedOffset("g", "in", 0),
            outputs: yield* log.endOffset("real", 0),
          }
        }),
      )
      expect(result).toEqual({
        error: "StoreError",
        old: "kept",
        added: undefined,
        count: 1,
        timers: [],
        offset: 1,
        outputs: 0,
      })
    })
  })
}
