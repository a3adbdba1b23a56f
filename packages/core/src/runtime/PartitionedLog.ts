// Port: a partitioned, append-only log with consumer groups — Kafka's model, implemented in
// memory, on LMDB (embedded mode) and on Kafka. Every adapter passes test/conformance.
import type { Effect, Scope, Stream } from "effect"
import { Context } from "effect"
import type { LogRecord, ProducerRecord, RecordPosition, TopicSpec } from "./Records.ts"
import type { LogError, TopologyError } from "./RuntimeErrors.ts"

/** One member of a consumer group, as the group's assignment advertises it. */
export interface GroupMember {
  readonly memberId: string
  /** Where this member answers interactive queries (e.g. `http://10.0.0.5:8080`), if anywhere. */
  readonly endpoint?: string
}

/** A group's assignment as seen by one member: its own partitions and everyone's. */
export interface Assignment {
  /** Bumped on every rebalance. */
  readonly generation: number
  /** Partitions (task ids) this member owns now. */
  readonly partitions: ReadonlyArray<number>
  /** Every member's partitions, for routing queries to owners. */
  readonly members: ReadonlyArray<GroupMember & { readonly partitions: ReadonlyArray<number> }>
}

/** A live membership; leaving the scope leaves the group. */
export interface Membership {
  /** The latest assignment (empty partitions while a rebalance is in progress). */
  readonly current: Effect.Effect<Assignment>
  /** Every assignment from the first on; a revoked partition disappears from the next one. */
  readonly changes: Stream.Stream<Assignment>
}

/** The partitioned log port. */
export class PartitionedLog extends Context.Service<
  PartitionedLog,
  {
    /**
     * Creates missing topics; an existing topic with another partition count is a TopologyError.
     * An existing topic keeps the settings a spec leaves out (retention, compaction), as in Kafka.
     */
    readonly createTopics: (specs: ReadonlyArray<TopicSpec>) => Effect.Effect<void, LogError | TopologyError>
    /** The partition count of a topic (TopologyError when it does not exist). */
    readonly partitions: (topic: string) => Effect.Effect<number, LogError | TopologyError>
    /** Appends durably (fsync / acks=all) and answers where each record landed, in order. */
    readonly append: (
      records: ReadonlyArray<ProducerRecord>,
    ) => Effect.Effect<ReadonlyArray<RecordPosition>, LogError>
    /** Up to `max` records of one partition from `offset` on (committed records only). */
    readonly poll: (
      topic: string,
      partition: number,
      offset: number,
      max: number,
    ) => Effect.Effect<ReadonlyArray<LogRecord>, LogError>
    /** The offset the next appended record of the partition will get. */
    readonly endOffset: (topic: string, partition: number) => Effect.Effect<number, LogError>
    /** The first offset still held (after retention). */
    readonly startOffset: (topic: string, partition: number) => Effect.Effect<number, LogError>
    /** Joins a consumer group for co-partitioned topics; partitions are split among members. */
    readonly join: (
      group: string,
      topics: ReadonlyArray<string>,
      member: GroupMember,
    ) => Effect.Effect<Membership, LogError | TopologyError, Scope.Scope>
  }
>()("@streamfold/core/runtime/PartitionedLog") {}
