// The final answers an item remembers for idempotence: a time-ordered log. Answers and their times
// sit in pages of at most `answerPageSize`, so an append copies one page, not the whole log; the
// purchase-id hashes sit in one packed array, so a lookup is one scan of small integers.
import { purchaseIdHash } from "./PurchaseIdHash.ts"
import type { AnswerLog, AnswerPage, RememberedAnswer } from "./ReservationTypes.ts"

/** The most answers one page holds. Only the last page grows; only the first is trimmed. */
export const answerPageSize = 16

/** A log with nothing in it. */
export const emptyAnswerLog: AnswerLog = { pages: [], hashes: [] }

/** How many answers the log holds. */
export const answerCount = (log: AnswerLog): number => log.hashes.length

/** When the oldest remembered answer was given, or undefined for an empty log. */
export const oldestAnswerAt = (log: AnswerLog): number | undefined => log.pages[0]?.answeredAt[0]

// The answer at position `index` (0 = oldest): pages between the first and the last are full.
const answerAt = (log: AnswerLog, index: number): RememberedAnswer => {
  const first = log.pages[0]!.answers
  if (index < first.length) return first[index]!
  const rest = index - first.length
  return log.pages[1 + Math.floor(rest / answerPageSize)]!.answers[rest % answerPageSize]!
}

/** The remembered answer for a purchase id (the newest, should there be several). */
export const findAnswer = (log: AnswerLog, purchaseId: string): RememberedAnswer | undefined => {
  const hashes = log.hashes
  const hash = purchaseIdHash(purchaseId)
  for (let i = hashes.length - 1; i >= 0; i--) {
    if (hashes[i] !== hash) continue
    const answer = answerAt(log, i)
    if (answer.purchase.purchaseId === purchaseId) return answer
  }
  return undefined
}

/** All remembered answers, oldest first (for reads and tests; the reducer never flattens). */
export const answersOf = (log: AnswerLog): ReadonlyArray<RememberedAnswer> =>
  log.pages.flatMap((page) => page.answers)

/** The log without its `count` oldest answers. */
export const dropOldest = (log: AnswerLog, count: number): AnswerLog => {
  if (count <= 0) return log
  if (count >= log.hashes.length) return emptyAnswerLog
  let whole = 0
  let left = count
  while (log.pages[whole]!.answers.length <= left) left -= log.pages[whole++]!.answers.length
  const pages = log.pages.slice(whole)
  if (left > 0) {
    const first = pages[0]!
    pages[0] = { answers: first.answers.slice(left), answeredAt: first.answeredAt.slice(left) }
  }
  return { pages, hashes: log.hashes.slice(count) }
}

/** The log without the answers given at or before `cutoff`. */
export const forgetUntil = (log: AnswerLog, cutoff: number): AnswerLog => {
  let count = 0
  for (const page of log.pages) {
    const times = page.answeredAt
    if (times[times.length - 1]! <= cutoff) count += times.length
    else {
      let i = 0
      while (times[i]! <= cutoff) i++
      count += i
      break
    }
  }
  return dropOldest(log, count)
}

// `values` with `value` appended, in a new array of exactly the right size.
const plus = <A>(values: ReadonlyArray<A>, value: A): Array<A> => {
  const result = values.slice()
  result.push(value)
  return result
}

/**
 * The log with `answer` appended at `now` (or at the newest answer's time, if `now` is earlier, so
 * the log stays time-ordered), keeping at most `max` answers.
 */
export const appendAnswer = (
  log: AnswerLog,
  answer: RememberedAnswer,
  now: number,
  max: number,
): AnswerLog => {
  const hashes = plus(log.hashes, purchaseIdHash(answer.purchase.purchaseId))
  const n = log.pages.length
  const last = log.pages[n - 1]
  let pages: Array<AnswerPage>
  if (last === undefined) pages = [{ answers: [answer], answeredAt: [now] }]
  else {
    const at = Math.max(now, last.answeredAt[last.answeredAt.length - 1]!)
    pages = log.pages.slice()
    if (last.answers.length >= answerPageSize) pages.push({ answers: [answer], answeredAt: [at] })
    else pages[n - 1] = { answers: plus(last.answers, answer), answeredAt: plus(last.answeredAt, at) }
  }
  const next: AnswerLog = { pages, hashes }
  return hashes.length > max ? dropOldest(next, hashes.length - max) : next
}
