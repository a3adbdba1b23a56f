// PartitionedLog on Apache Kafka through kafkajs: topics through the admin client, appends through
// an idempotent acks=all producer placing keys by murmur2 itself, polls as read_committed Fetch
// requests to the partition leader (KafkaFetcher), and groups through KafkaGroupMembership.
// Offsets are read_committed: endOffset is the last stable offset (the end unless a transaction is
// open), and offsets skip transaction markers and aborted records.
import { partitionForKey } from "@streamfold/core"
import type { ProducerRecord, RecordPosition, TopicSpec } from "@streamfold/core/runtime"
import { LogError, PartitionedLog, TopologyError } from "@streamfold/core/runtime"
import { Config, Effect, Layer } from "effect"
import { type Admin, Kafka, type KafkaConfig, logLevel, type Producer } from "kafkajs"
import { makeCluster, type RawCluster } from "./internal/KafkaInternals.ts"
import { makeAppendBatcher } from "./KafkaAppendBatcher.ts"
import { makeKafkaFetcher } from "./KafkaFetcher.ts"
import { defaultGroupSettings, joinKafkaGroup, type KafkaGroupSettings } from "./KafkaGroupMembership.ts"
import { isStale, toLogError } from "./KafkaLogError.ts"
import { makeLeaderProduce } from "./KafkaProduce.ts"

/** How to reach the cluster and how to use it. */
export interface KafkaLogOptions {
  readonly brokers: ReadonlyArray<string>
  readonly clientId?: string
  /** Replicas of created topics; absent uses the broker's `default.replication.factor`. */
  readonly replicationFactor?: number
  /** Group timings; see KafkaGroupSettings. */
  readonly group?: Partial<KafkaGroupSettings>
  /** Bytes one poll asks of a partition (the broker still returns a first larger batch whole). */
  readonly fetchMaxBytes?: number
  /** Further kafkajs client settings (ssl, sasl, timeouts, logLevel). */
  readonly client?: Omit<KafkaConfig, "brokers" | "clientId">
}

/** Kafka's legal topic names. */
const legalTopic = /^[a-zA-Z0-9._-]{1,249}$/

const configEntries = (spec: TopicSpec): Array<{ name: string; value: string }> => {
  const entries = [
    {
      name: "cleanup.policy",
      value:
        spec.compacted === true ? (spec.retentionMs === undefined ? "compact" : "compact,delete") : "delete",
    },
    // The port's "absent keeps them": Kafka's default would delete after 7 days.
    { name: "retention.ms", value: String(spec.retentionMs ?? -1) },
  ]
  if (spec.retentionBytes !== undefined)
    entries.push({ name: "retention.bytes", value: String(spec.retentionBytes) })
  return entries
}

/** The log service over connected clients. */
const service = (
  kafka: Kafka,
  admin: Admin,
  producer: Producer,
  cluster: RawCluster,
  options: KafkaLogOptions,
): typeof PartitionedLog.Service => {
  const counts = new Map<string, number>()
  const unkeyed = new Map<string, number>()
  const groupSettings: KafkaGroupSettings = { ...defaultGroupSettings, ...options.group }
  const fetchMaxBytes = options.fetchMaxBytes ?? 1_048_576

  /**
   * Partition counts from fresh metadata; missing topics are absent from the answer. On several
   * nodes a new topic reaches each broker's metadata at its own pace, so "unknown" is asked again.
   */
  const describe = async (topics: ReadonlyArray<string>): Promise<Map<string, number>> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics())
        const wanted = topics.filter((t) => existing.has(t))
        const found = new Map<string, number>()
        if (wanted.length === 0) return found
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics: wanted })
        for (const t of metadata) found.set(t.name, t.partitions.length)
        return found
      } catch (cause) {
        if (attempt >= 50 || !isStale(cause)) throw cause
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  }

  /** Whether every partition of `topics` has a leader; a topic not yet in metadata has none. */
  const haveLeaders = async (topics: ReadonlyArray<string>): Promise<boolean> => {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] })
      return metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
    } catch (cause) {
      if (isStale(cause)) return false
      throw cause
    }
  }

  const partitionCount = (operation: string, topic: string) =>
    Effect.suspend(() => {
      const known = counts.get(topic)
      if (known !== undefined) return Effect.succeed(known)
      return Effect.tryPromise({ try: () => describe([topic]), catch: toLogError(operation) }).pipe(
        Effect.flatMap((found) => {
          const count = found.get(topic)
          if (count === undefined)
            return Effect.fail(new TopologyError({ message: `topic ${topic} does not exist` }))
          counts.set(topic, count)
          return Effect.succeed(count)
        }),
      )
    })

  /** A partition that exists, or a non-retriable LogError (as the other adapters answer). */
  const knownPartition = (operation: string, topic: string, partition: number) =>
    partitionCount(operation, topic).pipe(
      Effect.catchTag("TopologyError", (e) =>
        Effect.fail(new LogError({ operation, retriable: false, message: e.message })),
      ),
      Effect.flatMap((count) =>
        Number.isInteger(partition) && partition >= 0 && partition < count
          ? Effect.void
          : Effect.fail(
              new LogError({
                operation,
                retriable: false,
                message: `unknown partition ${topic}-${partition}`,
              }),
            ),
      ),
    )

  const fetcher = makeKafkaFetcher(cluster, fetchMaxBytes)
  const batcher = makeAppendBatcher(makeLeaderProduce(producer, cluster))

  return {
    createTopics: (specs) =>
      Effect.gen(function* () {
        for (const spec of specs) {
          if (!legalTopic.test(spec.name))
            return yield* new TopologyError({ message: `illegal topic name ${JSON.stringify(spec.name)}` })
          if (!Number.isInteger(spec.partitions) || spec.partitions < 1)
            return yield* new TopologyError({ message: `topic ${spec.name} needs ≥ 1 partitions` })
        }
        if (specs.length === 0) return
        const names = specs.map((s) => s.name)
        const mismatch = (found: ReadonlyMap<string, number>) => {
          for (const spec of specs) {
            const count = found.get(spec.name)
            if (count !== undefined && count !== spec.partitions)
              return new TopologyError({
                message: `topic ${spec.name} has ${count} partitions, not ${spec.partitions}`,
              })
          }
          return undefined
        }
        const before = yield* Effect.tryPromise({
          try: () => describe(names),
          catch: toLogError("createTopics"),
        })
        const early = mismatch(before)
        if (early !== undefined) return yield* early
        const missing = specs.filter((s) => !before.has(s.name))
        if (missing.length === 0) return
        yield* Effect.tryPromise({
          try: async () => {
            // waitForLeaders is unreliable on several nodes; we poll metadata below instead.
            await admin.createTopics({
              waitForLeaders: false,
              topics: missing.map((spec) => ({
                topic: spec.name,
                numPartitions: spec.partitions,
                ...(options.replicationFactor === undefined
                  ? {}
                  : { replicationFactor: options.replicationFactor }),
                configEntries: configEntries(spec),
              })),
            })
            for (let attempt = 0; ; attempt++) {
              if (await haveLeaders(missing.map((s) => s.name))) return
              if (attempt >= 300)
                throw new LogError({
                  operation: "createTopics",
                  retriable: true,
                  message: "created topics have no leaders after 30 s",
                })
              await new Promise((resolve) => setTimeout(resolve, 100))
            }
          },
          catch: toLogError("createTopics"),
        })
        // Someone may have created one concurrently with another partition count.
        const after = yield* Effect.tryPromise({
          try: () => describe(names),
          catch: toLogError("createTopics"),
        })
        const late = mismatch(after)
        if (late !== undefined) return yield* late
        for (const [name, count] of after) counts.set(name, count)
        yield* Effect.tryPromise({
          try: () => cluster.refreshMetadata(),
          catch: toLogError("createTopics"),
        }).pipe(Effect.ignore)
      }),

    partitions: (topic) =>
      Effect.gen(function* () {
        counts.delete(topic)
        return yield* partitionCount("partitions", topic)
      }),

    append: (records) =>
      Effect.gen(function* () {
        if (records.length === 0) return []
        const groups = new Map<string, { topic: string; partition: number; records: Array<ProducerRecord> }>()
        const placed: Array<{ group: string; index: number }> = []
        for (const record of records) {
          const count = yield* partitionCount("append", record.topic).pipe(
            Effect.catchTag("TopologyError", (e) =>
              Effect.fail(new LogError({ operation: "append", retriable: false, message: e.message })),
            ),
          )
          let partition = record.partition
          if (partition === undefined) {
            if (record.key !== null) partition = partitionForKey(record.key, count)
            else {
              const cursor = unkeyed.get(record.topic) ?? 0
              unkeyed.set(record.topic, cursor + 1)
              partition = cursor % count
            }
          }
          if (!Number.isInteger(partition) || partition < 0 || partition >= count)
            return yield* new LogError({
              operation: "append",
              retriable: false,
              message: `unknown partition ${record.topic}-${partition}`,
            })
          const group = `${record.topic}\u0000${partition}`
          const entry = groups.get(group) ?? { topic: record.topic, partition, records: [] }
          groups.set(group, entry)
          placed.push({ group, index: entry.records.length })
          entry.records.push(record)
        }
        const bases = yield* Effect.tryPromise({
          try: () => batcher.submit(groups),
          catch: toLogError("append"),
        })
        return placed.map(({ group, index }): RecordPosition => {
          const { topic, partition } = groups.get(group)!
          return { topic, partition, offset: bases.get(group)! + index }
        })
      }),

    poll: (topic, partition, offset, max) =>
      Effect.flatMap(knownPartition("poll", topic, partition), () =>
        max <= 0
          ? Effect.succeed([])
          : Effect.tryPromise({
              try: () => fetcher.poll(topic, partition, Math.max(0, offset), max),
              catch: toLogError("poll"),
            }),
      ),

    endOffset: (topic, partition) =>
      Effect.flatMap(knownPartition("endOffset", topic, partition), () =>
        Effect.tryPromise({
          try: () => fetcher.offset(topic, partition, false),
          catch: toLogError("endOffset"),
        }),
      ),

    startOffset: (topic, partition) =>
      Effect.flatMap(knownPartition("startOffset", topic, partition), () =>
        Effect.tryPromise({
          try: () => fetcher.offset(topic, partition, true),
          catch: toLogError("startOffset"),
        }),
      ),

    join: (group, topics, member) =>
      Effect.gen(function* () {
        if (topics.length === 0)
          return yield* new TopologyError({ message: `group ${group} joins no topics` })
        // Fresh counts: a topic may have been created (or re-created) by someone else.
        const found = yield* Effect.forEach(topics, (topic) =>
          Effect.suspend(() => {
            counts.delete(topic)
            return partitionCount("join", topic)
          }),
        )
        const partitions = found[0]!
        if (found.some((count) => count !== partitions))
          return yield* new TopologyError({
            message: `co-partitioned topics disagree: ${topics.map((t, i) => `${t}=${found[i]}`).join(", ")}`,
          })
        return yield* joinKafkaGroup(kafka, group, topics, partitions, member, groupSettings)
      }),
  }
}

/** Connects the admin, the producer and a fetch cluster; leaving the scope disconnects them. */
export const make = (options: KafkaLogOptions) =>
  Effect.gen(function* () {
    const kafka = yield* Effect.try({
      try: () =>
        new Kafka({
          // kafkajs logs every error answer (a heartbeat during a rebalance); our errors carry causes.
          logLevel: logLevel.NOTHING,
          ...options.client,
          brokers: [...options.brokers],
          clientId: options.clientId ?? "streamfold",
        }),
      catch: toLogError("connect"),
    })
    const connect = <A extends { connect: () => Promise<void>; disconnect: () => Promise<void> }>(
      operation: string,
      client: () => A,
    ) =>
      Effect.acquireRelease(
        Effect.tryPromise({
          try: async () => {
            const made = client()
            await made.connect()
            return made
          },
          catch: toLogError(operation),
        }),
        (made) => Effect.promise(() => made.disconnect().catch(() => undefined)),
      )
    const admin = yield* connect("connect admin", () => kafka.admin())
    const producer = yield* connect("connect producer", () =>
      kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }),
    )
    const cluster = yield* connect("connect fetcher", () => makeCluster(kafka))
    return service(kafka, admin, producer, cluster, options)
  })

/** The brokers named by `KAFKA_BROKERS` (comma separated host:port). */
export const brokersConfig: Config.Config<ReadonlyArray<string>> = Config.String("KAFKA_BROKERS").pipe(
  Config.map((value) =>
    value
      .split(",")
      .map((broker) => broker.trim())
      .filter((broker) => broker !== ""),
  ),
)

/** PartitionedLog on the Kafka cluster at `options.brokers`. */
export const layer = (options: KafkaLogOptions): Layer.Layer<PartitionedLog, LogError> =>
  Layer.effect(PartitionedLog, make(options))

/** PartitionedLog configured from `KAFKA_BROKERS` (or the given config). */
export const layerConfig = (
  config: Config.Config<KafkaLogOptions> = Config.map(brokersConfig, (brokers) => ({ brokers })),
): Layer.Layer<PartitionedLog, LogError | Config.ConfigError> =>
  Layer.effect(PartitionedLog, Effect.flatMap(config, make))
