// The seed's exact `resultMessage` text of `bps-purchase-finished`. With holds, "alreadyBooked"
// counts every unit already taken by OTHER purchases, sold or held; with no holds it is the seed's.
import type { PurchaseFinished, RememberedAnswer } from "./ReservationTypes.ts"

/**
 * `"<purchaseId> - <itemId> <status> quantity: <total> alreadyBooked: <taken> purchaseQuantity: <q>
 * remaining: <total - taken - q>"`. `remaining` is negative when the purchase did not fit, as in
 * the seed.
 */
export const resultMessage = (answer: RememberedAnswer): string => {
  const { purchase, total, alreadyBooked } = answer
  const remaining = total - alreadyBooked - purchase.quantity
  // One join gives one flat string; a template literal leaves a tree of cons strings that the
  // garbage collector copies for as long as the string lives (about twice as slow).
  return [
    purchase.purchaseId,
    " - ",
    answer.itemId,
    " ",
    answer.status,
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

/** The output for a remembered answer; the same value every time it is asked. */
export const purchaseFinishedOf = (answer: RememberedAnswer): PurchaseFinished => ({
  _tag: "PurchaseFinished",
  purchase: answer.purchase,
  status: answer.status,
  reason: answer.reason,
  resultMessage: resultMessage(answer),
})
