// io-ts codecs for the reservation topics' JSON values. Decoders take parsed JSON and answer
// Either a domain value or one message naming the failing field; encoders give plain JSON back.
import * as E from "fp-ts/lib/Either.js"
import * as t from "io-ts"
import { describeErrors } from "./DecodeErrors.ts"
import type {
  Cancel,
  Confirm,
  HoldNotFound,
  Item,
  Purchase,
  PurchaseFinished,
  PurchaseReason,
  PurchaseStatus,
  Reserve,
  Reserved,
} from "./ReservationTypes.ts"

const named = <A>(name: string, is: (u: unknown) => u is A): t.Type<A, A, unknown> =>
  new t.Type(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity)

const oneOf = <L extends string>(values: ReadonlyArray<L>): t.Type<L, L, unknown> =>
  named(`one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, (u): u is L => values.includes(u as L))

const idsOf = (a: { readonly purchaseId: string; readonly itemId: string }) => ({
  purchaseId: a.purchaseId,
  itemId: a.itemId,
})

const hasTag =
  <A>(...tags: ReadonlyArray<string>) =>
  (u: unknown): u is A =>
    typeof u === "object" && u !== null && tags.includes(String((u as { _tag?: unknown })._tag))

const Text = named("a string", (u): u is string => typeof u === "string")
const Id = named("a non-empty string", (u): u is string => typeof u === "string" && u.length > 0)
const Total = named("an integer ≥ 0", (u): u is number => Number.isSafeInteger(u) && (u as number) >= 0)
// Purchase quantities decode as any finite number: the reducer answers a bad one with a FAILED
// "invalid quantity" result the buyer can see, instead of the record vanishing into the DLQ.
const Amount = named("a finite number", (u): u is number => typeof u === "number" && Number.isFinite(u))

const reasons: ReadonlyArray<PurchaseReason> = [
  "accepted",
  "confirmed",
  "invalid purchase id",
  "invalid item id",
  "invalid quantity",
  "invalid hold",
  "unknown item",
  "insufficient stock",
  "cancelled",
  "hold expired",
]

/** A purchase status name: SUCCESS or FAILED. */
export const PurchaseStatusNameCodec: t.Type<PurchaseStatus, PurchaseStatus, unknown> = oneOf([
  "SUCCESS",
  "FAILED",
])
/** A purchase reason, one of `PurchaseReason`. */
export const PurchaseReasonCodec: t.Type<PurchaseReason, PurchaseReason, unknown> = oneOf(reasons)

// A union told apart by one string field, so errors name the field of the case that was meant.
const tagged = <A, O>(
  name: string,
  field: string,
  cases: Readonly<Record<string, t.Type<A, O, unknown>>>,
  tagOf: (a: A) => string,
): t.Type<A, O, unknown> => {
  const is = (u: unknown): u is A =>
    Object.keys(cases).some((tag) => Object.hasOwn(cases, tag) && cases[tag]!.is(u) && tagOf(u as A) === tag)
  const tags = oneOf(Object.keys(cases))
  return new t.Type<A, O, unknown>(
    name,
    is,
    (u, c) => {
      if (typeof u !== "object" || u === null || Array.isArray(u)) return t.failure(u, c)
      const tag: unknown = (u as Record<string, unknown>)[field]
      if (typeof tag !== "string" || !Object.hasOwn(cases, tag)) {
        return t.failure(tag, t.appendContext(c, field, tags, tag))
      }
      return cases[tag]!.validate(u, c)
    },
    (a) => cases[tagOf(a)]!.encode(a),
  )
}

const decodeWith =
  <A>(codec: t.Decoder<unknown, A>) =>
  (value: unknown): E.Either<string, A> =>
    E.mapLeft(describeErrors)(codec.decode(value))

/** `bps-items-added` value: `{itemId, description, quantity}`, quantity the absolute total ≥ 0. */
export const ItemCodec: t.Type<Item, Item, unknown> = t.exact(
  t.type({ itemId: Id, description: Text, quantity: Total }),
  "an item object",
)

/** `bps-purchase-created` value: `{purchaseId, itemId, quantity, purchasedBy}`. */
export const PurchaseCodec: t.Type<Purchase, Purchase, unknown> = t.exact(
  t.type({ purchaseId: Text, itemId: Text, quantity: Amount, purchasedBy: Text }),
  "a purchase object",
)

/** `bps-purchase-finished` value: the purchase fields plus `status`, `reason`, `resultMessage`. */
export interface PurchaseFinishedValue extends Purchase {
  readonly status: PurchaseStatus
  readonly reason: PurchaseReason
  readonly resultMessage: string
}

const PurchaseFinishedValueCodec: t.Type<PurchaseFinishedValue, PurchaseFinishedValue, unknown> = t.exact(
  t.type({
    purchaseId: Text,
    itemId: Text,
    quantity: Amount,
    purchasedBy: Text,
    status: PurchaseStatusNameCodec,
    reason: PurchaseReasonCodec,
    resultMessage: Text,
  }),
  "a purchase result object",
)

const purchaseOf = (v: Purchase): Purchase => ({
  purchaseId: v.purchaseId,
  itemId: v.itemId,
  quantity: v.quantity,
  purchasedBy: v.purchasedBy,
})

/** `PurchaseFinished` output ⇄ its flat `bps-purchase-finished` value. */
export const PurchaseFinishedCodec: t.Type<PurchaseFinished, PurchaseFinishedValue, unknown> = new t.Type(
  "a purchase result object",
  hasTag("PurchaseFinished"),
  (u, c) =>
    E.map(
      (v: PurchaseFinishedValue): PurchaseFinished => ({
        _tag: "PurchaseFinished",
        purchase: purchaseOf(v),
        status: v.status,
        reason: v.reason,
        resultMessage: v.resultMessage,
      }),
    )(PurchaseFinishedValueCodec.validate(u, c)),
  (a) => ({ ...purchaseOf(a.purchase), status: a.status, reason: a.reason, resultMessage: a.resultMessage }),
)

/** `bps-purchase-commands` value: `{type: "reserve", ...purchase, holdMs?}` or `{type: "confirm" | "cancel", purchaseId, itemId}`. */
export type PurchaseCommandValue =
  | (Purchase & { readonly type: "reserve"; readonly holdMs?: number })
  | { readonly type: "confirm" | "cancel"; readonly purchaseId: string; readonly itemId: string }

const ReserveValue = t.exact(
  t.intersection([
    t.type({
      type: t.literal("reserve"),
      purchaseId: Text,
      itemId: Text,
      quantity: Amount,
      purchasedBy: Text,
    }),
    t.partial({ holdMs: Amount }),
  ]),
)
const HoldCommandValue = t.exact(
  t.type({ type: oneOf(["confirm", "cancel"] as const), purchaseId: Text, itemId: Text }),
)

type PurchaseCommand = Reserve | Confirm | Cancel

const encodeCommand = (a: PurchaseCommand): PurchaseCommandValue => {
  if (a._tag !== "Reserve") return { type: a._tag === "Confirm" ? "confirm" : "cancel", ...idsOf(a) }
  const value = { type: "reserve" as const, ...purchaseOf(a.purchase) }
  return a.holdMs === undefined ? value : { ...value, holdMs: a.holdMs }
}

const reserveCodec = new t.Type<PurchaseCommand, PurchaseCommandValue, unknown>(
  "a reserve command",
  hasTag("Reserve"),
  (u, c) =>
    E.map((v: t.TypeOf<typeof ReserveValue>): Reserve => {
      const purchase = purchaseOf(v)
      return v.holdMs === undefined
        ? { _tag: "Reserve", purchase }
        : { _tag: "Reserve", purchase, holdMs: v.holdMs }
    })(ReserveValue.validate(u, c)),
  encodeCommand,
)

const holdCommandCodec = new t.Type<PurchaseCommand, PurchaseCommandValue, unknown>(
  "a confirm or cancel command",
  hasTag("Confirm", "Cancel"),
  (u, c) =>
    E.map((v: t.TypeOf<typeof HoldCommandValue>): Confirm | Cancel => ({
      _tag: v.type === "confirm" ? "Confirm" : "Cancel",
      ...idsOf(v),
    }))(HoldCommandValue.validate(u, c)),
  encodeCommand,
)

/** Reserve, Confirm and Cancel inputs ⇄ their `bps-purchase-commands` values (told apart by `type`). */
export const PurchaseCommandCodec: t.Type<Reserve | Confirm | Cancel, PurchaseCommandValue, unknown> = tagged(
  "a purchase command object",
  "type",
  { reserve: reserveCodec, confirm: holdCommandCodec, cancel: holdCommandCodec },
  (a) => a._tag.toLowerCase(),
)

/** `bps-purchase-status` value: a hold placed (`HELD`) or a confirm/cancel that found no hold. */
export type PurchaseStatusValue =
  | (Purchase & { readonly status: "HELD"; readonly expiresAt: number })
  | {
      readonly status: "HOLD_NOT_FOUND"
      readonly purchaseId: string
      readonly itemId: string
      readonly command: "confirm" | "cancel"
    }

const HeldValue = t.exact(
  t.type({
    status: t.literal("HELD"),
    purchaseId: Text,
    itemId: Text,
    quantity: Amount,
    purchasedBy: Text,
    expiresAt: Amount,
  }),
)
const NotFoundValue = t.exact(
  t.type({
    status: t.literal("HOLD_NOT_FOUND"),
    purchaseId: Text,
    itemId: Text,
    command: oneOf(["confirm", "cancel"] as const),
  }),
)

const encodeStatus = (a: Reserved | HoldNotFound): PurchaseStatusValue =>
  a._tag === "Reserved"
    ? { status: "HELD", ...purchaseOf(a.purchase), expiresAt: a.expiresAt }
    : { status: "HOLD_NOT_FOUND", ...idsOf(a), command: a.command === "Confirm" ? "confirm" : "cancel" }

/** `Reserved` and `HoldNotFound` outputs ⇄ their `bps-purchase-status` values (told apart by `status`). */
export const PurchaseStatusCodec: t.Type<Reserved | HoldNotFound, PurchaseStatusValue, unknown> = tagged(
  "a purchase status object",
  "status",
  {
    HELD: new t.Type<Reserved | HoldNotFound, PurchaseStatusValue, unknown>(
      "a held purchase",
      hasTag("Reserved"),
      (u, c) =>
        E.map(
          (v: t.TypeOf<typeof HeldValue>): Reserved => ({
            _tag: "Reserved",
            purchase: purchaseOf(v),
            expiresAt: v.expiresAt,
          }),
        )(HeldValue.validate(u, c)),
      encodeStatus,
    ),
    HOLD_NOT_FOUND: new t.Type<Reserved | HoldNotFound, PurchaseStatusValue, unknown>(
      "a hold-not-found answer",
      hasTag("HoldNotFound"),
      (u, c) =>
        E.map(
          (v: t.TypeOf<typeof NotFoundValue>): HoldNotFound => ({
            _tag: "HoldNotFound",
            ...idsOf(v),
            command: v.command === "confirm" ? "Confirm" : "Cancel",
          }),
        )(NotFoundValue.validate(u, c)),
      encodeStatus,
    ),
  },
  (a) => (a._tag === "Reserved" ? "HELD" : "HOLD_NOT_FOUND"),
)

/** Decodes a `bps-items-added` value. */
export const decodeItem: (value: unknown) => E.Either<string, Item> = decodeWith(ItemCodec)
/** Decodes a `bps-purchase-created` value. */
export const decodePurchase: (value: unknown) => E.Either<string, Purchase> = decodeWith(PurchaseCodec)
/** Decodes a `bps-purchase-finished` value into the output it was encoded from. */
export const decodePurchaseFinished: (value: unknown) => E.Either<string, PurchaseFinished> =
  decodeWith(PurchaseFinishedCodec)
/** Decodes a `bps-purchase-commands` value into a Reserve, Confirm or Cancel input. */
export const decodePurchaseCommand: (value: unknown) => E.Either<string, Reserve | Confirm | Cancel> =
  decodeWith(PurchaseCommandCodec)
/** Decodes a `bps-purchase-status` value into the output it was encoded from. */
export const decodePurchaseStatus: (value: unknown) => E.Either<string, Reserved | HoldNotFound> =
  decodeWith(PurchaseStatusCodec)

/** Encodes an item as its `bps-items-added` value. */
export const encodeItem = (item: Item): Item => ItemCodec.encode(item)
/** Encodes a purchase as its `bps-purchase-created` value. */
export const encodePurchase = (purchase: Purchase): Purchase => PurchaseCodec.encode(purchase)
/** Encodes a final answer as its `bps-purchase-finished` value. */
export const encodePurchaseFinished = (answer: PurchaseFinished): PurchaseFinishedValue =>
  PurchaseFinishedCodec.encode(answer)
/** Encodes a Reserve, Confirm or Cancel input as its `bps-purchase-commands` value. */
export const encodePurchaseCommand = (command: Reserve | Confirm | Cancel): PurchaseCommandValue =>
  PurchaseCommandCodec.encode(command)
/** Encodes a Reserved or HoldNotFound output as its `bps-purchase-status` value. */
export const encodePurchaseStatus = (status: Reserved | HoldNotFound): PurchaseStatusValue =>
  PurchaseStatusCodec.encode(status)
