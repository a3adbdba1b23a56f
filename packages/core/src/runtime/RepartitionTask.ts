// The task that re-keys one input topic of a processor: decode, compute the key the reducer needs,
// and forward the raw record to `<app>-<processor>-repartition` (offsets and forwards in one commit).
import { Effect } from "effect"
import { isLeft } from "fp-ts/lib/Either.js"
import { dlqTopic, type Input, repartitionGroup, repartitionTopic, sourceTopicHeader } from "../Topology.ts"
import { deadLetter, describeThrown } from "./DeadLetter.ts"
import type { DriverSettings } from "./DriverSettings.ts"
import type { ProducerRecord } from "./Records.ts"
import { StateStore } from "./StateStore.ts"
import { loadPositions, pollMerged, type Task, type TaskKind } from "./Task.ts"

/** The task kind forwarding a re-keyed input topic to its processor's repartition topic. */
export const repartitionTaskKind = (
  app: string,
  processor: string,
  input: Input<unknown> & { readonly rekey: (input: unknown, key: string | null) => string },
  settings: DriverSettings,
): TaskKind => {
  const group = repartitionGroup(app, processor, input.topic)
  const target = repartitionTopic(app, processor)
  const dlq = dlqTopic(app)

  const forward = (record: Parameters<typeof deadLetter>[1]): ProducerRecord => {
    try {
      const decoded = input.decode(record.key, record.value, {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        timestamp: record.timestamp,
        headers: record.headers,
      })
      if (isLeft(decoded)) return deadLetter(dlq, record, `undecodable: ${decoded.left}`)
      const key = input.rekey(decoded.right, record.key)
      return {
        topic: target,
        key,
        value: record.value,
        timestamp: record.timestamp,
        headers: { ...record.headers, [sourceTopicHeader]: record.topic },
      }
    } catch (thrown) {
      return deadLetter(dlq, record, `re-keying failed: ${describeThrown(thrown)}`)
    }
  }

  const start = (partition: number) =>
    Effect.gen(function* () {
      const positions = yield* loadPositions(group, [input.topic], partition)
      const runBatch = Effect.gen(function* () {
        const store = yield* StateStore
        const records = yield* pollMerged(positions, partition, settings.maxBatchRecords)
        if (records.length === 0) return 0
        const offset = records[records.length - 1]!.offset + 1
        yield* store.commit({
          writes: [],
          timers: [],
          offsets: [{ group, topic: input.topic, partition, offset }],
          outputs: records.map(forward),
        })
        positions.set(input.topic, offset)
        return records.length
      })
      return { id: `${group}/${partition}`, runBatch } satisfies Task
    })

  return { group, topics: [input.topic], start }
}
