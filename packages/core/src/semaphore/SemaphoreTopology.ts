// The `queueing` app as data: `command-requests` and `command-events` (keyed by resourceId) step the
// semaphore; admissions go to `actionable-commands`, every outcome to `command-status`, and
// undecodable records to `queueing-dlq`. Outputs keep the input's key, so they stay co-partitioned.
import { isLeft, left, right } from "fp-ts/lib/Either.js"
import * as t from "io-ts"
import { type App, type InputDecoder, type OutputRecord, processor } from "../Topology.ts"
import { encodeJsonBytes, jsonStateCodec, parseJson } from "../TopologyCodecs.ts"
import { utf8Text } from "../Utf8Decode.ts"
import { makeSemaphore, type SemaphoreConfig } from "./Semaphore.ts"
import type { SemaphoreInput, SemaphoreOutput } from "./SemaphoreProtocol.ts"
import { decodeSemaphoreRecord, semaphoreRecords, semaphoreTopics } from "./SemaphoreRecords.ts"
import { commandIdKey, type SemaphoreState } from "./SemaphoreState.ts"

/** How the `queueing` app is laid out; every field has a default. */
export interface SemaphoreTopologyOptions {
  /** Partitions of all four topics (the seed's 12). */
  readonly partitions?: number
  /** The reducer's permits, queue limits, lease and memory. */
  readonly config?: SemaphoreConfig
}

/** The app's name: its DLQ is `queueing-dlq`, its consumer groups `queueing-semaphore`. */
export const semaphoreAppName = "queueing"

/** The store holding one semaphore state per resourceId. */
export const semaphoreStore = "semaphore"

const Holder = t.type({ commandId: t.string, leaseUntil: t.union([t.number, t.null]) })
const Waiting = t.type({ commandId: t.string, message: t.string })

const StoredState = t.type({
  resourceId: t.string,
  holders: t.readonlyArray(Holder),
  queue: t.readonlyArray(Waiting),
  remembered: t.readonlyArray(t.string),
  rememberedUntil: t.readonlyArray(t.number),
  due: t.union([t.number, t.null]),
})

// Whether every lookup key in a state is its id's.
const keysAgree = (s: SemaphoreState): boolean =>
  s.holders.every((h) => h.key === commandIdKey(h.commandId)) &&
  s.queue.every((w) => w.key === commandIdKey(w.commandId)) &&
  Array.isArray(s.rememberedKeys) &&
  s.rememberedKeys.length === s.remembered.length &&
  s.remembered.every((id, i) => commandIdKey(id) === s.rememberedKeys[i])

/**
 * A resource's semaphore state as stored: the state's own JSON, checked on the way back. The lookup
 * keys of holders, waiting and remembered ids are derived data, recomputed on decode (states stored
 * before they existed decode too, and a stored key can never disagree with its id).
 */
export const SemaphoreStateCodec: t.Type<SemaphoreState, SemaphoreState, unknown> = new t.Type(
  "SemaphoreState",
  (u): u is SemaphoreState => StoredState.is(u) && keysAgree(u as SemaphoreState),
  (u, c) => {
    const stored = StoredState.validate(u, c)
    if (isLeft(stored)) return stored
    const s = stored.right
    return t.success({
      resourceId: s.resourceId,
      holders: s.holders.map((h) => ({
        commandId: h.commandId,
        leaseUntil: h.leaseUntil,
        key: commandIdKey(h.commandId),
      })),
      queue: s.queue.map((w) => ({
        commandId: w.commandId,
        message: w.message,
        key: commandIdKey(w.commandId),
      })),
      remembered: s.remembered,
      rememberedUntil: s.rememberedUntil,
      rememberedKeys: s.remembered.map(commandIdKey),
      due: s.due,
    })
  },
  (state) => state,
)

// Both input topics: parse the JSON value and decode it with the domain's record mapping.
const semaphoreInput =
  (topic: string): InputDecoder<SemaphoreInput> =>
  (key, value) => {
    if (value === null) return left("tombstone where a JSON value was expected")
    const parsed = parseJson(utf8Text(value))
    if (isLeft(parsed)) return parsed
    const decoded = decodeSemaphoreRecord(topic, key, parsed.right)
    return isLeft(decoded) ? left(decoded.left.message) : right(decoded.right)
  }

const jsonValue = encodeJsonBytes(t.unknown)

// Every record an outcome becomes is keyed by its resource (the state key), so it lands on the
// partition its input came from.
const route = (output: SemaphoreOutput, key: string): ReadonlyArray<OutputRecord> =>
  semaphoreRecords(output).map((r) => ({ topic: r.topic, key, value: jsonValue(r.value) }))

/** The `queueing` app: one semaphore processor over the seed's topics plus `command-status`. */
export const semaphoreApp = (options: SemaphoreTopologyOptions = {}): App => {
  const partitions = options.partitions ?? 12
  return {
    name: semaphoreAppName,
    topics: Object.values(semaphoreTopics).map((name) => ({ name, partitions })),
    processors: [
      processor<SemaphoreState, SemaphoreInput, SemaphoreOutput>({
        name: "semaphore",
        store: semaphoreStore,
        reducer: makeSemaphore(options.config),
        state: jsonStateCodec(SemaphoreStateCodec),
        inputs: [
          { topic: semaphoreTopics.commandRequests, decode: semaphoreInput(semaphoreTopics.commandRequests) },
          { topic: semaphoreTopics.commandEvents, decode: semaphoreInput(semaphoreTopics.commandEvents) },
        ],
        route,
        partitions,
      }),
    ],
  }
}
