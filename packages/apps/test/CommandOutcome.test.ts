// The outcome reducer against a model written separately: the outcome is the last status that
// changed something (or the first report when none did), the history is the last N reports, and a
// Tick after the retention forgets everything.
import type { Reducer } from "@streamfold/core"
import { tick } from "@streamfold/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makeCommandOutcome, type OutcomeInput, type OutcomeState } from "../src/queueing/CommandOutcome.ts"

const statuses = [
  "ADMITTED",
  "QUEUED",
  "REJECTED",
  "RELEASED",
  "CANCELLED",
  "EXPIRED",
  "DUPLICATE",
  "IGNORED",
  "INVALID",
] as const
type Status = (typeof statuses)[number]

const retentionMs = 1000
const historyLimit = 4
const commandId = "275b3448-8c51-45d2-839f-4314b9700259"
const resourceId = "80169888-0e7e-4901-8099-a9fb80b7806d"

type Step =
  | { readonly kind: "status"; readonly status: Status; readonly delta: number }
  | { readonly kind: "tick"; readonly delta: number }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("status" as const),
    status: fc.constantFrom(...statuses),
    delta: fc.nat(600),
  }),
  fc.record({ kind: fc.constant("tick" as const), delta: fc.nat(1500) }),
)

// The model: the reports since the last time everything was forgotten.
const model = (steps: ReadonlyArray<Step>) => {
  let segment: Array<{ status: Status; at: number }> = []
  let now = 0
  for (const step of steps) {
    now += step.delta
    if (step.kind === "tick") {
      const last = segment[segment.length - 1]
      if (last !== undefined && now >= last.at + retentionMs) segment = []
    } else segment.push({ status: step.status, at: now })
  }
  if (segment.length === 0) return null
  const changing = segment.filter((s) => !["DUPLICATE", "IGNORED", "INVALID"].includes(s.status))
  return {
    status: (changing.length > 0 ? changing[changing.length - 1]! : segment[0]!).status,
    history: segment.slice(-historyLimit),
  }
}

const runReducer = (reducer: Reducer<OutcomeState, OutcomeInput, never>, steps: ReadonlyArray<Step>) => {
  let state = reducer.initial
  let now = 0
  for (const step of steps) {
    now += step.delta
    const input: OutcomeInput =
      step.kind === "tick"
        ? tick
        : { _tag: "Status", status: { id: commandId, resourceId, status: step.status } }
    state = reducer.step(state, input, now).state
    if (reducer.isFinished(state)) state = reducer.initial
  }
  return state === null ? null : { status: state.status, history: state.history }
}

const agrees = (reducer: Reducer<OutcomeState, OutcomeInput, never>) =>
  fc.property(fc.array(stepArb, { maxLength: 30 }), (steps) => {
    expect(runReducer(reducer, steps)).toEqual(model(steps))
  })

describe("command outcome reducer", () => {
  const reducer = makeCommandOutcome({ retentionMs, historyLimit })

  it("agrees with the model on any sequence of reports and ticks", () => {
    fc.assert(agrees(reducer))
  })

  it("asks for a Tick exactly when the retention ends, and emits nothing", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 20 }), (steps) => {
        let state = reducer.initial
        let now = 0
        for (const step of steps) {
          now += step.delta
          const input: OutcomeInput =
            step.kind === "tick"
              ? tick
              : { _tag: "Status", status: { id: commandId, resourceId, status: step.status } }
          const next = reducer.step(state, input, now)
          expect(next.out).toEqual([])
          state = next.state
          if (state !== null && step.kind === "status")
            expect(reducer.deadline?.(state)).toBe(now + retentionMs)
        }
      }),
    )
  })

  it("keeps the reason and the position of the latest outcome", () => {
    const s1 = reducer.step(
      null,
      { _tag: "Status", status: { id: commandId, resourceId, status: "QUEUED", position: 2 } },
      10,
    ).state
    expect(s1).toMatchObject({ status: "QUEUED", position: 2, commandId, resourceId, updatedAt: 10 })
    const s2 = reducer.step(
      s1,
      {
        _tag: "Status",
        status: { id: commandId, resourceId, status: "DUPLICATE", reason: "already queued" },
      },
      20,
    ).state
    expect(s2).toMatchObject({ status: "QUEUED", position: 2, updatedAt: 10, keepUntil: 20 + retentionMs })
    const s3 = reducer.step(
      s2,
      { _tag: "Status", status: { id: commandId, resourceId, status: "ADMITTED" } },
      30,
    ).state
    expect(s3).not.toHaveProperty("position")
    expect(s3?.status).toBe("ADMITTED")
  })

  it("canary: a reducer letting DUPLICATE hide the outcome is caught", () => {
    const broken: Reducer<OutcomeState, OutcomeInput, never> = {
      ...reducer,
      step: (state, input, now) => {
        const next = reducer.step(state, input, now)
        if (input._tag === "Status" && next.state !== null && input.status.status === "DUPLICATE")
          return { state: { ...next.state, status: "DUPLICATE" }, out: [] }
        return next
      },
    }
    expect(fc.check(agrees(broken)).failed).toBe(true)
  })
})
