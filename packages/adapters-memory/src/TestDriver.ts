// The TopologyTestDriver of streamfold: an app on the memory adapter with a manual clock, driven
// synchronously. `pipe` appends and processes until idle; `advanceTime` fires timers; faults
// (crash, duplicate delivery, failed commits) exercise exactly-once from the test.
import { partitionForKey } from "@streamfold/core"
import {
  type App,
  appTaskKinds,
  type DriverSettings,
  defaultDriverSettings,
  type LogRecord,
  PartitionedLog,
  prepareTopics,
  type RecordHeaders,
  StateStore,
  type Task,
  type TaskKind,
} from "@streamfold/core/runtime"
import { Clock, Effect, Exit, Layer, Scope } from "effect"
import { layer as memoryLayer } from "./MemoryAdapter.ts"
import { makeManualClock } from "./MemoryClock.ts"
import {
  type CommitFault,
  injectCommitFault,
  injectDuplicateDelivery,
  type MemoryEngine,
} from "./MemoryEngine.ts"

type Services = PartitionedLog | StateStore | MemoryEngine

/** Options of a test driver. */
export interface TestDriverOptions {
  /** Clock start (epoch ms); default 0. */
  readonly startMs?: number
  readonly settings?: Partial<DriverSettings>
  /** Most batch rounds one `pipe`/`advanceTime` may take before it is declared a livelock. */
  readonly maxRounds?: number
  /** The adapter to run on; default a fresh memory adapter (tests swap in broken ones as canaries). */
  readonly adapter?: Layer.Layer<PartitionedLog | StateStore | MemoryEngine>
}

/** A synchronous handle on an app running on the memory adapter. */
export interface TestDriver {
  /** Appends a record (string values are UTF-8 encoded) and processes until idle. */
  readonly pipe: (
    topic: string,
    key: string | null,
    value: Uint8Array | string | null,
    options?: { readonly partition?: number; readonly headers?: RecordHeaders },
  ) => void
  /** Moves the clock forward and processes until idle (due timers fire). */
  readonly advanceTime: (ms: number) => void
  /** The current clock (epoch ms). */
  readonly now: () => number
  /** Every record of a topic, partition by partition, in offset order. */
  readonly outputs: (topic: string) => ReadonlyArray<LogRecord>
  /** Every record value of a topic as parsed JSON (tombstones as null), in `outputs` order. */
  readonly outputValues: (topic: string) => ReadonlyArray<unknown>
  /** The stored bytes of a key of a processor's store, on the partition the key maps to. */
  readonly readStore: (store: string, key: string) => Uint8Array | undefined
  /** The decoded state of a key of a processor's store (undefined when absent). */
  readonly readState: (store: string, key: string) => unknown
  /** Crashes every task: uncommitted work is lost and tasks restart from the last commit. */
  readonly crash: () => void
  /** Makes the next commit fail (before or after applying); the task restarts from its last commit. */
  readonly failNextCommit: (fault: CommitFault) => void
  /** The next poll of a partition re-delivers `count` already-consumed records. */
  readonly duplicateDelivery: (topic: string, partition: number, count: number) => void
  /** Processes until idle without changing anything. */
  readonly drain: () => void
  /** Runs any effect against the driver's adapter and clock. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, Services>) => A
  readonly dispose: () => Promise<void>
}

/** Starts an app on a fresh memory adapter; every partition's task is local. */
export const makeTestDriver = (app: App, options: TestDriverOptions = {}): TestDriver => {
  const settings = { ...defaultDriverSettings, ...options.settings }
  const maxRounds = options.maxRounds ?? 10_000
  // Built synchronously (the memory adapter never waits), so every call below runs to completion.
  const scope = Scope.makeUnsafe()
  const context = Effect.runSync(Scope.provide(scope)(Layer.build(options.adapter ?? memoryLayer)))
  const manual = makeManualClock(options.startMs ?? 0)
  const provide = <A, E>(effect: Effect.Effect<A, E, Services>) =>
    Effect.provideContext(effect, context).pipe(Effect.provideService(Clock.Clock, manual.clock))
  const runExit = <A, E>(effect: Effect.Effect<A, E, Services>) => Effect.runSyncExit(provide(effect))
  const run: TestDriver["run"] = (effect) => Effect.runSync(provide(effect))
  run(prepareTopics(app))

  const kinds: ReadonlyArray<TaskKind> = appTaskKinds(app, settings)
  const partitionsOf = (kind: TaskKind) =>
    Effect.flatMap(PartitionedLog, (log) => log.partitions(kind.topics[0]!))
  let tasks: Array<{ readonly kind: TaskKind; readonly partition: number; task: Task }> = []
  const startAll = () => {
    tasks = run(
      Effect.forEach(kinds, (kind) =>
        Effect.flatMap(partitionsOf(kind), (n) =>
          Effect.forEach(
            Array.from({ length: n }, (_, partition) => partition),
            (partition) => Effect.map(kind.start(partition), (task) => ({ kind, partition, task })),
          ),
        ),
      ),
    ).flat()
  }
  startAll()

  const drain = () => {
    for (let round = 0; round < maxRounds; round++) {
      let busy = false
      for (const entry of tasks) {
        const result = runExit(entry.task.runBatch)
        if (result._tag === "Success") busy ||= result.value > 0
        else {
          // A failed batch loses its uncommitted work; restart the task from its last commit.
          entry.task = run(entry.kind.start(entry.partition))
          busy = true
        }
      }
      if (!busy) return
    }
    throw new Error(`test driver: still busy after ${maxRounds} rounds`)
  }

  const storeOwner = (store: string) => {
    const found = app.processors.find((p) => p._erased.store === store)
    if (found === undefined) throw new Error(`no processor uses store ${store}`)
    return found._erased
  }

  const outputs = (topic: string): ReadonlyArray<LogRecord> =>
    run(
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        const n = yield* log.partitions(topic)
        const all: Array<LogRecord> = []
        for (let p = 0; p < n; p++) all.push(...(yield* log.poll(topic, p, 0, Number.MAX_SAFE_INTEGER)))
        return all
      }),
    )

  const readStore = (store: string, key: string) => {
    const owner = storeOwner(store)
    const partition = partitionForKey(key, owner.partitions)
    return run(Effect.flatMap(StateStore, (s) => s.get({ store, partition, key })))
  }

  return {
    pipe: (topic, key, value, opts = {}) => {
      const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value
      run(
        Effect.flatMap(PartitionedLog, (log) =>
          log.append([
            {
              topic,
              key,
              value: bytes,
              ...(opts.partition === undefined ? {} : { partition: opts.partition }),
              ...(opts.headers === undefined ? {} : { headers: opts.headers }),
            },
          ]),
        ),
      )
      drain()
    },
    advanceTime: (ms) => {
      manual.set(manual.now() + ms)
      drain()
    },
    now: manual.now,
    outputs,
    outputValues: (topic) =>
      outputs(topic).map((r) => (r.value === null ? null : JSON.parse(new TextDecoder().decode(r.value)))),
    readStore,
    readState: (store, key) => {
      const bytes = readStore(store, key)
      if (bytes === undefined) return undefined
      const decoded = storeOwner(store).state.decode(bytes)
      if (decoded._tag === "Left") throw new Error(`state of ${key} does not decode: ${decoded.left}`)
      return decoded.right
    },
    crash: startAll,
    failNextCommit: (fault) => run(injectCommitFault(fault)),
    duplicateDelivery: (topic, partition, count) => run(injectDuplicateDelivery(topic, partition, count)),
    drain,
    run,
    dispose: () => Effect.runPromise(Scope.close(scope, Exit.void)),
  }
}
