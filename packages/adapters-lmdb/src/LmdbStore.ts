// The state store of embedded mode (StateStore on LMDB). A commit is ONE write transaction holding
// the state writes, the timers, the consumed offsets and the appended outputs, resolved once it is
// flushed: processing is exactly-once by construction. A commit that throws midway applies nothing.
import { Buffer } from "node:buffer"
import type { CommitUnit } from "@streamfold/core/runtime"
import { StateStore, StoreError } from "@streamfold/core/runtime"
import { Clock, Effect, Layer } from "effect"
import { appendRecords } from "./internal/LmdbAppend.ts"
import type { LmdbEnv } from "./internal/LmdbEnv.ts"
import {
  decodeDueKey,
  decodeStateKey,
  dueKey,
  LmdbRejected,
  prefixEnd,
  stateKey,
  stateKeyAfter,
  storePrefix,
} from "./internal/LmdbKeys.ts"
import type { LmdbOpenError, LmdbOptions } from "./LmdbEngine.ts"
import * as LmdbEngine from "./LmdbEngine.ts"

const noValue = Buffer.alloc(0)

/** A foreign failure as a StoreError: rejected input cannot be retried, anything else may. */
export const toStoreError =
  (operation: string) =>
  (cause: unknown): StoreError =>
    new StoreError({
      operation,
      retriable: !(cause instanceof LmdbRejected) && !/closed/i.test(String(cause)),
      message: cause instanceof Error ? cause.message : String(cause),
      cause,
    })

// Names inside ordered-binary offset keys: control characters would make them ambiguous.
const checkName = (kind: string, name: string): string => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (name.length === 0 || /[\u0000-\u001f]/.test(name))
    throw new LmdbRejected(`invalid ${kind} name ${JSON.stringify(name)}`)
  return name
}

const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes)

/** Applies a commit unit in the current write transaction; throws (aborting it) on invalid input. */
const applyUnit = (env: LmdbEnv, unit: CommitUnit, now: number): void => {
  for (const write of unit.writes) {
    const key = stateKey(storePrefix(write.store, write.partition), write.key)
    if (write.value === null) env.state.removeSync(key)
    else if (write.value instanceof Uint8Array) env.state.putSync(key, write.value as Buffer)
    else throw new LmdbRejected(`state value of ${write.store}/${write.key} is not bytes`)
  }
  for (const timer of unit.timers) {
    const prefix = storePrefix(timer.store, timer.partition)
    const key = stateKey(prefix, timer.key)
    const previous = env.timers.get(key)
    if (previous !== undefined) env.due.removeSync(dueKey(prefix, previous, timer.key))
    if (timer.dueAt === null) env.timers.removeSync(key)
    else {
      if (typeof timer.dueAt !== "number" || !Number.isFinite(timer.dueAt))
        throw new LmdbRejected(`timer of ${timer.store}/${timer.key} is due at ${timer.dueAt}`)
      env.timers.putSync(key, timer.dueAt)
      env.due.putSync(dueKey(prefix, timer.dueAt, timer.key), noValue)
    }
  }
  for (const consumed of unit.offsets) {
    if (!Number.isSafeInteger(consumed.offset) || consumed.offset < 0)
      throw new LmdbRejected(`invalid offset ${consumed.offset} for ${consumed.topic}-${consumed.partition}`)
    env.offsets.putSync(
      [checkName("group", consumed.group), checkName("topic", consumed.topic), consumed.partition],
      consumed.offset,
    )
  }
  appendRecords(env, unit.outputs, now)
}

/** The store service on an open environment. */
export const fromEnv = (env: LmdbEnv): typeof StateStore.Service => ({
  get: ({ store, partition, key }) =>
    Effect.try({
      try: () => {
        const value = env.state.get(stateKey(storePrefix(store, partition), key))
        return value === undefined ? undefined : copy(value)
      },
      catch: toStoreError("get"),
    }),

  range: (store, partition, { from, to }) =>
    Effect.try({
      try: () => {
        const prefix = storePrefix(store, partition)
        const start = from === undefined ? prefix : stateKey(prefix, from)
        const end = to === undefined ? prefixEnd(prefix) : stateKeyAfter(prefix, to)
        if (Buffer.compare(start, end) >= 0) return []
        return Array.from(env.state.getRange({ start, end }), ({ key, value }) => ({
          key: decodeStateKey(prefix, key),
          value: copy(value),
        }))
      },
      catch: toStoreError("range"),
    }),

  count: (store, partition) =>
    Effect.try({
      try: () => {
        const prefix = storePrefix(store, partition)
        return env.state.getCount({ start: prefix, end: prefixEnd(prefix) })
      },
      catch: toStoreError("count"),
    }),

  dueTimers: (store, partition, now, max) =>
    Effect.try({
      try: () => {
        if (max <= 0 || Number.isNaN(now)) return []
        const prefix = storePrefix(store, partition)
        // Every key due at `now` sorts below `prefix now 0xFF`; later ones above.
        const end = prefixEnd(dueKey(prefix, now, ""))
        return Array.from(env.due.getKeys({ start: prefix, end, limit: max }), (raw) => {
          const [dueAt, key] = decodeDueKey(prefix, raw)
          return { store, partition, key, dueAt }
        })
      },
      catch: toStoreError("dueTimers"),
    }),

  committedOffset: (group, topic, partition) =>
    Effect.try({
      try: () => env.offsets.get([checkName("group", group), checkName("topic", topic), partition]) ?? 0,
      catch: toStoreError("committedOffset"),
    }),

  commit: (unit) =>
    unit.writes.length + unit.timers.length + unit.offsets.length + unit.outputs.length === 0
      ? Effect.void
      : Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.tryPromise({
            try: () => env.write(() => applyUnit(env, unit, now)),
            catch: toStoreError("commit"),
          }),
        ),
})

/** The store on the engine in context. */
export const make = Effect.map(LmdbEngine.LmdbEngine, fromEnv)

/** StateStore from an LmdbEngine layer (share one engine with LmdbLog). */
export const layerFromEngine: Layer.Layer<StateStore, never, LmdbEngine.LmdbEngine> = Layer.effect(
  StateStore,
  make,
)

/** StateStore on its own environment at `options.path`. */
export const layer = (options: LmdbOptions): Layer.Layer<StateStore | LmdbEngine.LmdbEngine, LmdbOpenError> =>
  Layer.provideMerge(layerFromEngine, LmdbEngine.layer(options))
