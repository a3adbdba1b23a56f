// The reservation ("purchase") reducer: stock per item, one-phase purchases as in the seed and
// two-phase holds as TigerBeetle's pending transfers, idempotent by purchaseId with bounded memory.
// Invariant: a step never takes sold + held above the item's total.
import type { Reducer, Step } from "../Reducer.ts"
import {
  type AnswerLog,
  answerCount,
  appendAnswer,
  emptyAnswerLog,
  findAnswer,
  forgetUntil,
  oldestAnswerAt,
} from "./AnswerLog.ts"
import { purchaseIdHash } from "./PurchaseIdHash.ts"
import type {
  Item,
  ItemState,
  Purchase,
  PurchaseFinished,
  PurchaseReason,
  PurchaseStatus,
  RememberedAnswer,
  ReservationInput,
  ReservationOutput,
  Reserved,
} from "./ReservationTypes.ts"
import { purchaseFinishedOf } from "./ResultMessage.ts"

/** Settings of the reservation reducer; every value a positive safe integer. */
export interface ReservationConfig {
  /** Hold duration for a Reserve that names none. */
  readonly defaultHoldMs: number
  /** How long a final answer is remembered for idempotence. */
  readonly rememberMs: number
  /** At most this many final answers are remembered per item; the oldest go first. */
  readonly maxRemembered: number
}

/** 15-minute holds; answers remembered for a day, at most 1,000 per item. */
export const defaultReservationConfig: ReservationConfig = {
  defaultHoldMs: 15 * 60_000,
  rememberMs: 24 * 3_600_000,
  maxRemembered: 1_000,
}

/** The state of an item never seen. */
export const emptyItemState: ItemState = {
  item: null,
  booked: 0,
  held: 0,
  holds: [],
  holdHashes: [],
  remembered: emptyAnswerLog,
  wakeAt: null,
}

// The state with another item row; spelled out (no spread) so every state has one shape.
const withItem = (state: ItemState, item: Item | null): ItemState => ({
  item,
  booked: state.booked,
  held: state.held,
  holds: state.holds,
  holdHashes: state.holdHashes,
  remembered: state.remembered,
  wakeAt: state.wakeAt,
})

const isId = (id: string): boolean => typeof id === "string" && id.length > 0
const isCount = (n: number): boolean => Number.isSafeInteger(n) && n > 0

// `values` with `value` inserted at `at`, in a new array.
const inserted = <A>(values: ReadonlyArray<A>, at: number, value: A): Array<A> =>
  values.toSpliced(at, 0, value)

// `values` without the element at `at`, in a new array.
const removed = <A>(values: ReadonlyArray<A>, at: number): Array<A> => values.toSpliced(at, 1)

// Where a hold's purchase id is among the live holds, or -1.
const holdIndex = (state: ItemState, purchaseId: string): number => {
  const hashes = state.holdHashes
  const hash = purchaseIdHash(purchaseId)
  for (let i = 0; i < hashes.length; i++) {
    if (hashes[i] === hash && state.holds[i]!.purchase.purchaseId === purchaseId) return i
  }
  return -1
}

/** Builds the reducer; a bad config is a programming error and throws at once, never in a step. */
export const makeReservation = (
  settings: Partial<ReservationConfig> = {},
): Reducer<ItemState, ReservationInput, ReservationOutput> => {
  const config: ReservationConfig = { ...defaultReservationConfig, ...settings }
  for (const [name, value] of Object.entries(config)) {
    if (!isCount(value)) throw new RangeError(`ReservationConfig.${name} must be a positive safe integer`)
  }
  const { defaultHoldMs, rememberMs, maxRemembered } = config

  // The answer to remember for a purchase finishing now; `purchaseFinishedOf` makes the output.
  const answerFor = (
    state: ItemState,
    purchase: Purchase,
    status: PurchaseStatus,
    reason: PurchaseReason,
    alreadyBooked: number,
  ): RememberedAnswer => ({
    purchase,
    status,
    reason,
    itemId: state.item === null ? purchase.itemId : state.item.itemId,
    total: state.item === null ? 0 : state.item.quantity,
    alreadyBooked,
  })

  const rememberedAnswer = (state: ItemState, purchaseId: string): PurchaseFinished | undefined => {
    const answer = findAnswer(state.remembered, purchaseId)
    return answer === undefined ? undefined : purchaseFinishedOf(answer)
  }

  // The answer to repeat for a purchase id already seen: its live hold or its final answer.
  const recall = (state: ItemState, purchaseId: string): PurchaseFinished | Reserved | undefined => {
    const index = state.held > 0 ? holdIndex(state, purchaseId) : -1
    return index >= 0 ? state.holds[index] : rememberedAnswer(state, purchaseId)
  }

  // When a state with these holds and answers next needs settling.
  const wake = (holds: ReadonlyArray<Reserved>, remembered: AnswerLog): number | null => {
    const oldest = oldestAnswerAt(remembered)
    const forget = oldest === undefined ? null : oldest + rememberMs
    const expire = holds.length > 0 ? holds[0]!.expiresAt : null
    return forget === null || (expire !== null && expire < forget) ? expire : forget
  }

  // The state with one more final answer (and `booked` units sold). The wake time changes only
  // if the oldest answer's time did (the log was empty or got trimmed): then, and only then,
  // recompute.
  const answered = (state: ItemState, booked: number, answer: RememberedAnswer, now: number): ItemState => {
    const before = state.remembered
    const remembered = appendAnswer(before, answer, now, maxRemembered)
    const sameOldest = answerCount(before) > 0 && oldestAnswerAt(remembered) === oldestAnswerAt(before)
    return {
      item: state.item,
      booked,
      held: state.held,
      holds: state.holds,
      holdHashes: state.holdHashes,
      remembered,
      wakeAt: sameOldest ? state.wakeAt : wake(state.holds, remembered),
    }
  }

  // The state with new holds and/or answers (and so a new wake time).
  const changed = (
    state: ItemState,
    booked: number,
    held: number,
    holds: ReadonlyArray<Reserved>,
    holdHashes: ReadonlyArray<number>,
    remembered: AnswerLog,
  ): ItemState => ({
    item: state.item,
    booked,
    held,
    holds,
    holdHashes,
    remembered,
    wakeAt: wake(holds, remembered),
  })

  // Expires due holds (the front of `holds`, earliest first) and forgets answers past retention.
  const settle = (state: ItemState, now: number, out: Array<ReservationOutput>): ItemState => {
    if (state.wakeAt === null || state.wakeAt > now) return state
    const holds = state.holds
    let due = 0
    while (due < holds.length && holds[due]!.expiresAt <= now) due++
    let held = state.held
    let remembered = state.remembered
    for (let i = 0; i < due; i++) {
      const { purchase } = holds[i]!
      held -= purchase.quantity
      const answer = answerFor(state, purchase, "FAILED", "hold expired", state.booked + held)
      out.push(purchaseFinishedOf(answer))
      remembered = appendAnswer(remembered, answer, now, maxRemembered)
    }
    const oldest = oldestAnswerAt(remembered)
    if (oldest !== undefined && oldest + rememberMs <= now)
      remembered = forgetUntil(remembered, now - rememberMs)
    const kept = due === 0 ? holds : holds.slice(due)
    const keptHashes = due === 0 ? state.holdHashes : state.holdHashes.slice(due)
    return changed(state, state.booked, held, kept, keptHashes, remembered)
  }

  // Why this purchase cannot take `quantity` units now, or undefined when it can.
  const refusal = (state: ItemState, purchase: Purchase): PurchaseReason | undefined => {
    if (!isId(purchase.itemId)) return "invalid item id"
    if (!isCount(purchase.quantity)) return "invalid quantity"
    if (state.item === null) return "unknown item"
    if (state.booked + state.held + purchase.quantity > state.item.quantity) return "insufficient stock"
    return undefined
  }

  const take = (
    state: ItemState,
    purchase: Purchase,
    holdMs: number | undefined,
    now: number,
    out: Array<ReservationOutput>,
  ): ItemState => {
    const taken = state.booked + state.held
    if (!isId(purchase.purchaseId)) {
      out.push(purchaseFinishedOf(answerFor(state, purchase, "FAILED", "invalid purchase id", taken)))
      return state
    }
    const seen = recall(state, purchase.purchaseId)
    if (seen !== undefined) {
      out.push(seen)
      return state
    }
    const reason = holdMs !== undefined && !isCount(holdMs) ? "invalid hold" : refusal(state, purchase)
    if (reason !== undefined) {
      const answer = answerFor(state, purchase, "FAILED", reason, taken)
      out.push(purchaseFinishedOf(answer))
      return answered(state, state.booked, answer, now)
    }
    if (holdMs === undefined) {
      const answer = answerFor(state, purchase, "SUCCESS", "accepted", taken)
      out.push(purchaseFinishedOf(answer))
      return answered(state, state.booked + purchase.quantity, answer, now)
    }
    const hold: Reserved = { _tag: "Reserved", purchase, expiresAt: now + holdMs }
    out.push(hold)
    // After every hold expiring no later, so ties keep placing order.
    let at = state.holds.length
    while (at > 0 && state.holds[at - 1]!.expiresAt > hold.expiresAt) at--
    return changed(
      state,
      state.booked,
      state.held + purchase.quantity,
      inserted(state.holds, at, hold),
      inserted(state.holdHashes, at, purchaseIdHash(purchase.purchaseId)),
      state.remembered,
    )
  }

  const settleHold = (
    state: ItemState,
    itemId: string,
    purchaseId: string,
    command: "Confirm" | "Cancel",
    now: number,
    out: Array<ReservationOutput>,
  ): ItemState => {
    const index = isId(purchaseId) ? holdIndex(state, purchaseId) : -1
    if (index < 0) {
      const seen = isId(purchaseId) ? rememberedAnswer(state, purchaseId) : undefined
      out.push(seen ?? { _tag: "HoldNotFound", itemId, purchaseId, command })
      return state
    }
    const { purchase } = state.holds[index]!
    const held = state.held - purchase.quantity
    const others = state.booked + held
    const answer =
      command === "Confirm"
        ? answerFor(state, purchase, "SUCCESS", "confirmed", others)
        : answerFor(state, purchase, "FAILED", "cancelled", others)
    out.push(purchaseFinishedOf(answer))
    return changed(
      state,
      command === "Confirm" ? state.booked + purchase.quantity : state.booked,
      held,
      removed(state.holds, index),
      removed(state.holdHashes, index),
      appendAnswer(state.remembered, answer, now, maxRemembered),
    )
  }

  const restock = (state: ItemState, item: Item, out: Array<ReservationOutput>): ItemState => {
    if (!isId(item.itemId)) out.push({ _tag: "RestockRejected", item, reason: "invalid item id" })
    else if (!Number.isSafeInteger(item.quantity) || item.quantity < 0)
      out.push({ _tag: "RestockRejected", item, reason: "invalid quantity" })
    else return withItem(state, item)
    return state
  }

  const step = (
    state: ItemState,
    input: ReservationInput,
    now: number,
  ): Step<ItemState, ReservationOutput> => {
    const out: Array<ReservationOutput> = []
    const settled = settle(state, now, out)
    switch (input._tag) {
      case "Tick":
        return { state: settled, out }
      case "Restock":
        return { state: restock(settled, input.item, out), out }
      case "ItemRemoved":
        return { state: settled.item === null ? settled : withItem(settled, null), out }
      case "Purchase":
        return { state: take(settled, input.purchase, undefined, now, out), out }
      case "Reserve":
        return { state: take(settled, input.purchase, input.holdMs ?? defaultHoldMs, now, out), out }
      case "Confirm":
      case "Cancel":
        return { state: settleHold(settled, input.itemId, input.purchaseId, input._tag, now, out), out }
    }
  }

  const deadline = (state: ItemState): number | undefined => state.wakeAt ?? undefined

  const isFinished = (state: ItemState): boolean =>
    state.item === null &&
    state.booked === 0 &&
    state.holds.length === 0 &&
    answerCount(state.remembered) === 0

  return { initial: emptyItemState, step, deadline, isFinished }
}
