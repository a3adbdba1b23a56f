export * from "./harness/index.ts"
export * as KafkaLog from "./KafkaLog.ts"
