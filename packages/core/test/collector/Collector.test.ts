// Example-based tests of the collector reducer: the seed's algorithm (section 3.3/3.4) and the
// fixes DESIGN asks for (repeats, early Dones, resolved groups, own outcomes).
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makeCollector, timeoutError } from "../../src/collector/Collector.ts"
import type { CollectorInput, Create, EntityDone } from "../../src/collector/CollectorInput.ts"
import type { CollectorOutput } from "../../src/collector/CollectorOutput.ts"
import { type GroupState, idleGroup } from "../../src/collector/CollectorState.ts"
import type { Json } from "../../src/collector/Json.ts"
import { rfc3339Seconds } from "../../src/collector/Rfc3339.ts"
import { run, tick } from "../../src/Reducer.ts"

const collector = makeCollector({ defaultTtlSeconds: 30, resolvedRetentionMs: 60_000, maxHeldDones: 3 })
const t0 = Date.UTC(2020, 6, 17, 23, 38, 21, 400) // 2020-07-17T23:38:21.400Z

const create = (id: string, expected: ReadonlyArray<string>, extra: Partial<Create> = {}): Create => ({
  _tag: "Create",
  id,
  expected,
  payload: { group: "payload" },
  ...extra,
})
const done = (group: string, id: string, result: Json = { job: id }, error?: string): EntityDone => ({
  _tag: "EntityDone",
  id,
  group,
  result,
  ...(error === undefined ? {} : { error }),
})
const at = (seconds: number): number => t0 + seconds * 1000
const feed = (inputs: ReadonlyArray<readonly [CollectorInput, number]>, from?: GroupState) =>
  run(collector, inputs, from)
const outcomes = (out: ReadonlyArray<CollectorOutput>) =>
  out.filter((o) => o._tag === "Success" || o._tag === "Failure")
const record = (entries: ReadonlyArray<readonly [string, Json]>) =>
  Object.assign(Object.create(null), Object.fromEntries(entries))

describe("collector: seed behaviour", () => {
  it("succeeds when every expected entity is done, with created/resolved in RFC 3339 UTC seconds", () => {
    const { state, out } = feed([
      [create("G", ["A", "B", "C"]), at(0)],
      [done("G", "A"), at(1)],
      [done("G", "C"), at(2)],
      [done("G", "B"), at(19)],
    ])
    expect(out).toEqual([
      {
        _tag: "Success",
        id: "G",
        created: "2020-07-17T23:38:21Z",
        resolved: "2020-07-17T23:38:40Z",
        results: record([
          ["A", { job: "A" }],
          ["C", { job: "C" }],
          ["B", { job: "B" }],
        ]),
        payload: { group: "payload" },
      },
    ])
    expect(state._tag).toBe("Resolved")
  })

  it("produces nothing on Create and waits while entities are missing", () => {
    const { state, out } = feed([
      [create("G", ["A", "B"]), at(0)],
      [done("G", "A"), at(1)],
    ])
    expect(out).toEqual([])
    expect(state._tag).toBe("Open")
    expect(collector.deadline?.(state)).toBe(at(30))
  })

  it("lets an error win over completion: the completing entity's error fails the group", () => {
    const { out } = feed([
      [create("G", ["A", "B"]), at(0)],
      [done("G", "A"), at(1)],
      [done("G", "B", { partial: true }, "disk full"), at(2)],
    ])
    expect(outcomes(out)).toEqual([
      expect.objectContaining({
        _tag: "Failure",
        entity: "B",
        error: "disk full",
        results: record([
          ["A", { job: "A" }],
          ["B", { partial: true }],
        ]),
      }),
    ])
  })

  it("fails the group on an error from an entity it does not expect, without recording it", () => {
    const { out } = feed([
      [create("G", ["A", "B"]), at(0)],
      [done("G", "A"), at(1)],
      [done("G", "X", 7, "stranger failed"), at(2)],
    ])
    expect(outcomes(out)).toEqual([
      expect.objectContaining({
        _tag: "Failure",
        entity: "X",
        error: "stranger failed",
        results: record([["A", { job: "A" }]]),
      }),
    ])
  })

  it("treats an empty error text as no error", () => {
    const { out } = feed([
      [create("G", ["A"]), at(0)],
      [done("G", "A", 1, ""), at(1)],
    ])
    expect(outcomes(out)).toEqual([expect.objectContaining({ _tag: "Success", results: record([["A", 1]]) })])
  })

  it("completes a group with no expected entities on its first Done, with results {}", () => {
    const success = feed([
      [create("G", []), at(0)],
      [done("G", "whoever"), at(1)],
    ])
    expect(outcomes(success.out)).toEqual([expect.objectContaining({ _tag: "Success", results: record([]) })])
    const failure = feed([
      [create("G", []), at(0)],
      [done("G", "whoever", null, "nope"), at(1)],
    ])
    expect(outcomes(failure.out)).toEqual([expect.objectContaining({ _tag: "Failure", entity: "whoever" })])
  })

  it("drops a Done from an unexpected entity without error and changes nothing", () => {
    const opened = feed([[create("G", ["A"]), at(0)]]).state
    const { state, out } = collector.step(opened, done("G", "X"), at(1))
    expect(state).toBe(opened)
    expect(out).toEqual([{ _tag: "Dropped", group: "G", entity: "X", reason: "UnexpectedEntity" }])
  })

  it("times out at created + ttl with entity = group id and the seed's text, keeping partial results", () => {
    const opened = feed([
      [create("G", ["A", "B"], { ttl: 120 }), at(0)],
      [done("G", "A"), at(3)],
    ]).state
    expect(collector.deadline?.(opened)).toBe(at(120))
    expect(collector.step(opened, tick, at(119.999)).out).toEqual([])
    const { state, out } = collector.step(opened, tick, at(120))
    expect(out).toEqual([
      {
        _tag: "Failure",
        id: "G",
        entity: "G",
        error: "Operation timed out after 120 seconds",
        created: "2020-07-17T23:38:21Z",
        resolved: "2020-07-17T23:40:21Z",
        results: record([["A", { job: "A" }]]),
        payload: { group: "payload" },
      },
    ])
    expect(state._tag).toBe("Resolved")
    expect(timeoutError(7)).toBe("Operation timed out after 7 seconds")
  })

  it("uses the default TTL when ttl is absent, zero or negative", () => {
    for (const ttl of [undefined, 0, -5]) {
      const opened = feed([[create("G", ["A"], ttl === undefined ? {} : { ttl }), at(0)]]).state
      expect(collector.deadline?.(opened)).toBe(at(30))
      expect(outcomes(collector.step(opened, tick, at(30)).out)).toEqual([
        expect.objectContaining({ error: "Operation timed out after 30 seconds" }),
      ])
    }
  })

  it("times out before applying a Done that arrives at or after the deadline (even if its Tick has not come)", () => {
    const { out } = feed([
      [create("G", ["A"], { ttl: 5 }), at(0)],
      [done("G", "A"), at(5)],
    ])
    expect(out).toEqual([
      expect.objectContaining({ _tag: "Failure", entity: "G", error: "Operation timed out after 5 seconds" }),
      { _tag: "Dropped", group: "G", entity: "A", reason: "GroupResolved" },
    ])
  })

  it("ignores client-sent created and results: created is the Create's time", () => {
    const { out } = feed([
      [{ ...create("G", ["A"]), created: "1999-01-01T00:00:00Z", results: { A: 1 } } as Create, at(0)],
      [done("G", "A", 2), at(1)],
    ])
    expect(outcomes(out)).toEqual([
      expect.objectContaining({ created: "2020-07-17T23:38:21Z", results: record([["A", 2]]) }),
    ])
  })
})

describe("collector: fixes", () => {
  it("a repeated Create changes nothing (same or different content), and says which", () => {
    const opened = feed([
      [create("G", ["A", "B"], { ttl: 10 }), at(0)],
      [done("G", "A"), at(1)],
    ]).state
    const same = collector.step(opened, create("G", ["A", "B"], { ttl: 10, sender: "other" }), at(5))
    expect(same.state).toBe(opened)
    expect(same.out).toEqual([{ _tag: "Dropped", group: "G", reason: "DuplicateCreate" }])
    const different = collector.step(opened, create("G", ["C"], { ttl: 99 }), at(5))
    expect(different.state).toBe(opened)
    expect(different.out).toEqual([{ _tag: "Dropped", group: "G", reason: "ConflictingCreate" }])
    expect(collector.deadline?.(different.state)).toBe(at(10))
  })

  it("a repeated Done changes nothing: the first result stays (identical or not)", () => {
    const opened = feed([
      [create("G", ["A", "B"]), at(0)],
      [done("G", "A", { v: 1 }), at(1)],
    ]).state
    const same = collector.step(opened, done("G", "A", { v: 1 }), at(2))
    expect(same.state).toBe(opened)
    expect(same.out).toEqual([{ _tag: "Dropped", group: "G", entity: "A", reason: "DuplicateDone" }])
    const different = collector.step(opened, done("G", "A", { v: 2 }), at(2))
    expect(different.state).toBe(opened)
    expect(different.out).toEqual([{ _tag: "Dropped", group: "G", entity: "A", reason: "ConflictingDone" }])
    const withError = collector.step(opened, done("G", "A", { v: 1 }, "late error"), at(2))
    expect(withError.state).toBe(opened)
    expect(withError.out).toEqual([{ _tag: "Dropped", group: "G", entity: "A", reason: "ConflictingDone" }])
    const { out } = collector.step(different.state, done("G", "B"), at(3))
    expect(outcomes(out)).toEqual([
      expect.objectContaining({
        results: record([
          ["A", { v: 1 }],
          ["B", { job: "B" }],
        ]),
      }),
    ])
  })

  it("holds a Done that arrives before its Create and applies it when the Create arrives", () => {
    const held = feed([[done("G", "A"), at(0)]])
    expect(held.out).toEqual([{ _tag: "Held", group: "G", entity: "A", untilMs: at(30) }])
    expect(collector.isFinished(held.state)).toBe(false)
    expect(collector.deadline?.(held.state)).toBe(at(30))
    const { out, state } = feed(
      [
        [create("G", ["A", "B"]), at(10)],
        [done("G", "B"), at(11)],
      ],
      held.state,
    )
    expect(outcomes(out)).toEqual([
      expect.objectContaining({
        _tag: "Success",
        created: "2020-07-17T23:38:31Z",
        resolved: "2020-07-17T23:38:32Z",
        results: record([
          ["A", { job: "A" }],
          ["B", { job: "B" }],
        ]),
      }),
    ])
    expect(state._tag).toBe("Resolved")
  })

  it("applies held Dones in arrival order and may resolve at once on the Create", () => {
    const { out } = feed([
      [done("G", "B", 2), at(0)],
      [done("G", "X", null, "boom"), at(1)],
      [done("G", "A", 1), at(2)],
      [create("G", ["A", "B"]), at(3)],
    ])
    expect(out.filter((o) => o._tag !== "Held")).toEqual([
      expect.objectContaining({ _tag: "Failure", entity: "X", error: "boom", results: record([["B", 2]]) }),
      { _tag: "Dropped", group: "G", entity: "A", reason: "GroupResolved" },
    ])
  })

  it("drops a held Done when no Create comes within the default TTL, then forgets the group", () => {
    const held = feed([
      [done("G", "A"), at(0)],
      [done("G", "B"), at(20)],
    ]).state
    expect(collector.deadline?.(held)).toBe(at(30))
    const first = collector.step(held, tick, at(30))
    expect(first.out).toEqual([{ _tag: "Dropped", group: "G", entity: "A", reason: "HoldExpired" }])
    expect(collector.deadline?.(first.state)).toBe(at(50))
    const second = collector.step(first.state, tick, at(50))
    expect(second.out).toEqual([{ _tag: "Dropped", group: "G", entity: "B", reason: "HoldExpired" }])
    expect(second.state).toEqual(idleGroup)
    expect(collector.isFinished(second.state)).toBe(true)
    const late = collector.step(first.state, create("G", ["A", "B"]), at(40))
    expect(late.state._tag).toBe("Open")
  })

  it("holds at most maxHeldDones per group and drops the rest", () => {
    const { state, out } = feed([
      [done("G", "A"), at(0)],
      [done("G", "B"), at(0)],
      [done("G", "C"), at(0)],
      [done("G", "D"), at(0)],
    ])
    expect(out.at(-1)).toEqual({ _tag: "Dropped", group: "G", entity: "D", reason: "HoldLimit" })
    expect(state._tag === "Holding" && state.held.map((h) => h.done.id)).toEqual(["A", "B", "C"])
  })

  it("gives no second outcome for a resolved group, then forgets it after the retention", () => {
    const resolved = feed([
      [create("G", ["A"]), at(0)],
      [done("G", "A"), at(1)],
    ]).state
    expect(resolved._tag).toBe("Resolved")
    const late = feed(
      [
        [done("G", "A", 9), at(2)],
        [done("G", "B", null, "boom"), at(3)],
        [create("G", ["A"]), at(4)],
        [tick, at(30)],
      ],
      resolved,
    )
    expect(late.out).toEqual([
      { _tag: "Dropped", group: "G", entity: "A", reason: "GroupResolved" },
      { _tag: "Dropped", group: "G", entity: "B", reason: "GroupResolved" },
      { _tag: "Dropped", group: "G", reason: "GroupResolved" },
    ])
    expect(late.state).toBe(resolved)
    expect(collector.deadline?.(resolved)).toBe(at(61))
    expect(collector.isFinished(collector.step(resolved, tick, at(60.999)).state)).toBe(false)
    const forgotten = collector.step(resolved, tick, at(61))
    expect(forgotten).toEqual({ state: idleGroup, out: [] })
    expect(collector.isFinished(forgotten.state)).toBe(true)
  })

  it("forgets a resolved group at once when the retention is zero", () => {
    const forgetful = makeCollector({ resolvedRetentionMs: 0 })
    const { state } = run(forgetful, [
      [create("G", ["A"]), at(0)],
      [done("G", "A"), at(1)],
    ])
    expect(forgetful.isFinished(state)).toBe(true)
  })

  it("ignores its own Success/Failure read back from the topic, whatever the state", () => {
    const states: Array<GroupState> = [
      idleGroup,
      feed([[done("G", "A"), at(0)]]).state,
      feed([[create("G", ["A"]), at(0)]]).state,
      feed([
        [create("G", ["A"]), at(0)],
        [done("G", "A"), at(0)],
      ]).state,
    ]
    for (const state of states) {
      for (const type of ["EventGroupCollectorSuccess", "EventGroupCollectorFailure"] as const) {
        const step = collector.step(state, { _tag: "Ignored", id: "G", type }, at(1_000))
        expect(step.state).toBe(state)
        expect(step.out).toEqual([])
      }
    }
  })

  it("keeps __proto__ and constructor as ordinary group and entity ids", () => {
    const { out } = feed([
      [done("__proto__", "constructor", { c: 1 }), at(0)],
      [create("__proto__", ["__proto__", "constructor", "toString"]), at(1)],
      [done("__proto__", "__proto__", { p: 1 }), at(2)],
      [done("__proto__", "toString", null), at(3)],
    ])
    const [success] = outcomes(out)
    expect(success?._tag).toBe("Success")
    expect(success?.id).toBe("__proto__")
    const results = success?.results ?? {}
    expect(Object.getPrototypeOf(results)).toBe(null)
    expect(Object.keys(results).sort()).toEqual(["__proto__", "constructor", "toString"])
    expect(Object.getOwnPropertyDescriptor(results, "__proto__")?.value).toEqual({ p: 1 })
    expect(({} as Record<string, unknown>).p).toBeUndefined()
  })

  it("never finishes an open group before it resolves", () => {
    const opened = feed([[create("G", ["A"]), at(0)]]).state
    expect(collector.isFinished(opened)).toBe(false)
    expect(collector.isFinished(collector.initial)).toBe(true)
    expect(collector.deadline?.(collector.initial)).toBeUndefined()
  })
})

describe("rfc3339Seconds", () => {
  // 0000-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z
  it("agrees with Date#toISOString (milliseconds dropped) for years 0000-9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        expect(rfc3339Seconds(ms)).toBe(new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"))
      }),
    )
  })

  it("formats UTC with second precision, truncating milliseconds", () => {
    expect(rfc3339Seconds(Date.UTC(2020, 6, 17, 23, 38, 21, 999))).toBe("2020-07-17T23:38:21Z")
    expect(rfc3339Seconds(0)).toBe("1970-01-01T00:00:00Z")
    expect(rfc3339Seconds(-1)).toBe("1969-12-31T23:59:59Z")
  })
})
