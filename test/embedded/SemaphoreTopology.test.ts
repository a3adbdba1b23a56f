// The `queueing` topology on the memory test driver: the seed's hand-over (first admitted, second
// queued, TERMINATING admits the second), outputs keyed by resource, and undecodable records
// dead-lettered to `queueing-dlq` while processing goes on.
import { makeTestDriver } from "@streamfold/adapters-memory"
import { partitionForKey } from "@streamfold/core"
import { deadLetterHeaders } from "@streamfold/core/runtime"
import { semaphoreApp, semaphoreStore } from "@streamfold/core/semaphore"
import { afterEach, expect, it } from "vitest"

const resource = "80169888-0e7e-4901-8099-a9fb80b7806d"
const first = "275b3448-8c51-45d2-839f-4314b9700259"
const second = "9f0c4a31-6f2e-4b8e-9d3c-0a1b2c3d4e5f"

const drivers: Array<ReturnType<typeof makeTestDriver>> = []
const start = () => {
  const driver = makeTestDriver(semaphoreApp({ partitions: 4 }), { startMs: 1_000 })
  drivers.push(driver)
  return driver
}
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.dispose()
})

const command = (id: string, message: string) => JSON.stringify({ id, message })
const event = (id: string, type: string) =>
  JSON.stringify({ id, type, message: `Command completed on ${resource}` })

it("hands the permit to the queued command when the holder terminates", () => {
  const d = start()
  d.pipe("command-requests", resource, command(first, "This is a message."))
  d.pipe("command-requests", resource, command(second, "second"))
  expect(d.outputValues("actionable-commands")).toEqual([{ id: first, message: "This is a message." }])
  d.pipe("command-events", resource, event(first, "CONTINUING"))
  expect(d.outputValues("actionable-commands")).toHaveLength(1)
  d.pipe("command-events", resource, event(first, "TERMINATING"))
  expect(d.outputValues("actionable-commands")).toEqual([
    { id: first, message: "This is a message." },
    { id: second, message: "second" },
  ])
  expect(d.outputValues("command-status")).toEqual([
    { id: first, resourceId: resource, status: "ADMITTED" },
    { id: second, resourceId: resource, status: "QUEUED", position: 1 },
    { id: first, resourceId: resource, status: "RELEASED" },
    { id: second, resourceId: resource, status: "ADMITTED" },
  ])
  // Outputs keep the resource as key, on the partition the inputs came from.
  const partition = partitionForKey(resource, 4)
  for (const topic of ["actionable-commands", "command-status"])
    for (const r of d.outputs(topic)) expect([r.key, r.partition]).toEqual([resource, partition])
  expect(d.readState(semaphoreStore, resource)).toMatchObject({
    resourceId: resource,
    holders: [{ commandId: second }],
    queue: [],
  })
})

it("deletes a resource's state once it has finished and its memories have aged out", () => {
  const d = makeTestDriver(semaphoreApp({ partitions: 2, config: { rememberMs: 1_000 } }))
  drivers.push(d)
  d.pipe("command-requests", resource, command(first, "m"))
  d.pipe("command-events", resource, event(first, "TERMINATING"))
  expect(d.readState(semaphoreStore, resource)).toMatchObject({ holders: [], queue: [] })
  d.advanceTime(1_000)
  expect(d.readStore(semaphoreStore, resource)).toBeUndefined()
})

it("dead-letters undecodable records and keeps processing", () => {
  const d = start()
  d.pipe("command-requests", resource, "{not json")
  d.pipe("command-requests", "not-a-uuid", command(first, "m"))
  d.pipe("command-events", resource, JSON.stringify({ id: first, type: "PAUSED", message: "" }))
  d.pipe("command-requests", resource, null)
  d.pipe("command-requests", resource, command(first, "m"))
  const dlq = d.outputs("queueing-dlq")
  expect(dlq.map((r) => r.headers[deadLetterHeaders.topic])).toEqual([
    "command-requests",
    "command-requests",
    "command-events",
    "command-requests",
  ])
  expect(new TextDecoder().decode(dlq[0]!.value!)).toBe("{not json")
  expect(dlq[0]!.headers[deadLetterHeaders.error]).toMatch(/invalid JSON/)
  expect(dlq[1]!.headers[deadLetterHeaders.error]).toMatch(/key/)
  expect(dlq[2]!.headers[deadLetterHeaders.error]).toMatch(/type/)
  expect(d.outputValues("actionable-commands")).toEqual([{ id: first, message: "m" }])
})
