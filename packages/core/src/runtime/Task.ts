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
 * them by timestamp (ties: topic order, then offset), as Kafka Streams picks the oldest head.
 */
export const pollMerged = (positions: ReadonlyMap<string, number>, partition: number, max: number) =>
  Effect.gen(function* () {
    const log = yield* PartitionedLog
    const merged: Array<LogRecord> = []
    for (const [topic, position] of positions) {
      const records = yield* log.poll(topic, partition, position, max)
      for (const record of records) if (record.offset >= position) merged.push(record)
    }
    // Array.prototype.sort is stable, so equal timestamps keep topic order, then offset order.
    return merged.sort((a, b) => a.timestamp - b.timestamp)
  })
