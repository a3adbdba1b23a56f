// runTopology's commit coalescing on the memory adapter with the TestClock: a task steps several
// polled batches into one atomic commit, commits as soon as it finds nothing more to poll (long
// before the interval), and splits a unit at `maxUncommittedRecords`.
import { partitionForKey } from "@streamfold/core"
import {
  type DriverSettings,
  defaultDriverSettings,
  PartitionedLog,
  runTopology,
} from "@streamfold/core/runtime"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { expect, it } from "vitest"
import { MemoryEngine, layer as memoryLayer } from "../src/index.ts"
import { testApp } from "./Topologies.ts"

const clicks = (n: number) =>
  Effect.flatMap(PartitionedLog, (log) =>
    log.append(
      Array.from({ length: n }, () => ({
        topic: "clicks",
        key: "k",
        value: new TextEncoder().encode('{"n":1}'),
      })),
    ),
  )

const counts = Effect.gen(function* () {
  const log = yield* PartitionedLog
  const records = yield* log.poll("counts", partitionForKey("k", 4), 0, 1000)
  return records.map((r) => JSON.parse(new TextDecoder().decode(r.value!)).count as number)
})

/** Commits made while 10 clicks (5 polls of 2) are processed, after one idle poll interval. */
const commitsFor10Clicks = (overrides: Partial<DriverSettings>) => {
  const settings: DriverSettings = {
    ...defaultDriverSettings,
    maxBatchRecords: 2,
    idlePollMs: 10,
    commitIntervalMs: 60_000,
    ...overrides,
  }
  const program = Effect.scoped(
    Effect.gen(function* () {
      const engine = yield* MemoryEngine
      const running = yield* runTopology(testApp, { memberId: "a" }, settings)
      yield* running.awaitReady
      yield* TestClock.adjust(10)
      const before = engine.commits
      yield* clicks(10)
      // One idle-poll pause, far below the commit interval.
      yield* TestClock.adjust(10)
      return { commits: engine.commits - before, counts: yield* counts }
    }),
  )
  return Effect.runPromise(Effect.provide(program, Layer.merge(memoryLayer, TestClock.layer())))
}

const oneToTen = Array.from({ length: 10 }, (_, i) => i + 1)

it("steps five polled batches into one commit, made as soon as the task finds nothing more", async () => {
  expect(await commitsFor10Clicks({})).toEqual({ commits: 1, counts: oneToTen })
})

it("commits a unit once it holds maxUncommittedRecords, before the interval", async () => {
  // 2+2 → commit, 2+2 → commit, 2 then an empty poll → commit.
  expect(await commitsFor10Clicks({ maxUncommittedRecords: 4 })).toEqual({ commits: 3, counts: oneToTen })
})
