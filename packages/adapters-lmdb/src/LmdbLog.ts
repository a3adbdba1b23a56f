// The durable partitioned log of embedded mode (PartitionedLog on LMDB): records under ordered
// [topic, partition, offset] keys, appends that resolve once flushed (group-committed with every
// concurrent writer), polling by range scan, and in-process consumer groups.
import type { TopicSpec } from "@streamfold/core/runtime"
import { LogError, PartitionedLog, TopologyError } from "@streamfold/core/runtime"
import { Clock, Effect, Layer } from "effect"
import { appendRecords, emptyHead, toLogRecord } from "./internal/LmdbAppend.ts"
import type { LmdbEnv, TopicMeta } from "./internal/LmdbEnv.ts"
import { LmdbRejected } from "./internal/LmdbKeys.ts"
import type { LmdbOpenError, LmdbOptions } from "./LmdbEngine.ts"
import * as LmdbEngine from "./LmdbEngine.ts"
import { makeGroups } from "./LmdbGroups.ts"

/** Kafka's legal topic names; they also keep ordered-binary keys unambiguous. */
const legalTopic = /^[a-zA-Z0-9._-]{1,249}$/

/** A foreign failure as a LogError: rejected input cannot be retried, anything else may. */
export const toLogError =
  (operation: string) =>
  (cause: unknown): LogError =>
    new LogError({
      operation,
      retriable: !(cause instanceof LmdbRejected) && !/closed/i.test(String(cause)),
      message: cause instanceof Error ? cause.message : String(cause),
      cause,
    })

// A spec's settings over the existing ones: what the spec leaves out stays as it is, so a topology
// declaring a topic bare keeps the retention an operator (or an earlier spec) gave it.
const metaOf = (spec: TopicSpec, existing: TopicMeta | undefined): TopicMeta => {
  const retentionMs = spec.retentionMs ?? existing?.retentionMs
  const retentionBytes = spec.retentionBytes ?? existing?.retentionBytes
  return {
    partitions: spec.partitions,
    compacted: spec.compacted ?? existing?.compacted ?? false,
    ...(retentionMs === undefined ? {} : { retentionMs }),
    ...(retentionBytes === undefined ? {} : { retentionBytes }),
  }
}

const sameMeta = (a: TopicMeta, b: TopicMeta): boolean =>
  a.partitions === b.partitions &&
  a.compacted === b.compacted &&
  a.retentionMs === b.retentionMs &&
  a.retentionBytes === b.retentionBytes

const topicMeta = (env: LmdbEnv, topic: string) => {
  const meta = env.topics.get(topic)
  return meta === undefined
    ? Effect.fail(new TopologyError({ message: `topic ${topic} does not exist` }))
    : Effect.succeed(meta)
}

const knownPartition = (env: LmdbEnv, operation: string, topic: string, partition: number) => {
  const meta = env.topics.get(topic)
  if (meta === undefined)
    return Effect.fail(new LogError({ operation, retriable: false, message: `unknown topic ${topic}` }))
  if (!Number.isInteger(partition) || partition < 0 || partition >= meta.partitions)
    return Effect.fail(
      new LogError({ operation, retriable: false, message: `unknown partition ${topic}-${partition}` }),
    )
  return Effect.void
}

/** The log service on an open environment. */
export const fromEnv = (env: LmdbEnv): typeof PartitionedLog.Service => {
  const groups = makeGroups()
  return {
    createTopics: (specs) =>
      Effect.gen(function* () {
        const changed: Array<readonly [string, TopicMeta]> = []
        for (const spec of specs) {
          if (!legalTopic.test(spec.name))
            return yield* new TopologyError({ message: `illegal topic name ${JSON.stringify(spec.name)}` })
          if (!Number.isInteger(spec.partitions) || spec.partitions < 1)
            return yield* new TopologyError({ message: `topic ${spec.name} needs ≥ 1 partitions` })
          const existing = env.topics.get(spec.name)
          if (existing !== undefined && existing.partitions !== spec.partitions)
            return yield* new TopologyError({
              message: `topic ${spec.name} has ${existing.partitions} partitions, not ${spec.partitions}`,
            })
          const meta = metaOf(spec, existing)
          if (existing === undefined || !sameMeta(existing, meta)) changed.push([spec.name, meta])
        }
        if (changed.length === 0) return
        yield* Effect.tryPromise({
          try: () =>
            env.write(() => {
              for (const [name, meta] of changed) {
                const stored = env.topicsDb.get(name)
                if (stored !== undefined && stored.partitions !== meta.partitions)
                  throw new LmdbRejected(`topic ${name} was created concurrently with other partitions`)
                env.topicsDb.putSync(name, meta)
              }
            }),
          catch: toLogError("createTopics"),
        })
        for (const [name, meta] of changed) env.topics.set(name, meta)
      }),

    partitions: (topic) => Effect.map(topicMeta(env, topic), (meta) => meta.partitions),

    append: (records) =>
      records.length === 0
        ? Effect.succeed([])
        : Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.tryPromise({
              try: () => env.write(() => appendRecords(env, records, now)),
              catch: toLogError("append"),
            }),
          ),

    poll: (topic, partition, offset, max) =>
      Effect.flatMap(knownPartition(env, "poll", topic, partition), () =>
        Effect.try({
          try: () => {
            if (max <= 0) return []
            const range = env.log.getRange({
              start: [topic, partition, Math.max(0, offset)],
              end: [topic, partition + 1],
              limit: max,
            })
            return Array.from(range, ({ key, value }) => toLogRecord(topic, partition, key[2], value))
          },
          catch: toLogError("poll"),
        }),
      ),

    endOffset: (topic, partition) =>
      Effect.flatMap(knownPartition(env, "endOffset", topic, partition), () =>
        Effect.try({
          try: () => (env.heads.get([topic, partition]) ?? emptyHead).next,
          catch: toLogError("endOffset"),
        }),
      ),

    startOffset: (topic, partition) =>
      Effect.flatMap(knownPartition(env, "startOffset", topic, partition), () =>
        Effect.try({
          try: () => (env.heads.get([topic, partition]) ?? emptyHead).start,
          catch: toLogError("startOffset"),
        }),
      ),

    join: (group, topics, member) =>
      Effect.gen(function* () {
        if (topics.length === 0)
          return yield* new TopologyError({ message: `group ${group} joins no topics` })
        const counts = yield* Effect.forEach(topics, (topic) =>
          Effect.map(topicMeta(env, topic), (meta) => meta.partitions),
        )
        const partitions = counts[0]!
        if (counts.some((count) => count !== partitions))
          return yield* new TopologyError({
            message: `co-partitioned topics disagree: ${topics.map((t, i) => `${t}=${counts[i]}`).join(", ")}`,
          })
        return yield* groups.join(group, topics, partitions, member)
      }),
  }
}

/** The log on the engine in context. */
export const make = Effect.map(LmdbEngine.LmdbEngine, fromEnv)

/** PartitionedLog from an LmdbEngine layer (share one engine with LmdbStore). */
export const layerFromEngine: Layer.Layer<PartitionedLog, never, LmdbEngine.LmdbEngine> = Layer.effect(
  PartitionedLog,
  make,
)

/** PartitionedLog on its own environment at `options.path`. */
export const layer = (
  options: LmdbOptions,
): Layer.Layer<PartitionedLog | LmdbEngine.LmdbEngine, LmdbOpenError> =>
  Layer.provideMerge(layerFromEngine, LmdbEngine.layer(options))
