// The semaphore domain (the `queueing` app): reducer, state and read model, codecs, record mapping.
export * from "./Semaphore.ts"
export * from "./SemaphoreCodecs.ts"
export * from "./SemaphoreProtocol.ts"
export * from "./SemaphoreRecords.ts"
export * from "./SemaphoreState.ts"
export * from "./SemaphoreTopology.ts"
