// Appending to the LMDB log inside a write transaction: offsets are assigned from the partition
// head read in the same transaction, so appends and commits that share a batch never collide.
import { Buffer } from "node:buffer"
import { partitionForKey } from "@streamfold/core"
import type { LogRecord, ProducerRecord, RecordPosition } from "@streamfold/core/runtime"
import type { LmdbEnv, PartitionHead, StoredRecord } from "./LmdbEnv.ts"
import { LmdbRejected } from "./LmdbKeys.ts"

/** The first offset of an empty partition. */
export const emptyHead: PartitionHead = { next: 0, start: 0, bytes: 0 }

/** Bytes a record counts for retention by size: key, value, headers and a fixed overhead. */
export const recordBytes = (record: StoredRecord): number => {
  let bytes = 24 + (record[0] === null ? 0 : Buffer.byteLength(record[0])) + (record[1]?.byteLength ?? 0)
  for (const [name, value] of record[3]) bytes += Buffer.byteLength(name) + Buffer.byteLength(value)
  return bytes
}

/** The stored form of a record back as the port's LogRecord (bytes copied out of LMDB's buffers). */
export const toLogRecord = (
  topic: string,
  partition: number,
  offset: number,
  stored: StoredRecord,
): LogRecord => ({
  topic,
  partition,
  offset,
  key: stored[0],
  value: stored[1] === null ? null : new Uint8Array(stored[1]),
  timestamp: stored[2],
  headers: Object.fromEntries(stored[3]),
})

const headerPairs = (record: ProducerRecord): ReadonlyArray<readonly [string, string]> => {
  const pairs = record.headers === undefined ? [] : Object.entries(record.headers)
  for (const [, value] of pairs)
    if (typeof value !== "string") throw new LmdbRejected(`header values must be strings (${record.topic})`)
  return pairs
}

/** Appends `records` in the current write transaction; returns where each landed, in order. */
export const appendRecords = (
  env: LmdbEnv,
  records: ReadonlyArray<ProducerRecord>,
  now: number,
): ReadonlyArray<RecordPosition> => {
  const heads = new Map<string, { topic: string; partition: number; head: PartitionHead }>()
  const positions: Array<RecordPosition> = []
  for (const record of records) {
    const meta = env.topics.get(record.topic)
    if (meta === undefined) throw new LmdbRejected(`unknown topic ${record.topic}`)
    let partition = record.partition
    if (partition === undefined) {
      if (record.key !== null) partition = partitionForKey(record.key, meta.partitions)
      else {
        const cursor = env.unkeyedCursor.get(record.topic) ?? 0
        env.unkeyedCursor.set(record.topic, cursor + 1)
        partition = cursor % meta.partitions
      }
    }
    if (!Number.isInteger(partition) || partition < 0 || partition >= meta.partitions)
      throw new LmdbRejected(`partition ${partition} out of range for ${record.topic} (${meta.partitions})`)
    if (record.value !== null && !(record.value instanceof Uint8Array))
      throw new LmdbRejected(`record value must be bytes or null (${record.topic})`)
    const timestamp = record.timestamp ?? now
    if (!Number.isFinite(timestamp)) throw new LmdbRejected(`invalid timestamp ${timestamp}`)
    const slot = `${partition}:${record.topic}`
    let entry = heads.get(slot)
    if (entry === undefined) {
      entry = { topic: record.topic, partition, head: env.heads.get([record.topic, partition]) ?? emptyHead }
      heads.set(slot, entry)
    }
    const stored: StoredRecord = [record.key, record.value, timestamp, headerPairs(record)]
    const offset = entry.head.next
    env.log.putSync([record.topic, partition, offset], stored)
    entry.head = { next: offset + 1, start: entry.head.start, bytes: entry.head.bytes + recordBytes(stored) }
    positions.push({ topic: record.topic, partition, offset })
  }
  for (const { topic, partition, head } of heads.values()) env.heads.putSync([topic, partition], head)
  return positions
}
