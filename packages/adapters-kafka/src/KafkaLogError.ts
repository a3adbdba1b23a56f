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

/** Fetch and offset errors after which fresh metadata (a new leader) may help. */
const staleMetadata = new Set([
  "NOT_LEADER_OR_FOLLOWER",
  "NOT_LEADER_FOR_PARTITION",
  "LEADER_NOT_AVAILABLE",
  "UNKNOWN_TOPIC_OR_PARTITION",
  "FENCED_LEADER_EPOCH",
  "UNKNOWN_LEADER_EPOCH",
])

/** Whether fresh metadata (a moved leader, a topic new to this node) may help. */
export const isStale = (cause: unknown): boolean => {
  const type = kafkaErrorType(cause)
  if (type !== undefined && staleMetadata.has(type)) return true
  const name = (cause as { name?: unknown } | null)?.name
  return (
    name === "KafkaJSBrokerNotFound" ||
    name === "KafkaJSConnectionError" ||
    name === "KafkaJSConnectionClosedError" ||
    name === "KafkaJSTopicMetadataNotLoaded"
  )
}
