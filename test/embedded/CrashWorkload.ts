// The crash test's input, generated from a seed: both apps' topologies and phases of records to
// append. Restocks and purchases never share a phase (the order the purchase processor merges its
// two inputs depends on how far re-keying got, even without crashes); semaphore input is in every
// phase. Each phase runs at its own frozen clock, an hour after the last, so remembered ids age out.
import { partitionForKey } from "@streamfold/core"
import { reservationApp } from "@streamfold/core/reservation"
import {
  type App,
  type DriverSettings,
  defaultDriverSettings,
  type ProducerRecord,
} from "@streamfold/core/runtime"
import { semaphoreApp } from "@streamfold/core/semaphore"
import { seededRandom } from "../../packages/core/bench/SeededRandom.ts"

/** Partition counts of the crash test's apps. */
export const crashLayout = {
  semaphore: 4,
  reservation: 4,
  purchaseCreated: 2,
  purchaseFinished: 3,
} as const

const rememberMs = 30 * 60_000

/** Small batches, so a phase takes many commits and a kill lands between (or in) any of them. */
export const crashSettings: DriverSettings = { ...defaultDriverSettings, maxBatchRecords: 64 }

/** Both apps as the child and the reference run them (ids remembered 30 min, two-permit resources). */
export const crashApps = (): ReadonlyArray<App> => [
  semaphoreApp({
    partitions: crashLayout.semaphore,
    config: { rememberMs, permits: { [resourceId(0)]: 2, [resourceId(1)]: 3 } },
  }),
  reservationApp({
    partitions: crashLayout.reservation,
    purchaseCreatedPartitions: crashLayout.purchaseCreated,
    outputPartitions: crashLayout.purchaseFinished,
    config: { rememberMs },
  }),
]

/** One phase: records appended together, then processed at the frozen time `nowMs`. */
export interface CrashPhase {
  readonly nowMs: number
  readonly records: ReadonlyArray<ProducerRecord>
}

/** What the generator produced, with the counts the auditor checks. */
export interface CrashWorkload {
  readonly phases: ReadonlyArray<CrashPhase>
  readonly total: number
  /** Purchase records that decode: each must be answered exactly once. */
  readonly decodablePurchases: number
  /** Records that must end in a dead-letter topic. */
  readonly undecodable: number
}

const hex = (n: number, width: number): string => (n >>> 0).toString(16).padStart(width, "0").slice(-width)

/** A deterministic lower-case UUID from a number and a salt. */
export const uuidOf = (n: number, salt: number): string => {
  const a = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) ^ salt
  const b = Math.imul(n + salt, 0xc2b2ae35)
  return `${hex(a, 8)}-${hex(n >>> 16, 4)}-4${hex(n, 3)}-8${hex(b, 3)}-${hex(salt, 4)}${hex(b ^ a, 8)}`
}

const resourceId = (n: number): string => uuidOf(n, 0x5eed)

const text = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value))

const phaseCount = 6
const startMs = 1_750_000_000_000
const hourMs = 3_600_000

/** The workload for `seed`: at least `records` records in all (100,000 in the crash test). */
export const crashWorkload = (seed: number, records: number): CrashWorkload => {
  const random = seededRandom(seed)
  const below = (n: number) => Math.floor(random() * n)
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[below(xs.length)]!
  let timestamp = startMs - hourMs
  let undecodable = 0
  let decodablePurchases = 0

  const resources = Math.max(8, Math.floor(records / 40))
  const open: Array<Array<string>> = Array.from({ length: resources }, () => [])
  const finished: Array<string> = []
  let commands = 0
  const semaphoreRecord = (out: Array<ProducerRecord>) => {
    const r = below(resources)
    const key = resourceId(r)
    const mine = open[r]!
    const roll = random()
    const command = (id: string) => ({
      topic: "command-requests",
      key,
      value: text({ id, message: `m${commands}` }),
    })
    const event = (id: string, type: string) => ({
      topic: "command-events",
      key,
      value: text({ id, type, message: `Command completed on ${key}` }),
    })
    let record: ProducerRecord
    if (roll < 0.42 || mine.length === 0) {
      const id = uuidOf(++commands, seed)
      mine.push(id)
      record = command(id)
    } else if (roll < 0.72) {
      const id = random() < 0.7 ? mine.shift()! : mine.splice(below(mine.length), 1)[0]!
      finished.push(id)
      record = event(id, "TERMINATING")
    } else if (roll < 0.8) record = event(pick(mine), random() < 0.5 ? "INITIALIZING" : "CONTINUING")
    else if (roll < 0.86)
      record = command(pick(mine)) // duplicate of a held or queued command
    else if (roll < 0.92 && finished.length > 0)
      record = event(pick(finished), "TERMINATING") // repeated
    else if (roll < 0.97)
      record = event(uuidOf(below(1 << 30), seed ^ 0x57a7), "TERMINATING") // stray
    else {
      undecodable++
      const bad = below(3)
      record =
        bad === 0
          ? { topic: "command-requests", key, value: text({ id: "not-a-uuid", message: "x" }) }
          : bad === 1
            ? { topic: "command-events", key, value: new TextEncoder().encode("{oops") }
            : {
                topic: "command-requests",
                key: "not-a-resource",
                value: text({ id: uuidOf(1, 1), message: "" }),
              }
    }
    out.push({ ...record, timestamp: timestamp++ })
  }

  const items = Math.max(4, Math.floor(records / 50))
  const itemId = (n: number) => `item-${n}`
  const totals = new Array<number>(items).fill(0)
  const restockRecord = (out: Array<ProducerRecord>, n: number) => {
    const key = itemId(n)
    const roll = random()
    let value: Uint8Array | null
    if (roll < 0.03)
      value = null // tombstone: later purchases fail as unknown
    else if (roll < 0.05) {
      undecodable++
      value = random() < 0.5 ? text({ itemId: key, description: "", quantity: -1 }) : text({ itemId: key })
    } else {
      totals[n] = totals[n]! + below(12)
      value = text({ itemId: key, description: `item ${n}`, quantity: totals[n] })
    }
    out.push({ topic: "bps-items-added", key, value, timestamp: timestamp++ })
  }

  let purchases = 0
  const sent: Array<ProducerRecord> = []
  const purchaseRecord = (out: Array<ProducerRecord>) => {
    const roll = random()
    if (roll < 0.05 && sent.length > 0) {
      decodablePurchases++
      out.push({ ...pick(sent), timestamp: timestamp++ }) // a repeated purchase id
      return
    }
    const id = `p${++purchases}`
    const item = roll < 0.08 ? `ghost-${below(50)}` : itemId(Math.floor(items * random() ** 2))
    // The producer partitions by item, so one item's purchases are re-keyed in the order sent.
    const partition = partitionForKey(item, crashLayout.purchaseCreated)
    if (roll < 0.1) {
      undecodable++
      const value = roll < 0.09 ? new TextEncoder().encode("[") : text({ purchaseId: id, itemId: item })
      out.push({ topic: "bps-purchase-created", key: id, value, partition, timestamp: timestamp++ })
      return
    }
    const quantity = roll < 0.12 ? pick([0, -1, 1.5]) : 1 + below(3)
    const record = {
      topic: "bps-purchase-created",
      key: id,
      value: text({ purchaseId: id, itemId: item, quantity, purchasedBy: `user-${below(1000)}` }),
      partition,
    }
    decodablePurchases++
    sent.push(record)
    out.push({ ...record, timestamp: timestamp++ })
  }

  const semaphorePerPhase = Math.ceil((records * 0.66) / phaseCount)
  const purchasesPerPhase = Math.ceil((records * 0.34) / (phaseCount / 2)) - items
  const phases: Array<CrashPhase> = []
  for (let k = 0; k < phaseCount; k++) {
    const out: Array<ProducerRecord> = []
    for (let i = 0; i < semaphorePerPhase; i++) semaphoreRecord(out)
    if (k % 2 === 0) for (let n = 0; n < items; n++) restockRecord(out, n)
    else for (let i = 0; i < purchasesPerPhase; i++) purchaseRecord(out)
    phases.push({ nowMs: startMs + k * hourMs, records: out })
  }
  const total = phases.reduce((sum, p) => sum + p.records.length, 0)
  return { phases, total, decodablePurchases, undecodable }
}
