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
import type { AnswerPage, ItemState, PurchaseFinished } from "./ReservationTypes.ts"

const ReservedCodec = t.exact(
  t.type({ _tag: t.literal("Reserved"), purchase: PurchaseCodec, expiresAt: t.number }),
)

const AnswerCodec = t.exact(
  t.type({
    _tag: t.literal("PurchaseFinished"),
    purchase: PurchaseCodec,
    status: PurchaseStatusNameCodec,
    reason: PurchaseReasonCodec,
    resultMessage: t.string,
  }),
)

const StoredStateCodec = t.exact(
  t.type({
    item: t.union([ItemCodec, t.null]),
    booked: t.number,
    held: t.number,
    holds: t.readonlyArray(ReservedCodec),
    remembered: t.readonlyArray(
      t.exact(t.type({ answers: t.readonlyArray(AnswerCodec), answeredAt: t.readonlyArray(t.number) })),
    ),
    wakeAt: t.union([t.number, t.null]),
  }),
  "reservation item state",
)

const paged = (answers: ReadonlyArray<PurchaseFinished>, times: ReadonlyArray<number>): Array<AnswerPage> => {
  const pages: Array<AnswerPage> = []
  for (let from = 0; from < answers.length; from += answerPageSize) {
    const page = answers.slice(from, from + answerPageSize)
    pages.push({
      answers: page,
      answeredAt: times.slice(from, from + answerPageSize),
      hashes: page.map((answer) => purchaseIdHash(answer.purchase.purchaseId)),
    })
  }
  return pages
}

/** An item's reservation state as JSON and back. */
export const ItemStateCodec: t.Type<ItemState, ItemState, unknown> = new t.Type(
  "reservation item state",
  (u): u is ItemState => StoredStateCodec.is(u) && Array.isArray((u as { holdHashes?: unknown }).holdHashes),
  (u, c) =>
    E.flatMap(StoredStateCodec.validate(u, c), (stored): t.Validation<ItemState> => {
      if (stored.remembered.some((page) => page.answers.length !== page.answeredAt.length)) {
        return t.failure(u, c, "remembered: expected one answeredAt per answer")
      }
      const holds = [...stored.holds].sort((a, b) => a.expiresAt - b.expiresAt)
      const remembered = paged(
        stored.remembered.flatMap((page) => page.answers),
        stored.remembered.flatMap((page) => page.answeredAt),
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
