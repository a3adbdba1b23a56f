// The final answers an item remembers for idempotence: a time-ordered log in pages of at most
// `answerPageSize`, so an append copies one page (not the whole log) and a lookup scans packed
// id hashes. Only the last page grows; only the first is trimmed; pages between are full.
import { purchaseIdHash } from "./PurchaseIdHash.ts"
import type { AnswerPage, PurchaseFinished } from "./ReservationTypes.ts"

/** The most answers one page holds. */
export const answerPageSize = 32

/** The remembered answers of one item, oldest first. */
export type AnswerLog = ReadonlyArray<AnswerPage>

/** How many answers the log holds. */
export const answerCount = (log: AnswerLog): number => {
  const n = log.length
  if (n === 0) return 0
  if (n === 1) return log[0]!.answers.length
  return log[0]!.answers.length + (n - 2) * answerPageSize + log[n - 1]!.answers.length
}

/** When the oldest remembered answer was given, or undefined for an empty log. */
export const oldestAnswerAt = (log: AnswerLog): number | undefined => log[0]?.answeredAt[0]

/** The remembered answer for a purchase id, newest first. */
export const findAnswer = (log: AnswerLog, purchaseId: string): PurchaseFinished | undefined => {
  const hash = purchaseIdHash(purchaseId)
  for (let p = log.length - 1; p >= 0; p--) {
    const page = log[p]!
    const hashes = page.hashes
    for (let i = hashes.length - 1; i >= 0; i--) {
      if (hashes[i] === hash && page.answers[i]!.purchase.purchaseId === purchaseId) return page.answers[i]
    }
  }
  return undefined
}

/** All remembered answers, oldest first (for reads and tests; the reducer never flattens). */
export const answersOf = (log: AnswerLog): ReadonlyArray<PurchaseFinished> =>
  log.flatMap((page) => page.answers)

const slicePage = (page: AnswerPage, from: number): AnswerPage => ({
  answers: page.answers.slice(from),
  answeredAt: page.answeredAt.slice(from),
  hashes: page.hashes.slice(from),
})

/** The log without its `count` oldest answers. */
export const dropOldest = (log: AnswerLog, count: number): AnswerLog => {
  let pages = 0
  let left = count
  while (pages < log.length && log[pages]!.answers.length <= left) left -= log[pages++]!.answers.length
  if (pages === log.length) return []
  if (left === 0) return pages === 0 ? log : log.slice(pages)
  return [slicePage(log[pages]!, left), ...log.slice(pages + 1)]
}

/** The log without the answers given at or before `cutoff`. */
export const forgetUntil = (log: AnswerLog, cutoff: number): AnswerLog => {
  let pages = 0
  while (pages < log.length && log[pages]!.answeredAt[log[pages]!.answeredAt.length - 1]! <= cutoff) pages++
  if (pages === log.length) return []
  const times = log[pages]!.answeredAt
  let from = 0
  while (times[from]! <= cutoff) from++
  if (from === 0) return pages === 0 ? log : log.slice(pages)
  return [slicePage(log[pages]!, from), ...log.slice(pages + 1)]
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
  answer: PurchaseFinished,
  now: number,
  max: number,
): AnswerLog => {
  const hash = purchaseIdHash(answer.purchase.purchaseId)
  const n = log.length
  const last = log[n - 1]
  let next: Array<AnswerPage>
  if (last === undefined) next = [{ answers: [answer], answeredAt: [now], hashes: [hash] }]
  else {
    const at = Math.max(now, last.answeredAt[last.answeredAt.length - 1]!)
    next = log.slice()
    if (last.answers.length >= answerPageSize)
      next.push({ answers: [answer], answeredAt: [at], hashes: [hash] })
    else {
      next[n - 1] = {
        answers: plus(last.answers, answer),
        answeredAt: plus(last.answeredAt, at),
        hashes: plus(last.hashes, hash),
      }
    }
  }
  const over = answerCount(next) - max
  return over > 0 ? dropOldest(next, over) : next
}
