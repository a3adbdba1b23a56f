// End to end: the real `streamfold run queueing` process (embedded mode, temp DATA_DIR, free port),
// driven over HTTP through the seed's hand-over, plus `produce`/`tail` against it, a restart that
// keeps the state, and a bad configuration that exits with code 2 and a message.
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")
const main = join(root, "packages/apps/src/cli/main.ts")

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer()
    server.once("error", fail)
    server.listen(0, () => {
      const address = server.address()
      server.close(() => (typeof address === "object" && address !== null ? done(address.port) : fail()))
    })
  })

const cli = (args: ReadonlyArray<string>, env: Record<string, string>, stdin?: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [main, ...args], { cwd: root, env: { ...process.env, ...env } })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
    child.on("close", (code) => done({ code, stdout, stderr }))
    child.stdin.end(stdin ?? "")
  })

const eventually = async <A>(probe: () => Promise<A | undefined>, timeoutMs = 20_000): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error("condition not reached in time")
    await new Promise((r) => setTimeout(r, 50))
  }
}

let dataDir: string
let port: number
let url: string
let child: ChildProcess | undefined
let log = ""

const start = async () => {
  log = ""
  child = spawn(process.execPath, [main, "run", "queueing"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  })
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()))
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()))
  await eventually(
    async () =>
      (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).status === 200
        ? true
        : undefined,
    60_000,
  )
}

const stop = async () => {
  const running = child
  child = undefined
  if (running === undefined || running.exitCode !== null) return
  const exited = new Promise((r) => running.once("exit", r))
  running.kill("SIGTERM")
  await exited
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "streamfold-e2e-"))
  port = await freePort()
  url = `http://localhost:${port}`
  await start()
})
afterAll(async () => {
  await stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const post = (path: string, body: string) => fetch(`${url}${path}`, { method: "POST", body })
const outcome = async (commandId: string) => {
  const response = await fetch(`${url}/commands/${commandId}`)
  return response.status === 200 ? ((await response.json()) as { status: string }).status : undefined
}
const until = (commandId: string, status: string) =>
  eventually(async () => ((await outcome(commandId)) === status ? true : undefined))

describe("streamfold run queueing (embedded, real process)", () => {
  const resourceId = "80169888-0e7e-4901-8099-a9fb80b7806d"
  let first = ""
  let second = ""

  it("replays the seed's hand-over over HTTP", async () => {
    const a = await post(`/command/${resourceId}`, "This is a message.")
    expect(a.status).toBe(201)
    first = ((await a.json()) as { commandId: string }).commandId
    await until(first, "ADMITTED")
    const b = await post(`/command/${resourceId}`, "Second.")
    expect(b.status).toBe(201)
    second = ((await b.json()) as { commandId: string }).commandId
    await until(second, "QUEUED")
    expect((await post(`/event/${resourceId}/${first}`, "")).status).toBe(201)
    await until(second, "ADMITTED")
    const view = (await (await fetch(`${url}/resources/${resourceId}`)).json()) as {
      holders: ReadonlyArray<{ commandId: string }>
      queue: ReadonlyArray<unknown>
    }
    expect(view.holders.map((h) => h.commandId)).toEqual([second])
    expect(view.queue).toEqual([])
  })

  it("produce appends stdin JSON lines; tail prints the admissions", async () => {
    const other = "f0c291c3-5d28-4396-b8a8-859de530dd20"
    const commandId = "275b3448-8c51-45d2-839f-4314b9700259"
    const produced = await cli(
      ["produce", "command-requests", "--key", other, "--url", url],
      {},
      `${JSON.stringify({ id: commandId, message: "from the CLI" })}\n`,
    )
    expect(produced).toMatchObject({ code: 0 })
    await until(commandId, "ADMITTED")
    const tailed = await cli(["tail", "actionable-commands", "--once", "--url", url], {})
    expect(tailed.code).toBe(0)
    const records = tailed.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { key: string; value: { id: string } })
    expect(records.filter((r) => r.key === resourceId).map((r) => r.value.id)).toEqual([first, second])
    expect(records.filter((r) => r.key === other).map((r) => r.value.id)).toEqual([commandId])
  })

  it("keeps holders, queue and outcomes across a restart", async () => {
    await stop()
    await start()
    expect(await outcome(second)).toBe("ADMITTED")
    expect(await outcome(first)).toBe("RELEASED")
    const view = (await (await fetch(`${url}/resources/${resourceId}`)).json()) as {
      holders: ReadonlyArray<{ commandId: string }>
    }
    expect(view.holders.map((h) => h.commandId)).toEqual([second])
  })

  it("answers JSON errors, never HTML, for client mistakes", async () => {
    const notFound = await fetch(`${url}/nope`)
    expect(notFound.status).toBe(404)
    expect(await notFound.json()).toEqual({ error: "route not found" })
    const bad = await post("/command/__proto__", "x")
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ field: "resourceId" })
  })

  it("exits with code 2 and names the setting on bad configuration", async () => {
    const result = await cli(["run", "queueing"], { PORT: "not-a-port", DATA_DIR: dataDir })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/streamfold: PORT must be a port number/)
    const unknown = await cli(["run", "nosuchapp"], { PORT: "0", DATA_DIR: dataDir })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown app\(s\): nosuchapp/)
  })

  it("prints help for every command", async () => {
    const commands = [
      [],
      ["run"],
      ["produce"],
      ["tail"],
      ["kafka"],
      ["kafka", "start"],
      ["kafka", "stop"],
      ["kafka", "status"],
    ]
    const results = await Promise.all(commands.map((c) => cli([...c, "--help"], {})))
    for (const [i, result] of results.entries()) {
      expect(result.code, commands[i]!.join(" ")).toBe(0)
      expect(result.stdout).toMatch(/USAGE/)
      expect(result.stdout).toMatch(/DESCRIPTION/)
    }
  })
})
