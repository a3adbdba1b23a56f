// Durable LMDB commits of embedded mode: batch commits (500 outputs + 500 state writes over 10,000
// keys) one task at a time and four at once, and 1,000 concurrent single-record appends that group
// commit. Every figure counts only writes that were flushed to disk (DATA_DIR under the OS temp dir).
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { CommitUnit, ProducerRecord, StateWrite } from "@streamfold/core/runtime"
import { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import { Effect } from "effect"
import type { BenchFigure, BenchSuite } from "../../core/bench/ReducerThroughput.ts"
import { seededRandom } from "../../core/bench/SeededRandom.ts"
import * as LmdbEmbedded from "../src/LmdbEmbedded.ts"
import { LmdbEngine } from "../src/LmdbEngine.ts"

const batchSize = 500
const keyCount = 10_000
const partitions = 8

/** Skewed key mix: a fifth of the keys get most of the traffic, as hot resources do. */
const keyOf = (random: () => number): string => {
  const hot = random() < 0.8
  return `resource-${Math.floor(random() * (hot ? keyCount / 5 : keyCount))}`
}

const recordValue = (random: () => number): Uint8Array => {
  const bytes = new TextEncoder().encode(
    JSON.stringify({ id: `cmd-${Math.floor(random() * 1e9)}`, type: "CONTINUING", message: "x".repeat(40) }),
  )
  return bytes
}

/** One batch as a driver commits it: state writes, one offset, outputs keyed like the input. */
const unitOf = (random: () => number, task: number, batch: number): CommitUnit => {
  const writes: Array<StateWrite> = []
  const outputs: Array<ProducerRecord> = []
  for (let i = 0; i < batchSize; i++) {
    const key = keyOf(random)
    const value = recordValue(random)
    writes.push({ store: "semaphore", partition: task, key, value })
    outputs.push({ topic: "actionable-commands", key, value, partition: task })
  }
  return {
    writes,
    timers: [],
    offsets: [
      { group: "bench", topic: "command-requests", partition: task, offset: (batch + 1) * batchSize },
    ],
    outputs,
  }
}

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

const elapsedMs = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e6

/** `tasks` tasks each commit `rounds` batches back to back; answers throughput and latency. */
const commitBatches = (tasks: number, rounds: number) =>
  Effect.gen(function* () {
    const store = yield* StateStore
    const random = seededRandom(42)
    const units = Array.from({ length: tasks }, (_, task) =>
      Array.from({ length: rounds }, (_, batch) => unitOf(random, task, batch)),
    )
    yield* store.commit(unitOf(random, 0, rounds)) // warm-up
    const latencies: Array<number> = []
    const started = process.hrtime.bigint()
    yield* Effect.forEach(
      units,
      (mine) =>
        Effect.forEach(mine, (unit) =>
          Effect.gen(function* () {
            const at = process.hrtime.bigint()
            yield* store.commit(unit)
            latencies.push(elapsedMs(at))
          }),
        ),
      { concurrency: "unbounded", discard: true },
    )
    const seconds = elapsedMs(started) / 1000
    latencies.sort((a, b) => a - b)
    return {
      commitsPerSecond: (tasks * rounds) / seconds,
      recordsPerSecond: (tasks * rounds * batchSize) / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    }
  })

/** `count` single-record appends at once, as concurrent HTTP producers; answers rate and grouping. */
const concurrentAppends = (count: number, rounds: number) =>
  Effect.gen(function* () {
    const log = yield* PartitionedLog
    const engine = yield* LmdbEngine
    const random = seededRandom(7)
    const before = engine.stats()
    const started = process.hrtime.bigint()
    for (let round = 0; round < rounds; round++)
      yield* Effect.forEach(
        Array.from({ length: count }, () => ({ key: keyOf(random), value: recordValue(random) })),
        ({ key, value }) => log.append([{ topic: "command-requests", key, value }]),
        { concurrency: "unbounded", discard: true },
      )
    const seconds = elapsedMs(started) / 1000
    const after = engine.stats()
    return {
      appendsPerSecond: (count * rounds) / seconds,
      perTransaction: (after.writes - before.writes) / (after.transactions - before.transactions),
    }
  })

/** Single-record appends one after another: the cost of one durable transaction. */
const sequentialAppends = (count: number) =>
  Effect.gen(function* () {
    const log = yield* PartitionedLog
    const random = seededRandom(9)
    const latencies: Array<number> = []
    for (let i = 0; i < count; i++) {
      const at = process.hrtime.bigint()
      yield* log.append([{ topic: "command-requests", key: keyOf(random), value: recordValue(random) }])
      latencies.push(elapsedMs(at))
    }
    latencies.sort((a, b) => a - b)
    return percentile(latencies, 50)
  })

const runSuite = (overlappingSync: boolean) =>
  Effect.gen(function* () {
    const log = yield* PartitionedLog
    yield* log.createTopics([
      { name: "command-requests", partitions },
      { name: "actionable-commands", partitions },
    ])
    const one = yield* commitBatches(1, 200)
    const four = yield* commitBatches(4, 50)
    const appends = yield* concurrentAppends(1000, 10)
    const sequentialP50 = yield* sequentialAppends(300)
    const mode = overlappingSync ? "overlappingSync" : "sync commit"
    const figures: Array<BenchFigure> = [
      {
        name: `[${mode}] 1 task: commits (500 rec + 500 writes)`,
        value: one.commitsPerSecond,
        unit: "commits/s",
      },
      { name: `[${mode}] 1 task: records`, value: one.recordsPerSecond, unit: "records/s" },
      { name: `[${mode}] 1 task: commit latency p50`, value: one.p50, unit: "ms" },
      { name: `[${mode}] 1 task: commit latency p99`, value: one.p99, unit: "ms" },
      { name: `[${mode}] 4 tasks: commits`, value: four.commitsPerSecond, unit: "commits/s" },
      { name: `[${mode}] 4 tasks: records`, value: four.recordsPerSecond, unit: "records/s" },
      { name: `[${mode}] 4 tasks: commit latency p99`, value: four.p99, unit: "ms" },
      { name: `[${mode}] 1,000 concurrent appends`, value: appends.appendsPerSecond, unit: "appends/s" },
      { name: `[${mode}] appends per LMDB transaction`, value: appends.perTransaction, unit: "appends/txn" },
      { name: `[${mode}] one append at a time, latency p50`, value: sequentialP50, unit: "ms" },
    ]
    return figures
  })

const suite: BenchSuite = {
  name: "LMDB durable commits and group commit",
  run: async () => {
    const figures: Array<BenchFigure> = []
    for (const overlappingSync of [false, true]) {
      const path = mkdtempSync(join(tmpdir(), "streamfold-lmdb-bench-"))
      try {
        figures.push(
          ...(await Effect.runPromise(
            runSuite(overlappingSync).pipe(
              Effect.provide(LmdbEmbedded.layer({ path, overlappingSync })),
              Effect.scoped,
            ),
          )),
        )
      } finally {
        rmSync(path, { recursive: true, force: true })
      }
    }
    return figures
  },
}

export default suite
