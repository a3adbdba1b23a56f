// Producing an append: one kafkajs send per partition leader, all settled before the answer, which
// is the base offset of every partition the brokers acknowledged (a partition left out is re-sent
// by KafkaAppendBatcher).
import type { ProducerRecord } from "@streamfold/core/runtime"
import type { Producer } from "kafkajs"
import type { RawCluster } from "./internal/KafkaInternals.ts"
import type { PartitionBatch, Produce } from "./KafkaAppendBatcher.ts"

/** Produces through `producer` (idempotent, acks=all), grouping partitions by `cluster`'s leaders. */
export const makeLeaderProduce = (producer: Producer, cluster: RawCluster): Produce => {
  /** One kafkajs send; answers the base offset per "topic\0partition" the broker acknowledged. */
  const sendOnce = async (groups: ReadonlyArray<PartitionBatch>): Promise<Map<string, number>> => {
    const byTopic = new Map<string, Array<{ partition: number; record: ProducerRecord }>>()
    for (const { topic, partition, records } of groups) {
      const list = byTopic.get(topic) ?? []
      for (const record of records) list.push({ partition, record })
      byTopic.set(topic, list)
    }
    const metadata = await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map(({ partition, record }) => ({
          partition,
          key: record.key,
          value:
            record.value === null
              ? null
              : Buffer.from(record.value.buffer, record.value.byteOffset, record.value.byteLength),
          ...(record.timestamp === undefined ? {} : { timestamp: String(record.timestamp) }),
          ...(record.headers === undefined ? {} : { headers: { ...record.headers } }),
        })),
      })),
    })
    const acknowledged = new Map<string, number>()
    for (const m of metadata)
      if (m.errorCode === 0 && m.baseOffset !== undefined)
        acknowledged.set(`${m.topicName}\u0000${m.partition}`, Number(m.baseOffset))
    return acknowledged
  }

  /**
   * Sends one kafkajs batch per partition leader, and lets every one finish before answering.
   * kafkajs retries a multi-broker send as soon as one broker fails, while the others' requests are
   * still in flight, and re-sends those with new sequence numbers: the broker then stores them twice.
   */
  const send = async (groups: ReadonlyMap<string, PartitionBatch>): Promise<Map<string, number>> => {
    await cluster
      .addMultipleTargetTopics([...new Set([...groups.values()].map((g) => g.topic))])
      .catch(() => undefined)
    const byLeader = new Map<string, Array<PartitionBatch>>()
    for (const batch of groups.values()) {
      let leader = "unknown"
      try {
        leader = Object.keys(cluster.findLeaderForPartitions(batch.topic, [batch.partition]))[0] ?? leader
      } catch {
        // No metadata yet: kafkajs finds the leader itself.
      }
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), batch])
    }
    const sent = await Promise.allSettled([...byLeader.values()].map(sendOnce))
    const failure = sent.find((s) => s.status === "rejected")
    if (failure !== undefined) throw failure.reason
    const acknowledged = new Map<string, number>()
    for (const s of sent)
      if (s.status === "fulfilled") for (const [key, base] of s.value) acknowledged.set(key, base)
    return acknowledged
  }

  return send
}
