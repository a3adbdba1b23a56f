// What the kafkajs log adds beyond the contract, against the real broker: polls are read_committed
// (aborted transactions and markers are skipped, offsets then have gaps), the end offset is the
// last stable offset while a transaction is open, retention moves the start, errors are tagged.

import { KafkaLog } from "@streamfold/adapters-kafka"
import { PartitionedLog } from "@streamfold/core/runtime"
import { Effect, ManagedRuntime, Scope } from "effect"
import { Kafka, logLevel } from "kafkajs"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"

const prefix = `txn-${process.pid}-${Date.now().toString(36)}`
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (value: Uint8Array | null): string | null =>
  value === null ? null : new TextDecoder().decode(value)

let runtime: ManagedRuntime.ManagedRuntime<PartitionedLog, unknown>
let kafka: Kafka
beforeAll(() => {
  const brokers = inject("kafkaBrokers")
  runtime = ManagedRuntime.make(KafkaLog.layer({ brokers, clientId: "streamfold-txn-test" }))
  kafka = new Kafka({ brokers: [...brokers], clientId: "streamfold-txn-writer", logLevel: logLevel.NOTHING })
})
afterAll(() => runtime.dispose())

const run = <A, E>(effect: Effect.Effect<A, E, PartitionedLog>): Promise<A> => runtime.runPromise(effect)
const log = PartitionedLog

/**
 * Waits until the partition's stable end reaches `atLeast`: the coordinator writes a COMMIT marker
 * after EndTxn has answered, so a read_committed reader sees a transaction shortly after.
 */
const stableEnd = (topic: string, atLeast: number) =>
  Effect.gen(function* () {
    const l = yield* log
    for (let attempt = 0; attempt < 100; attempt++) {
      const end = yield* l.endOffset(topic, 0)
      if (end >= atLeast) return end
      yield* Effect.sleep(50)
    }
    return yield* l.endOffset(topic, 0)
  })

/** A transactional kafkajs producer, disconnected after `body`. */
const transactional = async <A>(
  id: string,
  body: (p: ReturnType<Kafka["producer"]>) => Promise<A>,
): Promise<A> => {
  const producer = kafka.producer({
    transactionalId: `${prefix}-${id}`,
    idempotent: true,
    maxInFlightRequests: 1,
  })
  await producer.connect()
  try {
    return await body(producer)
  } finally {
    await producer.disconnect()
  }
}

describe("KafkaLog on the real broker", () => {
  it("polls read_committed: aborted records and markers are skipped", async () => {
    const topic = `${prefix}.mixed`
    await run(Effect.flatMap(log, (l) => l.createTopics([{ name: topic, partitions: 1 }])))
    await transactional("mixed", async (producer) => {
      const write = async (values: ReadonlyArray<string>, commit: boolean) => {
        const txn = await producer.transaction()
        await txn.send({ topic, messages: values.map((value) => ({ key: "k", value, partition: 0 })) })
        await (commit ? txn.commit() : txn.abort())
      }
      await write(["a1", "a2"], true)
      await write(["b1", "b2"], false)
      await run(
        Effect.flatMap(log, (l) => l.append([{ topic, key: null, value: bytes("plain"), partition: 0 }])),
      )
      await write(["c1"], true)
    })
    expect(await run(stableEnd(topic, 9))).toBe(9)
    const records = await run(Effect.flatMap(log, (l) => l.poll(topic, 0, 0, 100)))
    expect(records.map((r) => text(r.value))).toEqual(["a1", "a2", "plain", "c1"])
    // a1 a2 COMMIT b1 b2 ABORT plain c1 COMMIT
    expect(records.map((r) => r.offset)).toEqual([0, 1, 6, 7])
    const fromGap = await run(Effect.flatMap(log, (l) => l.poll(topic, 0, 3, 1)))
    expect(fromGap.map((r) => r.offset)).toEqual([6])
    // One record batch per fetch: a window holding only the aborted batch or a marker is read past.
    const narrow = ManagedRuntime.make(KafkaLog.layer({ brokers: inject("kafkaBrokers"), fetchMaxBytes: 1 }))
    try {
      const past = await narrow.runPromise(Effect.flatMap(log, (l) => l.poll(topic, 0, 2, 10)))
      expect(past.map((r) => text(r.value))).toEqual(["plain"])
    } finally {
      await narrow.dispose()
    }
  })

  it("ends at the last stable offset while a transaction is open", async () => {
    const topic = `${prefix}.open`
    await run(Effect.flatMap(log, (l) => l.createTopics([{ name: topic, partitions: 1 }])))
    await run(
      Effect.flatMap(log, (l) => l.append([{ topic, key: "x", value: bytes("before"), partition: 0 }])),
    )
    await transactional("open", async (producer) => {
      const txn = await producer.transaction()
      await txn.send({ topic, messages: [{ key: "x", value: "pending", partition: 0 }] })
      const during = await run(
        Effect.gen(function* () {
          const l = yield* log
          return { end: yield* l.endOffset(topic, 0), seen: yield* l.poll(topic, 0, 0, 10) }
        }),
      )
      expect(during.end).toBe(1)
      expect(during.seen.map((r) => text(r.value))).toEqual(["before"])
      await txn.commit()
    })
    expect(await run(stableEnd(topic, 3))).toBe(3)
    const after = await run(Effect.flatMap(log, (l) => l.poll(topic, 0, 0, 10)))
    expect(after.map((r) => text(r.value))).toEqual(["before", "pending"])
  })

  it("starts where retention left off and polls from there when asked for less", async () => {
    const topic = `${prefix}.deleted`
    await run(
      Effect.flatMap(log, (l) =>
        Effect.andThen(
          l.createTopics([{ name: topic, partitions: 1 }]),
          l.append([0, 1, 2, 3].map((i) => ({ topic, key: null, value: bytes(`r${i}`), partition: 0 }))),
        ),
      ),
    )
    const admin = kafka.admin()
    await admin.connect()
    try {
      await admin.fetchTopicMetadata({ topics: [topic] })
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: "2" }] })
    } finally {
      await admin.disconnect()
    }
    const result = await run(
      Effect.gen(function* () {
        const l = yield* log
        return { start: yield* l.startOffset(topic, 0), from0: yield* l.poll(topic, 0, 0, 10) }
      }),
    )
    expect(result.start).toBe(2)
    expect(result.from0.map((r) => r.offset)).toEqual([2, 3])
  })

  it("answers positions that match what concurrent appends wrote", async () => {
    const topic = `${prefix}.concurrent`
    await run(Effect.flatMap(log, (l) => l.createTopics([{ name: topic, partitions: 2 }])))
    const positions = await run(
      Effect.flatMap(log, (l) =>
        Effect.forEach(
          Array.from({ length: 20 }, (_, i) => i),
          (i) => l.append([{ topic, key: null, value: bytes(`v${i}`), partition: i % 2 }]),
          { concurrency: "unbounded" },
        ),
      ),
    )
    const parts = await run(
      Effect.flatMap(log, (l) => Effect.forEach([0, 1], (p) => l.poll(topic, p, 0, 100))),
    )
    positions.forEach(([position], i) => {
      const stored = parts[position!.partition]!.find((r) => r.offset === position!.offset)
      expect(text(stored!.value)).toBe(`v${i}`)
    })
    expect(parts.map((p) => p.length)).toEqual([10, 10])
  })

  it("reads a partition in small polls exactly as in one, also when a poll jumps elsewhere", async () => {
    const topic = `${prefix}.steps`
    await run(
      Effect.flatMap(log, (l) =>
        Effect.andThen(
          l.createTopics([{ name: topic, partitions: 1 }]),
          l.append(
            Array.from({ length: 50 }, (_, i) => ({
              topic,
              key: `k${i}`,
              value: bytes(`v${i}`),
              partition: 0,
            })),
          ),
        ),
      ),
    )
    const steps = await run(
      Effect.gen(function* () {
        const l = yield* log
        const read: Array<number> = []
        const jumps: Array<number> = []
        for (let offset = 0; offset < 50; ) {
          const got = yield* l.poll(topic, 0, offset, 7)
          read.push(...got.map((r) => r.offset))
          offset = got.at(-1)!.offset + 1
          // A poll elsewhere (a rewind) between two continuing ones.
          jumps.push(...(yield* l.poll(topic, 0, 3, 2)).map((r) => r.offset))
        }
        return { read, jumps }
      }),
    )
    expect(steps.read).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(new Set(steps.jumps)).toEqual(new Set([3, 4]))
  })

  it("tags failures: unknown topics and partitions", async () => {
    const result = await run(
      Effect.gen(function* () {
        const l = yield* log
        yield* l.createTopics([{ name: `${prefix}.small`, partitions: 1 }])
        const scope = yield* Scope.make()
        return {
          partitions: yield* Effect.flip(l.partitions(`${prefix}.missing`)),
          poll: yield* Effect.flip(l.poll(`${prefix}.missing`, 0, 0, 1)),
          partition: yield* Effect.flip(l.poll(`${prefix}.small`, 3, 0, 1)),
          append: yield* Effect.flip(l.append([{ topic: `${prefix}.missing`, key: "k", value: null }])),
          join: yield* Effect.flip(
            Scope.provide(scope)(l.join(`${prefix}.g`, [`${prefix}.missing`], { memberId: "m" })),
          ),
        }
      }),
    )
    expect(result.partitions._tag).toBe("TopologyError")
    expect(result.join._tag).toBe("TopologyError")
    for (const e of [result.poll, result.partition, result.append])
      expect(e).toMatchObject({ _tag: "LogError", retriable: false })
  })
})
