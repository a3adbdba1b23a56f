// The contract every PartitionedLog adapter passes: ordering and offsets, murmur2 placement,
// tombstones, topic management and group assignment. Call it from an adapter's test file.
import { partitionForKey } from "@streamfold/core"
import { type Assignment, type Membership, PartitionedLog } from "@streamfold/core/runtime"
import { Effect, Exit, Scope } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type MakeAdapter, type Ports, uniqueName, withAdapter } from "./AdapterUnderTest.ts"

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (value: Uint8Array | null): string | null =>
  value === null ? null : new TextDecoder().decode(value)

const keyArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("__proto__", "constructor", "héllo", "中文", "😀", "\uffff", "toString"),
)

/** Reads a whole partition back. */
const readAll = (topic: string, partition: number) =>
  Effect.gen(function* () {
    const log = yield* PartitionedLog
    return yield* log.poll(topic, partition, 0, 1_000_000)
  })

/** Waits until every member sees the same generation listing all of them (Kafka rebalances take time). */
const settled = (memberships: ReadonlyArray<Membership>) =>
  Effect.gen(function* () {
    for (let attempt = 0; attempt < 500; attempt++) {
      const all: Array<Assignment> = yield* Effect.forEach(memberships, (m) => m.current)
      const generation = all[0]!.generation
      if (all.every((a) => a.generation === generation && a.members.length === memberships.length)) return all
      yield* Effect.sleep(20)
    }
    return yield* Effect.die(new Error("group did not settle"))
  })

const expectPartitionsCoveredOnce = (assignments: ReadonlyArray<Assignment>, partitions: number): void => {
  const owned = assignments.flatMap((a) => a.partitions).sort((a, b) => a - b)
  expect(owned).toEqual(Array.from({ length: partitions }, (_, i) => i))
  // Each member's view of everyone agrees with what each member owns.
  for (const a of assignments)
    expect(a.members.flatMap((m) => m.partitions).sort((x, y) => x - y)).toEqual(owned)
}

/** Runs the PartitionedLog contract against adapters made by `makeAdapter`. */
export const partitionedLogContract = (name: string, makeAdapter: MakeAdapter): void => {
  describe(`PartitionedLog contract: ${name}`, () => {
    const run = <A, E>(effect: Effect.Effect<A, E, Ports>) => withAdapter(makeAdapter, (r) => r(effect))

    it("appends in order per partition, with consecutive offsets, and polls from any offset", async () => {
      await withAdapter(makeAdapter, (runIn) =>
        fc.assert(
          fc.asyncProperty(
            fc.array(
              fc.record({
                partition: fc.integer({ min: 0, max: 2 }),
                key: fc.option(keyArb, { nil: null }),
                value: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
              }),
              { maxLength: 30 },
            ),
            fc.integer({ min: 0, max: 35 }),
            fc.integer({ min: 1, max: 10 }),
            async (records, from, max) => {
              const topic = uniqueName("ordering")
              const result = await runIn(
                Effect.gen(function* () {
                  const log = yield* PartitionedLog
                  yield* log.createTopics([{ name: topic, partitions: 3 }])
                  const positions = yield* log.append(
                    records.map((r) => ({
                      topic,
                      partition: r.partition,
                      key: r.key,
                      value: r.value === null ? null : bytes(r.value),
                      headers: { h: "v" },
                    })),
                  )
                  const parts = yield* Effect.forEach([0, 1, 2], (p) => readAll(topic, p))
                  const window = yield* log.poll(topic, 0, from, max)
                  const ends = yield* Effect.forEach([0, 1, 2], (p) => log.endOffset(topic, p))
                  return { positions, parts, window, ends }
                }),
              )
              // Model: per-partition lists in append order.
              const model: Array<Array<(typeof records)[number]>> = [[], [], []]
              const expectedPositions = records.map((r) => {
                model[r.partition]!.push(r)
                return { topic, partition: r.partition, offset: model[r.partition]!.length - 1 }
              })
              expect(result.positions).toEqual(expectedPositions)
              for (let p = 0; p < 3; p++) {
                expect(result.parts[p]!.map((r) => [r.offset, r.partition, r.key, text(r.value)])).toEqual(
                  model[p]!.map((r, i) => [i, p, r.key, r.value]),
                )
                for (const r of result.parts[p]!) expect(r.headers).toEqual({ h: "v" })
                expect(result.ends[p]).toBe(model[p]!.length)
              }
              expect(result.window.map((r) => r.offset)).toEqual(
                model[0]!.map((_, i) => i).filter((i) => i >= from && i < from + max),
              )
            },
          ),
        ),
      )
    })

    it("places keyed records by murmur2 of the UTF-8 key, as Kafka's default partitioner", async () => {
      await withAdapter(makeAdapter, (runIn) =>
        fc.assert(
          fc.asyncProperty(
            fc.array(keyArb, { minLength: 1, maxLength: 20 }),
            fc.integer({ min: 1, max: 7 }),
            async (keys, n) => {
              const topic = uniqueName("murmur")
              const positions = await runIn(
                Effect.gen(function* () {
                  const log = yield* PartitionedLog
                  yield* log.createTopics([{ name: topic, partitions: n }])
                  return yield* log.append(keys.map((key) => ({ topic, key, value: bytes(key) })))
                }),
              )
              expect(positions.map((p) => p.partition)).toEqual(keys.map((k) => partitionForKey(k, n)))
            },
          ),
        ),
      )
    })

    it("keeps tombstones (null values) and an explicit partition over the key's", async () => {
      const topic = "tombstones"
      const read = await run(
        Effect.gen(function* () {
          const log = yield* PartitionedLog
          yield* log.createTopics([{ name: topic, partitions: 4 }])
          const other = (partitionForKey("k", 4) + 1) % 4
          yield* log.append([
            { topic, key: "k", value: bytes("v") },
            { topic, key: "k", value: null },
            { topic, key: "k", value: null, partition: other },
          ])
          return { home: yield* readAll(topic, partitionForKey("k", 4)), other: yield* readAll(topic, other) }
        }),
      )
      expect(read.home.map((r) => text(r.value))).toEqual(["v", null])
      expect(read.other.map((r) => [r.key, r.value])).toEqual([["k", null]])
    })

    it("reports start and end offsets; polling past the end is empty", async () => {
      const result = await run(
        Effect.gen(function* () {
          const log = yield* PartitionedLog
          yield* log.createTopics([{ name: "ends", partitions: 2 }])
          const empty = [yield* log.startOffset("ends", 1), yield* log.endOffset("ends", 1)]
          yield* log.append(
            [1, 2, 3].map((i) => ({ topic: "ends", key: null, value: bytes(`${i}`), partition: 1 })),
          )
          const full = [yield* log.startOffset("ends", 1), yield* log.endOffset("ends", 1)]
          const past = yield* log.poll("ends", 1, 3, 10)
          const far = yield* log.poll("ends", 1, 100, 10)
          return { empty, full, past, far }
        }),
      )
      expect(result.empty).toEqual([0, 0])
      expect(result.full).toEqual([0, 3])
      expect(result.past).toEqual([])
      expect(result.far).toEqual([])
    })

    it("creates topics idempotently and refuses a partition-count mismatch with a TopologyError", async () => {
      const result = await run(
        Effect.gen(function* () {
          const log = yield* PartitionedLog
          yield* log.createTopics([{ name: "t", partitions: 3 }])
          yield* log.append([{ topic: "t", key: null, value: bytes("kept"), partition: 2 }])
          yield* log.createTopics([{ name: "t", partitions: 3 }])
          const count = yield* log.partitions("t")
          const kept = yield* log.endOffset("t", 2)
          const mismatch = yield* Effect.flip(log.createTopics([{ name: "t", partitions: 5 }]))
          const unknown = yield* Effect.flip(log.partitions("missing"))
          return { count, kept, mismatch: mismatch._tag, unknown: unknown._tag }
        }),
      )
      expect(result).toEqual({ count: 3, kept: 1, mismatch: "TopologyError", unknown: "TopologyError" })
    })

    it("splits a group's partitions so each is owned by exactly one member, and reassigns on leave", async () => {
      await run(
        Effect.gen(function* () {
          const log = yield* PartitionedLog
          yield* log.createTopics([
            { name: "in-a", partitions: 5 },
            { name: "in-b", partitions: 5 },
          ])
          const scopes = yield* Effect.forEach([0, 1, 2], () => Scope.make())
          const memberships = yield* Effect.forEach(scopes, (scope, i) =>
            Scope.provide(scope)(
              log.join("g", ["in-a", "in-b"], { memberId: `m${i}`, endpoint: `http://m${i}` }),
            ),
          )
          const three = yield* settled(memberships)
          expectPartitionsCoveredOnce(three, 5)
          expect(three[0]!.members.map((m) => m.endpoint).sort()).toEqual([
            "http://m0",
            "http://m1",
            "http://m2",
          ])
          yield* Scope.close(scopes[1]!, Exit.void)
          const two = yield* settled([memberships[0]!, memberships[2]!])
          expectPartitionsCoveredOnce(two, 5)
          expect(two[0]!.generation).toBeGreaterThan(three[0]!.generation)
          yield* Scope.close(scopes[0]!, Exit.void)
          const one = yield* settled([memberships[2]!])
          expect(one[0]!.partitions).toEqual([0, 1, 2, 3, 4])
          yield* Scope.close(scopes[2]!, Exit.void)
        }),
      )
    })

    it("refuses to join co-partitioned topics that disagree on partition count", async () => {
      const error = await run(
        Effect.scoped(
          Effect.gen(function* () {
            const log = yield* PartitionedLog
            yield* log.createTopics([
              { name: "x", partitions: 2 },
              { name: "y", partitions: 3 },
            ])
            return yield* Effect.flip(log.join("g2", ["x", "y"], { memberId: "m" }))
          }),
        ),
      )
      expect(error._tag).toBe("TopologyError")
    })
  })
}
