// The event-group collector (`collector` app): reducer, state, inputs, outputs and the codecs of
// the `eventbus-collector` topic.
export * from "./Collector.ts"
export * from "./CollectorCodecs.ts"
export * from "./CollectorInput.ts"
export * from "./CollectorMessage.ts"
export * from "./CollectorOutput.ts"
export * from "./CollectorState.ts"
export * from "./CollectorStateCodec.ts"
export type { Json } from "./Json.ts"
