// Group membership across two KafkaLog instances (two processes' worth of clients) on the real
// broker: the first member owns everything, a second joins and takes half (the first keeps what it
// can: sticky), it leaves and they come back; every change revokes (an empty assignment) before it assigns, and generations grow.

import { KafkaLog } from "@streamfold/adapters-kafka"
import { type Assignment, PartitionedLog } from "@streamfold/core/runtime"
import { Effect, Exit, ManagedRuntime, Scope, Stream } from "effect"
import { expect, inject, it } from "vitest"

const prefix = `group-${process.pid}-${Date.now().toString(36)}`

const until = (read: Effect.Effect<Assignment>, ok: (a: Assignment) => boolean) =>
  Effect.gen(function* () {
    for (let attempt = 0; attempt < 600; attempt++) {
      const a = yield* read
      if (ok(a)) return a
      yield* Effect.sleep(50)
    }
    return yield* Effect.die(new Error("assignment did not arrive"))
  })

it("splits partitions between processes, revoking before every new assignment", async () => {
  const brokers = inject("kafkaBrokers")
  const a = ManagedRuntime.make(KafkaLog.layer({ brokers, clientId: "member-a" }))
  const b = ManagedRuntime.make(KafkaLog.layer({ brokers, clientId: "member-b" }))
  const topic = `${prefix}.in`
  const group = `${prefix}.g`
  try {
    const seen: Array<Assignment> = []
    const scopeA = await a.runPromise(Scope.make())
    const first = await a.runPromise(
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        yield* log.createTopics([{ name: topic, partitions: 4 }])
        const m = yield* Scope.provide(scopeA)(
          log.join(group, [topic], { memberId: "a", endpoint: "http://a" }),
        )
        yield* Scope.provide(scopeA)(
          Effect.forkScoped(Stream.runForEach(m.changes, (x) => Effect.sync(() => seen.push(x)))),
        )
        return m
      }),
    )
    const alone = await a.runPromise(until(first.current, (x) => x.partitions.length === 4))
    expect(alone.members).toEqual([{ memberId: "a", endpoint: "http://a", partitions: [0, 1, 2, 3] }])

    const scopeB = await b.runPromise(Scope.make())
    const second = await b.runPromise(
      Effect.flatMap(PartitionedLog, (log) =>
        Scope.provide(scopeB)(log.join(group, [topic], { memberId: "b" })),
      ),
    )
    const split = await b.runPromise(
      until(second.current, (x) => x.partitions.length === 2 && x.members.length === 2),
    )
    expect(split.partitions).toEqual([2, 3])
    expect(split.members).toEqual([
      { memberId: "a", endpoint: "http://a", partitions: [0, 1] },
      { memberId: "b", partitions: [2, 3] },
    ])
    const aSplit = await a.runPromise(until(first.current, (x) => x.generation === split.generation))
    expect(aSplit.partitions).toEqual([0, 1])

    await b.runPromise(Scope.close(scopeB, Exit.void))
    const back = await a.runPromise(until(first.current, (x) => x.partitions.length === 4))
    expect(back.generation).toBeGreaterThan(split.generation)
    await a.runPromise(Scope.close(scopeA, Exit.void))

    // The change stream: generations never go back, and a member never holds a new set of
    // partitions without first holding none (eager revocation, as the driver expects).
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.generation).toBeGreaterThanOrEqual(seen[i - 1]!.generation)
    const owned = seen.filter((x) => x.partitions.length > 0)
    expect(owned.map((x) => x.partitions)).toEqual([
      [0, 1, 2, 3],
      [0, 1],
      [0, 1, 2, 3],
    ])
    for (let i = 1; i < seen.length; i++)
      if (seen[i]!.partitions.length > 0 && seen[i - 1]!.partitions.length > 0)
        expect(seen[i]!.partitions).toEqual(seen[i - 1]!.partitions)
  } finally {
    await b.dispose()
    await a.dispose()
  }
})
