// Embedded mode in one layer: one LMDB environment in DATA_DIR serving both the partitioned log and
// the state store, so a store commit and the log appends it carries share one transaction.
import type { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import type { Config } from "effect"
import { Layer } from "effect"
import type { LmdbOpenError, LmdbOptions } from "./LmdbEngine.ts"
import * as LmdbEngine from "./LmdbEngine.ts"
import * as LmdbLog from "./LmdbLog.ts"
import * as LmdbStore from "./LmdbStore.ts"

/** Everything embedded mode provides. */
export type LmdbServices = PartitionedLog | StateStore | LmdbEngine.LmdbEngine

const services = Layer.mergeAll(LmdbLog.layerFromEngine, LmdbStore.layerFromEngine)

/** Log and store on one environment at `options.path`. */
export const layer = (options: LmdbOptions): Layer.Layer<LmdbServices, LmdbOpenError> =>
  Layer.provideMerge(services, LmdbEngine.layer(options))

/** Log and store on one environment configured from `DATA_DIR` (or the given config). */
export const layerConfig = (
  config?: Config.Wrap<LmdbOptions>,
): Layer.Layer<LmdbServices, LmdbOpenError | Config.ConfigError> =>
  Layer.provideMerge(services, LmdbEngine.layerConfig(config))
