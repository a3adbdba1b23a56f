// The reservation ("purchase") reducer: stock per item, one-phase purchases as in the seed and
// two-phase holds as TigerBeetle's pending transfers, idempotent by purchaseId with bounded memory.
// Invariant: a step never takes sold + held above the item's total.
import type { Reducer, Step } from "../Reducer.ts"
import type {
  Item,
  ItemState,
  Purchase,
  PurchaseFinished,
  PurchaseReason,
  PurchaseStatus,
  Remembered,
  ReservationInput,
  ReservationOutput,
  Reserved,
} from "./ReservationTypes.ts"
import { resultMessage } from "./ResultMessage.ts"

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
export const emptyItemState: ItemState = { item: null, booked: 0, held: 0, holds: [], answers: [] }

const isId = (id: string): boolean => typeof id === "string" && id.length > 0
const isCount = (n: number): boolean => Number.isSafeInteger(n) && n > 0

/** Builds the reducer; a bad config is a programming error and throws at once, never in a step. */
export const makeReservation = (
  settings: Partial<ReservationConfig> = {},
): Reducer<ItemState, ReservationInput, ReservationOutput> => {
  const config: ReservationConfig = { ...defaultReservationConfig, ...settings }
  for (const [name, value] of Object.entries(config)) {
    if (!isCount(value)) throw new RangeError(`ReservationConfig.${name} must be a positive safe integer`)
  }
  const { defaultHoldMs, rememberMs, maxRemembered } = config

  const finished = (
    state: ItemState,
    purchase: Purchase,
    status: PurchaseStatus,
    reason: PurchaseReason,
    alreadyBooked: number,
  ): PurchaseFinished => ({
    _tag: "PurchaseFinished",
    purchase,
    status,
    reason,
    resultMessage: resultMessage(purchase, state.item, status, alreadyBooked),
  })

  // Answers are kept in time order: `at` never goes below the newest one, even if `now` does.
  const remember = (state: ItemState, answer: PurchaseFinished, now: number): ItemState => {
    const answers = state.answers
    const last = answers[answers.length - 1]
    const entry: Remembered = { at: last !== undefined && last.at > now ? last.at : now, answer }
    const kept = answers.length >= maxRemembered ? answers.slice(answers.length - maxRemembered + 1) : answers
    return { ...state, answers: [...kept, entry] }
  }

  const recall = (state: ItemState, purchaseId: string): PurchaseFinished | Reserved | undefined => {
    for (const hold of state.holds) if (hold.purchase.purchaseId === purchaseId) return hold
    const answers = state.answers
    for (let i = answers.length - 1; i >= 0; i--) {
      const answer = answers[i]!.answer
      if (answer.purchase.purchaseId === purchaseId) return answer
    }
    return undefined
  }

  // Expires due holds (earliest deadline first) and forgets answers past their retention.
  const settle = (state: ItemState, now: number, out: Array<ReservationOutput>): ItemState => {
    let next = state
    if (next.holds.some((hold) => hold.expiresAt <= now)) {
      const due = next.holds.filter((hold) => hold.expiresAt <= now).sort((a, b) => a.expiresAt - b.expiresAt)
      next = { ...next, holds: next.holds.filter((hold) => hold.expiresAt > now) }
      for (const hold of due) {
        const held = next.held - hold.purchase.quantity
        const answer = finished(next, hold.purchase, "FAILED", "hold expired", next.booked + held)
        out.push(answer)
        next = remember({ ...next, held }, answer, now)
      }
    }
    const first = next.answers[0]
    if (first !== undefined && first.at + rememberMs <= now) {
      next = { ...next, answers: next.answers.filter((entry) => entry.at + rememberMs > now) }
    }
    return next
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
      out.push(finished(state, purchase, "FAILED", "invalid purchase id", taken))
      return state
    }
    const seen = recall(state, purchase.purchaseId)
    if (seen !== undefined) {
      out.push(seen)
      return state
    }
    const reason = holdMs !== undefined && !isCount(holdMs) ? "invalid hold" : refusal(state, purchase)
    if (reason !== undefined) {
      const answer = finished(state, purchase, "FAILED", reason, taken)
      out.push(answer)
      return remember(state, answer, now)
    }
    if (holdMs === undefined) {
      const answer = finished(state, purchase, "SUCCESS", "accepted", taken)
      out.push(answer)
      return remember({ ...state, booked: state.booked + purchase.quantity }, answer, now)
    }
    const hold: Reserved = { _tag: "Reserved", purchase, expiresAt: now + holdMs }
    out.push(hold)
    return { ...state, held: state.held + purchase.quantity, holds: [...state.holds, hold] }
  }

  const settleHold = (
    state: ItemState,
    itemId: string,
    purchaseId: string,
    command: "Confirm" | "Cancel",
    now: number,
    out: Array<ReservationOutput>,
  ): ItemState => {
    const index = state.holds.findIndex((hold) => hold.purchase.purchaseId === purchaseId)
    if (index < 0) {
      const seen = isId(purchaseId) ? recall(state, purchaseId) : undefined
      out.push(seen ?? { _tag: "HoldNotFound", itemId, purchaseId, command })
      return state
    }
    const { purchase } = state.holds[index]!
    const held = state.held - purchase.quantity
    const holds = state.holds.filter((_, i) => i !== index)
    const others = state.booked + held
    const answer =
      command === "Confirm"
        ? finished(state, purchase, "SUCCESS", "confirmed", others)
        : finished(state, purchase, "FAILED", "cancelled", others)
    out.push(answer)
    const booked = command === "Confirm" ? state.booked + purchase.quantity : state.booked
    return remember({ ...state, booked, held, holds }, answer, now)
  }

  const restock = (state: ItemState, item: Item, out: Array<ReservationOutput>): ItemState => {
    if (!isId(item.itemId)) out.push({ _tag: "RestockRejected", item, reason: "invalid item id" })
    else if (!Number.isSafeInteger(item.quantity) || item.quantity < 0)
      out.push({ _tag: "RestockRejected", item, reason: "invalid quantity" })
    else return { ...state, item }
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
        return { state: settled.item === null ? settled : { ...settled, item: null }, out }
      case "Purchase":
        return { state: take(settled, input.purchase, undefined, now, out), out }
      case "Reserve":
        return { state: take(settled, input.purchase, input.holdMs ?? defaultHoldMs, now, out), out }
      case "Confirm":
      case "Cancel":
        return { state: settleHold(settled, input.itemId, input.purchaseId, input._tag, now, out), out }
    }
  }

  const deadline = (state: ItemState): number | undefined => {
    let at = state.answers.length > 0 ? state.answers[0]!.at + rememberMs : undefined
    for (const hold of state.holds) if (at === undefined || hold.expiresAt < at) at = hold.expiresAt
    return at
  }

  const isFinished = (state: ItemState): boolean =>
    state.item === null && state.booked === 0 && state.holds.length === 0 && state.answers.length === 0

  return { initial: emptyItemState, step, deadline, isFinished }
}
