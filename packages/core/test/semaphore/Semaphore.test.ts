// Examples of the semaphore reducer: the seed's scenario, the queue limit, cancel, leases,
// duplicates and strays, hostile ids, invalid inputs, retention and config changes.
import { describe, expect, it } from "vitest"
import { run, tick } from "../../src/Reducer.ts"
import { makeSemaphore, type SemaphoreReducer } from "../../src/semaphore/Semaphore.ts"
import type { EventType, SemaphoreInput, SemaphoreOutput } from "../../src/semaphore/SemaphoreProtocol.ts"
import {
  commandIdKey,
  emptySemaphoreState,
  type SemaphoreState,
  semaphoreView,
} from "../../src/semaphore/SemaphoreState.ts"
import { similarIds } from "./SemaphoreScenario.ts"

const R = "80169888-0e7e-4901-8099-a9fb80b7806d"
const A = "275b3448-8c51-45d2-839f-4314b9700259"
const B = "6f1c1f0e-3f55-4c1f-9d5a-0b8c2b9a7e11"
const C = "a0b6d7f2-44c9-4e4f-8f5e-2b6f0e1a9c33"

const cmd = (commandId: string, message = `run ${commandId}`, resourceId = R): SemaphoreInput => ({
  _tag: "Command",
  resourceId,
  commandId,
  message,
})
const ev = (commandId: string, type: EventType = "TERMINATING", resourceId = R): SemaphoreInput => ({
  _tag: "Event",
  resourceId,
  commandId,
  type,
  message: `Command completed on ${resourceId}`,
})

/** Steps inputs at the given times from a state, returning the last state and all outputs. */
const play = (
  reducer: SemaphoreReducer,
  inputs: ReadonlyArray<readonly [SemaphoreInput, number]>,
  from: SemaphoreState = reducer.initial,
) => run(reducer, inputs, from)

const tags = (out: ReadonlyArray<SemaphoreOutput>) => out.map((o) => `${o._tag} ${o.commandId}`)

describe("the seed scenario", () => {
  it("admits the first, queues the second, and hands over on TERMINATING", () => {
    const semaphore = makeSemaphore()
    const first = play(semaphore, [[cmd(A, "This is a message."), 1]])
    expect(first.out).toEqual([
      { _tag: "Admitted", resourceId: R, commandId: A, message: "This is a message." },
    ])

    const second = play(semaphore, [[cmd(B, "second"), 2]], first.state)
    expect(second.out).toEqual([{ _tag: "Queued", resourceId: R, commandId: B, position: 1 }])

    const release = play(semaphore, [[ev(A), 3]], second.state)
    expect(release.out).toEqual([
      { _tag: "Released", resourceId: R, commandId: A },
      { _tag: "Admitted", resourceId: R, commandId: B, message: "second" },
    ])
    expect(semaphoreView(release.state)).toEqual({
      resourceId: R,
      holders: [{ commandId: B, leaseUntil: null }],
      queue: [],
      remembered: 1,
    })
  })

  it("ignores INITIALIZING and CONTINUING from a holder without a lease", () => {
    const semaphore = makeSemaphore()
    const held = play(semaphore, [[cmd(A), 1]]).state
    for (const type of ["INITIALIZING", "CONTINUING"] as const) {
      const next = semaphore.step(held, ev(A, type), 2)
      expect(next).toEqual({ state: held, out: [] })
      expect(next.state).toBe(held)
    }
  })

  it("uses per-resource permits and queue limits", () => {
    const semaphore = makeSemaphore({ permits: new Map([[R, 3]]), queueLimits: new Map([[R, 1]]) })
    const { out } = play(
      semaphore,
      [A, B, C, "d", "e", "f"].map((id, i) => [cmd(id), i] as const),
    )
    expect(tags(out)).toEqual([
      `Admitted ${A}`,
      `Admitted ${B}`,
      `Admitted ${C}`,
      "Queued d",
      "Rejected e",
      "Rejected f",
    ])
    expect(
      play(semaphore, [
        [cmd(A, "x", "other"), 1],
        [cmd(B, "x", "other"), 2],
      ]).out.map((o) => o._tag),
    ).toEqual(["Admitted", "Queued"])
  })
})

describe("the queue", () => {
  it("rejects beyond the limit with a reason and keeps the state", () => {
    const semaphore = makeSemaphore({ defaultQueueLimit: 2 })
    const full = play(semaphore, [
      [cmd(A), 1],
      [cmd(B), 2],
      [cmd(C), 3],
    ]).state
    const rejected = semaphore.step(full, cmd("d"), 4)
    expect(rejected.out).toEqual([
      { _tag: "Rejected", resourceId: R, commandId: "d", reason: "queue limit 2 reached" },
    ])
    expect(rejected.state).toBe(full)
    // A rejected command was never accepted, so sending it again later is a new attempt.
    const later = play(
      semaphore,
      [
        [ev(A), 5],
        [cmd("d"), 6],
      ],
      full,
    )
    expect(tags(later.out)).toEqual([`Released ${A}`, `Admitted ${B}`, "Queued d"])
  })

  it("cancels a queued command on TERMINATING without admitting anyone", () => {
    const semaphore = makeSemaphore()
    const queued = play(semaphore, [
      [cmd(A), 1],
      [cmd(B), 2],
      [cmd(C), 3],
    ]).state
    const cancelled = semaphore.step(queued, ev(B), 4)
    expect(cancelled.out).toEqual([{ _tag: "Cancelled", resourceId: R, commandId: B }])
    expect(semaphoreView(cancelled.state).queue).toEqual([{ commandId: C, position: 1 }])
    expect(semaphoreView(cancelled.state).holders.map((h) => h.commandId)).toEqual([A])
    // The cancelled id is finished: a re-send is a duplicate, a second TERMINATING is ignored.
    expect(
      tags(
        play(
          semaphore,
          [
            [cmd(B), 5],
            [ev(B), 6],
          ],
          cancelled.state,
        ).out,
      ),
    ).toEqual([`Duplicate ${B}`, `Ignored ${B}`])
  })

  it("reports the waiting position and answers progress events from waiting commands as ignored", () => {
    const semaphore = makeSemaphore()
    const { state, out } = play(semaphore, [
      [cmd(A), 1],
      [cmd(B), 2],
      [cmd(C), 3],
    ])
    expect(out.slice(1)).toEqual([
      { _tag: "Queued", resourceId: R, commandId: B, position: 1 },
      { _tag: "Queued", resourceId: R, commandId: C, position: 2 },
    ])
    const early = semaphore.step(state, ev(C, "INITIALIZING"), 4)
    expect(early.out).toEqual([{ _tag: "Ignored", resourceId: R, commandId: C, reason: "not admitted yet" }])
    expect(early.state).toBe(state)
  })
})

describe("leases", () => {
  const semaphore = makeSemaphore({ leaseMs: 100, rememberMs: 1_000 })

  it("renews on INITIALIZING/CONTINUING and expires at the deadline, admitting the head", () => {
    const { state } = play(semaphore, [
      [cmd(A), 0],
      [cmd(B), 10],
      [ev(A, "INITIALIZING"), 40],
      [ev(A, "CONTINUING"), 50],
    ])
    expect(semaphore.deadline!(state)).toBe(150)
    expect(semaphore.step(state, tick, 149)).toEqual({ state, out: [] })
    const expired = semaphore.step(state, tick, 150)
    expect(expired.out).toEqual([
      { _tag: "Expired", resourceId: R, commandId: A },
      { _tag: "Admitted", resourceId: R, commandId: B, message: `run ${B}` },
    ])
    expect(semaphoreView(expired.state).holders).toEqual([{ commandId: B, leaseUntil: 250 }])
    expect(semaphore.deadline!(expired.state)).toBe(250)
  })

  it("settles lapsed leases at their own deadlines when the next input is late", () => {
    const { state } = play(semaphore, [
      [cmd(A), 0],
      [cmd(B), 10],
      [cmd(C), 20],
    ])
    // No Tick came until 260: A lapsed at 100 (B admitted then), B at 200 (C admitted then).
    const late = semaphore.step(state, ev(B, "CONTINUING"), 260)
    expect(tags(late.out)).toEqual([
      `Expired ${A}`,
      `Admitted ${B}`,
      `Expired ${B}`,
      `Admitted ${C}`,
      `Ignored ${B}`,
    ])
    expect(semaphoreView(late.state).holders).toEqual([{ commandId: C, leaseUntil: 300 }])
    // The same outputs arrive if Ticks come on time.
    const onTime = play(
      semaphore,
      [
        [tick, 100],
        [tick, 200],
        [ev(B, "CONTINUING"), 260],
      ],
      state,
    )
    expect(onTime.out).toEqual(late.out)
    expect(onTime.state).toEqual(late.state)
  })

  it("does not let a late renewal revive an expired holder", () => {
    const held = play(semaphore, [[cmd(A), 0]]).state
    const late = semaphore.step(held, ev(A, "CONTINUING"), 100)
    expect(tags(late.out)).toEqual([`Expired ${A}`, `Ignored ${A}`])
    expect(semaphoreView(late.state).holders).toEqual([])
  })
})

describe("duplicates and strays", () => {
  const semaphore = makeSemaphore({ rememberMs: 1_000 })
  const { state } = play(semaphore, [
    [cmd(A), 1],
    [cmd(B), 2],
    [cmd(C), 3],
    [ev(A), 4],
  ])

  it("answers a duplicate of a held, queued or finished command without changing anything", () => {
    expect(tags(play(semaphore, [[cmd(A), 4]], state).out)).toEqual([`Duplicate ${A}`])
    for (const [id, reason] of [
      [A, "already finished"],
      [B, "already admitted"],
      [C, "already queued at position 1"],
    ] as const) {
      const next = semaphore.step(state, cmd(id, "other message"), 5)
      expect(next.out).toEqual([{ _tag: "Duplicate", resourceId: R, commandId: id, reason }])
      expect(next.state).toBe(state)
    }
  })

  it("ignores repeated and stray releases", () => {
    for (const [id, reason] of [
      [A, "already finished"],
      ["never-seen", "not held or queued"],
    ] as const) {
      const next = semaphore.step(state, ev(id), 5)
      expect(next.out).toEqual([{ _tag: "Ignored", resourceId: R, commandId: id, reason }])
      expect(next.state).toBe(state)
    }
  })

  it("keeps no state for strays on a resource it has never seen", () => {
    const next = semaphore.step(semaphore.initial, ev(A), 5)
    expect(next.out).toEqual([{ _tag: "Ignored", resourceId: R, commandId: A, reason: "not held or queued" }])
    expect(next.state).toBe(semaphore.initial)
    expect(semaphore.isFinished(next.state)).toBe(true)
  })

  it("forgets finished ids after rememberMs, then becomes finished", () => {
    const released = play(
      semaphore,
      [
        [ev(B), 10],
        [ev(C), 11],
      ],
      state,
    ).state
    expect(semaphoreView(released).remembered).toBe(3)
    expect(semaphore.isFinished(released)).toBe(false)
    expect(semaphore.deadline!(released)).toBe(1_004)
    const partly = semaphore.step(released, tick, 1_004).state
    expect(semaphoreView(partly).remembered).toBe(2)
    const done = semaphore.step(partly, tick, 1_011)
    expect(done.out).toEqual([])
    expect(semaphore.isFinished(done.state)).toBe(true)
    expect(semaphore.deadline!(done.state)).toBeUndefined()
    // Once forgotten, the same id is a new command.
    expect(tags(semaphore.step(done.state, cmd(A), 1_012).out)).toEqual([`Admitted ${A}`])
  })

  it("remembers at most rememberMax finished ids, forgetting the oldest", () => {
    const small = makeSemaphore({ rememberMax: 2 })
    const { state: s } = play(small, [
      [cmd(A), 1],
      [ev(A), 2],
      [cmd(B), 3],
      [ev(B), 4],
      [cmd(C), 5],
      [ev(C), 6],
    ])
    expect(s.remembered).toEqual([B, C])
    expect(
      tags(
        play(
          small,
          [
            [cmd(C), 7],
            [cmd(A), 8],
          ],
          s,
        ).out,
      ),
    ).toEqual([`Duplicate ${C}`, `Admitted ${A}`])
  })
})

describe("hostile ids", () => {
  it("treats __proto__ and constructor as ordinary resource and command ids", () => {
    const semaphore = makeSemaphore()
    for (const resourceId of ["__proto__", "constructor", "toString"]) {
      const { out, state } = play(semaphore, [
        [cmd("__proto__", "a", resourceId), 1],
        [cmd("constructor", "b", resourceId), 2],
        [cmd("__proto__", "c", resourceId), 3],
        [ev("__proto__", "TERMINATING", resourceId), 4],
      ])
      expect(tags(out)).toEqual([
        "Admitted __proto__",
        "Queued constructor",
        "Duplicate __proto__",
        "Released __proto__",
        "Admitted constructor",
      ])
      expect(out.every((o) => o.resourceId === resourceId)).toBe(true)
      expect(semaphoreView(state).holders.map((h) => h.commandId)).toEqual(["constructor"])
    }
  })

  it("reads overrides only from own keys", () => {
    const plain = makeSemaphore({ permits: {}, queueLimits: {} })
    for (const id of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(plain.limits(id)).toEqual({ permits: 1, queueLimit: 5 })
    }
    const record: Record<string, number> = Object.create(null)
    for (const [id, n] of [
      ["__proto__", 3],
      ["constructor", 0],
    ] as const)
      record[id] = n
    const nullProto = makeSemaphore({ permits: record })
    expect(nullProto.limits("__proto__").permits).toBe(3)
    expect(nullProto.limits("constructor").permits).toBe(0)
    expect(nullProto.limits("r").permits).toBe(1)
    const fromMap = makeSemaphore({ queueLimits: new Map([["__proto__", 0]]) })
    expect(fromMap.limits("__proto__").queueLimit).toBe(0)
  })
})

describe("ids that differ only in the middle", () => {
  it("are told apart", () => {
    const semaphore = makeSemaphore()
    const [x, y] = similarIds
    const { out } = play(semaphore, [
      [cmd(x), 1],
      [cmd(y), 2],
      [cmd(y), 3],
      [ev(y, "CONTINUING"), 4],
      [ev(x), 5],
      [cmd(x), 6],
    ])
    expect(tags(out)).toEqual([
      `Admitted ${x}`,
      `Queued ${y}`,
      `Duplicate ${y}`,
      `Ignored ${y}`,
      `Released ${x}`,
      `Admitted ${y}`,
      `Duplicate ${x}`,
    ])
  })

  it("are told apart when remembered, though their lookup keys collide", () => {
    const semaphore = makeSemaphore()
    const [x, y] = similarIds
    expect(commandIdKey(x)).toBe(commandIdKey(y))
    const { state, out } = play(semaphore, [
      [cmd(x), 1],
      [ev(x), 2],
      [cmd(y), 3],
      [cmd(x), 4],
    ])
    expect(tags(out)).toEqual([`Admitted ${x}`, `Released ${x}`, `Admitted ${y}`, `Duplicate ${x}`])
    expect(state.rememberedKeys).toEqual([commandIdKey(x)])
  })
})

describe("invalid inputs", () => {
  const semaphore = makeSemaphore()
  const held = play(semaphore, [[cmd(A), 1]]).state

  it.each([
    ["an empty resourceId", cmd(A, "m", ""), "resourceId must be a non-empty string"],
    ["an empty commandId", cmd("", "m"), "commandId must be a non-empty string"],
    ["a non-string message", { ...cmd(B), message: 42 }, "message must be a string"],
    [
      "an unknown event type",
      { ...ev(A), type: "STOP" },
      "type must be INITIALIZING, CONTINUING or TERMINATING",
    ],
    ["an unknown tag", { _tag: "Release", resourceId: R, commandId: A }, "not a semaphore input"],
    ["null", null, "not a semaphore input"],
  ])("answers %s with Invalid and keeps the state", (_, input, reason) => {
    const next = semaphore.step(held, input as unknown as SemaphoreInput, 2)
    expect(next.out).toHaveLength(1)
    expect(next.out[0]).toMatchObject({ _tag: "Invalid", reason })
    expect(next.state).toBe(held)
    expect(JSON.parse(JSON.stringify(next.out))).toEqual(next.out)
  })
})

describe("config", () => {
  it("finds every override among thousands, and none for other ids", () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `resource-${i}`)
    const semaphore = makeSemaphore({
      permits: new Map(ids.map((id, i) => [id, i % 7])),
      queueLimits: Object.fromEntries(ids.map((id, i) => [id, i % 5])),
    })
    ids.forEach((id, i) => {
      expect(semaphore.limits(id)).toEqual({ permits: i % 7, queueLimit: i % 5 })
    })
    for (const other of ["resource-3000", "resource-", "", "__proto__", `x${ids[0]}`]) {
      expect(semaphore.limits(other)).toEqual({ permits: 1, queueLimit: 5 })
    }
  })

  it.each([
    [{ defaultPermits: -1 }, "defaultPermits"],
    [{ defaultQueueLimit: 1.5 }, "defaultQueueLimit"],
    [{ leaseMs: 0 }, "leaseMs"],
    [{ rememberMs: Number.NaN }, "rememberMs"],
    [{ rememberMax: -2 }, "rememberMax"],
    [{ permits: new Map([["r", -1]]) }, 'permits["r"]'],
  ])("rejects %o", (config, field) => {
    expect(() => makeSemaphore(config)).toThrow(new RegExp(field.replace(/[[\]]/g, "\\$&")))
  })

  it("stops admitting while holders exceed lowered permits", () => {
    const before = play(makeSemaphore({ defaultPermits: 3 }), [
      [cmd(A), 1],
      [cmd(B), 2],
      [cmd(C), 3],
    ]).state
    const lowered = makeSemaphore({ defaultPermits: 1 })
    const { out } = play(
      lowered,
      [
        [cmd("d"), 4],
        [ev(A), 5],
        [ev(B), 6],
        [ev(C), 7],
      ],
      before,
    )
    expect(tags(out)).toEqual(["Queued d", `Released ${A}`, `Released ${B}`, `Released ${C}`, "Admitted d"])
  })

  it("admits waiting commands first when permits were raised", () => {
    const before = play(makeSemaphore(), [
      [cmd(A), 1],
      [cmd(B), 2],
    ]).state
    const raised = makeSemaphore({ defaultPermits: 3 })
    expect(tags(raised.step(before, cmd(C), 3).out)).toEqual([`Admitted ${B}`, `Admitted ${C}`])
  })
})

describe("the read model", () => {
  it("is JSON and empty for a new resource", () => {
    expect(semaphoreView(emptySemaphoreState)).toEqual({
      resourceId: "",
      holders: [],
      queue: [],
      remembered: 0,
    })
  })
})
