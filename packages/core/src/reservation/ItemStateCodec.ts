// io-ts codec for one item's reservation state, so stores and changelogs can keep it as JSON.
// Encoding writes the answer log's window as one page of answers and times (the shared backing
// stays behind); decoding checks the shape and rebuilds the derived parts (id hashes,
// hold order, held) instead of trusting them. Any paging of the stored log is accepted.
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts"
import { AnswerLog, answeredAtOf, answerLogOf, answersOf } from "./AnswerLog.ts"
import { purchaseIdHash } from "./PurchaseIdHash.ts"
import {
  ItemCodec,
  PurchaseCodec,
  PurchaseReasonCodec,
  PurchaseStatusNameCodec,
} from "./ReservationCodecs.ts"
import type { ItemState } from "./ReservationTypes.ts"

const ReservedCodec = t.exact(
  t.type({ _tag: t.literal("Reserved"), purchase: PurchaseCodec, expiresAt: t.number }),
)

const AnswerCodec = t.exact(
  t.type({
    purchase: PurchaseCodec,
    status: PurchaseStatusNameCodec,
    reason: PurchaseReasonCodec,
    itemId: t.string,
    total: t.number,
    alreadyBooked: t.number,
  }),
)

const StoredStateCodec = t.exact(
  t.type({
    item: t.union([ItemCodec, t.null]),
    booked: t.number,
    held: t.number,
    holds: t.readonlyArray(ReservedCodec),
    remembered: t.type({
      pages: t.readonlyArray(
        t.exact(t.type({ answers: t.readonlyArray(AnswerCodec), answeredAt: t.readonlyArray(t.number) })),
      ),
    }),
    wakeAt: t.union([t.number, t.null]),
  }),
  "reservation item state",
)

/** An item's state as stored: plain JSON data. */
export type StoredItemState = t.TypeOf<typeof StoredStateCodec>

const encode = (state: ItemState): StoredItemState => ({
  item: state.item,
  booked: state.booked,
  held: state.held,
  holds: state.holds,
  remembered: {
    pages: [{ answers: answersOf(state.remembered), answeredAt: answeredAtOf(state.remembered) }],
  },
  wakeAt: state.wakeAt,
})

/** An item's reservation state as JSON and back. */
export const ItemStateCodec: t.Type<ItemState, StoredItemState, unknown> = new t.Type(
  "reservation item state",
  (u): u is ItemState =>
    typeof u === "object" &&
    u !== null &&
    (u as { remembered?: unknown }).remembered instanceof AnswerLog &&
    Array.isArray((u as { holdHashes?: unknown }).holdHashes) &&
    StoredStateCodec.is({ ...u, remembered: { pages: [] } }),
  (u, c) =>
    E.flatMap(StoredStateCodec.validate(u, c), (stored): t.Validation<ItemState> => {
      if (stored.remembered.pages.some((page) => page.answers.length !== page.answeredAt.length)) {
        return t.failure(u, c, "remembered: expected one answeredAt per answer")
      }
      const holds = [...stored.holds].sort((a, b) => a.expiresAt - b.expiresAt)
      const remembered = answerLogOf(
        stored.remembered.pages.flatMap((page) => page.answers),
        stored.remembered.pages.flatMap((page) => page.answeredAt),
      )
      return t.success({
        item: stored.item,
        booked: stored.booked,
        held: holds.reduce((sum, hold) => sum + hold.purchase.quantity, 0),
        holds,
        holdHashes: holds.map((hold) => purchaseIdHash(hold.purchase.purchaseId)),
        remembered,
        // Depends on the reducer's rememberMs, so kept as stored; one too early only costs a Tick.
        wakeAt: stored.wakeAt,
      })
    }),
  encode,
)
