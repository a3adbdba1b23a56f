// The seed's exact `resultMessage` text of `bps-purchase-finished`. With holds, "alreadyBooked"
// counts every unit already taken by OTHER purchases, sold or held; with no holds it is the seed's.
import type { Item, Purchase, PurchaseStatus } from "./ReservationTypes.ts"

/**
 * `"<purchaseId> - <itemId> <status> quantity: <total> alreadyBooked: <taken> purchaseQuantity: <q>
 * remaining: <total - taken - q>"`; itemId comes from the item row when there is one, and a missing
 * row counts as total 0. `remaining` is negative when the purchase did not fit, as in the seed.
 */
export const resultMessage = (
  purchase: Purchase,
  item: Item | null,
  status: PurchaseStatus,
  alreadyBooked: number,
): string => {
  const total = item === null ? 0 : item.quantity
  const itemId = item === null ? purchase.itemId : item.itemId
  const remaining = total - alreadyBooked - purchase.quantity
  // One join gives one flat string; a template literal leaves a tree of cons strings that the
  // garbage collector copies for as long as the answer is remembered (about twice as slow).
  return [
    purchase.purchaseId,
    " - ",
    itemId,
    " ",
    status,
    " quantity: ",
    total,
    " alreadyBooked: ",
    alreadyBooked,
    " purchaseQuantity: ",
    purchase.quantity,
    " remaining: ",
    remaining,
  ].join("")
}
