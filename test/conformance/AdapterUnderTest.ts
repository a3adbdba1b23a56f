// How a contract suite gets an adapter: a factory of a fresh Layer providing both ports (a new
// memory engine, a new LMDB directory, …), run in one ManagedRuntime per test and disposed after.
import type { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import { type Effect, type Layer, ManagedRuntime } from "effect"

/** The ports every adapter provides together (the store's commit appends to the log). */
export type Ports = PartitionedLog | StateStore

/** A fresh adapter instance per call; errors while building fail the test. */
export type MakeAdapter = () => Layer.Layer<Ports, unknown>

/** Runs `body` against a fresh adapter and disposes it afterwards. */
export const withAdapter = async <A>(
  makeAdapter: MakeAdapter,
  body: (run: <X, E>(effect: Effect.Effect<X, E, Ports>) => Promise<X>) => Promise<A>,
): Promise<A> => {
  const runtime = ManagedRuntime.make(makeAdapter())
  try {
    return await body((effect) => runtime.runPromise(effect))
  } finally {
    await runtime.dispose()
  }
}

/** A topic name unique within one adapter instance, so properties can share an instance. */
export const uniqueName = (() => {
  let next = 0
  return (prefix: string): string => `${prefix}-${next++}`
})()
