// Group commit for appends: requests that arrive while a produce is in flight wait and then go out
// together as one produce, so concurrent HTTP appends share one acks=all round trip. A partition
// the broker's answer leaves out (kafkajs#1303 loses records on a leader change) is sent again.
import { LogError, type ProducerRecord } from "@streamfold/core/runtime"

/** The records of one append bound for one partition, in order. */
export interface PartitionBatch {
  readonly topic: string
  readonly partition: number
  readonly records: ReadonlyArray<ProducerRecord>
}

/** Produces the batches (keyed "topic\0partition"); answers the base offset of each acknowledged one. */
export type Produce = (batches: ReadonlyMap<string, PartitionBatch>) => Promise<ReadonlyMap<string, number>>

/** Sends appends in groups; `submit` answers the base offset of each of its batches. */
export interface AppendBatcher {
  readonly submit: (batches: ReadonlyMap<string, PartitionBatch>) => Promise<ReadonlyMap<string, number>>
}

/** Rounds of re-sending what a produce answer left out before the append fails. */
export const resendRounds = 3

interface Waiting {
  readonly batches: ReadonlyMap<string, PartitionBatch>
  readonly resolve: (bases: ReadonlyMap<string, number>) => void
  readonly reject: (cause: unknown) => void
}

/** Sends `batches`, re-sending unacknowledged partitions; answers every base offset or throws. */
const produceAll = async (produce: Produce, batches: ReadonlyMap<string, PartitionBatch>) => {
  const bases = new Map<string, number>()
  let pending = batches
  for (let round = 0; pending.size > 0; round++) {
    if (round > resendRounds)
      throw new LogError({
        operation: "append",
        retriable: true,
        message: `partitions not acknowledged: ${[...pending.values()].map((b) => `${b.topic}-${b.partition}`).join(", ")}`,
      })
    const acknowledged = await produce(pending)
    const left = new Map(pending)
    for (const [key, base] of acknowledged) if (left.delete(key)) bases.set(key, base)
    pending = left
  }
  return bases
}

/** A batcher over `produce`; at most one produce is in flight at a time. */
export const makeAppendBatcher = (produce: Produce): AppendBatcher => {
  const queue: Array<Waiting> = []
  let flushing = false

  const flush = async (): Promise<void> => {
    flushing = true
    while (queue.length > 0) {
      const taken = queue.splice(0)
      // Merge in arrival order; remember where each request's records start in each partition.
      const merged = new Map<string, { topic: string; partition: number; records: Array<ProducerRecord> }>()
      const starts = taken.map((waiting) => {
        const at = new Map<string, number>()
        for (const [key, batch] of waiting.batches) {
          const into = merged.get(key) ?? { topic: batch.topic, partition: batch.partition, records: [] }
          merged.set(key, into)
          at.set(key, into.records.length)
          into.records.push(...batch.records)
        }
        return at
      })
      try {
        const bases = await produceAll(produce, merged)
        taken.forEach((waiting, i) => {
          const own = new Map<string, number>()
          for (const [key, start] of starts[i]!) own.set(key, bases.get(key)! + start)
          waiting.resolve(own)
        })
      } catch (cause) {
        for (const waiting of taken) waiting.reject(cause)
      }
    }
    flushing = false
  }

  return {
    submit: (batches) =>
      new Promise((resolve, reject) => {
        queue.push({ batches, resolve, reject })
        if (!flushing) void flush()
      }),
  }
}
