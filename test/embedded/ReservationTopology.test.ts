// The `purchase` topology on the memory test driver: the seed's worked example (items 1/2/3 with
// quantities 1/2/3, purchases 1/21/22/3) with its exact result messages after the re-key by itemId,
// unknown items answered instead of dropped, and bad records dead-lettered to `purchase-dlq`.
import { makeTestDriver } from "@streamfold/adapters-memory"
import { reservationApp, reservationStore } from "@streamfold/core/reservation"
import { deadLetterHeaders } from "@streamfold/core/runtime"
import { afterEach, expect, it } from "vitest"

const drivers: Array<ReturnType<typeof makeTestDriver>> = []
const start = (partitions: number) => {
  const driver = makeTestDriver(reservationApp({ partitions, purchaseCreatedPartitions: 3 }))
  drivers.push(driver)
  return driver
}
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.dispose()
})

const item = (itemId: string, quantity: number) => JSON.stringify({ itemId, description: "", quantity })
const purchase = (purchaseId: string, itemId: string, quantity: number) =>
  JSON.stringify({ purchaseId, itemId, quantity, purchasedBy: `userId${purchaseId}` })
const order = (message: string) => ["1 ", "21 ", "22 ", "3 "].findIndex((p) => message.startsWith(p))
const messages = (d: ReturnType<typeof start>) =>
  d.outputValues("bps-purchase-finished").map((v) => (v as { resultMessage: string }).resultMessage)

it.each([1, 4])("answers the seed's worked example exactly (%i partitions)", (partitions) => {
  const d = start(partitions)
  for (const [id, q] of [
    ["1", 1],
    ["2", 2],
    ["3", 3],
  ] as const)
    d.pipe("bps-items-added", id, item(id, q))
  d.pipe("bps-purchase-created", "1", purchase("1", "1", 1))
  d.pipe("bps-purchase-created", "21", purchase("21", "2", 1))
  d.pipe("bps-purchase-created", "22", purchase("22", "2", 2))
  d.pipe("bps-purchase-created", "3", purchase("3", "3", 1))
  // Answers are keyed by purchaseId, so across partitions only the per-item order is fixed.
  const ordered = partitions === 1 ? messages(d) : [...messages(d)].sort((a, b) => order(a) - order(b))
  expect(ordered).toEqual([
    "1 - 1 SUCCESS quantity: 1 alreadyBooked: 0 purchaseQuantity: 1 remaining: 0",
    "21 - 2 SUCCESS quantity: 2 alreadyBooked: 0 purchaseQuantity: 1 remaining: 1",
    "22 - 2 FAILED quantity: 2 alreadyBooked: 1 purchaseQuantity: 2 remaining: -1",
    "3 - 3 SUCCESS quantity: 3 alreadyBooked: 0 purchaseQuantity: 1 remaining: 2",
  ])
  const finished = d.outputs("bps-purchase-finished")
  expect(finished.map((r) => r.key).sort()).toEqual(["1", "21", "22", "3"])
  expect(
    d.outputValues("bps-purchase-finished").find((v) => (v as { purchaseId: string }).purchaseId === "22"),
  ).toEqual({
    purchaseId: "22",
    itemId: "2",
    quantity: 2,
    purchasedBy: "userId22",
    status: "FAILED",
    reason: "insufficient stock",
    resultMessage: "22 - 2 FAILED quantity: 2 alreadyBooked: 1 purchaseQuantity: 2 remaining: -1",
  })
  expect(d.readState(reservationStore, "2")).toMatchObject({ booked: 1, held: 0 })
})

it("answers a repeated purchase id with its first answer and unknown items with a reason", () => {
  const d = start(2)
  d.pipe("bps-items-added", "a", item("a", 1))
  d.pipe("bps-purchase-created", "p1", purchase("p1", "a", 1))
  d.pipe("bps-purchase-created", "p1", purchase("p1", "a", 1))
  d.pipe("bps-purchase-created", "p2", purchase("p2", "nope", 1))
  d.pipe("bps-purchase-created", "p3", purchase("p3", "a", -1))
  const values = d.outputValues("bps-purchase-finished") as ReadonlyArray<{ status: string; reason: string }>
  expect(values.map((v) => [v.status, v.reason])).toEqual([
    ["SUCCESS", "accepted"],
    ["SUCCESS", "accepted"],
    ["FAILED", "unknown item"],
    ["FAILED", "invalid quantity"],
  ])
  expect(d.readState(reservationStore, "a")).toMatchObject({ booked: 1 })
})

it("dead-letters undecodable records from both inputs and keeps processing", () => {
  const d = start(2)
  d.pipe("bps-items-added", "a", "[")
  d.pipe("bps-items-added", "b", item("a", 1))
  d.pipe("bps-purchase-created", "p1", JSON.stringify({ purchaseId: "p1", itemId: "a" }))
  d.pipe("bps-purchase-created", "p2", null)
  d.pipe("bps-items-added", "a", item("a", 1))
  d.pipe("bps-purchase-created", "p3", purchase("p3", "a", 1))
  const dlq = d.outputs("purchase-dlq")
  expect(dlq.map((r) => [r.key, r.headers[deadLetterHeaders.topic]])).toEqual([
    ["a", "bps-items-added"],
    ["b", "bps-items-added"],
    ["p1", "bps-purchase-created"],
    ["p2", "bps-purchase-created"],
  ])
  expect(dlq[1]!.headers[deadLetterHeaders.error]).toMatch(/differs from the record key/)
  expect(dlq[2]!.headers[deadLetterHeaders.error]).toMatch(/quantity/)
  expect(messages(d)).toEqual([
    "p3 - a SUCCESS quantity: 1 alreadyBooked: 0 purchaseQuantity: 1 remaining: 0",
  ])
})

it("dead-letters a restock with a negative total, naming the field, and leaves the item as it was", () => {
  const d = start(1)
  d.pipe("bps-items-added", "a", item("a", 2))
  d.pipe("bps-items-added", "a", item("a", -3))
  expect(d.outputs("purchase-dlq").map((r) => r.headers[deadLetterHeaders.error])).toEqual([
    expect.stringMatching(/quantity/),
  ])
  expect(d.readState(reservationStore, "a")).toMatchObject({ item: { quantity: 2 } })
})
