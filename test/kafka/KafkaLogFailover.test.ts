// Appends through a partition leader's sudden death (SIGKILL) on a three-node cluster of its own:
// every append the log acknowledged is read back at the position it answered, once, and nothing is
// stored that was not appended. kafkajs#1303 loses records on a leader change (the log must notice
// and re-send or fail, never answer a lie), and a kafkajs send spanning brokers re-sends the healthy
// brokers' requests while they are in flight, storing them twice (the log sends per leader).
import { type KafkaCluster, KafkaLog, startKafkaCluster } from "@streamfold/adapters-kafka"
import { PartitionedLog, type RecordPosition } from "@streamfold/core/runtime"
import { Effect, ManagedRuntime } from "effect"
import { Kafka, logLevel } from "kafkajs"
import { afterAll, beforeAll, expect, it } from "vitest"

let cluster: KafkaCluster
beforeAll(async () => {
  cluster = await startKafkaCluster({ nodes: 3, startTimeoutMs: 240_000 })
}, 300_000)
afterAll(() => cluster?.stop())

const text = (value: Uint8Array | null): string | null =>
  value === null ? null : new TextDecoder().decode(value)

it("never answers a position it did not write when the leader is killed mid-stream", async () => {
  const runtime = ManagedRuntime.make(KafkaLog.layer({ brokers: cluster.brokers, clientId: "failover" }))
  const topic = "failover"
  try {
    await runtime.runPromise(
      Effect.flatMap(PartitionedLog, (log) => log.createTopics([{ name: topic, partitions: 3 }])),
    )
    const admin = new Kafka({ brokers: [...cluster.brokers], logLevel: logLevel.NOTHING }).admin()
    await admin.connect()
    // Every node learns of the topic a little after the one that created it.
    let leader = -1
    for (let attempt = 0; leader < 0 && attempt < 100; attempt++) {
      const found = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined)
      leader = found?.topics[0]?.partitions.find((p) => p.partitionId === 0)?.leader ?? -1
      if (leader < 0) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await admin.disconnect()
    expect(leader).toBeGreaterThanOrEqual(0)

    const acknowledged: Array<readonly [string, RecordPosition]> = []
    let failed = 0
    let stoppedAt = -1
    const attempted = new Set<string>()
    const failures: Array<string> = []
    // Warm up: a topic just created reaches every node's metadata at its own pace.
    for (let attempt = 0; ; attempt++) {
      const warm = await runtime.runPromiseExit(
        Effect.flatMap(PartitionedLog, (log) =>
          log.append(
            [0, 1, 2].map((p) => ({
              topic,
              key: null,
              value: new TextEncoder().encode("warm"),
              partition: p,
            })),
          ),
        ),
      )
      if (warm._tag === "Success") break
      if (attempt >= 50) throw new Error(`cannot append to a new topic: ${warm.cause}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    attempted.add("warm")
    const writer = (async () => {
      // Until 30 appends went through after the leader was gone (or 3,000 in all).
      for (
        let i = 0;
        i < 3_000 && (stoppedAt < 0 || acknowledged.length + failed * 3 < stoppedAt + 90);
        i++
      ) {
        const values = [0, 1, 2].map((p) => `${i}-${p}`)
        for (const value of values) attempted.add(value)
        const exit = await runtime.runPromiseExit(
          Effect.flatMap(PartitionedLog, (log) =>
            log.append(
              values.map((v, p) => ({ topic, key: null, value: new TextEncoder().encode(v), partition: p })),
            ),
          ),
        )
        if (exit._tag === "Success")
          for (const [p, position] of exit.value.entries()) acknowledged.push([values[p]!, position])
        else {
          failed++
          failures.push(String(exit.cause))
        }
      }
    })()
    while (acknowledged.length < 30 && failed === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    const before = acknowledged.length
    // SIGKILL: no controlled shutdown, the cluster finds out when the broker's session expires.
    process.kill(cluster.pidOf(leader)!, "SIGKILL")
    const stopped = acknowledged.length
    stoppedAt = stopped + failed * 3
    await writer
    // The leader died mid-stream: appends were acknowledged before it went and after it was gone.
    expect(before, failures.join("\n")).toBeGreaterThan(0)
    expect(acknowledged.length).toBeGreaterThan(stopped)

    const parts = await runtime.runPromise(
      Effect.flatMap(PartitionedLog, (log) =>
        Effect.forEach([0, 1, 2], (p) => log.poll(topic, p, 0, 100_000)),
      ),
    )
    expect(acknowledged.length).toBeGreaterThan(0)
    for (const [value, position] of acknowledged) {
      const stored = parts[position.partition]!.filter((r) => r.offset === position.offset)
      expect(stored.map((r) => text(r.value))).toEqual([value])
    }
    // Everything stored was appended (acknowledged, or failed and possibly landed anyway), once.
    const stored = parts.flat().map((r) => text(r.value)!)
    expect(stored.filter((value) => !attempted.has(value))).toEqual([])
    const written = stored.filter((value) => value !== "warm")
    expect(written.length - new Set(written).size).toBe(0)
    console.log(`failover: ${acknowledged.length / 3} appends acknowledged, ${failed} failed`)
  } finally {
    await runtime.dispose()
  }
})
