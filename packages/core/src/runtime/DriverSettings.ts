// The driver's knobs: batch size, commit interval, idle polling and retry backoff.

/** Settings of the driver; see `defaultDriverSettings`. */
export interface DriverSettings {
  /** Most records polled from one partition at a time, and most records in one commit. */
  readonly maxBatchRecords: number
  /** Longest a task keeps adding polls to one commit (ms); Kafka Streams' exactly-once default is 100. */
  readonly commitIntervalMs: number
  /** Pause after a poll that found nothing (ms). */
  readonly idlePollMs: number
  /** Most due timers fired per batch. */
  readonly maxTimersPerBatch: number
  /** Hot key states kept per task between commits; the cache is dropped beyond this. */
  readonly maxCachedKeys: number
  /** First retry delay after a store or log failure (ms), doubling up to `retryMaxMs`. */
  readonly retryBaseMs: number
  readonly retryMaxMs: number
}

/** Defaults: 500-record batches, 100 ms commit interval, 10 ms idle polls. */
export const defaultDriverSettings: DriverSettings = {
  maxBatchRecords: 500,
  commitIntervalMs: 100,
  idlePollMs: 10,
  maxTimersPerBatch: 1000,
  maxCachedKeys: 10_000,
  retryBaseMs: 50,
  retryMaxMs: 5_000,
}
