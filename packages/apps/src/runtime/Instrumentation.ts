// Metrics around the ports: the log and the store are wrapped so every append (records out), poll
// (records in) and commit (latency) is counted without touching the driver or the adapters.
import { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import { Effect, Metric } from "effect"

/** Records appended to the log, per topic (outputs and HTTP appends). */
export const recordsOut = Metric.counter("streamfold_records_out_total", {
  description: "Records appended to the log",
})

/** Records read from the log by tasks, per topic. */
export const recordsIn = Metric.counter("streamfold_records_in_total", {
  description: "Records polled from the log",
})

/** Duration of each atomic batch commit (state, timers, offsets, outputs). */
export const commitLatency = Metric.histogram("streamfold_commit_latency_ms", {
  description: "Batch commit latency in milliseconds",
  boundaries: Metric.exponentialBoundaries({ start: 0.25, factor: 2, count: 16 }),
})

/** Entries per store (summed over this instance's partitions), refreshed on each scrape. */
export const storeEntries = Metric.gauge("streamfold_store_entries", {
  description: "Entries held per state store",
})

/** Records not yet consumed, per processor group and input topic, refreshed on each scrape. */
export const consumerLag = Metric.gauge("streamfold_consumer_lag", {
  description: "Records appended but not yet consumed, per group and topic",
})

const countByTopic = (
  metric: typeof recordsIn,
  records: ReadonlyArray<{ readonly topic: string }>,
): Effect.Effect<void> => {
  const counts = new Map<string, number>()
  for (const r of records) counts.set(r.topic, (counts.get(r.topic) ?? 0) + 1)
  return Effect.forEach(counts, ([topic, n]) => Metric.update(Metric.withAttributes(metric, { topic }), n), {
    discard: true,
  })
}

/** The log, counting what is appended and polled. */
export const instrumentLog = (log: PartitionedLog["Service"]): PartitionedLog["Service"] =>
  PartitionedLog.of({
    ...log,
    append: (records) => Effect.tap(log.append(records), () => countByTopic(recordsOut, records)),
    poll: (topic, partition, offset, max) =>
      Effect.tap(log.poll(topic, partition, offset, max), (polled) => countByTopic(recordsIn, polled)),
  })

/** The store, timing every commit and counting the outputs it appends. */
export const instrumentStore = (store: StateStore["Service"]): StateStore["Service"] =>
  StateStore.of({
    ...store,
    commit: (unit) =>
      Effect.suspend(() => {
        const started = performance.now()
        return Effect.tap(store.commit(unit), () =>
          Effect.andThen(
            Metric.update(commitLatency, performance.now() - started),
            countByTopic(recordsOut, unit.outputs),
          ),
        )
      }),
  })
