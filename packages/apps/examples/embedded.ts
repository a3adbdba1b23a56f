// Embedded mode from a small program: the queueing app on LMDB in DATA_DIR, one command in, the
// admission out. Run: DATA_DIR=/tmp/streamfold-example node packages/apps/examples/embedded.ts
import { LmdbEmbedded } from "@streamfold/adapters-lmdb"
import { PartitionedLog, runTopology } from "@streamfold/core/runtime"
import { semaphoreApp } from "@streamfold/core/semaphore"
import { Effect } from "effect"

const program = Effect.gen(function* () {
  const running = yield* runTopology(semaphoreApp({ partitions: 1 }), { memberId: "example" })
  yield* running.awaitReady
  const log = yield* PartitionedLog
  const resource = "80169888-0e7e-4901-8099-a9fb80b7806d"
  const command = { id: "275b3448-8c51-45d2-839f-4314b9700259", message: "This is a message." }
  yield* log.append([
    { topic: "command-requests", key: resource, value: new TextEncoder().encode(JSON.stringify(command)) },
  ])
  yield* Effect.sleep("500 millis") // the task polls, steps the semaphore and commits
  for (const r of yield* log.poll("actionable-commands", 0, 0, 100))
    console.log(r.key, new TextDecoder().decode(r.value!))
})

Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(LmdbEmbedded.layerConfig())))
