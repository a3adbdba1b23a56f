// Properties of the reservation reducer under arbitrary interleavings of restocks, removals,
// purchases, reserves, confirms, cancels, time passing and Ticks, duplicates and invalid input.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import "./AnswerLogEquality.ts"
import { tick } from "../../src/Reducer.ts"
import {
  answersOf,
  emptyAnswerLog,
  type ItemState,
  ItemStateCodec,
  makeReservation,
  type PurchaseFinished,
  purchaseFinishedOf,
  type ReservationInput,
  type Reserved,
  stockView,
} from "../../src/reservation/index.ts"
import { emptyModel, modelIsEmpty, modelStep, modelStock } from "./ReservationModel.ts"
import { type ItemReducer, type Observed, play, scenarioArb } from "./ReservationScenario.ts"

const namedId = (input: ReservationInput): string | undefined => {
  switch (input._tag) {
    case "Purchase":
    case "Reserve":
      return input.purchase.purchaseId
    case "Confirm":
    case "Cancel":
      return input.purchaseId
    default:
      return undefined
  }
}

const small = { defaultHoldMs: 30, rememberMs: 200, maxRemembered: 4 }
const roomy = { defaultHoldMs: 30, rememberMs: 1_000_000, maxRemembered: 1_000 }

/** Every step, a step that raises sold + held ends with sold + held ≤ total; sums stay consistent. */
const neverOversells = (reducer: ItemReducer) =>
  fc.property(scenarioArb, (scenario) => {
    play(reducer, scenario, ({ before, after }) => {
      const was = stockView(before)
      const is = stockView(after)
      if (is.sold + is.held > was.sold + was.held) expect(is.sold + is.held).toBeLessThanOrEqual(is.total)
      expect(is.sold).toBeGreaterThanOrEqual(was.sold)
      expect(is.held).toBe(after.holds.reduce((sum, h) => sum + h.purchase.quantity, 0))
    })
  })

/** Each purchase id gets one final answer that never changes; its hold, while live, is echoed too. */
const oneFinalAnswer = (reducer: ItemReducer) =>
  fc.property(scenarioArb, (scenario) => {
    const finals = new Map<string, PurchaseFinished>()
    const holds = new Map<string, Reserved>()
    const asked = new Set<string>()
    const collect = ({ input, out }: Observed) => {
      if (input._tag === "Purchase" || input._tag === "Reserve") asked.add(input.purchase.purchaseId)
      for (const o of out) {
        if (o._tag === "PurchaseFinished" && o.purchase.purchaseId !== "") {
          const first = finals.get(o.purchase.purchaseId)
          if (first === undefined) finals.set(o.purchase.purchaseId, o)
          else expect(o).toEqual(first)
        }
        if (o._tag === "Reserved") {
          expect(finals.has(o.purchase.purchaseId)).toBe(false)
          const first = holds.get(o.purchase.purchaseId)
          if (first === undefined) holds.set(o.purchase.purchaseId, o)
          else expect(o).toEqual(first)
        }
      }
    }
    const last = play(reducer, scenario, collect)
    // Long after every hold's deadline, every id that asked has its final answer.
    const end = reducer.step(last, tick, 10_000_000)
    collect({ before: last, input: tick, now: 10_000_000, after: end.state, out: end.out })
    asked.delete("")
    expect([...asked].filter((id) => !finals.has(id))).toEqual([])
    expect(end.state.holds).toEqual([])
  })

// The state as the driver would store and load it: encoded, through JSON text, decoded.
const deepCopy = (state: ItemState): ItemState => {
  const decoded = ItemStateCodec.decode(JSON.parse(JSON.stringify(ItemStateCodec.encode(state))))
  if (decoded._tag === "Left") throw new Error("a state did not decode")
  return decoded.right
}

/**
 * After a whole scenario (so newer states were derived from every state), steps old states again
 * with other inputs of the scenario, twice each (the second branch after the first appended):
 * every result is what stepping a deep copy of the old state gives.
 */
const oldStatesStayIntact = (reducer: ItemReducer) =>
  fc.property(scenarioArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20 }), (scenario, picks) => {
    const seen: Array<Observed> = []
    play(reducer, scenario, (observed) => seen.push(observed))
    if (seen.length === 0) return
    for (const [which, other] of picks) {
      const { before, now } = seen[which % seen.length]!
      const copy = deepCopy(before)
      for (const k of [other, other + 1]) {
        const { input, now: then } = seen[k % seen.length]!
        const at = Math.max(now, then)
        expect(reducer.step(before, input, at)).toEqual(reducer.step(copy, input, at))
      }
    }
  })

describe("reservation properties", () => {
  // Small retention exercises forgetting; a count bound beyond one answer page exercises paging.
  it.each([
    ["small retention", small],
    ["two answer pages", { defaultHoldMs: 30, rememberMs: 400, maxRemembered: 40 }],
  ] as const)("matches the reference model step by step (%s)", (_, config) => {
    const reducer = makeReservation(config)
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const model = emptyModel()
        play(reducer, scenario, ({ input, now, after, out }) => {
          expect(out).toEqual(modelStep(model, input, now, config))
          expect(stockView(after)).toEqual(modelStock(model))
          expect(reducer.isFinished(after)).toBe(modelIsEmpty(model))
          if (reducer.isFinished(after)) expect(after).toEqual(reducer.initial)
        })
      }),
    )
  })

  it("never takes sold + held above the total", () => {
    fc.assert(neverOversells(makeReservation(small)))
  })

  it("gives every purchase id exactly one final answer, echoed to repeats", () => {
    fc.assert(oneFinalAnswer(makeReservation(roomy)))
  })

  it("answers a repeat with what it remembers and changes nothing a Tick would not", () => {
    const reducer = makeReservation(small)
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        play(reducer, scenario, ({ before, input, now, after, out }) => {
          const id = namedId(input)
          if (id === undefined || id === "") return
          const ticked = reducer.step(before, tick, now)
          const hold = ticked.state.holds.find((h) => h.purchase.purchaseId === id)
          const answer = answersOf(ticked.state.remembered).find((a) => a.purchase.purchaseId === id)
          const acts = input._tag === "Confirm" || input._tag === "Cancel"
          const echo = hold !== undefined ? (acts ? undefined : hold) : answer && purchaseFinishedOf(answer)
          if (echo === undefined) return
          expect({ state: after, out }).toEqual({ state: ticked.state, out: [...ticked.out, echo] })
        })
      }),
    )
  })

  it("wants a Tick only when one would change something, and each Tick makes progress", () => {
    const reducer = makeReservation(small)
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 100 }), (scenario, early) => {
        play(reducer, scenario, ({ now, after }) => {
          const due = reducer.deadline?.(after)
          if (due === undefined) {
            expect(after.holds.length + answersOf(after.remembered).length).toBe(0)
            return
          }
          const before = Math.max(now, due - early)
          if (before < due) expect(reducer.step(after, tick, before)).toEqual({ state: after, out: [] })
          const fired = reducer.step(after, tick, Math.max(now, due))
          expect(fired.state).not.toEqual(after)
          const next = reducer.deadline?.(fired.state)
          if (next !== undefined) expect(next).toBeGreaterThan(Math.max(now, due))
        })
      }),
    )
  })

  it("states come back from JSON (as the driver stores them) unchanged", () => {
    const reducer = makeReservation(small)
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const last = play(reducer, scenario, () => {})
        expect(deepCopy(last)).toEqual(last)
      }),
    )
  })

  // States share their answer log's backing with the states derived from them.
  it("stepping an old state after newer ones were derived from it is stepping a deep copy of it", () => {
    fc.assert(oldStatesStayIntact(makeReservation(small)))
    fc.assert(oldStatesStayIntact(makeReservation(roomy)))
  })
})

// Broken variants: each must be caught by the property meant to catch it.
const ignoringHolds = (reducer: ItemReducer): ItemReducer => ({
  ...reducer,
  // Checks stock as if nothing were held (the seed's rule without holds), then adds the holds back.
  step: (state, input, now) => {
    const { state: next, out } = reducer.step({ ...state, held: 0 }, input, now)
    return { state: { ...next, held: next.held + state.held }, out }
  },
})

const forgetful = (reducer: ItemReducer): ItemReducer => ({
  ...reducer,
  step: (state, input, now) => reducer.step({ ...state, remembered: emptyAnswerLog }, input, now),
})

describe("canaries", () => {
  it("catches a reducer that ignores holds when checking stock", () => {
    expect(fc.check(neverOversells(ignoringHolds(makeReservation(small)))).failed).toBe(true)
  })

  it("catches a reducer that forgets its answers", () => {
    expect(fc.check(oneFinalAnswer(forgetful(makeReservation(roomy)))).failed).toBe(true)
  })

  it("the same properties hold for the real reducer with the same seed", () => {
    expect(fc.check(neverOversells(makeReservation(small))).failed).toBe(false)
  })
})
