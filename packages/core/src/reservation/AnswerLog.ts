// The final answers an item remembers for idempotence: a time-ordered log. Versions share one
// append-only backing (answers, their times and purchase-id hashes) and each holds its window
// [start, end); only the newest version appends in place, any other copies first (as a Go slice).
import { purchaseIdHash } from "./PurchaseIdHash.ts"
import type { RememberedAnswer } from "./ReservationTypes.ts"

/**
 * One version of the log: the answers at [start, end) of backing arrays it may share with other
 * versions. The arrays are only ever appended to, and only by the version whose `end` is their
 * length; the version holds them directly (not through a backing object) to save a pointer hop.
 */
export class AnswerLog {
  readonly answers: Array<RememberedAnswer>
  readonly answeredAt: Array<number>
  /** `purchaseIdHash` of each answer's purchase id: the lookup index, a packed array of integers. */
  readonly hashes: Array<number>
  readonly start: number
  readonly end: number
  constructor(
    answers: Array<RememberedAnswer>,
    answeredAt: Array<number>,
    hashes: Array<number>,
    start: number,
    end: number,
  ) {
    this.answers = answers
    this.answeredAt = answeredAt
    this.hashes = hashes
    this.start = start
    this.end = end
  }
  /** The stored form (one page of answers and their times), should a state meet JSON.stringify. */
  toJSON(): { readonly pages: ReadonlyArray<StoredAnswerPage> } {
    return { pages: [{ answers: answersOf(this), answeredAt: answeredAtOf(this) }] }
  }
}

/** Answers with, in parallel, when each was given: the JSON form of (part of) a log. */
export interface StoredAnswerPage {
  readonly answers: ReadonlyArray<RememberedAnswer>
  readonly answeredAt: ReadonlyArray<number>
}

/** A log with nothing in it (never appended to in place: an empty log's append starts afresh). */
export const emptyAnswerLog: AnswerLog = new AnswerLog([], [], [], 0, 0)

/** How many answers the log holds. */
export const answerCount = (log: AnswerLog): number => log.end - log.start

/** When the oldest remembered answer was given, or undefined for an empty log. */
export const oldestAnswerAt = (log: AnswerLog): number | undefined =>
  log.start < log.end ? log.answeredAt[log.start] : undefined

/** The remembered answer for a purchase id (the newest, should there be several): one scan of hashes. */
export const findAnswer = (log: AnswerLog, purchaseId: string): RememberedAnswer | undefined => {
  const { hashes, answers, start } = log
  const hash = purchaseIdHash(purchaseId)
  for (let i = log.end - 1; i >= start; i--) {
    if (hashes[i] === hash && answers[i]!.purchase.purchaseId === purchaseId) return answers[i]
  }
  return undefined
}

/** All remembered answers, oldest first (for reads, the codec and tests). */
export const answersOf = (log: AnswerLog): Array<RememberedAnswer> => log.answers.slice(log.start, log.end)

/** When each remembered answer was given, oldest first. */
export const answeredAtOf = (log: AnswerLog): Array<number> => log.answeredAt.slice(log.start, log.end)

/** A log of these answers, given at these (non-decreasing) times, in arrays of its own. */
export const answerLogOf = (
  answers: ReadonlyArray<RememberedAnswer>,
  answeredAt: ReadonlyArray<number>,
): AnswerLog => {
  if (answers.length === 0) return emptyAnswerLog
  const hashes = answers.map((answer) => purchaseIdHash(answer.purchase.purchaseId))
  return new AnswerLog([...answers], [...answeredAt], hashes, 0, answers.length)
}

/** The log without its `count` oldest answers (the backing stays shared). */
export const dropOldest = (log: AnswerLog, count: number): AnswerLog => {
  if (count <= 0) return log
  if (count >= log.end - log.start) return emptyAnswerLog
  return new AnswerLog(log.answers, log.answeredAt, log.hashes, log.start + count, log.end)
}

/** The log without the answers given at or before `cutoff`. */
export const forgetUntil = (log: AnswerLog, cutoff: number): AnswerLog => {
  const times = log.answeredAt
  let at = log.start
  while (at < log.end && times[at]! <= cutoff) at++
  return dropOldest(log, at - log.start)
}

/**
 * The log with `answer` appended at `now` (or at the newest answer's time, if `now` is earlier, so
 * the log stays time-ordered), keeping at most `max` answers. Appends in place only when this is
 * the newest version of its backing (`end` is the backing's length) and the forgotten prefix is no
 * longer than the window; otherwise copies the window first. Amortised O(1) (a copy happens at most
 * once per window's length of appends, or when an old version is stepped); no version ever sees
 * its window change.
 */
export const appendAnswer = (
  log: AnswerLog,
  answer: RememberedAnswer,
  now: number,
  max: number,
): AnswerLog => {
  const { start, end } = log
  let { answers, answeredAt, hashes } = log
  let at = now
  let from = start
  if (end === start) {
    answers = []
    answeredAt = []
    hashes = []
  } else {
    at = Math.max(now, answeredAt[end - 1]!)
    if (answers.length !== end || start > end - start) {
      answers = answers.slice(start, end)
      answeredAt = answeredAt.slice(start, end)
      hashes = hashes.slice(start, end)
      from = 0
    }
  }
  const length = answers.length
  answers.push(answer)
  answeredAt.push(at)
  hashes.push(purchaseIdHash(answer.purchase.purchaseId))
  return new AnswerLog(answers, answeredAt, hashes, Math.max(from, length + 1 - max), length + 1)
}
