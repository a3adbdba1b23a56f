// The data of the reservation ("purchase") domain: items, purchases, the reducer's inputs,
// outputs and per-item state. Plain JSON-encodable values but for the state's answer log (see
// AnswerLog.ts); the reducer is in Reservation.ts.
import type { Tick } from "../Reducer.ts"
import type { AnswerLog } from "./AnswerLog.ts"

/**
 * An item row of `bps-items-added`. `quantity` is the TOTAL ever made available (absolute, not a
 * delta), as in the seed: to add 5 units to an item with 3 sold, publish `quantity = 3 + 5`.
 */
export interface Item {
  readonly itemId: string
  readonly description: string
  readonly quantity: number
}

/** A purchase request of `bps-purchase-created`; also the body of a two-phase reserve. */
export interface Purchase {
  readonly purchaseId: string
  readonly itemId: string
  readonly quantity: number
  readonly purchasedBy: string
}

/** The final status of a purchase, as the seed names it. */
export type PurchaseStatus = "SUCCESS" | "FAILED"

/** Why a purchase finished the way it did (first two are SUCCESS, the rest FAILED). */
export type PurchaseReason =
  | "accepted"
  | "confirmed"
  | "invalid purchase id"
  | "invalid item id"
  | "invalid quantity"
  | "invalid hold"
  | "unknown item"
  | "insufficient stock"
  | "cancelled"
  | "hold expired"

/** Sets the item row (its absolute total); see `Item`. */
export interface Restock {
  readonly _tag: "Restock"
  readonly item: Item
}

/** Tombstone of the item row: later purchases fail with "unknown item"; sold units and holds stay. */
export interface ItemRemoved {
  readonly _tag: "ItemRemoved"
  readonly itemId: string
}

/** One-phase purchase: booked at once if stock allows. */
export interface PurchaseInput {
  readonly _tag: "Purchase"
  readonly purchase: Purchase
}

/** Two-phase purchase, first phase: hold the units until confirmed, cancelled or `holdMs` passes. */
export interface Reserve {
  readonly _tag: "Reserve"
  readonly purchase: Purchase
  /** Hold duration; the reducer's `defaultHoldMs` when absent. */
  readonly holdMs?: number
}

/** Two-phase purchase, second phase: the held units become sold. */
export interface Confirm {
  readonly _tag: "Confirm"
  readonly itemId: string
  readonly purchaseId: string
}

/** Two-phase purchase, second phase: the held units are released. */
export interface Cancel {
  readonly _tag: "Cancel"
  readonly itemId: string
  readonly purchaseId: string
}

/** Everything the reservation reducer accepts for one item. */
export type ReservationInput = Restock | ItemRemoved | PurchaseInput | Reserve | Confirm | Cancel | Tick

/** The one final answer for a purchase id (`bps-purchase-finished`); repeats echo it. */
export interface PurchaseFinished {
  readonly _tag: "PurchaseFinished"
  readonly purchase: Purchase
  readonly status: PurchaseStatus
  readonly reason: PurchaseReason
  /** The seed's exact text; see ResultMessage.ts. */
  readonly resultMessage: string
}

/** A hold was placed; it lasts until `expiresAt` (epoch ms) unless confirmed or cancelled first. */
export interface Reserved {
  readonly _tag: "Reserved"
  readonly purchase: Purchase
  readonly expiresAt: number
}

/** Confirm or Cancel named a purchase id this item neither holds nor remembers; nothing changed. */
export interface HoldNotFound {
  readonly _tag: "HoldNotFound"
  readonly itemId: string
  readonly purchaseId: string
  readonly command: "Confirm" | "Cancel"
}

/** A Restock carried an item the reducer cannot accept; the item row is unchanged. */
export interface RestockRejected {
  readonly _tag: "RestockRejected"
  readonly item: Item
  readonly reason: "invalid item id" | "invalid quantity"
}

/** Everything the reservation reducer emits. */
export type ReservationOutput = PurchaseFinished | Reserved | HoldNotFound | RestockRejected

/**
 * A final answer as an item remembers it: what it takes to give the same PurchaseFinished again
 * (see `purchaseFinishedOf`), without keeping the result text for the whole retention.
 */
export interface RememberedAnswer {
  readonly purchase: Purchase
  readonly status: PurchaseStatus
  readonly reason: PurchaseReason
  /** The item id the result message showed (the item row's, else the purchase's). */
  readonly itemId: string
  /** The item's total at the time (0 when there was no item row). */
  readonly total: number
  /** Units sold or held by other purchases at the time. */
  readonly alreadyBooked: number
}

/**
 * Per-item state, immutable (old states may be stepped again). Stored as JSON through
 * ItemStateCodec: the answer log shares a backing between versions, so it is not plain data.
 */
export interface ItemState {
  /** The current item row, or null when never stocked or removed. */
  readonly item: Item | null
  /** Units sold (one-phase accepted + confirmed holds); never decremented, as the seed. */
  readonly booked: number
  /** Sum of the live holds' quantities (kept to avoid summing on every purchase). */
  readonly held: number
  /** Live holds, earliest expiry first (ties in the order they were placed). */
  readonly holds: ReadonlyArray<Reserved>
  /** `purchaseIdHash` of each hold's purchase id, same order: the lookup index. */
  readonly holdHashes: ReadonlyArray<number>
  /** Final answers still remembered (see AnswerLog.ts). */
  readonly remembered: AnswerLog
  /** The earliest hold expiry or answer retention end (the reducer's deadline), null for none. */
  readonly wakeAt: number | null
}
