// The final answers an item remembers for idempotence: a time-ordered log. Versions share one
// append-only backing (answers, their times and purchase-id hashes) and each holds its window
// [start, end); only the newest version appends in place, any other copies first (as a Go slice).
import { purchaseIdHash } from "./PurchaseIdHash.ts"
import type { AnswerColumns, RememberedAnswer } from "./ReservationTypes.ts"

/** One version of the log: the answers at [start, end) of backing columns it may share. */
export class AnswerLog {
  readonly columns: AnswerColumns
  readonly start: number
  readonly end: number
  constructor(columns: AnswerColumns, start: number, end: number) {
    this.columns = columns
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

const freshColumns = (): AnswerColumns => ({ answers: [], answeredAt: [], hashes: [] })

// Appends one answer given at `at` to the columns (which the caller owns).
const push = (columns: AnswerColumns, answer: RememberedAnswer, at: number): void => {
  columns.answers.push(answer)
  columns.answeredAt.push(at)
  columns.hashes.push(purchaseIdHash(answer.purchase.purchaseId))
}

/** A log with nothing in it (never appended to in place: an empty log's append starts afresh). */
export const emptyAnswerLog: AnswerLog = new AnswerLog(freshColumns(), 0, 0)

/** How many answers the log holds. */
export const answerCount = (log: AnswerLog): number => log.end - log.start

/** When the oldest remembered answer was given, or undefined for an empty log. */
export const oldestAnswerAt = (log: AnswerLog): number | undefined =>
  log.start < log.end ? log.columns.answeredAt[log.start] : undefined

/** The remembered answer for a purchase id (the newest, should there be several): one scan of hashes. */
export const findAnswer = (log: AnswerLog, purchaseId: string): RememberedAnswer | undefined => {
  const hashes = log.columns.hashes
  const hash = purchaseIdHash(purchaseId)
  const answers = log.columns.answers
  for (let i = log.end - 1; i >= log.start; i--) {
    if (hashes[i] === hash && answers[i]!.purchase.purchaseId === purchaseId) return answers[i]
  }
  return undefined
}

/** All remembered answers, oldest first (for reads, the codec and tests). */
export const answersOf = (log: AnswerLog): Array<RememberedAnswer> =>
  log.columns.answers.slice(log.start, log.end)

/** When each remembered answer was given, oldest first. */
export const answeredAtOf = (log: AnswerLog): Array<number> =>
  log.columns.answeredAt.slice(log.start, log.end)

// The window's answers in new columns of their own (positions from 0).
const copied = (log: AnswerLog): AnswerColumns => {
  const { columns, start, end } = log
  return {
    answers: columns.answers.slice(start, end),
    answeredAt: columns.answeredAt.slice(start, end),
    hashes: columns.hashes.slice(start, end),
  }
}

/** A log of these answers, given at these (non-decreasing) times, in columns of its own. */
export const answerLogOf = (
  answers: ReadonlyArray<RememberedAnswer>,
  answeredAt: ReadonlyArray<number>,
): AnswerLog => {
  if (answers.length === 0) return emptyAnswerLog
  const columns = freshColumns()
  for (let i = 0; i < answers.length; i++) push(columns, answers[i]!, answeredAt[i]!)
  return new AnswerLog(columns, 0, answers.length)
}

/** The log without its `count` oldest answers (the backing stays shared). */
export const dropOldest = (log: AnswerLog, count: number): AnswerLog => {
  if (count <= 0) return log
  if (count >= log.end - log.start) return emptyAnswerLog
  return new AnswerLog(log.columns, log.start + count, log.end)
}

/** The log without the answers given at or before `cutoff`. */
export const forgetUntil = (log: AnswerLog, cutoff: number): AnswerLog => {
  const times = log.columns.answeredAt
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
  let columns = log.columns
  let start = log.start
  let at = now
  if (log.end === start) columns = freshColumns()
  else {
    at = Math.max(now, columns.answeredAt[log.end - 1]!)
    const owns = columns.answers.length === log.end
    if (!owns || start > log.end - start) {
      columns = copied(log)
      start = 0
    }
  }
  const end = columns.answers.length
  push(columns, answer, at)
  return new AnswerLog(columns, Math.max(start, end + 1 - max), end + 1)
}
