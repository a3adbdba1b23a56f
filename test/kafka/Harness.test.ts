// The broker harness against a real Apache Kafka: a single node serves idempotent and
// transactional clients, survives a broker restart, stops without leaving a JVM behind; a
// three-node cluster replicates; the CLI's detached mode keeps its data across stop and start.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  type KafkaCluster,
  KafkaHarnessError,
  persistentKafkaStatus,
  startKafkaCluster,
  startPersistentKafka,
  stopPersistentKafka,
} from "@streamfold/adapters-kafka"
import { ConfigResourceTypes, type Consumer, Kafka, logLevel, type Producer } from "kafkajs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const client = (brokers: ReadonlyArray<string>, clientId: string) =>
  new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.ERROR })

/** Creates a topic and waits until every broker knows it with a leader for each partition. */
const createTopic = async (brokers: ReadonlyArray<string>, topic: string, numPartitions: number) => {
  const admin = client(brokers, "harness-test-admin").admin()
  await admin.connect()
  try {
    // kafkajs's waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION from a broker whose
    // metadata cache is behind (multi-node KRaft), so poll each broker ourselves.
    await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: false })
  } finally {
    await admin.disconnect()
  }
  const deadline = performance.now() + 30_000
  for (const broker of brokers) {
    const one = client([broker], "harness-test-metadata").admin()
    await one.connect()
    try {
      for (;;) {
        const known = await one
          .fetchTopicMetadata({ topics: [topic] })
          .then(({ topics }) => topics[0]?.partitions ?? [])
          .catch(() => [])
        if (known.length === numPartitions && known.every((p) => p.leader >= 0)) break
        if (performance.now() > deadline) throw new Error(`${broker} does not know ${topic} after 30 s`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    } finally {
      await one.disconnect()
    }
  }
}

interface Received {
  readonly partition: number
  readonly key: string
  readonly value: string
}

/** Reads `topic` from the beginning until `done` says so; fails after `timeoutMs`. */
const consumeUntil = async (
  brokers: ReadonlyArray<string>,
  topic: string,
  options: { readonly readUncommitted: boolean; readonly done: (seen: ReadonlyArray<Received>) => boolean },
  timeoutMs = 30_000,
): Promise<ReadonlyArray<Received>> => {
  const seen: Array<Received> = []
  const consumer: Consumer = client(brokers, `harness-test-${topic}`).consumer({
    groupId: `harness-test-${topic}-${options.readUncommitted ? "uncommitted" : "committed"}`,
    readUncommitted: options.readUncommitted,
  })
  await consumer.connect()
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumed ${seen.length} records of ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      )
      void consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            seen.push({ partition, key: String(message.key), value: String(message.value) })
            if (options.done(seen)) {
              clearTimeout(timer)
              resolve()
            }
          },
        })
        .catch(reject)
    })
  } finally {
    await consumer.disconnect()
  }
  return seen
}

/** Whether any process still runs with `needle` in its command line (Linux /proc). */
const processesMentioning = (needle: string): ReadonlyArray<number> =>
  readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
        if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return false
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(needle)
      } catch {
        return false
      }
    })
    .map(Number)

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return processesMentioning("kafka.Kafka").includes(pid)
  } catch {
    return false
  }
}

const keyed = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    key: `k${i % 7}`,
    value: `${prefix}-${i}`,
    partition: (i % 7) % 3,
  }))

/**
 * Sends with acks=all and checks that every partition was acknowledged. kafkajs 2.2.4 keeps one
 * response per broker across retries, so a batch retried after NOT_LEADER towards a broker that
 * already answered is never sent and `send` still resolves (tulios/kafkajs#1303, PR #1798).
 * The missing partitions are sent again; returns how many records kafkajs had dropped.
 */
const sendAll = async (
  producer: Producer,
  topic: string,
  messages: ReadonlyArray<{ readonly key: string; readonly value: string; readonly partition: number }>,
): Promise<number> => {
  let pending = messages
  let dropped = 0
  for (let round = 0; round < 5 && pending.length > 0; round++) {
    const acks = await producer.send({ topic, acks: -1, messages: [...pending] })
    const acked = new Set(acks.filter((ack) => ack.errorCode === 0).map((ack) => ack.partition))
    pending = pending.filter((message) => !acked.has(message.partition))
    dropped += pending.length
  }
  expect(pending).toEqual([])
  if (dropped > 0)
    console.log(`kafka harness: kafkajs dropped ${dropped} records of ${topic} on a leader change`)
  return dropped
}

/** Values per key in the order they were read: the order Kafka must keep. */
const byKey = (records: ReadonlyArray<{ readonly key: string; readonly value: string }>) => {
  const map = new Map<string, Array<string>>()
  for (const { key, value } of records) map.set(key, [...(map.get(key) ?? []), value])
  return map
}

describe("a single-node cluster", () => {
  let cluster: KafkaCluster
  let startMs = 0

  beforeAll(async () => {
    const started = performance.now()
    cluster = await startKafkaCluster({ nodes: 1 })
    startMs = Math.round(performance.now() - started)
    console.log(`kafka harness: 1 node up in ${startMs} ms at ${cluster.brokers.join(",")}`)
  })

  afterAll(async () => {
    await cluster?.stop()
  })

  it("serves loopback brokers and runs one JVM per node", () => {
    expect(cluster.brokers).toHaveLength(1)
    expect(cluster.brokers[0]).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(cluster.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(isAlive(cluster.pidOf(1) ?? -1)).toBe(true)
    expect(existsSync(cluster.logOf(1))).toBe(true)
  })

  it("creates a 3-partition topic and round-trips idempotent acks=all records in key order", async () => {
    const admin = client(cluster.brokers, "harness-test-admin").admin()
    await admin.connect()
    try {
      expect(
        await admin.createTopics({
          topics: [{ topic: "round-trip", numPartitions: 3 }],
          waitForLeaders: true,
        }),
      ).toBe(true)
      const [metadata] = (await admin.fetchTopicMetadata({ topics: ["round-trip"] })).topics
      expect(metadata?.partitions).toHaveLength(3)
    } finally {
      await admin.disconnect()
    }
    const producer = client(cluster.brokers, "harness-test-producer").producer({
      idempotent: true,
      maxInFlightRequests: 1,
    })
    await producer.connect()
    const sent = keyed("v", 60)
    try {
      const acks = await producer.send({ topic: "round-trip", acks: -1, messages: sent })
      expect(acks.every((ack) => ack.errorCode === 0)).toBe(true)
    } finally {
      await producer.disconnect()
    }
    const read = await consumeUntil(cluster.brokers, "round-trip", {
      readUncommitted: false,
      done: (seen) => seen.length >= sent.length,
    })
    expect(read).toHaveLength(sent.length)
    expect(byKey(read)).toEqual(byKey(sent))
    expect(new Set(read.map((r) => r.partition)).size).toBeGreaterThan(1)
    // One key, one partition.
    for (const key of byKey(read).keys()) {
      expect(new Set(read.filter((r) => r.key === key).map((r) => r.partition)).size).toBe(1)
    }
  })

  it("hides an aborted transaction from read_committed consumers only", async () => {
    await createTopic(cluster.brokers, "transactions", 1)
    const producer = client(cluster.brokers, "harness-test-tx").producer({
      transactionalId: "harness-test-tx",
      idempotent: true,
      maxInFlightRequests: 1,
    })
    await producer.connect()
    try {
      const write = async (values: ReadonlyArray<string>, outcome: "commit" | "abort") => {
        const transaction = await producer.transaction()
        await transaction.send({
          topic: "transactions",
          messages: values.map((value) => ({ key: "k", value })),
        })
        await (outcome === "commit" ? transaction.commit() : transaction.abort())
      }
      await write(["committed-1", "committed-2"], "commit")
      await write(["aborted-1", "aborted-2"], "abort")
      await write(["end"], "commit")
    } finally {
      await producer.disconnect()
    }
    const untilEnd = (seen: ReadonlyArray<Received>) => seen.some((r) => r.value === "end")
    const committed = await consumeUntil(cluster.brokers, "transactions", {
      readUncommitted: false,
      done: untilEnd,
    })
    expect(committed.map((r) => r.value)).toEqual(["committed-1", "committed-2", "end"])
    // The aborted records are in the log; only the isolation level hides them.
    const uncommitted = await consumeUntil(cluster.brokers, "transactions", {
      readUncommitted: true,
      done: untilEnd,
    })
    expect(uncommitted.map((r) => r.value)).toEqual([
      "committed-1",
      "committed-2",
      "aborted-1",
      "aborted-2",
      "end",
    ])
  })

  it("restarts the broker mid-stream with its data, and the same producer carries on", async () => {
    await createTopic(cluster.brokers, "restart", 3)
    const producer = client(cluster.brokers, "harness-test-restart").producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 10 },
    })
    await producer.connect()
    const before = keyed("before", 30)
    const after = keyed("after", 30)
    const oldPid = cluster.pidOf(1) ?? -1
    try {
      await sendAll(producer, "restart", before)
      const restarted = performance.now()
      await cluster.restartBroker(1)
      console.log(`kafka harness: 1-node restart in ${Math.round(performance.now() - restarted)} ms`)
      await sendAll(producer, "restart", after)
    } finally {
      await producer.disconnect()
    }
    expect(isAlive(oldPid)).toBe(false)
    expect(isAlive(cluster.pidOf(1) ?? -1)).toBe(true)
    const read = await consumeUntil(cluster.brokers, "restart", {
      readUncommitted: false,
      done: (seen) => seen.length >= before.length + after.length,
    })
    expect(byKey(read)).toEqual(byKey([...before, ...after]))
  })

  it("stops within the timeout, leaving no JVM and no directory", async () => {
    const pid = cluster.pidOf(1) ?? -1
    const stopped = performance.now()
    await cluster.stop()
    console.log(`kafka harness: 1 node stopped in ${Math.round(performance.now() - stopped)} ms`)
    expect(isAlive(pid)).toBe(false)
    expect(processesMentioning(cluster.dir)).toEqual([])
    expect(existsSync(cluster.dir)).toBe(false)
    await cluster.stop() // idempotent
  })
})

describe("a failed start", () => {
  it("throws the broker's own complaint and cleans up", async () => {
    const parentDir = await mkdtemp(join(tmpdir(), "streamfold-harness-failure-"))
    try {
      const failure = await startKafkaCluster({
        parentDir,
        overrides: { "num.io.threads": "many" },
        startTimeoutMs: 30_000,
      }).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(KafkaHarnessError)
      const error = failure as KafkaHarnessError
      expect(["FormatFailed", "StartFailed"]).toContain(error.reason)
      expect(error.logTail).toContain("num.io.threads")
      expect(await readdir(parentDir)).toEqual([])
      expect(processesMentioning(parentDir)).toEqual([])
    } finally {
      await rm(parentDir, { recursive: true, force: true })
    }
  })
})

describe("a three-node cluster", () => {
  // Three JVMs on two shared cores: starting alone can take 25 s when the machine is busy.
  it("replicates three ways, survives a broker restart and stops cleanly", { timeout: 240_000 }, async () => {
    const started = performance.now()
    const cluster = await startKafkaCluster({ nodes: 3 })
    const startMs = Math.round(performance.now() - started)
    try {
      expect(cluster.brokers).toHaveLength(3)
      await createTopic(cluster.brokers, "replicated", 3)
      const admin = client(cluster.brokers, "harness-test-admin3").admin()
      await admin.connect()
      try {
        expect((await admin.describeCluster()).brokers.map((b) => b.nodeId).sort()).toEqual([1, 2, 3])
        const [metadata] = (await admin.fetchTopicMetadata({ topics: ["replicated"] })).topics
        for (const partition of metadata?.partitions ?? []) {
          expect(partition.replicas).toHaveLength(3)
          expect(partition.isr).toHaveLength(3)
        }
        const configs = await admin.describeConfigs({
          resources: [
            { type: ConfigResourceTypes.TOPIC, name: "replicated", configNames: ["min.insync.replicas"] },
          ],
          includeSynonyms: false,
        })
        expect(configs.resources[0]?.configEntries[0]?.configValue).toBe("2")
      } finally {
        await admin.disconnect()
      }
      const producer = client(cluster.brokers, "harness-test-producer3").producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { retries: 10 },
      })
      await producer.connect()
      const before = keyed("before", 30)
      const after = keyed("after", 30)
      let restartMs = 0
      try {
        await sendAll(producer, "replicated", before)
        const restarted = performance.now()
        await cluster.restartBroker(2)
        restartMs = Math.round(performance.now() - restarted)
        await sendAll(producer, "replicated", after)
      } finally {
        await producer.disconnect()
      }
      const read = await consumeUntil(cluster.brokers, "replicated", {
        readUncommitted: false,
        done: (seen) => seen.length >= before.length + after.length,
      })
      expect(byKey(read)).toEqual(byKey([...before, ...after]))
      const pids = cluster.nodes.map((node) => cluster.pidOf(node.nodeId) ?? -1)
      const stopped = performance.now()
      await cluster.stop()
      const stopMs = Math.round(performance.now() - stopped)
      console.log(
        `kafka harness: 3 nodes up in ${startMs} ms, node restart ${restartMs} ms, stop ${stopMs} ms`,
      )
      expect(pids.filter(isAlive)).toEqual([])
      expect(processesMentioning(cluster.dir)).toEqual([])
    } finally {
      await cluster.stop()
    }
  })
})

describe("the detached (CLI) mode", () => {
  it("starts once, reports running, stops by pid file and restarts with its data", async () => {
    const dir = await mkdtemp(join(tmpdir(), "streamfold-harness-persistent-"))
    try {
      expect(await persistentKafkaStatus(dir)).toEqual({ _tag: "Absent" })
      const first = await startPersistentKafka({ dir, heapMb: 384 })
      expect(first._tag).toBe("Started")
      const again = await startPersistentKafka({ dir })
      expect(again).toMatchObject({ _tag: "AlreadyRunning", brokers: first.brokers, pids: first.pids })
      expect(await persistentKafkaStatus(dir)).toEqual({
        _tag: "Running",
        brokers: first.brokers,
        pids: first.pids,
      })

      const admin = client(first.brokers, "harness-test-persistent").admin()
      await admin.connect()
      await admin.createTopics({ topics: [{ topic: "kept", numPartitions: 2 }], waitForLeaders: true })
      await admin.disconnect()

      expect(await stopPersistentKafka({ dir })).toEqual({ _tag: "Stopped", pids: first.pids })
      expect(first.pids.filter(isAlive)).toEqual([])
      expect(await persistentKafkaStatus(dir)).toMatchObject({ _tag: "Stopped", pids: [] })
      expect(await stopPersistentKafka({ dir })).toEqual({ _tag: "NotRunning" })

      const second = await startPersistentKafka({ dir, heapMb: 384 })
      expect(second).toMatchObject({ _tag: "Started", brokers: first.brokers })
      const admin2 = client(second.brokers, "harness-test-persistent").admin()
      await admin2.connect()
      try {
        expect(await admin2.listTopics()).toContain("kept")
      } finally {
        await admin2.disconnect()
      }
    } finally {
      await stopPersistentKafka({ dir })
      expect(processesMentioning(dir)).toEqual([])
      await rm(dir, { recursive: true, force: true })
    }
  })
})
