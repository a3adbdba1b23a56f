// The paged answer log against a plain array: appends, count bound, forgetting by time, lookups.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type AnswerLog,
  answerCount,
  answerPageSize,
  answersOf,
  appendAnswer,
  findAnswer,
  forgetUntil,
  oldestAnswerAt,
  type PurchaseFinished,
} from "../../src/reservation/index.ts"

const answer = (purchaseId: string): PurchaseFinished => ({
  _tag: "PurchaseFinished",
  purchase: { purchaseId, itemId: "i", quantity: 1, purchasedBy: "u" },
  status: "SUCCESS",
  reason: "accepted",
  resultMessage: purchaseId,
})

type Op =
  | { readonly _tag: "append"; readonly id: string; readonly dt: number }
  | { readonly _tag: "forget"; readonly age: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      _tag: fc.constant("append" as const),
      id: fc.integer({ min: 0, max: 200 }).map(String),
      dt: fc.integer({ min: -3, max: 5 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ _tag: fc.constant("forget" as const), age: fc.integer({ min: 0, max: 300 }) }),
  },
)

describe("AnswerLog", () => {
  it("behaves as a time-ordered array capped at max, across pages", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 * answerPageSize }),
        fc.array(opArb, { maxLength: 300 }),
        (max, ops) => {
          let log: AnswerLog = []
          let model: Array<{ id: string; at: number }> = []
          let now = 0
          for (const op of ops) {
            if (op._tag === "append") {
              now += op.dt
              const at = Math.max(now, model.at(-1)?.at ?? now)
              model.push({ id: op.id, at })
              model = model.slice(-max)
              log = appendAnswer(log, answer(op.id), now, max)
            } else {
              const cutoff = now - op.age
              model = model.filter((entry) => entry.at > cutoff)
              log = forgetUntil(log, cutoff)
            }
            expect(answersOf(log).map((a) => a.purchase.purchaseId)).toEqual(model.map((entry) => entry.id))
            expect(log.flatMap((page) => page.answeredAt)).toEqual(model.map((entry) => entry.at))
            expect(answerCount(log)).toBe(model.length)
            expect(oldestAnswerAt(log)).toBe(model[0]?.at)
            expect(
              log.every((page) => page.answers.length > 0 && page.answers.length <= answerPageSize),
            ).toBe(true)
          }
          for (const id of ["0", "7", "200", "absent"]) {
            const newest = model.findLast((entry) => entry.id === id)
            expect(findAnswer(log, id)?.purchase.purchaseId).toBe(newest?.id)
          }
        },
      ),
    )
  })

  it("copies at most one page (plus the page list) per append", () => {
    let log: AnswerLog = []
    for (let i = 0; i < 5 * answerPageSize; i++) log = appendAnswer(log, answer(String(i)), i, 1_000)
    const next = appendAnswer(log, answer("new"), 1_000, 1_000)
    expect(next.slice(0, -1).every((page, i) => page === log[i])).toBe(true)
  })
})
