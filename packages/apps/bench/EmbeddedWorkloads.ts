// Seeded input streams for the embedded bench, over 10,000 keys: semaphore commands that are all
// released (so resource states finish and are deleted) and purchases against restocked items.
import type { ProducerRecord } from "@streamfold/core/runtime"
import { seededRandom } from "../../core/bench/SeededRandom.ts"

/** A generator of input records: each call answers the next `count`. */
export type Workload = (count: number) => Array<ProducerRecord>

const encoder = new TextEncoder()
const json = (value: unknown) => encoder.encode(JSON.stringify(value))
const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(width, "0").slice(-width)
const uuid = (n: number, salt: number) =>
  `${hex(Math.imul(n, 0x9e3779b1) ^ salt, 8)}-${hex(n >>> 12, 4)}-4${hex(n, 3)}-8${hex(salt, 3)}-${hex(n, 12)}`

/**
 * Semaphore traffic over `keys` resources: a resource gets a command, sometimes a second that
 * queues, a CONTINUING now and then, and TERMINATING for each in turn, so it keeps finishing.
 */
export const semaphoreWorkload = (seed: number, keys = 10_000): Workload => {
  const random = seededRandom(seed)
  const open: Array<Array<string>> = Array.from({ length: keys }, () => [])
  const resources = Array.from({ length: keys }, (_, r) => uuid(r, 0x5e4a))
  let commands = 0
  return (count) => {
    const out: Array<ProducerRecord> = []
    for (let i = 0; i < count; i++) {
      const r = Math.floor(random() * keys)
      const key = resources[r]!
      const mine = open[r]!
      const roll = random()
      if (mine.length === 0 || (roll < 0.25 && mine.length < 3)) {
        const id = uuid(++commands, 0xc0de)
        mine.push(id)
        out.push({ topic: "command-requests", key, value: json({ id, message: "run the job" }) })
      } else if (roll < 0.35) {
        out.push({
          topic: "command-events",
          key,
          value: json({ id: mine[0], type: "CONTINUING", message: "" }),
        })
      } else {
        const id = mine.shift()
        out.push({ topic: "command-events", key, value: json({ id, type: "TERMINATING", message: "done" }) })
      }
    }
    return out
  }
}

/** Purchases over `keys` items (first the restocks of every item, then 1–3 units at a time). */
export const purchaseWorkload = (seed: number, keys = 10_000): Workload => {
  const random = seededRandom(seed)
  let restocked = 0
  let purchases = 0
  return (count) => {
    const out: Array<ProducerRecord> = []
    for (let i = 0; i < count; i++) {
      if (restocked < keys) {
        const itemId = `item-${restocked++}`
        out.push({
          topic: "bps-items-added",
          key: itemId,
          value: json({ itemId, description: "", quantity: 1_000_000 }),
        })
        continue
      }
      const purchaseId = `p-${++purchases}`
      const itemId = `item-${Math.floor(random() * keys)}`
      const quantity = 1 + Math.floor(random() * 3)
      out.push({
        topic: "bps-purchase-created",
        key: purchaseId,
        value: json({ purchaseId, itemId, quantity, purchasedBy: "bench" }),
      })
    }
    return out
  }
}
