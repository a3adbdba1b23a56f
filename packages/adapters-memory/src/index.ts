// The memory adapter: log, store and fault injection over one in-process engine, and the test driver.
export * from "./MemoryAdapter.ts"
export * from "./MemoryClock.ts"
export * from "./MemoryEngine.ts"
export { compareUtf8 } from "./MemoryKeyOrder.ts"
export * as MemoryLog from "./MemoryLog.ts"
export * as MemoryStore from "./MemoryStore.ts"
export * from "./TestDriver.ts"
