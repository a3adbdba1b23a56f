// The record shapes that cross the ports: what is appended to a log and what is read back.
// Keys are strings (the seeds' keys are UTF-8 text); values are raw bytes, decoded by the driver.

/** Headers on a record, as text. */
export type RecordHeaders = Readonly<Record<string, string>>

/** A record to append. Without `partition`, the log places it by murmur2 of the key. */
export interface ProducerRecord {
  readonly topic: string
  readonly key: string | null
  readonly value: Uint8Array | null
  readonly partition?: number
  readonly timestamp?: number
  readonly headers?: RecordHeaders
}

/** A record as stored in a partition. `value: null` is a tombstone. */
export interface LogRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: number
  readonly key: string | null
  readonly value: Uint8Array | null
  readonly timestamp: number
  readonly headers: RecordHeaders
}

/** Where an appended record landed. */
export interface RecordPosition {
  readonly topic: string
  readonly partition: number
  readonly offset: number
}

/** A topic to create; `compacted` keeps the latest record per key (changelogs). */
export interface TopicSpec {
  readonly name: string
  readonly partitions: number
  readonly compacted?: boolean
  /** Delete records older than this (ms); absent keeps them. */
  readonly retentionMs?: number
  /** Delete the oldest records once a partition holds more than this many bytes. */
  readonly retentionBytes?: number
}

/** The next offset a group will consume from one partition. */
export interface ConsumedOffset {
  readonly group: string
  readonly topic: string
  readonly partition: number
  /** The offset of the next record to read (Kafka's committed-offset convention). */
  readonly offset: number
}
