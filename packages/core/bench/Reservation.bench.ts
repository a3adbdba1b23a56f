// Throughput of the reservation reducer over 10,000 items with a realistic mix: restocks,
// one-phase purchases, reserves later confirmed, cancelled or left to expire, Ticks, duplicates.

import { tick } from "../src/Reducer.ts"
import type { ReservationInput } from "../src/reservation/index.ts"
import { makeReservation } from "../src/reservation/index.ts"
import { type BenchSuite, type KeyedInput, reducerThroughput } from "./ReducerThroughput.ts"
import { seededRandom } from "./SeededRandom.ts"

const items = 10_000
const inputs = 500_000

const generate = (): Array<KeyedInput<ReservationInput>> => {
  const random = seededRandom(20_240_601)
  const int = (n: number) => Math.floor(random() * n)
  // A fifth of the items get four fifths of the traffic.
  const pickItem = () => (random() < 0.8 ? int(items / 5) : int(items))
  const totals = new Array<number>(items).fill(0)
  const pending: Array<Array<string>> = Array.from({ length: items }, () => [])
  const recent: Array<KeyedInput<ReservationInput>> = []
  const out: Array<KeyedInput<ReservationInput>> = []
  let now = 1_700_000_000_000
  let nextId = 0
  const push = (key: string, input: ReservationInput) => {
    const entry = { key, input, now }
    out.push(entry)
    if (input._tag !== "Tick" && input._tag !== "Restock") recent[int(64)] = entry
  }
  const restock = (i: number) => {
    totals[i] = totals[i]! + 20 + int(40)
    push(`item-${i}`, {
      _tag: "Restock",
      item: { itemId: `item-${i}`, description: "a book", quantity: totals[i]! },
    })
  }
  for (let i = 0; i < items; i++) restock(i)
  while (out.length < inputs) {
    if (out.length % 10 === 0) now += 1
    const i = pickItem()
    const itemId = `item-${i}`
    const roll = random()
    const purchase = () => ({
      purchaseId: `p-${nextId++}`,
      itemId,
      quantity: 1 + int(3),
      purchasedBy: `user-${int(100_000)}`,
    })
    if (roll < 0.03) restock(i)
    else if (roll < 0.5) push(itemId, { _tag: "Purchase", purchase: purchase() })
    else if (roll < 0.7) {
      const p = purchase()
      pending[i]!.push(p.purchaseId)
      push(itemId, { _tag: "Reserve", purchase: p, holdMs: 30_000 })
    } else if (roll < 0.9) {
      // Most holds are confirmed, some cancelled; the rest expire.
      const id = pending[i]!.shift()
      if (id !== undefined)
        push(itemId, { _tag: random() < 0.75 ? "Confirm" : "Cancel", itemId, purchaseId: id })
    } else if (roll < 0.92) push(itemId, tick)
    else {
      const dup = recent[int(64)]
      if (dup !== undefined) out.push({ ...dup, now })
    }
  }
  return out
}

const suite: BenchSuite = {
  name: "Reservation reducer",
  run: async () => {
    const data = generate()
    const reducer = makeReservation()
    return [
      {
        name: "inputs/s (10,000 items, mixed)",
        value: reducerThroughput(reducer, data),
        unit: "inputs/s",
      },
    ]
  },
}

export default suite
