// How the reservation reducer meets its topics: a consumed record (topic, key, JSON value) becomes
// an input keyed by itemId; an output becomes a record to produce, keyed by purchaseId.
import * as E from "fp-ts/lib/Either.js"
import type { Tick } from "../Reducer.ts"
import {
  decodeItem,
  decodePurchase,
  decodePurchaseCommand,
  encodePurchaseFinished,
  encodePurchaseStatus,
} from "./ReservationCodecs.ts"
import type {
  Cancel,
  Confirm,
  Purchase,
  ReservationInput,
  ReservationOutput,
  Reserve,
} from "./ReservationTypes.ts"

/** The topics of the purchase app; the first three are read, the last three written. */
export const reservationTopics = {
  itemsAdded: "bps-items-added",
  purchaseCreated: "bps-purchase-created",
  purchaseCommands: "bps-purchase-commands",
  purchaseFinished: "bps-purchase-finished",
  purchaseStatus: "bps-purchase-status",
  itemsRejected: "bps-items-rejected",
} as const

/** A decoded record: the reducer input and the key (itemId) whose state it steps. */
export interface ReservationRecordInput {
  readonly key: string
  readonly input: ReservationInput
}

/** A record to produce. */
export interface ReservationRecordOutput {
  readonly topic: string
  readonly key: string
  readonly value: unknown
}

/** The repartition key of a purchase (it arrives keyed by purchaseId; its state is its item's). */
export const rekeyPurchase = (purchase: Purchase): string => purchase.itemId

/** The key (itemId) whose state an input steps: what a re-keying step needs for any input. */
export const reservationKey = (input: Exclude<ReservationInput, Tick>): string => {
  switch (input._tag) {
    case "Restock":
      return input.item.itemId
    case "Purchase":
    case "Reserve":
      return rekeyPurchase(input.purchase)
    case "ItemRemoved":
    case "Confirm":
    case "Cancel":
      return input.itemId
  }
}

/**
 * Maps a consumed record to a reducer input. `value` is the parsed JSON (null = tombstone). An item
 * record's key, when present, must equal its itemId; a Left is the message for the dead-letter topic.
 */
export const decodeReservationRecord = (
  topic: string,
  key: string | null,
  value: unknown,
): E.Either<string, ReservationRecordInput> => {
  switch (topic) {
    case reservationTopics.itemsAdded: {
      if (value === null) {
        return key === null || key === ""
          ? E.left("key: an item tombstone needs the itemId as its key")
          : E.right({ key, input: { _tag: "ItemRemoved", itemId: key } })
      }
      return E.flatMap(decodeItem(value), (item) =>
        key !== null && key !== item.itemId
          ? E.left(
              `itemId: ${JSON.stringify(item.itemId)} differs from the record key ${JSON.stringify(key)}`,
            )
          : E.right({ key: item.itemId, input: { _tag: "Restock", item } }),
      )
    }
    case reservationTopics.purchaseCreated:
      return E.map(
        (purchase: Purchase): ReservationRecordInput => ({
          key: rekeyPurchase(purchase),
          input: { _tag: "Purchase", purchase },
        }),
      )(decodePurchase(value))
    case reservationTopics.purchaseCommands:
      return E.map(
        (command: Reserve | Confirm | Cancel): ReservationRecordInput => ({
          key: reservationKey(command),
          input: command,
        }),
      )(decodePurchaseCommand(value))
    default:
      return E.left(`topic: ${JSON.stringify(topic)} is not read by the purchase app`)
  }
}

/** Maps an output to the record to produce: results and statuses keyed by purchaseId. */
export const encodeReservationOutput = (output: ReservationOutput): ReservationRecordOutput => {
  switch (output._tag) {
    case "PurchaseFinished":
      return {
        topic: reservationTopics.purchaseFinished,
        key: output.purchase.purchaseId,
        value: encodePurchaseFinished(output),
      }
    case "Reserved":
      return {
        topic: reservationTopics.purchaseStatus,
        key: output.purchase.purchaseId,
        value: encodePurchaseStatus(output),
      }
    case "HoldNotFound":
      return {
        topic: reservationTopics.purchaseStatus,
        key: output.purchaseId,
        value: encodePurchaseStatus(output),
      }
    case "RestockRejected":
      return {
        topic: reservationTopics.itemsRejected,
        key: output.item.itemId,
        value: { ...output.item, reason: output.reason },
      }
  }
}
