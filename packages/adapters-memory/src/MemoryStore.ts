// StateStore over the shared memory engine. A commit is validated first and then applied in one
// synchronous step, so it lands whole or not at all; injected crashes fail before or after it.
import { StateStore, StoreError } from "@streamfold/core/runtime"
import { Clock, Effect, Layer } from "effect"
import { MemoryEngine, type MemoryEngineState } from "./MemoryEngine.ts"

const crashed = (message: string): StoreError =>
  new StoreError({ operation: "commit", retriable: true, message })

const make = (engine: MemoryEngineState): StateStore["Service"] => ({
  get: ({ store, partition, key }) =>
    Effect.sync(() => {
      const value = engine.slice(store, partition).get(key)
      return value === undefined ? undefined : Uint8Array.from(value)
    }),
  range: (store, partition, bounds) =>
    Effect.sync(() => engine.range(store, partition, bounds.from, bounds.to)),
  count: (store, partition) => Effect.sync(() => engine.slice(store, partition).size),
  dueTimers: (store, partition, now, max) => Effect.sync(() => engine.dueTimers(store, partition, now, max)),
  committedOffset: (group, topic, partition) =>
    Effect.sync(() => engine.committedOffset(group, topic, partition)),
  commit: (unit) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const invalid = engine.validate(unit)
      if (invalid !== undefined)
        return Effect.fail(new StoreError({ operation: "commit", retriable: false, message: invalid }))
      const fault = engine.commitFaults.shift()
      if (fault === "crashBeforeCommit") return Effect.fail(crashed("injected crash before commit"))
      engine.apply(unit, now)
      return fault === "crashAfterCommit" ? Effect.fail(crashed("injected crash after commit")) : Effect.void
    }),
})

/** The memory store over the engine in context. */
export const layerFromEngine: Layer.Layer<StateStore, never, MemoryEngine> = Layer.effect(
  StateStore,
  Effect.map(MemoryEngine, make),
)
