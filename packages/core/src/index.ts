// streamfold core: pure reducers, codecs and the partitioner. No I/O, no clock, no effect.

export * as Collector from "./collector/index.ts"
export * from "./Partitioner.ts"
export * from "./Reducer.ts"
export * as Reservation from "./reservation/index.ts"
export * as Semaphore from "./semaphore/index.ts"
export * from "./Topology.ts"
export * from "./TopologyCodecs.ts"
export * as Tables from "./tables/index.ts"
export * from "./Utf8.ts"
export * from "./Utf8Decode.ts"
