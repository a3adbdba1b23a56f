// The memory adapter in one layer: a fresh engine with the log and the store over it, plus the
// engine itself for fault injection.
import type { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import { Layer } from "effect"
import { MemoryEngine } from "./MemoryEngine.ts"
import * as MemoryLog from "./MemoryLog.ts"
import * as MemoryStore from "./MemoryStore.ts"

/** A fresh memory engine providing PartitionedLog, StateStore and MemoryEngine (for faults). */
export const layer: Layer.Layer<PartitionedLog | StateStore | MemoryEngine> = Layer.mergeAll(
  MemoryLog.layerFromEngine,
  MemoryStore.layerFromEngine,
).pipe(Layer.provideMerge(MemoryEngine.layer))
