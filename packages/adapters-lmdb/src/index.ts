// streamfold embedded mode: the durable LMDB log and state store, sharing one environment.
export * as LmdbEmbedded from "./LmdbEmbedded.ts"
export * as LmdbEngine from "./LmdbEngine.ts"
export * as LmdbLog from "./LmdbLog.ts"
export * as LmdbRetention from "./LmdbRetention.ts"
export * as LmdbStore from "./LmdbStore.ts"
