// Dead-letter records: a record the driver could not process, with its raw bytes and where it came
// from, appended to `<app>-dlq` in the same commit as the batch so processing goes on.
import type { LogRecord, ProducerRecord } from "./Records.ts"

/** Header names on dead-letter records (as Kafka Connect's `__connect.errors.*`). */
export const deadLetterHeaders = {
  topic: "streamfold.dlq.topic",
  partition: "streamfold.dlq.partition",
  offset: "streamfold.dlq.offset",
  error: "streamfold.dlq.error",
} as const

/** The dead-letter record for a source record and the reason it failed. */
export const deadLetter = (dlq: string, source: LogRecord, error: string): ProducerRecord => ({
  topic: dlq,
  key: source.key,
  value: source.value,
  headers: {
    ...source.headers,
    [deadLetterHeaders.topic]: source.topic,
    [deadLetterHeaders.partition]: String(source.partition),
    [deadLetterHeaders.offset]: String(source.offset),
    [deadLetterHeaders.error]: error,
  },
})

/** The message of anything thrown. */
export const describeThrown = (thrown: unknown): string =>
  thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)
