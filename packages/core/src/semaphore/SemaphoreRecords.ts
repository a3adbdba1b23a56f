// Where the semaphore meets its topics: decoded (key, value) records become reducer inputs, and
// outputs become (topic, key, value) records. Values are plain JSON data, ready to serialise.
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js"
import {
  type ActionableCommand,
  type CommandEvent,
  type CommandRequest,
  type CommandStatus,
  type DecodeError,
  decodeCommandEvent,
  decodeCommandRequest,
  decodeError,
  decodeResourceId,
  encodeActionableCommand,
  encodeCommandStatus,
  type StatusName,
} from "./SemaphoreCodecs.ts"
import type { SemaphoreCommand, SemaphoreEvent, SemaphoreOutput } from "./SemaphoreProtocol.ts"

/** The `queueing` app's topics (the seed's names, plus `command-status` for outcomes). */
export const semaphoreTopics = {
  commandRequests: "command-requests",
  commandEvents: "command-events",
  actionableCommands: "actionable-commands",
  commandStatus: "command-status",
} as const

/** A record the semaphore writes: keyed by resourceId, value as JSON data. */
export type SemaphoreRecord =
  | { readonly topic: "actionable-commands"; readonly key: string; readonly value: ActionableCommand }
  | { readonly topic: "command-status"; readonly key: string; readonly value: CommandStatus }

/** The reducer input for a decoded `command-requests` record. */
export const commandInput = (resourceId: string, value: CommandRequest): SemaphoreCommand => ({
  _tag: "Command",
  resourceId,
  commandId: value.id,
  message: value.message,
})

/** The reducer input for a decoded `command-events` record. */
export const eventInput = (resourceId: string, value: CommandEvent): SemaphoreEvent => ({
  _tag: "Event",
  resourceId,
  commandId: value.id,
  type: value.type,
  message: value.message,
})

/** Decodes a record of either input topic (key text, parsed JSON value) into a reducer input. */
export const decodeSemaphoreRecord = (
  topic: string,
  key: unknown,
  value: unknown,
): Either<DecodeError, SemaphoreCommand | SemaphoreEvent> => {
  if (topic !== semaphoreTopics.commandRequests && topic !== semaphoreTopics.commandEvents) {
    const problem = {
      path: "",
      expected: "expected command-requests or command-events",
      actual: JSON.stringify(topic),
    }
    return left(decodeError("topic", [problem]))
  }
  const resourceId = decodeResourceId(key)
  if (isLeft(resourceId)) return resourceId
  if (topic === semaphoreTopics.commandRequests) {
    const request = decodeCommandRequest(value)
    return isLeft(request) ? request : right(commandInput(resourceId.right, request.right))
  }
  const event = decodeCommandEvent(value)
  return isLeft(event) ? event : right(eventInput(resourceId.right, event.right))
}

const statusNames: { readonly [K in SemaphoreOutput["_tag"]]: StatusName } = {
  Admitted: "ADMITTED",
  Queued: "QUEUED",
  Rejected: "REJECTED",
  Released: "RELEASED",
  Cancelled: "CANCELLED",
  Expired: "EXPIRED",
  Duplicate: "DUPLICATE",
  Ignored: "IGNORED",
  Invalid: "INVALID",
}

/** The `command-status` value reporting one output. */
export const commandStatusOf = (output: SemaphoreOutput): CommandStatus => {
  const base = { id: output.commandId, resourceId: output.resourceId, status: statusNames[output._tag] }
  switch (output._tag) {
    case "Queued":
      return { ...base, position: output.position }
    case "Rejected":
    case "Duplicate":
    case "Ignored":
    case "Invalid":
      return { ...base, reason: output.reason }
    default:
      return base
  }
}

/** The records one output becomes: an admission goes to `actionable-commands` and is reported too. */
export const semaphoreRecords = (output: SemaphoreOutput): ReadonlyArray<SemaphoreRecord> => {
  const status: SemaphoreRecord = {
    topic: semaphoreTopics.commandStatus,
    key: output.resourceId,
    value: encodeCommandStatus(commandStatusOf(output)),
  }
  if (output._tag !== "Admitted") return [status]
  const admitted: SemaphoreRecord = {
    topic: semaphoreTopics.actionableCommands,
    key: output.resourceId,
    value: encodeActionableCommand({ id: output.commandId, message: output.message }),
  }
  return [admitted, status]
}
