// Reference model of one item's reservations: the simplest code that could be right, written apart
// from Reservation.ts. Mutable, Map-free arrays, recomputes sums; assumes time never goes back.
import type {
  Item,
  Purchase,
  PurchaseFinished,
  PurchaseReason,
  ReservationInput,
  ReservationOutput,
} from "../../src/reservation/index.ts"

export interface ModelConfig {
  readonly defaultHoldMs: number
  readonly rememberMs: number
  readonly maxRemembered: number
}

export interface Model {
  item: Item | null
  sold: number
  holds: Array<{ purchase: Purchase; expiresAt: number }>
  answers: Array<{ id: string; at: number; answer: PurchaseFinished }>
}

export const emptyModel = (): Model => ({ item: null, sold: 0, holds: [], answers: [] })

export const modelHeld = (m: Model): number => m.holds.reduce((sum, h) => sum + h.purchase.quantity, 0)

export const modelStock = (m: Model) => {
  const total = m.item?.quantity ?? 0
  const held = modelHeld(m)
  return { total, sold: m.sold, held, available: Math.max(0, total - m.sold - held) }
}

export const modelIsEmpty = (m: Model): boolean =>
  m.item === null && m.sold === 0 && m.holds.length === 0 && m.answers.length === 0

const answer = (
  m: Model,
  p: Purchase,
  ok: boolean,
  reason: PurchaseReason,
  others: number,
): PurchaseFinished => {
  const total = m.item ? m.item.quantity : 0
  const itemId = m.item ? m.item.itemId : p.itemId
  const status = ok ? "SUCCESS" : "FAILED"
  return {
    _tag: "PurchaseFinished",
    purchase: p,
    status,
    reason,
    resultMessage:
      p.purchaseId +
      " - " +
      itemId +
      " " +
      status +
      " quantity: " +
      total +
      " alreadyBooked: " +
      others +
      " purchaseQuantity: " +
      p.quantity +
      " remaining: " +
      (total - others - p.quantity),
  }
}

const positiveInt = (n: number) => Number.isInteger(n) && n > 0 && n <= Number.MAX_SAFE_INTEGER

/** Applies one input to the model (mutating it) and returns the outputs the reducer must give. */
export const modelStep = (
  m: Model,
  input: ReservationInput,
  now: number,
  config: ModelConfig,
): Array<ReservationOutput> => {
  const out: Array<ReservationOutput> = []
  const remember = (a: PurchaseFinished) => {
    m.answers.push({ id: a.purchase.purchaseId, at: now, answer: a })
    while (m.answers.length > config.maxRemembered) m.answers.shift()
  }

  // Expiry first: due holds in deadline order (ties in placing order), then forget old answers.
  const due = m.holds.filter((h) => h.expiresAt <= now)
  due.sort((a, b) => a.expiresAt - b.expiresAt)
  for (const h of due) {
    m.holds.splice(m.holds.indexOf(h), 1)
    const a = answer(m, h.purchase, false, "hold expired", m.sold + modelHeld(m))
    out.push(a)
    remember(a)
  }
  m.answers = m.answers.filter((a) => now - a.at < config.rememberMs)

  const known = (id: string): ReservationOutput | undefined => {
    const hold = m.holds.find((h) => h.purchase.purchaseId === id)
    if (hold) return { _tag: "Reserved", purchase: hold.purchase, expiresAt: hold.expiresAt }
    return m.answers.find((a) => a.id === id)?.answer
  }

  if (input._tag === "Restock") {
    const { item } = input
    if (item.itemId === "") out.push({ _tag: "RestockRejected", item, reason: "invalid item id" })
    else if (!Number.isInteger(item.quantity) || item.quantity < 0 || item.quantity > Number.MAX_SAFE_INTEGER)
      out.push({ _tag: "RestockRejected", item, reason: "invalid quantity" })
    else m.item = item
  } else if (input._tag === "ItemRemoved") {
    m.item = null
  } else if (input._tag === "Purchase" || input._tag === "Reserve") {
    const p = input.purchase
    const holdMs = input._tag === "Reserve" ? (input.holdMs ?? config.defaultHoldMs) : null
    const taken = m.sold + modelHeld(m)
    const seen = p.purchaseId === "" ? undefined : known(p.purchaseId)
    if (p.purchaseId === "") out.push(answer(m, p, false, "invalid purchase id", taken))
    else if (seen) out.push(seen)
    else {
      let reason: PurchaseReason | null = null
      if (holdMs !== null && !positiveInt(holdMs)) reason = "invalid hold"
      else if (p.itemId === "") reason = "invalid item id"
      else if (!positiveInt(p.quantity)) reason = "invalid quantity"
      else if (m.item === null) reason = "unknown item"
      else if (taken + p.quantity > m.item.quantity) reason = "insufficient stock"
      if (reason !== null) {
        const a = answer(m, p, false, reason, taken)
        out.push(a)
        remember(a)
      } else if (holdMs === null) {
        const a = answer(m, p, true, "accepted", taken)
        m.sold += p.quantity
        out.push(a)
        remember(a)
      } else {
        m.holds.push({ purchase: p, expiresAt: now + holdMs })
        out.push({ _tag: "Reserved", purchase: p, expiresAt: now + holdMs })
      }
    }
  } else if (input._tag === "Confirm" || input._tag === "Cancel") {
    const hold = m.holds.find((h) => h.purchase.purchaseId === input.purchaseId)
    if (hold) {
      m.holds.splice(m.holds.indexOf(hold), 1)
      const others = m.sold + modelHeld(m)
      const a =
        input._tag === "Confirm"
          ? answer(m, hold.purchase, true, "confirmed", others)
          : answer(m, hold.purchase, false, "cancelled", others)
      if (input._tag === "Confirm") m.sold += hold.purchase.quantity
      out.push(a)
      remember(a)
    } else {
      const seen = input.purchaseId === "" ? undefined : known(input.purchaseId)
      out.push(
        seen ?? {
          _tag: "HoldNotFound",
          itemId: input.itemId,
          purchaseId: input.purchaseId,
          command: input._tag,
        },
      )
    }
  }
  return out
}
