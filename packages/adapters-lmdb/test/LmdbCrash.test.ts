// Durability under a process crash: a child commits in a loop and is killed with SIGKILL right after
// a commit resolves; on reopen every acknowledged unit is there, whole, and units form a prefix.
import { spawn } from "node:child_process"
import { join } from "node:path"
import { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import { Effect } from "effect"
import { afterAll, expect, it } from "vitest"
import { removeTempDataDirs, runEmbedded, tempDataDir } from "./TempDataDir.ts"

afterAll(removeTempDataDirs)

/** Runs the child until it has acknowledged `acks` commits, then SIGKILLs it; answers the last ack. */
const commitThenKill = (path: string, acks: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "crash", "CommitLoopChild.ts"), path], {
      stdio: ["ignore", "pipe", "pipe"],
    })
    let seen = 0
    let last = -1
    let buffered = ""
    let errors = ""
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split("\n")
      buffered = lines.pop() ?? ""
      for (const line of lines) {
        last = Number(line.split(" ")[1])
        if (++seen === acks) child.kill("SIGKILL")
      }
    })
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString()
    })
    child.on("exit", (_code, signal) =>
      signal === "SIGKILL" ? resolve(last) : reject(new Error(`child exited without SIGKILL: ${errors}`)),
    )
  })

/** What survived: state keys, output keys and the committed offset. */
const survived = Effect.gen(function* () {
  const store = yield* StateStore
  const log = yield* PartitionedLog
  return {
    offset: yield* store.committedOffset("g", "in", 0),
    state: (yield* store.range("s", 0, {})).map((e) => e.key),
    outputs: (yield* log.poll("out", 0, 0, 1_000_000)).map((r) => r.key),
  }
})

it("keeps every acknowledged commit, whole, across SIGKILL and restarts", async () => {
  const path = tempDataDir()
  for (const acks of [1, 40, 7, 120]) {
    const lastAcked = await commitThenKill(path, acks)
    const after = await runEmbedded(path, survived)
    // Units are a prefix 0..n-1 with n > lastAcked, and each is whole: state, output and offset agree.
    const n = after.offset
    expect(n).toBeGreaterThan(lastAcked)
    const keys = Array.from({ length: n }, (_, i) => `k${i}`)
    expect(after.outputs).toEqual(keys)
    expect([...after.state].sort()).toEqual([...keys].sort())
  }
})
