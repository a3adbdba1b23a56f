// io-ts codec for one item's reservation state, so stores and changelogs can keep it as JSON.
// The JSON form is the state itself (encoding is the identity); decoding checks the shape.
import * as t from "io-ts"
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

const RememberedAnswerCodec = t.exact(
  t.type({
    _tag: t.literal("PurchaseFinished"),
    purchase: PurchaseCodec,
    status: PurchaseStatusNameCodec,
    reason: PurchaseReasonCodec,
    resultMessage: t.string,
  }),
)

/** An item's reservation state as JSON and back. */
export const ItemStateCodec: t.Type<ItemState, ItemState, unknown> = t.exact(
  t.type({
    item: t.union([ItemCodec, t.null]),
    booked: t.number,
    held: t.number,
    holds: t.readonlyArray(ReservedCodec),
    answers: t.readonlyArray(t.exact(t.type({ at: t.number, answer: RememberedAnswerCodec }))),
  }),
  "reservation item state",
)
