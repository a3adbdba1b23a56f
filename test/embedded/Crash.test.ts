// Embedded mode under SIGKILL: a child process runs both apps (queueing and purchase) on LMDB with
// runTopology and is killed at seeded moments (after a seeded number of acknowledged commits, or a
// seeded time after start), restarted each time, until every phase of 100,000 seeded input records
// is consumed. Then every topic and store must equal a crash-free run on the memory test driver.
// Replay with CRASH_SEED=<seed> (or FC_SEED); CRASH_RECORDS=<n> changes the input size.
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { LmdbEmbedded } from "@streamfold/adapters-lmdb"
import { makeTestDriver } from "@streamfold/adapters-memory"
import { type App, appTopics, PartitionedLog, prepareTopics } from "@streamfold/core/runtime"
import { Effect, type Scope } from "effect"
import { afterAll, expect, it } from "vitest"
import { seededRandom } from "../../packages/core/bench/SeededRandom.ts"
import { type CrashPhase, crashApps, crashLayout, crashSettings, crashWorkload } from "./CrashWorkload.ts"
import { caughtUp } from "./EmbeddedProgress.ts"
import { type AppSnapshot, crashOrigin, differences, snapshot } from "./EmbeddedSnapshot.ts"
import { withFrozenClock } from "./FrozenClock.ts"

const seed = Number(process.env.CRASH_SEED ?? process.env.FC_SEED ?? Date.now() % 2 ** 31)
const records = Number(process.env.CRASH_RECORDS ?? 100_000)
// The 20-kill floor holds for the full-size input; smaller replays (CRASH_RECORDS) only report kills.
const minKills = records >= 100_000 ? 20 : 0
const childEntry = join(import.meta.dirname, "child", "EmbeddedChild.ts")
const origin = crashOrigin(crashLayout.reservation, crashLayout.purchaseCreated)

const apps = crashApps()
const dirs: Array<string> = []
const live = new Set<ChildProcess>()
afterAll(() => {
  for (const child of live) child.kill("SIGKILL")
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

// No dot in the name: lmdb-js takes a path with an extension for a file, not a directory.
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "streamfold-crash-"))
  dirs.push(dir)
  return dir
}

/** When to kill one run of the child. */
type KillPlan =
  | { readonly after: "commits"; readonly commits: number; readonly delayMs: number }
  | { readonly after: "start"; readonly delayMs: number }
  | { readonly after: "never" }

const describePlan = (plan: KillPlan) =>
  plan.after === "commits"
    ? `kill after ${plan.commits} commits + ${plan.delayMs} ms`
    : plan.after === "start"
      ? `kill ${plan.delayMs} ms after start`
      : "no kill"

/** Runs the child for one phase until it reports done or the plan kills it. */
const runChild = (
  dir: string,
  phase: CrashPhase,
  plan: KillPlan,
  canaryCommit: number | undefined,
): Promise<"done" | "killed"> =>
  new Promise((resolve, reject) => {
    const args = [
      childEntry,
      dir,
      String(phase.nowMs),
      ...(canaryCommit === undefined ? [] : [String(canaryCommit)]),
    ]
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "pipe", "pipe"],
    })
    live.add(child)
    let done = false
    let commits = 0
    let pending = ""
    let errors = ""
    const kill = () => child.kill("SIGKILL")
    if (plan.after === "start") setTimeout(kill, plan.delayMs)
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString()
      const lines = pending.split("\n")
      pending = lines.pop() ?? ""
      for (const line of lines)
        if (line === "done") done = true
        else if (plan.after === "commits" && ++commits === plan.commits) setTimeout(kill, plan.delayMs)
    })
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString()
    })
    child.on("exit", (code, signal) => {
      live.delete(child)
      if (done) resolve("done")
      else if (signal === "SIGKILL") resolve("killed")
      else reject(new Error(`child exited with ${code ?? signal} before it was done:\n${errors}`))
    })
  })

/** Runs `program` on the LMDB environment in DATA_DIR (no child may be running). */
const onLmdb = <A, E>(
  dir: string,
  nowMs: number,
  program: Effect.Effect<A, E, LmdbEmbedded.LmdbServices | Scope.Scope>,
) =>
  Effect.runPromise(
    program.pipe(withFrozenClock(nowMs), Effect.scoped, Effect.provide(LmdbEmbedded.layer({ path: dir }))),
  )

const appOf = (topic: string): App => apps.find((app) => appTopics(app).some((t) => t.name === topic))!

/** Runs `phases` in the child with SIGKILLs as `plan` says, then reads every topic and store. */
const crashRun = async (
  dir: string,
  phases: ReadonlyArray<CrashPhase>,
  plan: () => KillPlan,
  canaryCommit?: number,
) => {
  let kills = 0
  for (const [k, phase] of phases.entries()) {
    await onLmdb(
      dir,
      phase.nowMs,
      Effect.gen(function* () {
        for (const app of apps) yield* prepareTopics(app)
        yield* (yield* PartitionedLog).append(phase.records)
      }),
    )
    const schedule: Array<string> = []
    for (;;) {
      const next = plan()
      const outcome = await runChild(dir, phase, next, canaryCommit)
      schedule.push(`${describePlan(next)} → ${outcome}`)
      if (outcome === "done") break
      kills++
    }
    console.log(`phase ${k} (${phase.records.length} records): ${schedule.join("; ")}`)
  }
  const last = phases[phases.length - 1]!
  const snapshots = await onLmdb(
    dir,
    last.nowMs,
    Effect.gen(function* () {
      const out: Array<AppSnapshot> = []
      for (const app of apps) {
        if (!(yield* caughtUp(app, last.nowMs))) throw new Error(`${app.name} has not consumed everything`)
        out.push(yield* snapshot(app, origin))
      }
      return out
    }),
  )
  return { kills, snapshots }
}

/** The crash-free reference: the same phases on the memory test driver, one driver per app. */
const referenceRun = (phases: ReadonlyArray<CrashPhase>): Promise<Array<AppSnapshot>> =>
  Promise.all(
    apps.map(async (app) => {
      const driver = makeTestDriver(app, { startMs: phases[0]!.nowMs, settings: crashSettings })
      for (const phase of phases) {
        const mine = phase.records.filter((r) => appOf(r.topic) === app)
        driver.run(Effect.flatMap(PartitionedLog, (log) => log.append(mine)))
        driver.advanceTime(phase.nowMs - driver.now())
      }
      const result = driver.run(snapshot(app, origin))
      await driver.dispose()
      return result
    }),
  )

const allDifferences = (got: ReadonlyArray<AppSnapshot>, want: ReadonlyArray<AppSnapshot>) =>
  apps.flatMap((app, i) => differences(app.name, got[i]!, want[i]!))

it("ends in the crash-free state and outputs after at least 20 SIGKILLs", async () => {
  const workload = crashWorkload(seed, records)
  console.log(
    `crash test: seed=${seed} (replay with CRASH_SEED=${seed}), ${workload.total} records in ${workload.phases.length} phases`,
  )
  const random = seededRandom(seed ^ 0x6b111)
  const below = (n: number) => Math.floor(random() * n)
  const plan = (): KillPlan =>
    random() < 0.15
      ? { after: "start", delayMs: below(600) }
      : { after: "commits", commits: 10 + below(80), delayMs: below(20) }
  expect(workload.total).toBeGreaterThanOrEqual(records)
  const { kills, snapshots } = await crashRun(tempDir(), workload.phases, plan)
  console.log(`crash test: ${kills} kills`)
  expect(kills).toBeGreaterThanOrEqual(minKills)
  expect(allDifferences(snapshots, await referenceRun(workload.phases))).toEqual([])
  // The auditor: every decodable purchase answered exactly once, every bad record dead-lettered once.
  const counts = Object.assign({}, ...snapshots.map((s) => s.counts)) as Record<string, number>
  expect(counts["bps-purchase-finished"]).toBe(workload.decodablePurchases)
  expect(counts["queueing-dlq"]! + counts["purchase-dlq"]!).toBe(workload.undecodable)
}, 300_000)

it("canary: a child that commits outputs and offsets separately is caught", async () => {
  // Killed between the halves of its 10th commit, every run: inputs are applied twice.
  const phases = crashWorkload(seed, 10_000).phases.slice(0, 1)
  const { snapshots } = await crashRun(tempDir(), phases, () => ({ after: "never" }), 10)
  const found = allDifferences(snapshots, await referenceRun(phases))
  console.log(`canary differences (expected):\n${found.slice(0, 5).join("\n")}`)
  expect(found).not.toEqual([])
})
