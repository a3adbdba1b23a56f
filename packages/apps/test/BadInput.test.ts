// Bad input over HTTP: every client mistake answers a 4xx JSON error naming the problem, the
// process keeps serving, and what was accepted before is still there.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { queueingApp } from "../src/queueing/QueueingApp.ts"
import { eventually, startInProcess, type TestProcess } from "./InProcess.ts"

const maxBodyBytes = 4096
let server: TestProcess
beforeAll(async () => {
  server = await startInProcess([queueingApp()], { maxBodyBytes })
})
afterAll(async () => {
  await server.close()
})

const request = async (method: string, path: string, body?: string, contentType = "text/plain") => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body, headers: { "content-type": contentType } }),
  })
  const text = await response.text()
  expect(response.headers.get("content-type") ?? "").toMatch(/application\/json/)
  return { status: response.status, body: JSON.parse(text) as { error: string; field?: string } }
}

const resourceId = "80169888-0e7e-4901-8099-a9fb80b7806d"
const commandId = "275b3448-8c51-45d2-839f-4314b9700259"

describe("bad input over HTTP", () => {
  it("unknown routes and methods answer 404 route not found", async () => {
    for (const [method, path] of [
      ["GET", "/nope"],
      ["GET", "/"],
      ["DELETE", "/command"],
      ["GET", "/command"],
      ["PUT", `/event/${resourceId}/${commandId}`],
      ["GET", "/stores"],
    ] as const)
      expect(await request(method, path)).toEqual({ status: 404, body: { error: "route not found" } })
  })

  it("non-UUID ids, including prototype names, answer 400 naming the id", async () => {
    for (const bad of [
      "not-a-uuid",
      "__proto__",
      "constructor",
      "toString",
      "80169888-0e7e-4901-8099",
      "%20",
    ]) {
      const command = await request("POST", `/command/${bad}`, "m")
      expect(command.status).toBe(400)
      expect(command.body.field).toBe("resourceId")
      const event = await request("POST", `/event/${resourceId}/${bad}`, "")
      expect(event).toMatchObject({ status: 400, body: { field: "commandId" } })
      expect(await request("GET", `/resources/${bad}`)).toMatchObject({
        status: 400,
        body: { field: "resourceId" },
      })
      expect(await request("GET", `/commands/${bad}`)).toMatchObject({
        status: 400,
        body: { field: "commandId" },
      })
    }
  })

  it("prototype names as store keys and stores answer as plain misses", async () => {
    for (const key of ["__proto__", "constructor", "hasOwnProperty"]) {
      expect(await request("GET", `/stores/semaphore/get/${key}`)).toEqual({
        status: 200,
        body: { response: null },
      })
      expect(await request("GET", `/stores/${key}/get/x`)).toMatchObject({ status: 404 })
      expect(await request("GET", `/metadata/stores/${key}/key/x`)).toMatchObject({ status: 404 })
    }
  })

  it("malformed and wrongly typed event bodies answer 400 naming the field", async () => {
    const path = `/event/${resourceId}/${commandId}`
    expect(await request("POST", path, "{not json", "application/json")).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/malformed JSON/) },
    })
    expect(await request("POST", path, '{"type":"STOPPING"}', "application/json")).toMatchObject({
      status: 400,
      body: { field: "type" },
    })
    expect(await request("POST", path, '{"message":42}', "application/json")).toMatchObject({
      status: 400,
      body: { field: "message" },
    })
    expect(await request("POST", `${path}?type=nope`, "")).toMatchObject({
      status: 400,
      body: { field: "type" },
    })
  })

  it("an empty command body answers 400; an oversized body answers 413", async () => {
    expect(await request("POST", "/command", "")).toMatchObject({ status: 400, body: { field: "body" } })
    const big = "x".repeat(maxBodyBytes + 1)
    expect(await request("POST", "/command", big)).toMatchObject({
      status: 413,
      body: { error: expect.stringMatching(/larger than 4096 bytes/) },
    })
    expect(await request("POST", `/event/${resourceId}/${commandId}`, big)).toMatchObject({ status: 413 })
  })

  it("range without bounds and bad topic reads answer 400 naming the parameter", async () => {
    expect(await request("GET", "/stores/semaphore/range?to=z")).toMatchObject({
      status: 400,
      body: { field: "from" },
    })
    expect(await request("GET", "/stores/semaphore/range?from=a")).toMatchObject({
      status: 400,
      body: { field: "to" },
    })
    expect(await request("GET", "/topics/command-requests/records?partition=-1")).toMatchObject({
      status: 400,
      body: { field: "partition" },
    })
    const produce = (body: string) =>
      request("POST", "/topics/command-requests/records", body, "application/json")
    expect(await produce('{"records":[{"key":"k"}]}')).toMatchObject({
      status: 400,
      body: { field: "records.0.value" },
    })
    expect(await produce('{"records":[{"key":1,"value":{}}]}')).toMatchObject({
      status: 400,
      body: { field: "records.0.key" },
    })
    expect(await produce('{"records":{}}')).toMatchObject({ status: 400, body: { field: "records" } })
  })

  it("keeps serving, and keeps what it accepted, after all of the above", async () => {
    const accepted = await fetch(`${server.url}/command/${resourceId}`, {
      method: "POST",
      body: "still here",
    })
    expect(accepted.status).toBe(201)
    const { commandId: id } = (await accepted.json()) as { commandId: string }
    const status = await eventually(async () => {
      const response = await fetch(`${server.url}/commands/${id}`)
      return response.status === 200 ? ((await response.json()) as { status: string }).status : undefined
    })
    expect(status).toBe("ADMITTED")
  })
})
