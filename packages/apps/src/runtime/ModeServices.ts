// The log and store a mode runs on, opened in the caller's scope: LMDB in DATA_DIR (embedded), the
// in-process memory adapter (memory). Kafka mode is not wired into the process yet.
import { mkdirSync } from "node:fs"
import { LmdbEmbedded } from "@streamfold/adapters-lmdb"
import * as MemoryAdapter from "@streamfold/adapters-memory"
import { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import { Context, Data, Effect, Layer, type Scope } from "effect"
import type { Settings } from "../config/Settings.ts"

/** The services could not be opened; `message` says why, for the operator. */
export class StartupError extends Data.TaggedError("StartupError")<{ readonly message: string }> {}

/** The opened log and store. */
export interface ModeServices {
  readonly log: PartitionedLog["Service"]
  readonly store: StateStore["Service"]
}

const servicesOf = (layer: Layer.Layer<PartitionedLog | StateStore, unknown>) =>
  Effect.map(Layer.build(layer), (context) => ({
    log: Context.get(context, PartitionedLog),
    store: Context.get(context, StateStore),
  }))

const kafkaUnavailable = "kafka mode is not available in this build yet; use --mode embedded"

/** Fails at once for a mode this build cannot run, before anything is opened or bound. */
export const checkModeAvailable = (settings: Settings): Effect.Effect<void, StartupError> =>
  settings.mode === "kafka"
    ? Effect.fail(
        new StartupError({ message: "kafka mode is not available in this build yet; use --mode embedded" }),
      )
    : Effect.void

/** Opens the mode's log and store in the current scope. */
export const openModeServices = (
  settings: Settings,
): Effect.Effect<ModeServices, StartupError, Scope.Scope> => {
  switch (settings.mode) {
    case "memory":
      return servicesOf(MemoryAdapter.layer).pipe(
        Effect.mapError((e) => new StartupError({ message: `memory mode failed to start: ${String(e)}` })),
      )
    case "embedded":
      return Effect.gen(function* () {
        yield* Effect.try({
          try: () => mkdirSync(settings.dataDir, { recursive: true }),
          catch: (e) =>
            new StartupError({ message: `cannot create DATA_DIR ${settings.dataDir}: ${String(e)}` }),
        })
        return yield* servicesOf(LmdbEmbedded.layer({ path: settings.dataDir })).pipe(
          Effect.mapError(
            (e) =>
              new StartupError({
                message: `cannot open the embedded store in DATA_DIR ${settings.dataDir}: ${e instanceof Error ? e.message : String(e)} (is another streamfold process using it?)`,
              }),
          ),
        )
      })
    case "kafka":
      return Effect.fail(new StartupError({ message: kafkaUnavailable }))
  }
}
