// Child process of the crash test: resumes from the committed offset and commits unit after unit
// (state write, consumed offset, output), printing "committed <i>" only once each commit resolved.
import { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import { Effect } from "effect"
import * as LmdbEmbedded from "../../src/LmdbEmbedded.ts"

const path = process.argv[2]
if (path === undefined) throw new Error("usage: CommitLoopChild.ts <DATA_DIR>")

const program = Effect.gen(function* () {
  const log = yield* PartitionedLog
  const store = yield* StateStore
  yield* log.createTopics([{ name: "out", partitions: 1 }])
  for (let i = yield* store.committedOffset("g", "in", 0); ; i++) {
    yield* store.commit({
      writes: [{ store: "s", partition: 0, key: `k${i}`, value: new TextEncoder().encode(`${i}`) }],
      timers: [],
      offsets: [{ group: "g", topic: "in", partition: 0, offset: i + 1 }],
      outputs: [{ topic: "out", key: `k${i}`, value: new TextEncoder().encode(`${i}`) }],
    })
    process.stdout.write(`committed ${i}\n`)
  }
})

await Effect.runPromise(program.pipe(Effect.provide(LmdbEmbedded.layer({ path })), Effect.scoped))
