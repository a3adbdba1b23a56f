// Child process of the crash test: opens embedded mode (LMDB) in DATA_DIR and runs both apps with
// runTopology at a frozen time. Prints "c" after every acknowledged batch commit (the parent kills
// it at a seeded commit count) and "done" once everything is consumed, then exits.
// With a third argument N it is the canary: each commit is split in two (state and outputs, then
// offsets) and the child SIGKILLs itself between the halves of its Nth commit.
// Usage: node EmbeddedChild.ts <DATA_DIR> <nowMs> [N]
import { LmdbEmbedded } from "@streamfold/adapters-lmdb"
import { type CommitUnit, runTopology, StateStore } from "@streamfold/core/runtime"
import { Effect } from "effect"
import { crashApps, crashSettings } from "../CrashWorkload.ts"
import { caughtUp } from "../EmbeddedProgress.ts"
import { withFrozenClock } from "../FrozenClock.ts"

const [path, now, canary] = process.argv.slice(2)
if (path === undefined || now === undefined) throw new Error("usage: EmbeddedChild.ts <DATA_DIR> <nowMs>")
const nowMs = Number(now)
const canaryCommit = canary === undefined ? undefined : Number(canary)

const program = Effect.gen(function* () {
  const apps = crashApps()
  // The store with every commit reported on stdout once it resolved (it is durable by then).
  const store = yield* StateStore
  let commits = 0
  const commit = (unit: CommitUnit) =>
    canaryCommit === undefined
      ? store.commit(unit)
      : Effect.gen(function* () {
          yield* store.commit({ ...unit, offsets: [] })
          if (++commits === canaryCommit) process.kill(process.pid, "SIGKILL")
          yield* store.commit({ writes: [], timers: [], offsets: unit.offsets, outputs: [] })
        })
  const reporting = StateStore.of({
    ...store,
    commit: (unit) => Effect.tap(commit(unit), () => Effect.sync(() => process.stdout.write("c\n"))),
  })
  for (const app of apps)
    yield* Effect.provideService(
      runTopology(app, { memberId: "child" }, crashSettings),
      StateStore,
      reporting,
    )
  for (;;) {
    let done = true
    for (const app of apps) done &&= yield* caughtUp(app, nowMs)
    if (done) break
    yield* Effect.sleep(20)
  }
  process.stdout.write("done\n")
})

await Effect.runPromise(
  program.pipe(withFrozenClock(nowMs), Effect.scoped, Effect.provide(LmdbEmbedded.layer({ path }))),
)
