// The driver on the memory adapter through the test driver: exactly-once outputs across crashes,
// failed commits and duplicate delivery; dead letters; timers; repartitioning.
import { partitionForKey } from "@streamfold/core"
import { deadLetterHeaders, StateStore } from "@streamfold/core/runtime"
import { Effect, Layer } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { MemoryEngine, makeTestDriver, layer as memoryLayer } from "../src/index.ts"
import { testApp } from "./Topologies.ts"

type Op =
  | { readonly _tag: "Click"; readonly key: string }
  | { readonly _tag: "Crash" }
  | { readonly _tag: "FailCommit"; readonly after: boolean }
  | { readonly _tag: "Duplicate"; readonly partition: number; readonly count: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .constantFrom("a", "b", "c", "__proto__", "é")
      .map((key) => ({ _tag: "Click" as const, key })),
  },
  { weight: 1, arbitrary: fc.constant({ _tag: "Crash" as const }) },
  { weight: 1, arbitrary: fc.boolean().map((after) => ({ _tag: "FailCommit" as const, after })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ partition: fc.integer({ min: 0, max: 3 }), count: fc.integer({ min: 1, max: 5 }) })
      .map((r) => ({ _tag: "Duplicate" as const, ...r })),
  },
)

/** A store whose "crash after commit" appends the outputs but loses the offsets: not atomic. */
const brokenAdapter = Layer.effect(
  StateStore,
  Effect.gen(function* () {
    const store = yield* StateStore
    const engine = yield* MemoryEngine
    return {
      ...store,
      commit: (unit) =>
        engine.commitFaults[0] === "crashAfterCommit"
          ? Effect.andThen(
              Effect.sync(() => engine.commitFaults.shift()),
              store.commit({ ...unit, offsets: [], writes: [] }),
            )
          : store.commit(unit),
    } satisfies StateStore["Service"]
  }),
).pipe(Layer.provideMerge(memoryLayer))

/** Runs ops; answers whether each key's counts are exactly 1..n in order, n = its clicks. */
const exactlyOnce = (ops: ReadonlyArray<Op>, adapter?: typeof memoryLayer): boolean => {
  const driver = makeTestDriver(testApp, adapter === undefined ? {} : { adapter })
  try {
    const clicks = new Map<string, number>()
    for (const op of ops) {
      if (op._tag === "Click") {
        clicks.set(op.key, (clicks.get(op.key) ?? 0) + 1)
        driver.pipe("clicks", op.key, JSON.stringify({ n: 1 }))
      } else if (op._tag === "Crash") driver.crash()
      else if (op._tag === "FailCommit")
        driver.failNextCommit(op.after ? "crashAfterCommit" : "crashBeforeCommit")
      else driver.duplicateDelivery("clicks", op.partition, op.count)
    }
    driver.drain()
    const seen = new Map<string, Array<number>>()
    for (const v of driver.outputValues("counts") as Array<{ key: string; count: number }>)
      seen.set(v.key, [...(seen.get(v.key) ?? []), v.count])
    if (seen.size !== clicks.size) return false
    for (const [key, n] of clicks) {
      const counts = seen.get(key) ?? []
      if (counts.length !== n || counts.some((c, i) => c !== i + 1)) return false
      if ((driver.readState("counts", key) as { count: number }).count !== n) return false
    }
    return true
  } finally {
    void driver.dispose()
  }
}

describe("test driver", () => {
  it("emits each output exactly once across crashes, failed commits and duplicate delivery", () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 25 }), (ops) => exactlyOnce(ops)))
  })

  it("canary: a store that commits outputs without offsets is caught", () => {
    const result = fc.check(
      fc.property(fc.array(opArb, { maxLength: 25 }), (ops) => exactlyOnce(ops, brokenAdapter)),
    )
    expect(result.failed).toBe(true)
  })

  it("dead-letters undecodable records and broken invariants with their source, and goes on", () => {
    const driver = makeTestDriver(testApp)
    driver.pipe("clicks", "k", "not json")
    driver.pipe("clicks", "k", JSON.stringify({ n: 666 }))
    driver.pipe("clicks", "k", JSON.stringify({ n: 1 }))
    driver.pipe("clicks", null, JSON.stringify({ n: 1 }))
    const dlq = driver.outputs("t-dlq")
    const partition = partitionForKey("k", 4)
    expect(
      dlq.map((r) => [
        r.key,
        r.value === null ? null : new TextDecoder().decode(r.value),
        r.headers[deadLetterHeaders.topic],
        r.headers[deadLetterHeaders.partition],
        r.headers[deadLetterHeaders.offset],
      ]),
    ).toEqual([
      ["k", "not json", "clicks", String(partition), "0"],
      ["k", '{"n":666}', "clicks", String(partition), "1"],
      [null, '{"n":1}', "clicks", "0", expect.any(String)],
    ])
    expect(dlq[0]!.headers[deadLetterHeaders.error]).toContain("undecodable")
    expect(dlq[1]!.headers[deadLetterHeaders.error]).toContain("invariant broken")
    expect(driver.outputValues("counts")).toEqual([{ key: "k", count: 1 }])
    void driver.dispose()
  })

  it("fires timers at their deadline with the test clock and deletes finished keys", () => {
    const driver = makeTestDriver(testApp, { startMs: 1_000 })
    driver.pipe("sessions", "s1", "500")
    driver.pipe("sessions", "s2", "200")
    expect(driver.readState("sessions", "s1")).toEqual({ expiresAt: 1_500 })
    driver.advanceTime(199)
    expect(driver.outputValues("expired")).toEqual([])
    driver.advanceTime(1)
    expect(driver.outputValues("expired")).toEqual([{ key: "s2", _tag: "Expired", at: 1_200 }])
    expect(driver.readStore("sessions", "s2")).toBeUndefined()
    driver.advanceTime(299)
    expect(driver.outputValues("expired")).toHaveLength(1)
    driver.advanceTime(1)
    expect(driver.outputValues("expired")).toEqual([
      { key: "s2", _tag: "Expired", at: 1_200 },
      { key: "s1", _tag: "Expired", at: 1_500 },
    ])
    expect(driver.readStore("sessions", "s1")).toBeUndefined()
    void driver.dispose()
  })

  it("re-keys inputs through the repartition topic to the task owning the new key", () => {
    const driver = makeTestDriver(testApp)
    const orders = [
      ["o1", "ann", 3],
      ["o2", "bob", 5],
      ["o3", "ann", 4],
      ["o4", "中", 1],
    ] as const
    for (const [id, user, amount] of orders) driver.pipe("orders", id, JSON.stringify({ user, amount }))
    const repartitioned = driver.outputs("t-totals-repartition")
    for (const r of repartitioned) expect(r.partition).toBe(partitionForKey(r.key!, 3))
    expect(repartitioned.map((r) => r.key).sort()).toEqual(["ann", "ann", "bob", "中"])
    expect(driver.readState("totals", "ann")).toBe(7)
    expect(driver.readState("totals", "bob")).toBe(5)
    expect(driver.readState("totals", "中")).toBe(1)
    expect(driver.outputs("user-totals").every((r) => r.partition === partitionForKey(r.key!, 3))).toBe(true)
    void driver.dispose()
  })

  it("refuses co-partitioned inputs with different partition counts", () => {
    const bad = {
      ...testApp,
      topics: testApp.topics.map((t) => (t.name === "clicks" ? { ...t, partitions: 3 } : t)),
    }
    expect(() => makeTestDriver(bad)).toThrow(/clicks has 3 partitions/)
  })
})
