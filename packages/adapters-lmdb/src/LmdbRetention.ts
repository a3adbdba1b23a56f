// Retention of the embedded log: deletes a partition's oldest records once they are older than the
// topic's `retentionMs` or while it holds more than `retentionBytes`. As in Kafka, consumers do not
// hold records back: a group that falls behind resumes from the new start offset.
import { Clock, Effect, Schedule } from "effect"
import { recordBytes } from "./internal/LmdbAppend.ts"
import type { LmdbEnv, TopicMeta } from "./internal/LmdbEnv.ts"

/** Records deleted per transaction, so one cleaning pass never holds the writer for long. */
const deleteBatch = 5_000

const cleanPartitionOnce = (env: LmdbEnv, topic: string, meta: TopicMeta, partition: number, now: number) =>
  env.write(() => {
    const head = env.heads.get([topic, partition])
    if (head === undefined || head.start >= head.next) return 0
    const doomed: Array<number> = []
    let { start, bytes } = head
    for (const { key, value } of env.log.getRange({
      start: [topic, partition, head.start],
      end: [topic, partition + 1],
      limit: deleteBatch,
    })) {
      const expired = meta.retentionMs !== undefined && value[2] < now - meta.retentionMs
      const oversized = meta.retentionBytes !== undefined && bytes > meta.retentionBytes
      if (!expired && !oversized) break
      doomed.push(key[2])
      bytes -= recordBytes(value)
      start = key[2] + 1
    }
    for (const offset of doomed) env.log.removeSync([topic, partition, offset])
    if (doomed.length > 0) env.heads.putSync([topic, partition], { next: head.next, start, bytes })
    return doomed.length
  })

/** Whether the partition's oldest record is due for deletion (a read, so idle passes cost no fsync). */
const oldestIsDoomed = (
  env: LmdbEnv,
  topic: string,
  meta: TopicMeta,
  partition: number,
  now: number,
): boolean => {
  const head = env.heads.get([topic, partition])
  if (head === undefined || head.start >= head.next) return false
  if (meta.retentionBytes !== undefined && head.bytes > meta.retentionBytes) return true
  if (meta.retentionMs === undefined) return false
  const oldest = env.log.get([topic, partition, head.start])
  return oldest !== undefined && oldest[2] < now - meta.retentionMs
}

/** One cleaning pass over the topics with a retention setting (all, or those given); answers records deleted. */
export const applyRetention = async (
  env: LmdbEnv,
  now: number,
  topics?: ReadonlyArray<string>,
): Promise<number> => {
  let deleted = 0
  for (const [topic, meta] of env.topics) {
    if (meta.retentionMs === undefined && meta.retentionBytes === undefined) continue
    if (topics !== undefined && !topics.includes(topic)) continue
    for (let partition = 0; partition < meta.partitions; partition++) {
      while (oldestIsDoomed(env, topic, meta, partition, now)) {
        const batch = await cleanPartitionOnce(env, topic, meta, partition, now)
        deleted += batch
        if (batch < deleteBatch) break
      }
    }
  }
  return deleted
}

/** The periodic cleaner: a pass every `intervalMs`, failures logged and retried next time. */
export const retentionCleaner = (env: LmdbEnv, intervalMs: number): Effect.Effect<void> =>
  Clock.currentTimeMillis.pipe(
    Effect.flatMap((now) => Effect.tryPromise(() => applyRetention(env, now))),
    Effect.tapError((cause) => Effect.logWarning("LMDB retention pass failed", cause)),
    Effect.ignore,
    Effect.repeat(Schedule.spaced(intervalMs)),
    Effect.asVoid,
  )
