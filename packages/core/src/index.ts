// streamfold core: pure reducers, codecs and the partitioner. No I/O, no clock, no effect.
export * from "./Reducer.ts"
