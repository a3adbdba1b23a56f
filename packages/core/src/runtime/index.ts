// streamfold runtime: the ports adapters implement and the Effect driver that runs reducers.
export * from "./PartitionedLog.ts"
export * from "./Records.ts"
export * from "./RuntimeErrors.ts"
export * from "./StateStore.ts"
