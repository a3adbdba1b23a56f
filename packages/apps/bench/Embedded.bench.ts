// Embedded mode end to end: the queueing and purchase apps on LMDB in this process, fed by a
// seeded producer over 10,000 keys. Records consumed per second (every batch a durable commit),
// batch-commit latency, and RSS after 1M and 5M semaphore records whose resources keep finishing.
// Run: pnpm bench Embedded   (BENCH_RECORDS=<n> scales the 5M run down for a quick look)
import type { BenchFigure, BenchSuite } from "../../core/bench/ReducerThroughput.ts"
import { reservationApp } from "../../core/src/reservation/ReservationTopology.ts"
import { semaphoreApp } from "../../core/src/semaphore/SemaphoreTopology.ts"
import { runEmbedded } from "./EmbeddedRun.ts"
import { purchaseWorkload, semaphoreWorkload } from "./EmbeddedWorkloads.ts"

const total = Number(process.env.BENCH_RECORDS ?? 5_000_000)
const early = Math.min(1_000_000, Math.floor(total / 5))

const suite: BenchSuite = {
  name: "embedded mode (LMDB, durable commits, one process)",
  run: async () => {
    const figures: Array<BenchFigure> = []
    // Finished ids are remembered 2 s, so released resources are deleted at their timers.
    const semaphore = await runEmbedded(
      semaphoreApp({ partitions: 4, config: { rememberMs: 2_000 } }),
      semaphoreWorkload(1),
      total,
      [early, total],
    )
    figures.push(
      { name: "queueing: records consumed", value: semaphore.recordsPerSecond, unit: "records/s" },
      { name: "queueing: batch commit p50", value: semaphore.commitLatencyMsP50, unit: "ms" },
      { name: "queueing: batch commit p99", value: semaphore.commitLatencyMsP99, unit: "ms" },
      { name: "queueing: commits", value: semaphore.commits, unit: "commits" },
      {
        name: `queueing: RSS after ${early.toLocaleString("en-US")} records`,
        value: semaphore.rssMb[0]!,
        unit: "MB",
      },
      {
        name: `queueing: RSS after ${total.toLocaleString("en-US")} records`,
        value: semaphore.rssMb[1]!,
        unit: "MB",
      },
      {
        name: `queueing: heap after ${early.toLocaleString("en-US")} records`,
        value: semaphore.heapMb[0]!,
        unit: "MB",
      },
      {
        name: `queueing: heap after ${total.toLocaleString("en-US")} records`,
        value: semaphore.heapMb[1]!,
        unit: "MB",
      },
    )
    const purchases = Math.min(total, 1_000_000)
    const purchase = await runEmbedded(reservationApp({ partitions: 4 }), purchaseWorkload(2), purchases, [
      purchases,
    ])
    figures.push(
      { name: "purchase: records consumed", value: purchase.recordsPerSecond, unit: "records/s" },
      { name: "purchase: batch commit p50", value: purchase.commitLatencyMsP50, unit: "ms" },
      { name: "purchase: batch commit p99", value: purchase.commitLatencyMsP99, unit: "ms" },
      {
        name: `purchase: RSS after ${purchases.toLocaleString("en-US")} records`,
        value: purchase.rssMb[0]!,
        unit: "MB",
      },
    )
    return figures
  },
}

export default suite
