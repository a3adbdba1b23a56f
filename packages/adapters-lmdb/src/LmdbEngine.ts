// The shared LMDB environment of embedded mode as an Effect service: opened in a scope, closed on
// release, with the retention cleaner running beside it. LmdbLog and LmdbStore are built on it.
import { Config, Context, Data, Effect, Layer } from "effect"
import type { LmdbEnv, LmdbEnvOptions } from "./internal/LmdbEnv.ts"
import { openEnv } from "./internal/LmdbEnv.ts"
import { retentionCleaner } from "./LmdbRetention.ts"

/** Settings of the embedded LMDB environment. */
export interface LmdbOptions extends LmdbEnvOptions {
  /** How often the retention cleaner runs; default 60 s (Kafka checks every 5 min). */
  readonly retentionCheckIntervalMs?: number
}

/** The environment could not be opened (bad path, permissions, incompatible files). */
export class LmdbOpenError extends Data.TaggedError("LmdbOpenError")<{
  readonly path: string
  readonly message: string
  readonly cause?: unknown
}> {}

/** The open LMDB environment shared by the log and the store. */
export class LmdbEngine extends Context.Service<LmdbEngine, LmdbEnv>()(
  "@streamfold/adapters-lmdb/LmdbEngine",
) {}

/** Opens the environment in the current scope (closed when the scope closes) and starts the cleaner. */
export const makeEngine = (options: LmdbOptions) =>
  Effect.gen(function* () {
    const env = yield* Effect.acquireRelease(
      Effect.try({
        try: () => openEnv(options),
        catch: (cause) =>
          new LmdbOpenError({ path: options.path, message: `cannot open LMDB at ${options.path}`, cause }),
      }),
      (env) => Effect.promise(() => env.close()),
    )
    yield* Effect.forkScoped(retentionCleaner(env, options.retentionCheckIntervalMs ?? 60_000))
    return env
  })

/** The engine as a layer. */
export const layer = (options: LmdbOptions): Layer.Layer<LmdbEngine, LmdbOpenError> =>
  Layer.effect(LmdbEngine, makeEngine(options))

/** The engine from configuration; by default the path is `DATA_DIR`. */
export const layerConfig = (
  config: Config.Wrap<LmdbOptions> = { path: Config.String("DATA_DIR") },
): Layer.Layer<LmdbEngine, LmdbOpenError | Config.ConfigError> =>
  Layer.effect(LmdbEngine, Effect.flatMap(Config.unwrap(config), makeEngine))
