// io-ts codec for one item's reservation state, so stores and changelogs can keep it as JSON.
// The JSON form is the state itself (encoding is the identity); decoding checks the shape and
// rebuilds the derived parts (id hashes, paging, hold order, held) instead of trusting them.
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts"
import { answerPageSize } from "./AnswerLog.ts"
import { purchaseIdHash } from "./PurchaseIdHash.ts"
import {
  ItemCodec,
  PurchaseCodec,
  PurchaseReasonCodec,
  PurchaseStatusNameCodec,
} from "./ReservationCodecs.ts"
import type { AnswerLog, AnswerPage, ItemState, RememberedAnswer } from "./ReservationTypes.ts"

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

// The answers re-paged (full pages, then the rest) with their hashes recomputed.
const logOf = (answers: ReadonlyArray<RememberedAnswer>, times: ReadonlyArray<number>): AnswerLog => {
  const pages: Array<AnswerPage> = []
  for (let from = 0; from < answers.length; from += answerPageSize) {
    pages.push({
      answers: answers.slice(from, from + answerPageSize),
      answeredAt: times.slice(from, from + answerPageSize),
    })
  }
  return { pages, hashes: answers.map((answer) => purchaseIdHash(answer.purchase.purchaseId)) }
}

/** An item's reservation state as JSON and back. */
export const ItemStateCodec: t.Type<ItemState, ItemState, unknown> = new t.Type(
  "reservation item state",
  (u): u is ItemState => StoredStateCodec.is(u) && Array.isArray((u as { holdHashes?: unknown }).holdHashes),
  (u, c) =>
    E.flatMap(StoredStateCodec.validate(u, c), (stored): t.Validation<ItemState> => {
      if (stored.remembered.pages.some((page) => page.answers.length !== page.answeredAt.length)) {
        return t.failure(u, c, "remembered: expected one answeredAt per answer")
      }
      const holds = [...stored.holds].sort((a, b) => a.expiresAt - b.expiresAt)
      const remembered = logOf(
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
  t.identity,
)
