// Runs one app in embedded mode (LMDB in a temp DATA_DIR) in this process while a producer appends
// a seeded workload, keeping the lag bounded. Measures records consumed per second (each batch a
// durable commit), batch-commit latency through a timing StateStore, and RSS at checkpoints.
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { LmdbEmbedded } from "@streamfold/adapters-lmdb"
import {
  type App,
  appTopics,
  defaultDriverSettings,
  PartitionedLog,
  processorGroup,
  repartitionGroup,
  repartitionTopic,
  runTopology,
  StateStore,
} from "@streamfold/core/runtime"
import { Effect } from "effect"
import type { Workload } from "./EmbeddedWorkloads.ts"

/** What one run measured. */
export interface EmbeddedRunResult {
  readonly recordsPerSecond: number
  readonly commitLatencyMsP50: number
  readonly commitLatencyMsP99: number
  readonly commits: number
  /** Memory once each checkpoint's records were consumed (after a full GC). */
  readonly memory: ReadonlyArray<MemoryFigures>
}

/** Resident memory (MB): all, anonymous (heap and native allocations), file-backed (LMDB's map). */
export interface MemoryFigures {
  readonly rssMb: number
  readonly rssAnonMb: number
  readonly rssFileMb: number
  readonly heapMb: number
}

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void

// Linux reports the split in /proc; elsewhere only the total is known.
const statusMb = (field: string): number => {
  try {
    const line = readFileSync("/proc/self/status", "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))
    return line === null ? Number.NaN : Number(line[1]) / 1024
  } catch {
    return Number.NaN
  }
}

const measure = (): MemoryFigures => {
  gc()
  const usage = process.memoryUsage()
  return {
    rssMb: usage.rss / 2 ** 20,
    rssAnonMb: statusMb("RssAnon"),
    rssFileMb: statusMb("RssFile"),
    heapMb: usage.heapUsed / 2 ** 20,
  }
}

const chunk = 5_000
const maxLag = 20_000

const quantile = (sorted: ReadonlyArray<number>, q: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

/** Appends `total` records of `workload` while `app` consumes them; answers once all are consumed. */
export const runEmbedded = async (
  app: App,
  workload: Workload,
  total: number,
  checkpoints: ReadonlyArray<number>,
): Promise<EmbeddedRunResult> => {
  const path = mkdtempSync(join(tmpdir(), "streamfold-bench-"))
  const program = Effect.gen(function* () {
    const log = yield* PartitionedLog
    const store = yield* StateStore
    const latencies: Array<number> = []
    const timed = StateStore.of({
      ...store,
      commit: (unit) =>
        Effect.suspend(() => {
          const started = performance.now()
          return Effect.tap(store.commit(unit), () =>
            Effect.sync(() => latencies.push(performance.now() - started)),
          )
        }),
    })
    // Input taken in: the processors' offsets on their direct inputs plus the re-keying groups' on
    // theirs; `lagging` counts what the processors still have to read from repartition topics.
    const positionsOf = (group: string, topic: string, partitions: number) =>
      Effect.gen(function* () {
        let consumed = 0
        let lag = 0
        for (let partition = 0; partition < partitions; partition++) {
          const committed = yield* store.committedOffset(group, topic, partition)
          consumed += committed
          lag += (yield* log.endOffset(topic, partition)) - committed
        }
        return { consumed, lag }
      })
    const consumedOf = Effect.gen(function* () {
      let consumed = 0
      let lagging = 0
      for (const { _erased: p } of app.processors)
        for (const input of p.inputs) {
          const group =
            input.rekey === undefined
              ? processorGroup(app.name, p.name)
              : repartitionGroup(app.name, p.name, input.topic)
          consumed += (yield* positionsOf(group, input.topic, yield* log.partitions(input.topic))).consumed
          if (input.rekey !== undefined)
            lagging += (yield* positionsOf(
              processorGroup(app.name, p.name),
              repartitionTopic(app.name, p.name),
              p.partitions,
            )).lag
        }
      return lagging > 0 ? Math.min(consumed, total - 1) : consumed
    })
    // Time-based retention keeps the log (and its mapped pages) from growing with the run; set on
    // every topic, internal ones too, before runTopology declares them bare (which keeps it).
    yield* log.createTopics(appTopics(app).map((t) => ({ ...t, retentionMs: 120_000 })))
    const running = yield* Effect.provideService(
      runTopology(app, { memberId: "bench" }, defaultDriverSettings),
      StateStore,
      timed,
    )
    yield* running.awaitReady
    const started = performance.now()
    let appended = 0
    let consumed = 0
    const memory: Array<MemoryFigures> = []
    while (consumed < total) {
      if (appended < total && appended - consumed < maxLag) {
        const records = workload(Math.min(chunk, total - appended))
        yield* log.append(records)
        appended += records.length
      } else yield* Effect.sleep(5)
      consumed = yield* consumedOf
      while (memory.length < checkpoints.length && consumed >= checkpoints[memory.length]!)
        memory.push(measure())
    }
    const seconds = (performance.now() - started) / 1000
    const sorted = [...latencies].sort((a, b) => a - b)
    return {
      recordsPerSecond: total / seconds,
      commitLatencyMsP50: quantile(sorted, 0.5),
      commitLatencyMsP99: quantile(sorted, 0.99),
      commits: latencies.length,
      memory,
    }
  })
  try {
    return await Effect.runPromise(
      program.pipe(
        Effect.scoped,
        Effect.provide(LmdbEmbedded.layer({ path, retentionCheckIntervalMs: 5_000 })),
      ),
    )
  } finally {
    rmSync(path, { recursive: true, force: true })
  }
}
