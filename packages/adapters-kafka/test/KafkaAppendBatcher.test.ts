// Group commit against a model log: concurrent submits come back with the offsets where their own
// records landed, every record lands exactly once, arrival order is kept per partition, and
// partitions a produce answer leaves out are sent again. A batcher that never re-sends must fail.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type AppendBatcher,
  makeAppendBatcher,
  type PartitionBatch,
  type Produce,
  resendRounds,
} from "../src/KafkaAppendBatcher.ts"

const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

interface Request {
  readonly counts: ReadonlyArray<number> // records per partition 0..2
  readonly delay: number
}

const requestArb: fc.Arbitrary<Request> = fc.record({
  counts: fc.array(fc.nat({ max: 3 }), { minLength: 3, maxLength: 3 }),
  delay: fc.nat({ max: 6 }),
})

/** A model broker: partitions are arrays of record ids; `drops` says which answers lose a partition. */
const broker = (drops: ReadonlyArray<ReadonlyArray<boolean>>) => {
  const partitions: Array<Array<string>> = [[], [], []]
  let call = 0
  const produce: Produce = async (batches) => {
    const lost = drops[call++] ?? []
    await ticks(2)
    const answer = new Map<string, number>()
    for (const [key, batch] of batches) {
      // Lost as in kafkajs#1303: never written, missing from the answer.
      if (lost[batch.partition] === true) continue
      const log = partitions[batch.partition]!
      answer.set(key, log.length)
      for (const r of batch.records) log.push(r.key!)
    }
    return answer
  }
  return { partitions, produce }
}

const batchesOf = (id: number, counts: ReadonlyArray<number>): Map<string, PartitionBatch> => {
  const batches = new Map<string, PartitionBatch>()
  counts.forEach((count, partition) => {
    if (count > 0)
      batches.set(`t\u0000${partition}`, {
        topic: "t",
        partition,
        records: Array.from({ length: count }, (_, i) => ({ topic: "t", key: `${id}.${i}`, value: null })),
      })
  })
  return batches
}

const property = (make: (produce: Produce) => AppendBatcher) =>
  fc.asyncProperty(
    fc.array(requestArb, { minLength: 1, maxLength: 8 }),
    // Few enough lost answers per partition that re-sending always gets through.
    fc.array(fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), { maxLength: resendRounds }),
    async (requests, drops) => {
      const model = broker(drops)
      const batcher = make(model.produce)
      const answers = await Promise.all(
        requests.map(async (request, id) => {
          await ticks(request.delay)
          return batcher.submit(batchesOf(id, request.counts))
        }),
      )
      requests.forEach((request, id) => {
        request.counts.forEach((count, partition) => {
          if (count === 0) return
          const base = answers[id]!.get(`t\u0000${partition}`)
          expect(base).toBeDefined()
          expect(model.partitions[partition]!.slice(base!, base! + count)).toEqual(
            Array.from({ length: count }, (_, i) => `${id}.${i}`),
          )
        })
      })
      for (let p = 0; p < 3; p++) {
        const expected = requests.flatMap((r, id) =>
          Array.from({ length: r.counts[p]! }, (_, i) => `${id}.${i}`),
        )
        expect([...model.partitions[p]!].sort()).toEqual([...expected].sort())
      }
    },
  )

describe("makeAppendBatcher", () => {
  it("answers each request where its records landed, once each, re-sending lost partitions", async () => {
    await fc.assert(property(makeAppendBatcher))
  })

  it("groups requests that arrive during a produce into the next one", async () => {
    let calls = 0
    const batcher = makeAppendBatcher(async (batches) => {
      calls++
      await ticks(5)
      return new Map([...batches.keys()].map((key) => [key, 0]))
    })
    await Promise.all(Array.from({ length: 10 }, (_, id) => batcher.submit(batchesOf(id, [1, 0, 0]))))
    expect(calls).toBe(2) // the first alone, the nine that queued behind it together
  })

  it("fails every waiting request when partitions stay unacknowledged", async () => {
    const batcher = makeAppendBatcher(async () => new Map())
    const outcomes = await Promise.allSettled([0, 1].map((id) => batcher.submit(batchesOf(id, [1, 1, 0]))))
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected")
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ _tag: "LogError", retriable: true })
    }
  })

  it("canary: a batcher that never re-sends is caught", async () => {
    const naive = (produce: Produce): AppendBatcher => ({ submit: (batches) => produce(batches) })
    expect((await fc.check(property(naive))).failed).toBe(true)
  })
})
