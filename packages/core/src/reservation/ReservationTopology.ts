// The `purchase` app as data: `bps-items-added` (keyed by itemId) and `bps-purchase-created` (keyed
// by purchaseId, re-keyed by itemId through the repartition topic) step the reservation reducer;
// answers go to `bps-purchase-finished`, rejected restocks to `bps-items-rejected`, bad records to
// `purchase-dlq`.
import { isLeft, right } from "fp-ts/lib/Either.js"
import * as t from "io-ts"
import { type App, type InputDecoder, type OutputRecord, processor } from "../Topology.ts"
import { encodeJsonBytes, jsonStateCodec, parseJson } from "../TopologyCodecs.ts"
import { utf8Text } from "../Utf8Decode.ts"
import { ItemStateCodec } from "./ItemStateCodec.ts"
import { makeReservation, type ReservationConfig } from "./Reservation.ts"
import {
  decodeReservationRecord,
  encodeReservationOutput,
  reservationKey,
  reservationTopics,
} from "./ReservationTopics.ts"
import type { ItemState, ReservationInput, ReservationOutput } from "./ReservationTypes.ts"

/** How the `purchase` app is laid out; every field has a default. */
export interface ReservationTopologyOptions {
  /** Partitions of `bps-items-added`, the repartition topic and the processor (the seed's 1). */
  readonly partitions?: number
  /** Partitions of `bps-purchase-created` (default `partitions`); any count, it is re-keyed. */
  readonly purchaseCreatedPartitions?: number
  /** Partitions of `bps-purchase-finished` and `bps-items-rejected` (default `partitions`). */
  readonly outputPartitions?: number
  readonly config?: Partial<ReservationConfig>
}

/** The app's name: its DLQ is `purchase-dlq`, its repartition topic `purchase-reservation-repartition`. */
export const reservationAppName = "purchase"

/** The store holding one item state per itemId. */
export const reservationStore = "items"

// Decodes one input topic: a tombstone stays null (an item removal), anything else is parsed JSON.
const reservationInput =
  (topic: string): InputDecoder<ReservationInput> =>
  (key, value) => {
    const parsed = value === null ? right(null) : parseJson(utf8Text(value))
    if (isLeft(parsed)) return parsed
    const decoded = decodeReservationRecord(topic, key, parsed.right)
    return isLeft(decoded) ? decoded : right(decoded.right.input)
  }

// The state key of a decoded purchase: its itemId (a Tick is never decoded from a record).
const itemKey = (input: ReservationInput, key: string | null): string =>
  input._tag === "Tick" ? (key ?? "") : reservationKey(input)

const jsonValue = encodeJsonBytes(t.unknown)

// Reserved and HoldNotFound answer two-phase commands, which this app does not read, so only the
// final answers and rejected restocks have a topic.
const route = (output: ReservationOutput): ReadonlyArray<OutputRecord> => {
  if (output._tag !== "PurchaseFinished" && output._tag !== "RestockRejected") return []
  const record = encodeReservationOutput(output)
  return [{ topic: record.topic, key: record.key, value: jsonValue(record.value) }]
}

/** The `purchase` app: one reservation processor over the seed's topics plus `bps-items-rejected`. */
export const reservationApp = (options: ReservationTopologyOptions = {}): App => {
  const partitions = options.partitions ?? 1
  const outputs = options.outputPartitions ?? partitions
  return {
    name: reservationAppName,
    topics: [
      { name: reservationTopics.itemsAdded, partitions },
      {
        name: reservationTopics.purchaseCreated,
        partitions: options.purchaseCreatedPartitions ?? partitions,
      },
      { name: reservationTopics.purchaseFinished, partitions: outputs },
      { name: reservationTopics.itemsRejected, partitions: outputs },
    ],
    processors: [
      processor<ItemState, ReservationInput, ReservationOutput>({
        name: "reservation",
        store: reservationStore,
        reducer: makeReservation(options.config),
        state: jsonStateCodec(ItemStateCodec),
        inputs: [
          { topic: reservationTopics.itemsAdded, decode: reservationInput(reservationTopics.itemsAdded) },
          {
            topic: reservationTopics.purchaseCreated,
            decode: reservationInput(reservationTopics.purchaseCreated),
            rekey: itemKey,
          },
        ],
        route,
        partitions,
      }),
    ],
  }
}
