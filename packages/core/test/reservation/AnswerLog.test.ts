// The paged answer log against a plain array: appends, count bound, forgetting by time, lookups.
import fc from "fast-check"
import { assert, describe, expect, it } from "vitest"
import {
  type AnswerLog,
  answerCount,
  answerPageSize,
  answersOf,
  appendAnswer,
  emptyAnswerLog,
  findAnswer,
  forgetUntil,
  oldestAnswerAt,
  type RememberedAnswer,
} from "../../src/reservation/index.ts"

const answer = (purchaseId: string): RememberedAnswer => ({
  purchase: { purchaseId, itemId: "i", quantity: 1, purchasedBy: "u" },
  status: "SUCCESS",
  reason: "accepted",
  itemId: "i",
  total: 1,
  alreadyBooked: 0,
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
        fc.array(opArb, { maxLength: 300, size: "max" }),
        (max, ops) => {
          let log: AnswerLog = emptyAnswerLog
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
            // Compared as text: hundreds of steps per run, so the checks must be cheap.
            const ids = answersOf(log).map((a) => a.purchase.purchaseId)
            const times = log.pages.flatMap((page) => page.answeredAt)
            const sizes = log.pages.map((page) => page.answers.length)
            const ok =
              ids.join() === model.map((entry) => entry.id).join() &&
              times.join() === model.map((entry) => entry.at).join() &&
              answerCount(log) === model.length &&
              log.hashes.length === model.length &&
              oldestAnswerAt(log) === model[0]?.at &&
              sizes.every((size) => size > 0 && size <= answerPageSize) &&
              // Pages between the first and the last are full (lookups rely on it).
              sizes.slice(1, -1).every((size) => size === answerPageSize)
            if (!ok)
              assert.fail(`log ${JSON.stringify({ ids, times, sizes })} ≠ model ${JSON.stringify(model)}`)
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
    let log: AnswerLog = emptyAnswerLog
    for (let i = 0; i < 5 * answerPageSize; i++) log = appendAnswer(log, answer(String(i)), i, 1_000)
    const next = appendAnswer(log, answer("new"), 1_000, 1_000)
    expect(next.pages.slice(0, -1).every((page, i) => page === log.pages[i])).toBe(true)
  })
})
