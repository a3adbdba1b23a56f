// The queueing app over HTTP, in process, in embedded mode (temp DATA_DIR) and in memory mode: the seed's hand-over
// (first admitted, second queued, release → second admitted) seen through the read endpoints and
// the `actionable-commands` topic, and the outcome of each command.
import { partitionForKey } from "@streamfold/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { queueingApp } from "../src/queueing/QueueingApp.ts"
import { eventually, startInProcess, type TestProcess } from "./InProcess.ts"

let server: TestProcess

const post = (path: string, body: string, contentType = "text/plain") =>
  fetch(`${server.url}${path}`, { method: "POST", body, headers: { "content-type": contentType } })
const getJson = async (path: string) => {
  const response = await fetch(`${server.url}${path}`)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

interface View {
  readonly holders: ReadonlyArray<{ readonly commandId: string }>
  readonly queue: ReadonlyArray<{ readonly commandId: string; readonly position: number }>
}

const view = async (resourceId: string) => (await getJson(`/resources/${resourceId}`)).body as unknown as View
const outcome = async (commandId: string) => {
  const { status, body } = await getJson(`/commands/${commandId}`)
  return status === 200 ? (body.status as string) : undefined
}
const actionable = async (resourceId: string) => {
  const partition = partitionForKey(resourceId, 12)
  const { body } = await getJson(`/topics/actionable-commands/records?partition=${partition}`)
  return (body.result as ReadonlyArray<{ key: string; value: { id: string; message: string } }>).filter(
    (r) => r.key === resourceId,
  )
}

describe.each(["embedded", "memory"] as const)("queueing over HTTP (%s mode)", (mode) => {
  beforeAll(async () => {
    server = await startInProcess([queueingApp()], { mode })
  })
  afterAll(async () => {
    await server.close()
  })

  it("hands the permit over: first admitted, second queued, release admits the second", async () => {
    const resourceId = "80169888-0e7e-4901-8099-a9fb80b7806d"
    const first = await post(`/command/${resourceId}`, "This is a message.")
    expect(first.status).toBe(201)
    const a = (await first.json()) as { resourceId: string; commandId: string }
    expect(a.resourceId).toBe(resourceId)
    expect(a.commandId).toMatch(/^[0-9a-f-]{36}$/)
    await eventually(async () => ((await outcome(a.commandId)) === "ADMITTED" ? true : undefined))

    const second = await post(`/command/${resourceId}`, "Second message.")
    expect(second.status).toBe(201)
    const b = (await second.json()) as { commandId: string }
    await eventually(async () => ((await outcome(b.commandId)) === "QUEUED" ? true : undefined))
    expect(await view(resourceId)).toMatchObject({
      holders: [{ commandId: a.commandId }],
      queue: [{ commandId: b.commandId, position: 1 }],
    })
    expect((await actionable(resourceId)).map((r) => r.value)).toEqual([
      { id: a.commandId, message: "This is a message." },
    ])

    const release = await post(`/event/${resourceId}/${a.commandId}`, "")
    expect(release.status).toBe(201)
    expect(await release.text()).toBe("")
    await eventually(async () => ((await outcome(b.commandId)) === "ADMITTED" ? true : undefined))
    expect(await outcome(a.commandId)).toBe("RELEASED")
    expect(await view(resourceId)).toMatchObject({ holders: [{ commandId: b.commandId }], queue: [] })
    expect((await actionable(resourceId)).map((r) => r.value.id)).toEqual([a.commandId, b.commandId])
  })

  it("POST /command makes a new resource; a non-terminating event keeps the holder", async () => {
    const created = await post("/command", "hello")
    expect(created.status).toBe(201)
    const { resourceId, commandId } = (await created.json()) as { resourceId: string; commandId: string }
    expect(resourceId).not.toBe(commandId)
    await eventually(async () => ((await outcome(commandId)) === "ADMITTED" ? true : undefined))
    expect((await post(`/event/${resourceId}/${commandId}?type=CONTINUING`, "")).status).toBe(201)
    expect(
      (await post(`/event/${resourceId}/${commandId}`, '{"type":"INITIALIZING"}', "application/json")).status,
    ).toBe(201)
    // A later TERMINATING is processed after both, so once it shows, the others were seen too.
    expect(
      (await post(`/event/${resourceId}/${commandId}`, '{"message":"done"}', "application/json")).status,
    ).toBe(201)
    await eventually(async () => ((await outcome(commandId)) === "RELEASED" ? true : undefined))
    expect((await view(resourceId)).holders).toEqual([])
  })

  it("a release of a queued command cancels it", async () => {
    const resourceId = "f0c291c3-5d28-4396-b8a8-859de530dd20"
    const a = (await (await post(`/command/${resourceId}`, "a")).json()) as { commandId: string }
    const b = (await (await post(`/command/${resourceId}`, "b")).json()) as { commandId: string }
    await eventually(async () => ((await outcome(b.commandId)) === "QUEUED" ? true : undefined))
    await post(`/event/${resourceId}/${b.commandId}`, "")
    await eventually(async () => ((await outcome(b.commandId)) === "CANCELLED" ? true : undefined))
    expect(await view(resourceId)).toMatchObject({ holders: [{ commandId: a.commandId }], queue: [] })
  })

  it("reads an unknown resource as empty and an unknown command as 404", async () => {
    const resourceId = "00000000-0000-4000-8000-000000000000"
    expect(await view(resourceId)).toMatchObject({ holders: [], queue: [] })
    const missing = await getJson(`/commands/${resourceId}`)
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatch(/no outcome/)
  })

  it("serves the seed's store endpoints for the local instance", async () => {
    const resourceId = "80169888-0e7e-4901-8099-a9fb80b7806d"
    const got = await getJson(`/stores/semaphore/get/${resourceId}`)
    expect(got.status).toBe(200)
    expect((got.body.response as { resourceId: string }).resourceId).toBe(resourceId)
    expect((await getJson("/stores/semaphore/get/no-such-key")).body).toEqual({ response: null })
    const all = await getJson("/stores/semaphore/all")
    const keys = (all.body.result as ReadonlyArray<{ key: string }>).map((e) => e.key)
    expect(keys).toContain(resourceId)
    expect(keys).toEqual([...keys].sort())
    const count = await getJson("/stores/semaphore/approximate-num-entries")
    expect(count.body.result).toBe(keys.length)
    const range = await getJson(`/stores/semaphore/range?from=${resourceId}&to=${resourceId}`)
    expect((range.body.result as ReadonlyArray<{ key: string }>).map((e) => e.key)).toEqual([resourceId])
    const metadata = await getJson("/metadata")
    expect(metadata.body.result).toEqual([
      {
        host: "localhost",
        port: Number(new URL(server.url).port),
        "state-store-names": ["semaphore", "command-outcome"],
      },
    ])
    expect((await getJson("/metadata/stores/nope")).body).toEqual({ result: [] })
  })

  it("reports health and Prometheus metrics", async () => {
    expect(await getJson("/health")).toEqual({ status: 200, body: { status: "ready" } })
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toMatch(/streamfold_records_out_total\{topic="command-requests"\} \d+/)
    expect(metrics).toMatch(/streamfold_records_in_total\{topic="command-events"\} \d+/)
    expect(metrics).toMatch(/streamfold_commit_latency_ms_count \d+/)
    expect(metrics).toMatch(/streamfold_store_entries\{store="semaphore"\} \d+/)
    expect(metrics).toMatch(
      /streamfold_consumer_lag\{group="queueing-semaphore",topic="command-requests"\} \d+/,
    )
  })
})
