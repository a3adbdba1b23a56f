import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { isKafkaBrokerPid } from "../../src/harness/KafkaBrokerPid.ts"
import { freeLoopbackPorts } from "../../src/harness/KafkaFreePorts.ts"
import {
  claimKafkaTempDir,
  kafkaTempDirPrefix,
  sweepStaleKafkaDirs,
} from "../../src/harness/KafkaStaleDirs.ts"

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "streamfold-housekeeping-test-"))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

// The pid of a process that has run and been reaped.
const deadPid = (): Promise<number> =>
  new Promise((resolve) => {
    const child = spawn("true")
    child.once("exit", () => resolve(child.pid ?? -1))
  })

describe("freeLoopbackPorts", () => {
  it("gives distinct ports that can be bound on 127.0.0.1", async () => {
    const ports = await freeLoopbackPorts(6)
    expect(new Set(ports).size).toBe(6)
    for (const port of ports) {
      const server = createServer()
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject)
        server.listen({ host: "127.0.0.1", port }, resolve)
      })
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe("sweepStaleKafkaDirs", () => {
  it("removes only directories whose owner process is gone", async () => {
    const mine = join(dir, `${kafkaTempDirPrefix}mine`)
    const orphan = join(dir, `${kafkaTempDirPrefix}orphan`)
    const unclaimed = join(dir, `${kafkaTempDirPrefix}unclaimed`)
    const unrelated = join(dir, "something-else")
    for (const d of [mine, orphan, unclaimed, unrelated]) await mkdir(d)
    await claimKafkaTempDir(mine)
    await writeFile(join(orphan, "owner.pid"), `${await deadPid()}\n`)
    await writeFile(join(unrelated, "owner.pid"), `${await deadPid()}\n`)
    expect(await sweepStaleKafkaDirs(dir)).toEqual([orphan])
    expect([mine, orphan, unclaimed, unrelated].map(existsSync)).toEqual([true, false, true, true])
  })
})

describe("isKafkaBrokerPid", () => {
  it("trusts a pid only while its command line is that node's broker", async () => {
    expect(isKafkaBrokerPid(process.pid, "/nowhere/server.properties")).toBe(false)
    expect(isKafkaBrokerPid(await deadPid(), "/nowhere/server.properties")).toBe(false)
    expect(isKafkaBrokerPid(-1, "/nowhere/server.properties")).toBe(false)
  })
})
