// The LMDB log beyond the contract: group commit of concurrent appends, retention by age and size
// (against a model, and by the cleaner fiber), offsets across reopen, in-process groups, bad input.
import { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import { Effect, Exit, Fiber, Scope, Stream } from "effect"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { LmdbEngine } from "../src/LmdbEngine.ts"
import { applyRetention } from "../src/LmdbRetention.ts"
import { removeTempDataDirs, runEmbedded, tempDataDir } from "./TempDataDir.ts"

afterAll(removeTempDataDirs)

describe("LmdbLog", () => {
  it("group-commits 1,000 concurrent appends into a few LMDB transactions, offsets dense and in order", async () => {
    const result = await runEmbedded(
      tempDataDir(),
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        const engine = yield* LmdbEngine
        yield* log.createTopics([{ name: "t", partitions: 4 }])
        const before = engine.stats()
        const positions = yield* Effect.forEach(
          Array.from({ length: 1000 }, (_, i) => i),
          (i) => log.append([{ topic: "t", key: `k${i}`, value: new Uint8Array([i & 0xff]) }]),
          { concurrency: "unbounded" },
        )
        const after = engine.stats()
        const polled = yield* Effect.forEach([0, 1, 2, 3], (p) => log.poll("t", p, 0, 10_000))
        return { positions: positions.flat(), transactions: after.transactions - before.transactions, polled }
      }),
    )
    expect(result.transactions).toBeLessThanOrEqual(10)
    for (let p = 0; p < 4; p++) {
      const mine = result.positions.filter((x) => x.partition === p).map((x) => x.offset)
      expect(mine).toEqual(Array.from({ length: mine.length }, (_, i) => i))
      expect(result.polled[p]!.map((r) => r.offset)).toEqual(mine)
    }
  })

  describe("retention", () => {
    // The accounting the adapter documents: 24 bytes per record plus key, value and headers.
    const recordArb = fc.record({
      timestamp: fc.integer({ min: 0, max: 1000 }),
      size: fc.integer({ min: 0, max: 50 }),
    })
    const settingsArb = fc.record({
      retentionMs: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      retentionBytes: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    })

    /** Model: drop from the oldest while the record is too old or the partition too big. */
    const keptFrom = (
      records: ReadonlyArray<{ timestamp: number; size: number }>,
      settings: { retentionMs?: number | undefined; retentionBytes?: number | undefined },
      now: number,
    ): number => {
      let total = records.reduce((sum, r) => sum + 24 + r.size, 0)
      let start = 0
      for (const r of records) {
        const old = settings.retentionMs !== undefined && r.timestamp < now - settings.retentionMs
        const big = settings.retentionBytes !== undefined && total > settings.retentionBytes
        if (!old && !big) break
        total -= 24 + r.size
        start++
      }
      return start
    }

    it("deletes the oldest records exactly as the model says, and keeps offsets and new appends going", async () => {
      let round = 0
      await runEmbedded(
        tempDataDir(),
        Effect.gen(function* () {
          const log = yield* PartitionedLog
          const engine = yield* LmdbEngine
          const context = yield* Effect.context<PartitionedLog | LmdbEngine>()
          const property = fc.asyncProperty(
            fc.array(recordArb, { maxLength: 40 }),
            settingsArb,
            fc.integer({ min: 0, max: 2000 }),
            (records, settings, now) =>
              Effect.runPromiseWith(context)(
                Effect.gen(function* () {
                  const topic = `retention-${round++}`
                  yield* log.createTopics([
                    {
                      name: topic,
                      partitions: 1,
                      ...(settings.retentionMs === undefined ? {} : { retentionMs: settings.retentionMs }),
                      ...(settings.retentionBytes === undefined
                        ? {}
                        : { retentionBytes: settings.retentionBytes }),
                    },
                  ])
                  yield* log.append(
                    records.map((r) => ({
                      topic,
                      key: null,
                      partition: 0,
                      value: new Uint8Array(r.size),
                      timestamp: r.timestamp,
                    })),
                  )
                  yield* Effect.promise(() => applyRetention(engine, now, [topic]))
                  const start = yield* log.startOffset(topic, 0)
                  const end = yield* log.endOffset(topic, 0)
                  const remaining = (yield* log.poll(topic, 0, 0, 1000)).map((r) => r.offset)
                  const next = yield* log.append([{ topic, key: null, partition: 0, value: null }])
                  const expected = keptFrom(records, settings, now)
                  expect(start).toBe(expected)
                  expect(end).toBe(records.length)
                  expect(remaining).toEqual(
                    Array.from({ length: records.length - expected }, (_, i) => expected + i),
                  )
                  expect(next[0]!.offset).toBe(records.length)
                }),
              ),
          )
          yield* Effect.promise(() => fc.assert(property))
        }),
      )
    })

    it("runs in the background: the cleaner fiber deletes expired records, whatever groups have consumed", async () => {
      const result = await runEmbedded(
        tempDataDir(),
        Effect.gen(function* () {
          const log = yield* PartitionedLog
          const store = yield* StateStore
          yield* log.createTopics([{ name: "events", partitions: 1, retentionMs: 60_000 }])
          yield* log.append([
            { topic: "events", key: "old", value: null, timestamp: 0 },
            { topic: "events", key: "old", value: null, timestamp: 1 },
            { topic: "events", key: "fresh", value: null },
          ])
          // No group has consumed anything: as in Kafka, retention does not wait for consumers.
          const committed = yield* store.committedOffset("g", "events", 0)
          for (let attempt = 0; attempt < 250 && (yield* log.startOffset("events", 0)) === 0; attempt++)
            yield* Effect.sleep(20)
          return {
            committed,
            start: yield* log.startOffset("events", 0),
            fromZero: (yield* log.poll("events", 0, 0, 10)).map((r) => [r.offset, r.key]),
          }
        }),
        { retentionCheckIntervalMs: 10 },
      )
      expect(result).toEqual({ committed: 0, start: 2, fromZero: [[2, "fresh"]] })
    })
  })

  it("keeps a topic's retention when a later spec (even after reopening) declares it without one", async () => {
    const path = tempDataDir()
    const declare = (spec: Parameters<typeof PartitionedLog.Service.createTopics>[0][number]) =>
      Effect.flatMap(PartitionedLog, (log) => log.createTopics([spec]))
    await runEmbedded(path, declare({ name: "t", partitions: 1, retentionMs: 1_000, retentionBytes: 10_000 }))
    const result = await runEmbedded(
      path,
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        const engine = yield* LmdbEngine
        // As runTopology does: the same topic, bare.
        yield* declare({ name: "t", partitions: 1 })
        const kept = engine.topics.get("t")
        yield* log.append([
          { topic: "t", key: "old", value: null, timestamp: 0 },
          { topic: "t", key: "new", value: null, timestamp: 5_000 },
        ])
        const deleted = yield* Effect.promise(() => applyRetention(engine, 5_500))
        // A spec that names a setting changes only that one.
        yield* declare({ name: "t", partitions: 1, retentionMs: 60_000 })
        return { kept, deleted, start: yield* log.startOffset("t", 0), changed: engine.topics.get("t") }
      }),
    )
    expect(result).toEqual({
      kept: { partitions: 1, compacted: false, retentionMs: 1_000, retentionBytes: 10_000 },
      deleted: 1,
      start: 1,
      changed: { partitions: 1, compacted: false, retentionMs: 60_000, retentionBytes: 10_000 },
    })
  })

  it("continues offsets after reopening, with retention's start offset kept", async () => {
    const path = tempDataDir()
    const append = (n: number) =>
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        yield* log.createTopics([{ name: "t", partitions: 2, retentionBytes: 0 }])
        return yield* log.append(
          Array.from({ length: n }, () => ({ topic: "t", key: null, partition: 1, value: null })),
        )
      })
    await runEmbedded(path, append(3))
    await runEmbedded(
      path,
      Effect.flatMap(LmdbEngine, (engine) => Effect.promise(() => applyRetention(engine, 0))),
    )
    const after = await runEmbedded(
      path,
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        const positions = yield* append(2)
        return { positions: positions.map((p) => p.offset), start: yield* log.startOffset("t", 1) }
      }),
    )
    expect(after).toEqual({ positions: [3, 4], start: 3 })
  })

  it("publishes every assignment of an in-process member on `changes`, and refuses a duplicate member", async () => {
    const result = await runEmbedded(
      tempDataDir(),
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        yield* log.createTopics([{ name: "in", partitions: 3 }])
        const outer = yield* Scope.make()
        const first = yield* Scope.provide(outer)(log.join("g", ["in"], { memberId: "a" }))
        const seen = yield* Effect.forkChild(Stream.runCollect(Stream.take(first.changes, 3)))
        yield* Effect.sleep(10)
        const inner = yield* Scope.make()
        yield* Scope.provide(inner)(log.join("g", ["in"], { memberId: "b" }))
        const duplicate = yield* Effect.flip(Scope.provide(inner)(log.join("g", ["in"], { memberId: "b" })))
        yield* Scope.close(inner, Exit.void)
        const changes = yield* Fiber.join(seen)
        yield* Scope.close(outer, Exit.void)
        return { changes: [...changes].map((a) => [a.generation, a.partitions]), duplicate: duplicate._tag }
      }),
    )
    expect(result.changes).toEqual([
      [1, [0, 1, 2]],
      [2, [0, 2]],
      [3, [0, 1, 2]],
    ])
    expect(result.duplicate).toBe("LogError")
  })

  it("answers bad input with tagged errors: illegal topic names, unknown topics and partitions", async () => {
    const result = await runEmbedded(
      tempDataDir(),
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        yield* log.createTopics([{ name: "t", partitions: 2 }])
        return [
          yield* Effect.flip(log.createTopics([{ name: "bad name/ü", partitions: 1 }])),
          yield* Effect.flip(log.append([{ topic: "nope", key: "k", value: null }])),
          yield* Effect.flip(log.append([{ topic: "t", key: "k", value: null, partition: 2 }])),
          yield* Effect.flip(log.poll("t", 5, 0, 10)),
          yield* Effect.flip(log.endOffset("nope", 0)),
        ].map((e) => [e._tag, "retriable" in e ? e.retriable : undefined])
      }),
    )
    expect(result).toEqual([
      ["TopologyError", undefined],
      ["LogError", false],
      ["LogError", false],
      ["LogError", false],
      ["LogError", false],
    ])
  })
})
