// runTopology on the memory adapter with the TestClock: tasks follow group assignment, and a
// partition that moves between members continues from the committed state, exactly once.
import { partitionForKey } from "@streamfold/core"
import { defaultDriverSettings, PartitionedLog, runTopology } from "@streamfold/core/runtime"
import { Effect, Exit, Layer, Scope } from "effect"
import { TestClock } from "effect/testing"
import { expect, it } from "vitest"
import { layer as memoryLayer, reassign } from "../src/index.ts"
import { testApp } from "./Topologies.ts"

const settings = { ...defaultDriverSettings, idlePollMs: 10 }
const settle = Effect.forEach(Array.from({ length: 30 }), () => TestClock.adjust(10), { discard: true })

const counts = Effect.gen(function* () {
  const log = yield* PartitionedLog
  const p = partitionForKey("k", 4)
  const records = yield* log.poll("counts", p, 0, 1000)
  return records.map((r) => JSON.parse(new TextDecoder().decode(r.value!)).count as number)
})

const click = Effect.flatMap(PartitionedLog, (log) =>
  log.append([{ topic: "clicks", key: "k", value: new TextEncoder().encode('{"n":1}') }]),
)

it("moves a task between members on rebalance; state and outputs continue exactly once", async () => {
  const program = Effect.gen(function* () {
    const scopeA = yield* Scope.make()
    const a = yield* Scope.provide(scopeA)(runTopology(testApp, { memberId: "a" }, settings))
    yield* a.awaitReady
    for (let i = 0; i < 3; i++) yield* click
    yield* settle
    expect(yield* counts).toEqual([1, 2, 3])

    const scopeB = yield* Scope.make()
    const b = yield* Scope.provide(scopeB)(runTopology(testApp, { memberId: "b" }, settings))
    yield* b.awaitReady
    yield* reassign("t-counter", partitionForKey("k", 4), "b")
    yield* settle
    for (let i = 0; i < 2; i++) yield* click
    yield* settle
    expect(yield* counts).toEqual([1, 2, 3, 4, 5])

    yield* Scope.close(scopeB, Exit.void)
    yield* settle
    yield* click
    yield* settle
    expect(yield* counts).toEqual([1, 2, 3, 4, 5, 6])
    yield* Scope.close(scopeA, Exit.void)
  })
  await Effect.runPromise(Effect.provide(program, Layer.merge(memoryLayer, TestClock.layer())))
})
