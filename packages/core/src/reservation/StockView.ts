// The read model of one item's stock, for HTTP reads: what was made available, sold, held, left.
import type { ItemState } from "./ReservationTypes.ts"

/** Stock figures of one item; `available` is never negative, even after a restock below sold. */
export interface Stock {
  readonly total: number
  readonly sold: number
  readonly held: number
  readonly available: number
}

/** Reads the stock figures of an item's state (a removed or unknown item has total 0). */
export const stockView = (state: ItemState): Stock => {
  const total = state.item === null ? 0 : state.item.quantity
  return {
    total,
    sold: state.booked,
    held: state.held,
    available: Math.max(0, total - state.booked - state.held),
  }
}
