// The answer log against a plain array: appends, count bound, forgetting by time, lookups; and
// its sharing of one backing between versions (old versions stepped again stay intact).
import fc from "fast-check"
import { assert, describe, expect, it } from "vitest"
import {
  AnswerLog,
  answerCount,
  answeredAtOf,
  answerLogOf,
  answersOf,
  appendAnswer,
  emptyAnswerLog,
  findAnswer,
  forgetUntil,
  oldestAnswerAt,
  purchaseIdHash,
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

/** Appends as `appendAnswer` does; the canary below swaps in a broken one. */
type Append = (log: AnswerLog, answer: RememberedAnswer, now: number, max: number) => AnswerLog

// The same log in arrays of its own: what an old version must keep behaving like.
const deepCopy = (log: AnswerLog): AnswerLog => answerLogOf(answersOf(log), answeredAtOf(log))

const contents = (log: AnswerLog) => ({
  ids: answersOf(log).map((a) => a.purchase.purchaseId),
  times: answeredAtOf(log),
})

/**
 * Builds versions by appending to (and forgetting from) arbitrary earlier versions, so newer
 * versions were derived from the one stepped; each result must equal stepping a deep copy.
 */
const oldVersionsStayIntact = (append: Append) =>
  fc.property(
    fc.integer({ min: 1, max: 40 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 30 }), opArb), { maxLength: 120 }),
    (max, steps) => {
      const versions: Array<AnswerLog> = [emptyAnswerLog]
      const held = [contents(emptyAnswerLog)]
      let now = 0
      for (const [pick, id, op] of steps) {
        const old = versions[pick % versions.length]!
        const copy = deepCopy(old)
        now += op._tag === "append" ? op.dt : 0
        const step = (log: AnswerLog) =>
          op._tag === "append" ? append(log, answer(String(id)), now, max) : forgetUntil(log, now - op.age)
        const next = step(old)
        const fromCopy = step(copy)
        expect(contents(next)).toEqual(contents(fromCopy))
        for (const probe of [String(id), "0", "absent"])
          expect(findAnswer(next, probe)?.purchase.purchaseId).toBe(
            findAnswer(fromCopy, probe)?.purchase.purchaseId,
          )
        versions.push(next)
        held.push(contents(next))
      }
      // No step changed a version made before it.
      expect(versions.map(contents)).toEqual(held)
    },
  )

// Appends in place without checking that the log is the newest version of its backing.
const appendWithoutOwnership: Append = (log, answer, now, max) => {
  if (answerCount(log) === 0) return appendAnswer(log, answer, now, max)
  const { answers, answeredAt, hashes, start, end } = log
  answers[end] = answer
  hashes[end] = purchaseIdHash(answer.purchase.purchaseId)
  answeredAt[end] = Math.max(now, answeredAt[end - 1]!)
  return new AnswerLog(answers, answeredAt, hashes, Math.max(start, end + 1 - max), end + 1)
}

describe("AnswerLog", () => {
  it("behaves as a time-ordered array capped at max, across pages", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 48 }),
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
            const times = answeredAtOf(log)
            const ok =
              ids.join() === model.map((entry) => entry.id).join() &&
              times.join() === model.map((entry) => entry.at).join() &&
              answerCount(log) === model.length &&
              oldestAnswerAt(log) === model[0]?.at
            if (!ok) assert.fail(`log ${JSON.stringify({ ids, times })} ≠ model ${JSON.stringify(model)}`)
          }
          for (const id of ["0", "7", "200", "absent"]) {
            const newest = model.findLast((entry) => entry.id === id)
            expect(findAnswer(log, id)?.purchase.purchaseId).toBe(newest?.id)
          }
        },
      ),
    )
  })

  it("appends to its newest version in place, and keeps its backing bounded", () => {
    let log: AnswerLog = emptyAnswerLog
    for (let i = 0; i < 100; i++) log = appendAnswer(log, answer(String(i)), i, 1_000)
    const next = appendAnswer(log, answer("new"), 1_000, 1_000)
    expect(next.answers).toBe(log.answers)
    // Bounded by count, the backing is compacted once the forgotten prefix outgrows the window.
    for (let i = 0; i < 1_000; i++) log = appendAnswer(log, answer(String(i)), i, 10)
    expect(answerCount(log)).toBe(10)
    expect(log.answers.length).toBeLessThanOrEqual(21)
  })

  it("stepping an old version gives what stepping a deep copy of it gives", () => {
    fc.assert(oldVersionsStayIntact(appendAnswer))
  })

  it("catches an append that writes in place without checking it owns the backing's end", () => {
    expect(fc.check(oldVersionsStayIntact(appendWithoutOwnership)).failed).toBe(true)
  })

  it("writes its window, not its backing, as JSON", () => {
    let log: AnswerLog = emptyAnswerLog
    for (const id of ["a", "b", "c"]) log = appendAnswer(log, answer(id), 5, 2)
    expect(JSON.parse(JSON.stringify(log))).toEqual({
      pages: [{ answers: [answer("b"), answer("c")], answeredAt: [5, 5] }],
    })
  })
})
