// The LMDB environment of embedded mode and its one durable write path. Every append and commit
// is an abortable child transaction; lmdb-js runs the callbacks queued in one event turn (and those
// queued while a batch runs) in one LMDB transaction, so concurrent writers share one fsync.
import type { Database, RootDatabase } from "lmdb"
import { open } from "lmdb"

/** Topic configuration as stored (the TopicSpec minus its name). */
export interface TopicMeta {
  readonly partitions: number
  readonly compacted: boolean
  readonly retentionMs?: number
  readonly retentionBytes?: number
}

/** Per-partition bookkeeping: next offset, first offset held, bytes held. */
export interface PartitionHead {
  readonly next: number
  readonly start: number
  readonly bytes: number
}

/** A log record as stored: [key, value, timestamp, header pairs]. */
export type StoredRecord = readonly [
  string | null,
  Uint8Array | null,
  number,
  ReadonlyArray<readonly [string, string]>,
]

/** How the environment is opened. */
export interface LmdbEnvOptions {
  readonly path: string
  /**
   * Flush each transaction while the next one is written (lmdb-js `overlappingSync`). Default false:
   * a commit is fsynced before it is visible, so readers never see what a power loss could undo;
   * measured no slower here (bench/LmdbCommit.bench.ts). Writes resolve only once flushed either way.
   */
  readonly overlappingSync?: boolean
}

/** Counters of the write path, for tests and metrics. */
export interface LmdbWriteStats {
  /** Durable writes (appends and commits) completed. */
  readonly writes: number
  /** Distinct LMDB write transactions they ran in. */
  readonly transactions: number
}

/** The open environment: named databases, the topic cache and the durable write path. */
export interface LmdbEnv {
  readonly path: string
  readonly root: RootDatabase
  /** [topic, partition, offset] → StoredRecord */
  readonly log: Database<StoredRecord, [string, number, number]>
  /** [topic, partition] → PartitionHead */
  readonly heads: Database<PartitionHead, [string, number]>
  /** topic → TopicMeta */
  readonly topicsDb: Database<TopicMeta, string>
  /** [group, topic, partition] → next offset */
  readonly offsets: Database<number, [string, string, number]>
  /** state key (LmdbKeys) → value bytes */
  readonly state: Database<Buffer, Buffer>
  /** state key → dueAt */
  readonly timers: Database<number, Buffer>
  /** due key (LmdbKeys) → empty */
  readonly due: Database<Buffer, Buffer>
  /** Topic metadata, loaded at open and kept in step with `topicsDb` (one process owns the env). */
  readonly topics: Map<string, TopicMeta>
  /** Round-robin cursor per topic for records with neither key nor partition. */
  readonly unkeyedCursor: Map<string, number>
  /** Runs `body` in an abortable transaction; resolves with its result once flushed to disk. */
  readonly write: <A>(body: () => A) => Promise<A>
  readonly stats: () => LmdbWriteStats
  readonly close: () => Promise<void>
}

/** Opens (creating if needed) the environment at `options.path` with durable sync settings. */
export const openEnv = (options: LmdbEnvOptions): LmdbEnv => {
  const root = open({
    path: options.path,
    // DATA_DIR is a directory; without this lmdb-js takes a path with a dot in it for a file name.
    noSubdir: false,
    // Durable: never noSync / noMetaSync; overlappingSync still fsyncs, after the commit.
    noSync: false,
    noMetaSync: false,
    overlappingSync: options.overlappingSync ?? false,
    useWritemap: false, // child (abortable) transactions need it off
    maxDbs: 16,
  })
  const log = root.openDB<StoredRecord, [string, number, number]>({ name: "log" })
  const heads = root.openDB<PartitionHead, [string, number]>({ name: "heads" })
  const topicsDb = root.openDB<TopicMeta, string>({ name: "topics" })
  const offsets = root.openDB<number, [string, string, number]>({ name: "offsets" })
  const state = root.openDB<Buffer, Buffer>({ name: "state", keyEncoding: "binary", encoding: "binary" })
  const timers = root.openDB<number, Buffer>({ name: "timers", keyEncoding: "binary" })
  const due = root.openDB<Buffer, Buffer>({ name: "due", keyEncoding: "binary", encoding: "binary" })
  const topics = new Map<string, TopicMeta>()
  for (const { key, value } of topicsDb.getRange()) topics.set(key, value)

  let writes = 0
  let transactions = 0
  let lastTxnId = -1
  const write = async <A>(body: () => A): Promise<A> => {
    const result = await root.childTransaction(() => {
      const txnId = root.getWriteTxnId()
      if (txnId !== lastTxnId) {
        lastTxnId = txnId
        transactions++
      }
      return body()
    })
    // The commit is visible; with overlappingSync it is durable only once flushed.
    await root.flushed
    writes++
    return result
  }

  return {
    path: options.path,
    root,
    log,
    heads,
    topicsDb,
    offsets,
    state,
    timers,
    due,
    topics,
    unkeyedCursor: new Map(),
    write,
    stats: () => ({ writes, transactions }),
    close: () => root.close(),
  }
}
