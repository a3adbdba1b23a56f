// Reading a partition the read_committed way: Fetch requests to the partition's leader (metadata
// refreshed when a leader moved), a window of only aborted records read past, out-of-range offsets
// answered by the log's bounds, and the rest of each fetch window kept for the poll that continues.
import type { LogRecord } from "@streamfold/core/runtime"
import { LogError } from "@streamfold/core/runtime"
import { type RawCluster, readCommitted } from "./internal/KafkaInternals.ts"
import { committedRecords } from "./KafkaCommittedRecords.ts"
import { isStale, kafkaErrorType } from "./KafkaLogError.ts"

/** Polls and offsets of partitions, straight from their leaders. */
export interface KafkaFetcher {
  /** Up to `max` committed records from `offset` on. */
  readonly poll: (topic: string, partition: number, offset: number, max: number) => Promise<Array<LogRecord>>
  /** The log start offset, or the last stable offset. */
  readonly offset: (topic: string, partition: number, fromBeginning: boolean) => Promise<number>
}

/** A fetcher over `cluster`, asking each partition for up to `fetchMaxBytes` per poll. */
export const makeKafkaFetcher = (cluster: RawCluster, fetchMaxBytes: number): KafkaFetcher => {
  /** Runs `call` against current metadata; on a stale-leader answer refreshes it and tries again. */
  const withLeader = async <A>(topic: string, call: () => Promise<A>): Promise<A> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await cluster.addMultipleTargetTopics([topic])
        return await call()
      } catch (cause) {
        if (attempt >= 4 || !isStale(cause)) throw cause
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt))
        await cluster.refreshMetadata().catch(() => undefined)
      }
    }
  }

  const offsetOf = (topic: string, partition: number, fromBeginning: boolean) =>
    withLeader(topic, async () => {
      const [answer] = await cluster.fetchTopicsOffset([
        { topic, partitions: [{ partition }], fromBeginning },
      ])
      const found = answer?.partitions.find((p) => p.partition === partition)
      if (found === undefined)
        throw new LogError({
          operation: "offsets",
          retriable: true,
          message: `no offset for ${topic}-${partition}`,
        })
      return Number(found.offset)
    })

  const fetchFrom = async (
    topic: string,
    partition: number,
    offset: number,
    max: number,
  ): Promise<Array<LogRecord>> => {
    try {
      return await withLeader(topic, async () => {
        const leaders = cluster.findLeaderForPartitions(topic, [partition])
        const nodeId = Object.keys(leaders)[0]
        // Metadata without a leader (an election in progress): worth asking again.
        if (nodeId === undefined)
          throw new LogError({
            operation: "poll",
            retriable: true,
            message: `no leader for ${topic}-${partition}`,
          })
        const broker = await cluster.findBroker({ nodeId })
        const { responses } = await broker.fetch({
          replicaId: -1,
          isolationLevel: readCommitted,
          maxWaitTime: 0,
          minBytes: 1,
          maxBytes: fetchMaxBytes,
          topics: [
            { topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes: fetchMaxBytes }] },
          ],
        })
        const data = responses
          .find((r) => r.topicName === topic)
          ?.partitions.find((p) => p.partition === partition)
        if (data === undefined) return []
        const records = committedRecords(
          topic,
          partition,
          data.messages,
          data.abortedTransactions ?? [],
          offset,
          max,
        )
        // A window of nothing but aborted records and markers would leave the caller polling the
        // same offset for ever: read on past it.
        // The end of the last batch, not of its last record: compaction may have emptied its tail.
        const last = data.messages.at(-1)?.batchContext
        const next = last === undefined ? offset : Number(last.firstOffset) + last.lastOffsetDelta + 1
        return records.length === 0 && next > offset ? fetchFrom(topic, partition, next, max) : records
      })
    } catch (cause) {
      if (kafkaErrorType(cause) !== "OFFSET_OUT_OF_RANGE") throw cause
      // Before the first held record: read from there (retention removed the rest). Past the end: nothing.
      const start = await offsetOf(topic, partition, true)
      return offset < start ? fetchFrom(topic, partition, start, max) : []
    }
  }

  /**
   * Committed records a fetch brought beyond what its poll asked for, per partition, kept for the
   * poll that continues where that one stopped (one fetch window per partition at most).
   */
  const readAhead = new Map<string, { readonly from: number; readonly records: Array<LogRecord> }>()

  const pollFrom = async (topic: string, partition: number, offset: number, max: number) => {
    const key = `${topic}\u0000${partition}`
    const ahead = readAhead.get(key)
    readAhead.delete(key)
    const records =
      ahead !== undefined && ahead.from === offset
        ? ahead.records
        : await fetchFrom(topic, partition, offset, Number.POSITIVE_INFINITY)
    const served = records.slice(0, max)
    if (records.length > max)
      readAhead.set(key, { from: served.at(-1)!.offset + 1, records: records.slice(max) })
    return served
  }

  return { poll: pollFrom, offset: offsetOf }
}
