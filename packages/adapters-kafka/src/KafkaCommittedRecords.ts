// What a read_committed fetch really delivers: the broker stops at the last stable offset but still
// returns records of aborted transactions and the control markers; this drops both, as the Java
// consumer does, and turns what remains into the port's LogRecords.
import type { LogRecord, RecordHeaders } from "@streamfold/core/runtime"
import type { RawMessage } from "./internal/KafkaInternals.ts"

/** An aborted transaction as the fetch response lists it. */
export interface AbortedTransaction {
  readonly producerId: string
  readonly firstOffset: string
}

/** A control record's key: int16 version, int16 type (0 = ABORT, 1 = COMMIT). */
const isAbortMarker = (message: RawMessage): boolean =>
  message.key !== null && message.key.length >= 4 && message.key.readInt16BE(2) === 0

const text = (value: Buffer | string): string => (typeof value === "string" ? value : value.toString("utf8"))

/** Headers as text; a repeated header keeps its last value. */
const headersOf = (raw: RawMessage["headers"]): RecordHeaders => {
  const headers: Record<string, string> = Object.create(null)
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue
    const last = Array.isArray(value) ? value[value.length - 1] : value
    if (last !== undefined) headers[name] = text(last as Buffer | string)
  }
  return headers
}

/**
 * The committed data records of one fetched partition at or after `fromOffset`, at most `max`,
 * in offset order. `messages` must be in offset order (as the broker returns them).
 */
export const committedRecords = (
  topic: string,
  partition: number,
  messages: ReadonlyArray<RawMessage>,
  aborted: ReadonlyArray<AbortedTransaction>,
  fromOffset: number,
  max: number,
): Array<LogRecord> => {
  const pending = [...aborted].sort((a, b) => Number(a.firstOffset) - Number(b.firstOffset))
  const abortedProducers = new Set<string>()
  const out: Array<LogRecord> = []
  for (const message of messages) {
    if (out.length >= max) break
    const offset = Number(message.offset)
    while (pending.length > 0 && Number(pending[0]!.firstOffset) <= offset)
      abortedProducers.add(pending.shift()!.producerId)
    const producer = message.batchContext.producerId
    if (message.isControlRecord) {
      if (isAbortMarker(message)) abortedProducers.delete(producer)
      continue
    }
    if (message.batchContext.inTransaction && abortedProducers.has(producer)) continue
    if (offset < fromOffset) continue
    out.push({
      topic,
      partition,
      offset,
      key: message.key === null ? null : message.key.toString("utf8"),
      value: message.value === null ? null : new Uint8Array(message.value),
      timestamp: Number(message.timestamp),
      headers: headersOf(message.headers),
    })
  }
  return out
}
