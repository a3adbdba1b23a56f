// streamfold core: pure reducers, codecs and the partitioner. No I/O, no clock, no effect.

export * from "./Partitioner.ts"
export * from "./Reducer.ts"
export * from "./Utf8.ts"
