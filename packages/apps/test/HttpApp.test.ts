// The shared HTTP application: a handler that dies or fails unexpectedly answers a JSON 500 (never
// HTML), unknown routes a JSON 404, and /health follows readiness.
import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Exit, Ref, Scope } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeHttpApp } from "../src/http/HttpApp.ts"
import { json } from "../src/http/HttpProblem.ts"

let url: string
let scope: Scope.Closeable
const ready = Ref.makeUnsafe(false)

beforeAll(async () => {
  scope = await Effect.runPromise(Scope.make())
  const port = await Effect.runPromise(
    Scope.provide(scope)(
      Effect.gen(function* () {
        const handler = yield* makeHttpApp(
          (router) =>
            Effect.gen(function* () {
              yield* router.add("GET", "/die", Effect.die(new Error("boom")))
              yield* router.add("GET", "/fail", () => Effect.fail(new Error("unexpected")) as never)
              yield* router.add("GET", "/ok", json({ ok: true }))
            }),
          { isReady: Ref.get(ready), refreshMetrics: Effect.void },
        )
        const server = yield* NodeHttpServer.make(() => createServer(), { port: 0 })
        yield* server.serve(handler)
        return server.address._tag === "UnixPathAddress" ? 0 : server.address.port
      }),
    ),
  )
  url = `http://localhost:${port}`
})
afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
})

const get = async (path: string) => {
  const response = await fetch(`${url}${path}`)
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json() }
}

describe("http app", () => {
  it("answers a JSON 500 when a handler dies or fails unexpectedly, and keeps serving", async () => {
    expect(await get("/die")).toMatchObject({ status: 500, body: { error: "internal error" } })
    expect(await get("/fail")).toMatchObject({ status: 500, body: { error: "internal error" } })
    expect(await get("/ok")).toMatchObject({ status: 200, body: { ok: true } })
    expect((await get("/die")).type).toMatch(/application\/json/)
  })

  it("answers a JSON 404 for unknown routes and methods", async () => {
    expect(await get("/missing")).toMatchObject({ status: 404, body: { error: "route not found" } })
    const post = await fetch(`${url}/ok`, { method: "POST" })
    expect(post.status).toBe(404)
    expect(await post.json()).toEqual({ error: "route not found" })
  })

  it("reports health from readiness", async () => {
    await Effect.runPromise(Ref.set(ready, false))
    expect(await get("/health")).toMatchObject({ status: 503, body: { status: "starting" } })
    await Effect.runPromise(Ref.set(ready, true))
    expect(await get("/health")).toMatchObject({ status: 200, body: { status: "ready" } })
  })
})
