// A task: one partition of one consumer group's co-partitioned topics, processed a batch at a
// time from its committed offsets. Task kinds (processor, repartitioner) share this shape.
import { Effect } from "effect"
import { PartitionedLog } from "./PartitionedLog.ts"
import type { LogRecord } from "./Records.ts"
import type { LogError, StoreError } from "./RuntimeErrors.ts"
import { StateStore } from "./StateStore.ts"

/** A running task; dropping it (after a failure) loses only uncommitted work. */
export interface Task {
  readonly id: string
  /** Polls, processes and commits one batch; answers how much it did (0 = idle). */
  readonly runBatch: Effect.Effect<number, LogError | StoreError, PartitionedLog | StateStore>
}

/** A kind of task: its group, its co-partitioned topics, and how to start one for a partition. */
export interface TaskKind {
  readonly group: string
  readonly topics: ReadonlyArray<string>
  /** Loads the committed offsets (and anything else restored) and answers the task. */
  readonly start: (partition: number) => Effect.Effect<Task, StoreError, PartitionedLog | StateStore>
}

/** Committed next offsets of a group's topics on one partition. */
export const loadPositions = (group: string, topics: ReadonlyArray<string>, partition: number) =>
  Effect.gen(function* () {
    const store = yield* StateStore
    const positions = new Map<string, number>()
    for (const topic of topics) positions.set(topic, yield* store.committedOffset(group, topic, partition))
    return positions
  })

/**
 * Polls every topic of a partition from its position, skipping re-delivered records, and merges
 * them as Kafka Streams does: always the head with the oldest timestamp (ties: topic order), so
 * each topic's records stay in offset order even when their timestamps are not (repartition topics
 * interleave several producers), and the last record of a topic is its highest offset.
 */
export const pollMerged = (positions: ReadonlyMap<string, number>, partition: number, max: number) =>
  Effect.gen(function* () {
    const log = yield* PartitionedLog
    const queues: Array<ReadonlyArray<LogRecord>> = []
    for (const [topic, position] of positions) {
      const records = yield* log.poll(topic, partition, position, max)
      queues.push(records.filter((record) => record.offset >= position))
    }
    const heads = queues.map(() => 0)
    const merged: Array<LogRecord> = []
    for (;;) {
      let pick = -1
      for (let q = 0; q < queues.length; q++) {
        const head = queues[q]![heads[q]!]
        if (head !== undefined && (pick < 0 || head.timestamp < queues[pick]![heads[pick]!]!.timestamp))
          pick = q
      }
      if (pick < 0) return merged
      merged.push(queues[pick]![heads[pick]!]!)
      heads[pick]!++
    }
  })
