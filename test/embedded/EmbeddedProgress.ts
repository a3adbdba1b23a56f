// Whether an app has consumed everything: every group's committed offset is the end offset on every
// partition, and no timer is due at `nowMs`. Re-keying groups are checked before the processors
// they feed, so a processor found caught up cannot be handed more afterwards (inputs being fixed).
import {
  type App,
  appTaskKinds,
  defaultDriverSettings,
  PartitionedLog,
  StateStore,
} from "@streamfold/core/runtime"
import { Effect } from "effect"

/** True when `app` has nothing left to do at `nowMs`. */
export const caughtUp = (app: App, nowMs: number) =>
  Effect.gen(function* () {
    const log = yield* PartitionedLog
    const store = yield* StateStore
    for (const kind of [...appTaskKinds(app, defaultDriverSettings)].reverse())
      for (const topic of kind.topics) {
        const partitions = yield* log.partitions(topic)
        for (let p = 0; p < partitions; p++)
          if ((yield* store.committedOffset(kind.group, topic, p)) !== (yield* log.endOffset(topic, p)))
            return false
      }
    for (const { _erased: processor } of app.processors)
      for (let p = 0; p < processor.partitions; p++)
        if ((yield* store.dueTimers(processor.store, p, nowMs, 1)).length > 0) return false
    return true
  })
