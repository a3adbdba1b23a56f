// The `queueing` app as the server runs it: the core's semaphore topology plus one processor that
// folds `command-status` (re-keyed by commandId) into the `command-outcome` store, so a command's
// outcome can be read by its id alone.
import { type App, jsonStateCodec, parseJson, processor, utf8Text } from "@streamfold/core"
import {
  decodeCommandStatus,
  type SemaphoreTopologyOptions,
  semaphoreApp,
  semaphoreTopics,
} from "@streamfold/core/semaphore"
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js"
import * as t from "io-ts"
import {
  CommandOutcomeCodec,
  makeCommandOutcome,
  type OutcomeConfig,
  type OutcomeInput,
  type OutcomeState,
} from "./CommandOutcome.ts"

/** The store holding each command's latest outcome, keyed by commandId. */
export const outcomeStore = "command-outcome"

/** Layout of the app: the semaphore's options and the outcome retention. */
export interface QueueingTopologyOptions extends SemaphoreTopologyOptions {
  readonly outcomes?: OutcomeConfig
  /** Retention (ms) of the app's declared topics; absent leaves what the topics have. */
  readonly topicRetentionMs?: number
}

const statusInput = (_key: string | null, value: Uint8Array | null): Either<string, OutcomeInput> => {
  if (value === null) return left("tombstone where a command-status value was expected")
  const parsed = parseJson(utf8Text(value))
  if (isLeft(parsed)) return parsed
  const decoded = decodeCommandStatus(parsed.right)
  return isLeft(decoded) ? left(decoded.left.message) : right({ _tag: "Status", status: decoded.right })
}

/** The queueing app: semaphore processor plus the outcome processor. */
export const queueingTopology = (options: QueueingTopologyOptions = {}): App => {
  const base = semaphoreApp(options)
  const partitions = options.partitions ?? 12
  const outcomes = processor<OutcomeState, OutcomeInput, never>({
    name: "outcome",
    store: outcomeStore,
    reducer: makeCommandOutcome(options.outcomes),
    state: jsonStateCodec(t.union([t.null, CommandOutcomeCodec])),
    inputs: [
      {
        topic: semaphoreTopics.commandStatus,
        decode: statusInput,
        rekey: (input, key) => (input._tag === "Status" ? input.status.id : (key ?? "")),
      },
    ],
    route: () => [],
    partitions,
  })
  const retentionMs = options.topicRetentionMs
  const topics = retentionMs === undefined ? base.topics : base.topics.map((t) => ({ ...t, retentionMs }))
  return { ...base, topics, processors: [...base.processors, outcomes] }
}
