// Everything an app left behind, as comparable data: every record of every topic it declares or
// creates (DLQ and repartition topics included) and every entry of its stores, on any adapter.
import { isDeepStrictEqual } from "node:util"
import { partitionForKey } from "@streamfold/core"
import {
  type App,
  appTopics,
  deadLetterHeaders,
  type LogRecord,
  PartitionedLog,
  StateStore,
} from "@streamfold/core/runtime"
import { Effect } from "effect"

/** A record without its offset: key, value as text, timestamp and headers. */
export interface SnapshotRecord {
  readonly key: string | null
  readonly value: string | null
  readonly timestamp: number
  readonly headers: Readonly<Record<string, string>>
}

/** Topic → partition → origin → records in log order; store → partition → [key, value] in key order. */
export interface AppSnapshot {
  readonly topics: Record<string, Array<Record<string, Array<SnapshotRecord>>>>
  readonly stores: Record<string, Array<Array<readonly [string, string]>>>
  readonly counts: Record<string, number>
}

/**
 * Which task wrote a record of a partition. Kafka orders a partition per producer, not across
 * producers: outputs keyed away from their input key (answers keyed by purchaseId, re-keyed
 * purchases, dead letters) interleave by task in whatever order the tasks commit, crash or not.
 */
export type Origin = (topic: string, record: LogRecord) => string

const text = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes))

/** Reads every topic and store of `app`. */
export const snapshot = (app: App, origin: Origin) =>
  Effect.gen(function* () {
    const log = yield* PartitionedLog
    const store = yield* StateStore
    const topics: AppSnapshot["topics"] = {}
    const counts: AppSnapshot["counts"] = {}
    for (const { name } of appTopics(app)) {
      const partitions = yield* log.partitions(name)
      topics[name] = []
      counts[name] = 0
      for (let p = 0; p < partitions; p++) {
        const groups: Record<string, Array<SnapshotRecord>> = {}
        for (const r of yield* log.poll(name, p, 0, Number.MAX_SAFE_INTEGER)) {
          const o = origin(name, r)
          groups[o] ??= []
          groups[o].push({ key: r.key, value: text(r.value), timestamp: r.timestamp, headers: r.headers })
          counts[name]++
        }
        topics[name].push(groups)
      }
    }
    const stores: AppSnapshot["stores"] = {}
    for (const { _erased: p } of app.processors) {
      stores[p.store] = []
      for (let partition = 0; partition < p.partitions; partition++)
        stores[p.store]!.push(
          (yield* store.range(p.store, partition, {})).map((e) => [e.key, text(e.value)!] as const),
        )
    }
    return { topics, stores, counts } satisfies AppSnapshot
  })

/** The crash test's origins: dead letters by source partition, answers by the item's task. */
export const crashOrigin =
  (reservationPartitions: number, purchaseCreatedPartitions: number): Origin =>
  (topic, record) => {
    if (topic.endsWith("-dlq"))
      return `${record.headers[deadLetterHeaders.topic]}/${record.headers[deadLetterHeaders.partition]}`
    if (topic === "bps-purchase-finished") {
      const { itemId } = JSON.parse(text(record.value)!) as { itemId: string }
      return `task ${partitionForKey(itemId, reservationPartitions)}`
    }
    // Purchases are produced partitioned by item, so one re-keying task forwards all of an item's.
    if (topic.endsWith("-repartition"))
      return `task ${partitionForKey(record.key!, purchaseCreatedPartitions)}`
    return "partition"
  }

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? "undefined"
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}

const firstMismatch = <A>(got: ReadonlyArray<A> | undefined, want: ReadonlyArray<A>): string | undefined => {
  const have = got ?? []
  for (let i = 0; i < Math.max(have.length, want.length); i++)
    if (!isDeepStrictEqual(have[i], want[i]))
      return `at ${i} of ${want.length} (got ${have.length}): got ${shown(have[i])}, want ${shown(want[i])}`
  return undefined
}

/** Where `got` differs from `want`: one line per differing record group, store slice or count. */
export const differences = (app: string, got: AppSnapshot, want: AppSnapshot): Array<string> => {
  const found: Array<string> = []
  if (!isDeepStrictEqual(got.counts, want.counts))
    found.push(`${app}: records per topic: got ${shown(got.counts)}, want ${shown(want.counts)}`)
  for (const [topic, partitions] of Object.entries(want.topics))
    for (const [p, groups] of partitions.entries()) {
      const origins = new Set([...Object.keys(groups), ...Object.keys(got.topics[topic]?.[p] ?? {})])
      for (const o of origins) {
        const mismatch = firstMismatch(got.topics[topic]?.[p]?.[o], groups[o] ?? [])
        if (mismatch !== undefined) found.push(`${topic}/${p} from ${o}: ${mismatch}`)
      }
    }
  for (const [store, partitions] of Object.entries(want.stores))
    for (const [p, entries] of partitions.entries()) {
      const mismatch = firstMismatch(got.stores[store]?.[p], entries)
      if (mismatch !== undefined) found.push(`store ${store}/${p}: ${mismatch}`)
    }
  return found
}
