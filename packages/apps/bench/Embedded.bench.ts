// Embedded mode end to end: the queueing and purchase apps on LMDB in this process, fed by a
// seeded producer over 10,000 keys. Records consumed per second (every batch a durable commit),
// batch-commit latency, and memory after 1M and 5M semaphore records whose resources keep finishing.
// Run: pnpm bench Embedded   (BENCH_RECORDS=<n> scales the 5M run down for a quick look)

import { reservationApp } from "@streamfold/core/reservation"
import { semaphoreApp } from "@streamfold/core/semaphore"
import type { BenchFigure, BenchSuite } from "../../core/bench/ReducerThroughput.ts"
import { type EmbeddedRunResult, type MemoryFigures, runEmbedded } from "./EmbeddedRun.ts"
import { purchaseWorkload, semaphoreWorkload } from "./EmbeddedWorkloads.ts"

const total = Number(process.env.BENCH_RECORDS ?? 5_000_000)
const early = Math.min(1_000_000, Math.floor(total / 5))
const purchases = Math.min(total, 300_000)

const memoryFigures = (app: string, after: number, m: MemoryFigures): Array<BenchFigure> => {
  const at = `${app}: after ${after.toLocaleString("en-US")}:`
  return [
    { name: `${at} RSS`, value: m.rssMb, unit: "MB" },
    { name: `${at} RSS anonymous`, value: m.rssAnonMb, unit: "MB" },
    { name: `${at} RSS file (LMDB map)`, value: m.rssFileMb, unit: "MB" },
    { name: `${at} JS heap`, value: m.heapMb, unit: "MB" },
  ]
}

const speedFigures = (app: string, r: EmbeddedRunResult): Array<BenchFigure> => [
  { name: `${app}: records consumed`, value: r.recordsPerSecond, unit: "records/s" },
  { name: `${app}: batch commit p50`, value: r.commitLatencyMsP50, unit: "ms" },
  { name: `${app}: batch commit p99`, value: r.commitLatencyMsP99, unit: "ms" },
  { name: `${app}: commits`, value: r.commits, unit: "commits" },
]

const suite: BenchSuite = {
  name: "embedded mode (LMDB, durable commits, one process)",
  run: async () => {
    // Finished ids are remembered 2 s, so released resources are deleted at their timers.
    const queueing = await runEmbedded(
      semaphoreApp({ partitions: 4, config: { rememberMs: 2_000 } }),
      semaphoreWorkload(1),
      total,
      [early, total],
    )
    const purchase = await runEmbedded(reservationApp({ partitions: 4 }), purchaseWorkload(2), purchases, [
      purchases,
    ])
    return [
      ...speedFigures("queueing", queueing),
      ...memoryFigures("queueing", early, queueing.memory[0]!),
      ...memoryFigures("queueing", total, queueing.memory[1]!),
      ...speedFigures("purchase", purchase),
      ...memoryFigures("purchase", purchases, purchase.memory[0]!),
    ]
  },
}

export default suite
