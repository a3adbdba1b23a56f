// A group member in a process of its own, for tests that SIGKILL it: joins the group named on the
// command line, prints its first non-empty assignment as one JSON line, then stays until killed.

import { KafkaLog } from "@streamfold/adapters-kafka"
import { PartitionedLog } from "@streamfold/core/runtime"
import { Effect, ManagedRuntime, Stream } from "effect"

const [brokers = "", group = "", topic = "", memberId = "child"] = process.argv.slice(2)
const runtime = ManagedRuntime.make(
  KafkaLog.layer({
    brokers: brokers.split(","),
    clientId: "group-child",
    group: { sessionTimeoutMs: 6_000 },
  }),
)
await runtime.runPromise(
  Effect.scoped(
    Effect.gen(function* () {
      const log = yield* PartitionedLog
      const membership = yield* log.join(group, [topic], { memberId })
      yield* membership.changes.pipe(
        Stream.filter((a) => a.partitions.length > 0),
        Stream.take(1),
        Stream.runForEach((a) => Effect.sync(() => console.log(JSON.stringify(a)))),
      )
      yield* Effect.never
    }),
  ),
)
