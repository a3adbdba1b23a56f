// Runs an app on whatever PartitionedLog and StateStore are provided: joins each task kind's group,
// starts a task per assigned partition, stops revoked ones after their batch, and retries a task
// that failed on the store or the log from its last commit, with backoff.
import { Clock, Effect, FiberMap, Schedule, type Scope, Stream, SubscriptionRef } from "effect"
import type { App } from "../Topology.ts"
import { type DriverSettings, defaultDriverSettings } from "./DriverSettings.ts"
import { type GroupMember, PartitionedLog } from "./PartitionedLog.ts"
import type { LogError, StoreError, TopologyError } from "./RuntimeErrors.ts"
import type { StateStore } from "./StateStore.ts"
import type { Task, TaskKind } from "./Task.ts"
import { appTaskKinds, prepareTopics } from "./TopologyPlan.ts"

/** A running topology. */
export interface RunningTopology {
  /** True once every group has an assignment and every assigned task has restored its offsets. */
  readonly isReady: Effect.Effect<boolean>
  /** Waits until ready. */
  readonly awaitReady: Effect.Effect<void>
}

/**
 * Runs batches until one finds nothing, then keeps polling. Batches are uninterruptible, so a
 * revoked task stops after finishing the batch in hand (persist, then let go).
 */
const loop = (task: Task, settings: DriverSettings) =>
  Effect.gen(function* () {
    let since = yield* Clock.currentTimeMillis
    for (;;) {
      const done = yield* Effect.uninterruptible(task.runBatch)
      const now = yield* Clock.currentTimeMillis
      if (done === 0 || now - since >= settings.commitIntervalMs) {
        yield* Effect.sleep(done === 0 ? settings.idlePollMs : 0)
        since = yield* Clock.currentTimeMillis
      }
    }
  })

/** Runs an app until the scope closes. */
export const runTopology = Effect.fn("runTopology")(function* (
  app: App,
  member: GroupMember,
  settings: DriverSettings = defaultDriverSettings,
): Effect.fn.Return<RunningTopology, LogError | TopologyError, PartitionedLog | StateStore | Scope.Scope> {
  const log = yield* PartitionedLog
  const context = yield* Effect.context<PartitionedLog | StateStore>()
  yield* prepareTopics(app)
  const kinds = appTaskKinds(app, settings)
  const waiting = new Set<string>(kinds.map((k) => k.group))
  const ready = yield* SubscriptionRef.make(false)
  const markReady = Effect.suspend(() => SubscriptionRef.set(ready, waiting.size === 0))
  // Exponential backoff capped at retryMaxMs: the smaller of the two delays, forever.
  const backoff = Schedule.min([
    Schedule.exponential(settings.retryBaseMs),
    Schedule.spaced(settings.retryMaxMs),
  ])

  const supervise = (kind: TaskKind, partition: number) => {
    const label = `${kind.group}/${partition}`
    const attempt = Effect.gen(function* () {
      const task = yield* kind.start(partition)
      waiting.delete(label)
      yield* markReady
      return yield* loop(task, settings)
    }).pipe(
      Effect.tapError((error) => Effect.logWarning(`task ${label} failed, restarting: ${error.message}`)),
    )
    return Effect.retry(attempt, backoff)
  }

  for (const kind of kinds) {
    const membership = yield* log.join(kind.group, kind.topics, member)
    const tasks = yield* FiberMap.make<number, never, LogError | StoreError>()
    const owned = new Set<number>()
    const reconcile = (partitions: ReadonlyArray<number>) =>
      Effect.gen(function* () {
        const wanted = new Set(partitions)
        for (const partition of [...owned])
          if (!wanted.has(partition)) {
            owned.delete(partition)
            waiting.delete(`${kind.group}/${partition}`)
            yield* FiberMap.remove(tasks, partition)
          }
        for (const partition of partitions)
          if (!owned.has(partition)) {
            owned.add(partition)
            waiting.add(`${kind.group}/${partition}`)
            yield* FiberMap.run(tasks, partition, Effect.provideContext(supervise(kind, partition), context))
          }
        waiting.delete(kind.group)
        yield* markReady
      })
    yield* membership.changes.pipe(
      Stream.runForEach((assignment) => reconcile(assignment.partitions)),
      Effect.forkScoped,
    )
  }

  return {
    isReady: SubscriptionRef.get(ready),
    awaitReady: SubscriptionRef.changes(ready).pipe(
      Stream.filter((isReady) => isReady),
      Stream.take(1),
      Stream.runDrain,
    ),
  }
})
