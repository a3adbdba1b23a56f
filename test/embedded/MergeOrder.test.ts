// A task merges its co-partitioned topics by the oldest head, never reordering one topic's records:
// a repartition topic fed by several re-keying tasks has timestamps out of offset order, and a
// batch that reordered them committed a lower offset than it had processed (inputs applied twice).
import { makeTestDriver } from "@streamfold/adapters-memory"
import { reservationApp } from "@streamfold/core/reservation"
import { PartitionedLog, pollMerged, sourceTopicHeader } from "@streamfold/core/runtime"
import { Effect } from "effect"
import { expect, it } from "vitest"

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const purchase = (purchaseId: string) => ({ purchaseId, itemId: "a", quantity: 1, purchasedBy: "u" })
const repartition = "purchase-reservation-repartition"

it("answers each re-keyed purchase once, in offset order, when timestamps go backwards", async () => {
  const d = makeTestDriver(reservationApp({ partitions: 1 }))
  d.pipe("bps-items-added", "a", JSON.stringify({ itemId: "a", description: "", quantity: 10 }))
  const forwarded = [purchase("p1"), purchase("p2"), purchase("p3")].map((value, i) => ({
    topic: repartition,
    key: "a",
    value: bytes(value),
    timestamp: [30, 10, 20][i]!,
    headers: { [sourceTopicHeader]: "bps-purchase-created" },
  }))
  d.run(Effect.flatMap(PartitionedLog, (log) => log.append(forwarded)))
  d.drain()
  const answers = d.outputValues("bps-purchase-finished") as ReadonlyArray<{
    purchaseId: string
    resultMessage: string
  }>
  expect(answers.map((a) => a.purchaseId)).toEqual(["p1", "p2", "p3"])
  expect(answers[2]!.resultMessage).toContain("alreadyBooked: 2")
  await d.dispose()
})

it("merges by the oldest head and keeps each topic in offset order", async () => {
  const d = makeTestDriver({
    name: "m",
    topics: [
      { name: "x", partitions: 1 },
      { name: "y", partitions: 1 },
    ],
    processors: [],
  })
  const records = [
    ...[5, 1, 3].map((timestamp) => ({ topic: "x", key: "k", value: null, partition: 0, timestamp })),
    ...[2, 4].map((timestamp) => ({ topic: "y", key: "k", value: null, partition: 0, timestamp })),
  ]
  d.run(Effect.flatMap(PartitionedLog, (log) => log.append(records)))
  const merged = d.run(
    pollMerged(
      new Map([
        ["x", 0],
        ["y", 0],
      ]),
      0,
      10,
    ),
  )
  expect(merged.map((r) => `${r.topic}${r.offset}`)).toEqual(["y0", "y1", "x0", "x1", "x2"])
  await d.dispose()
})
