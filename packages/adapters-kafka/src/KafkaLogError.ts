// kafkajs failures as the port's LogError: the kafkajs error is the cause and its own `retriable`
// flag says whether a retry can help (anything that is not a KafkaJSError is not retriable).

import { LogError } from "@streamfold/core/runtime"

/** The kafkajs `type` of a protocol error (`UNKNOWN_TOPIC_OR_PARTITION`, …), if any. */
export const kafkaErrorType = (cause: unknown): string | undefined =>
  typeof cause === "object" && cause !== null && typeof (cause as { type?: unknown }).type === "string"
    ? (cause as { type: string }).type
    : undefined

/** Whether kafkajs says a retry can help. */
export const isRetriable = (cause: unknown): boolean =>
  typeof cause === "object" && cause !== null && (cause as { retriable?: unknown }).retriable === true

/** Wraps a foreign failure of `operation`. */
export const toLogError =
  (operation: string) =>
  (cause: unknown): LogError =>
    cause instanceof LogError
      ? cause
      : new LogError({
          operation,
          retriable: isRetriable(cause),
          message: cause instanceof Error ? cause.message : String(cause),
          cause,
        })
