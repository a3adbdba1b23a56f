// The reservation topics' codecs and record mapping: round trips, garbage naming the failing
// field, tombstones and keys, and every reducer output surviving its topic and back.
import fc from "fast-check"
import * as E from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import "./AnswerLogEquality.ts"
import {
  type Cancel,
  type Confirm,
  decodeItem,
  decodePurchase,
  decodePurchaseCommand,
  decodePurchaseFinished,
  decodePurchaseStatus,
  decodeReservationRecord,
  encodeItem,
  encodePurchase,
  encodePurchaseCommand,
  encodePurchaseFinished,
  encodePurchaseStatus,
  encodeReservationOutput,
  type HoldNotFound,
  type Item,
  ItemStateCodec,
  makeReservation,
  type Purchase,
  type PurchaseFinished,
  type PurchaseReason,
  type Reserve,
  type Reserved,
  rekeyPurchase,
  reservationKey,
  reservationTopics,
} from "../../src/reservation/index.ts"
import { play, scenarioArb } from "./ReservationScenario.ts"

// Through JSON text, as a topic carries it.
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

const text = fc.oneof(fc.string(), fc.constantFrom("", "__proto__", "constructor", "é✓"))
const id = fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom("__proto__", "constructor"))
// Finite numbers without -0, which JSON cannot tell from 0.
const amount = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
)

const itemArb: fc.Arbitrary<Item> = fc.record({
  itemId: id,
  description: text,
  quantity: fc.maxSafeNat(),
})
const purchaseArb: fc.Arbitrary<Purchase> = fc.record({
  purchaseId: text,
  itemId: text,
  quantity: amount,
  purchasedBy: text,
})
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
const finishedArb: fc.Arbitrary<PurchaseFinished> = fc.record({
  _tag: fc.constant("PurchaseFinished"),
  purchase: purchaseArb,
  status: fc.constantFrom("SUCCESS", "FAILED"),
  reason: fc.constantFrom(...reasons),
  resultMessage: text,
})
const commandArb: fc.Arbitrary<Reserve | Confirm | Cancel> = fc.oneof(
  purchaseArb.map((purchase): Reserve => ({ _tag: "Reserve", purchase })),
  fc.tuple(purchaseArb, amount).map(([purchase, holdMs]): Reserve => ({ _tag: "Reserve", purchase, holdMs })),
  fc
    .tuple(fc.constantFrom("Confirm" as const, "Cancel" as const), text, text)
    .map(([_tag, itemId, purchaseId]): Confirm | Cancel => ({ _tag, itemId, purchaseId })),
)
const statusArb: fc.Arbitrary<Reserved | HoldNotFound> = fc.oneof(
  fc
    .tuple(purchaseArb, amount)
    .map(([purchase, expiresAt]): Reserved => ({ _tag: "Reserved", purchase, expiresAt })),
  fc.tuple(text, text, fc.constantFrom("Confirm" as const, "Cancel" as const)).map(
    ([itemId, purchaseId, command]): HoldNotFound => ({
      _tag: "HoldNotFound",
      itemId,
      purchaseId,
      command,
    }),
  ),
)

describe("round trips through JSON", () => {
  it.each([
    ["item", itemArb, encodeItem, decodeItem],
    ["purchase", purchaseArb, encodePurchase, decodePurchase],
    ["purchase result", finishedArb, encodePurchaseFinished, decodePurchaseFinished],
    ["purchase command", commandArb, encodePurchaseCommand, decodePurchaseCommand],
    ["purchase status", statusArb, encodePurchaseStatus, decodePurchaseStatus],
  ] as const)("%s: decode(encode(x)) = x", (_, arb, encode, decode) => {
    fc.assert(
      fc.property(arb as fc.Arbitrary<never>, (x) => {
        expect(decode(wire((encode as (x: never) => unknown)(x)))).toEqual(E.right(x))
      }),
    )
  })

  it("every output of the reducer comes back from its topic unchanged", () => {
    const reducer = makeReservation({ defaultHoldMs: 30, rememberMs: 200, maxRemembered: 4 })
    const decodeOutput = (topic: string, value: unknown) =>
      topic === reservationTopics.purchaseFinished
        ? decodePurchaseFinished(value)
        : decodePurchaseStatus(value)
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const last = play(reducer, scenario, ({ out }) => {
          for (const output of out) {
            if (output._tag === "RestockRejected") continue
            const record = encodeReservationOutput(output)
            expect(record.key).toBe(
              output._tag === "HoldNotFound" ? output.purchaseId : output.purchase.purchaseId,
            )
            expect(decodeOutput(record.topic, wire(record.value))).toEqual(E.right(output))
          }
        })
        expect(ItemStateCodec.decode(wire(ItemStateCodec.encode(last)))).toEqual(E.right(last))
      }),
    )
  })

  it("drops fields it does not know instead of failing", () => {
    expect(decodeItem({ itemId: "1", description: "", quantity: 2, colour: "red" })).toEqual(
      E.right({ itemId: "1", description: "", quantity: 2 }),
    )
  })
})

const purchase = { purchaseId: "21", itemId: "2", quantity: 1, purchasedBy: "userId21" }

describe("garbage is a Left naming the field", () => {
  const cases: ReadonlyArray<readonly [(u: unknown) => E.Either<string, unknown>, unknown, string]> = [
    [decodeItem, null, "(value): expected an item object, got null"],
    [decodeItem, { itemId: "1", description: "", quantity: -1 }, "quantity: expected an integer ≥ 0, got -1"],
    [
      decodeItem,
      { itemId: "1", description: "", quantity: 1.5 },
      "quantity: expected an integer ≥ 0, got 1.5",
    ],
    [decodeItem, { itemId: "", description: "", quantity: 1 }, 'itemId: expected a non-empty string, got ""'],
    [decodeItem, { description: "", quantity: 1 }, "itemId: expected a non-empty string, got nothing"],
    [decodePurchase, { ...purchase, quantity: "1" }, 'quantity: expected a finite number, got "1"'],
    [decodePurchase, { ...purchase, purchasedBy: null }, "purchasedBy: expected a string, got null"],
    [decodePurchase, [], "(value): expected a purchase object, got []"],
    [
      decodePurchaseCommand,
      { type: "hold" },
      'type: expected one of "reserve", "confirm", "cancel", got "hold"',
    ],
    [
      decodePurchaseCommand,
      { ...purchase },
      'type: expected one of "reserve", "confirm", "cancel", got nothing',
    ],
    [
      decodePurchaseCommand,
      { type: "reserve", ...purchase, holdMs: "soon" },
      'holdMs: expected a finite number, got "soon"',
    ],
    [
      decodePurchaseCommand,
      { type: "confirm", purchaseId: 21, itemId: "2" },
      "purchaseId: expected a string, got 21",
    ],
    [
      decodePurchaseFinished,
      { ...purchase, status: "OK", reason: "accepted", resultMessage: "" },
      'status: expected one of "SUCCESS", "FAILED", got "OK"',
    ],
    [
      decodePurchaseFinished,
      { ...purchase, status: "FAILED", reason: "sold out", resultMessage: "" },
      'reason: expected one of "accepted"',
    ],
    [
      decodePurchaseStatus,
      { status: "HELD", ...purchase },
      "expiresAt: expected a finite number, got nothing",
    ],
    [
      decodePurchaseStatus,
      { status: "HOLD_NOT_FOUND", purchaseId: "1", itemId: "2", command: "post" },
      'command: expected one of "confirm", "cancel", got "post"',
    ],
  ]

  it.each(cases.map(([decode, value, message]) => [message, decode, value] as const))(
    "%s",
    (message, decode, value) => {
      expect(decode(value)).toEqual(E.left(expect.stringContaining(message)))
    },
  )

  it("a purchase with one field spoiled is refused with that field named first", () => {
    const fields = ["purchaseId", "itemId", "quantity", "purchasedBy"] as const
    const spoiled = fc.oneof(fc.constant(null), fc.boolean(), fc.object(), fc.array(fc.nat()))
    fc.assert(
      fc.property(purchaseArb, fc.constantFrom(...fields), spoiled, (valid, field, bad) => {
        const result = decodePurchase({ ...encodePurchase(valid), [field]: bad })
        expect(result).toEqual(E.left(expect.stringMatching(new RegExp(`^${field}: expected`))))
      }),
    )
  })

  it("never throws on anything", () => {
    const decoders = [
      decodeItem,
      decodePurchase,
      decodePurchaseCommand,
      decodePurchaseFinished,
      decodePurchaseStatus,
    ]
    fc.assert(
      fc.property(fc.anything(), (value) => {
        for (const decode of decoders) {
          const result = decode(value)
          if (E.isLeft(result)) expect(result.left).not.toBe("")
        }
      }),
    )
  })
})

describe("records ⇄ inputs and outputs", () => {
  const restock = { itemId: "2", description: "a book", quantity: 2 }

  it("an item record restocks its item; a tombstone removes it", () => {
    expect(decodeReservationRecord("bps-items-added", "2", restock)).toEqual(
      E.right({ key: "2", input: { _tag: "Restock", item: restock } }),
    )
    expect(decodeReservationRecord("bps-items-added", null, restock)).toEqual(
      E.right({ key: "2", input: { _tag: "Restock", item: restock } }),
    )
    expect(decodeReservationRecord("bps-items-added", "__proto__", null)).toEqual(
      E.right({ key: "__proto__", input: { _tag: "ItemRemoved", itemId: "__proto__" } }),
    )
  })

  it("refuses an item whose key differs from its itemId, and a tombstone without a key", () => {
    expect(decodeReservationRecord("bps-items-added", "3", restock)).toEqual(
      E.left(expect.stringContaining("itemId:")),
    )
    expect(decodeReservationRecord("bps-items-added", null, null)).toEqual(
      E.left(expect.stringContaining("key:")),
    )
  })

  it("a purchase keyed by purchaseId is re-keyed by its itemId", () => {
    expect(rekeyPurchase(purchase)).toBe("2")
    expect(reservationKey({ _tag: "Purchase", purchase })).toBe("2")
    expect(reservationKey({ _tag: "Restock", item: restock })).toBe("2")
    expect(reservationKey({ _tag: "Confirm", itemId: "2", purchaseId: "21" })).toBe("2")
    expect(decodeReservationRecord("bps-purchase-created", "21", purchase)).toEqual(
      E.right({ key: "2", input: { _tag: "Purchase", purchase } }),
    )
    expect(decodeReservationRecord("bps-purchase-created", "21", null)).toEqual(
      E.left(expect.stringContaining("(value)")),
    )
  })

  it("reserve, confirm and cancel commands are keyed by itemId", () => {
    expect(
      decodeReservationRecord("bps-purchase-commands", "21", {
        type: "reserve",
        ...purchase,
        holdMs: 60_000,
      }),
    ).toEqual(E.right({ key: "2", input: { _tag: "Reserve", purchase, holdMs: 60_000 } }))
    expect(
      decodeReservationRecord("bps-purchase-commands", "21", {
        type: "cancel",
        purchaseId: "21",
        itemId: "2",
      }),
    ).toEqual(E.right({ key: "2", input: { _tag: "Cancel", purchaseId: "21", itemId: "2" } }))
    expect(decodeReservationRecord("elsewhere", "21", purchase)).toEqual(
      E.left(expect.stringContaining("topic:")),
    )
  })

  it("outputs go to their topics keyed by purchaseId, in the seed's flat result shape", () => {
    const answer: PurchaseFinished = {
      _tag: "PurchaseFinished",
      purchase,
      status: "SUCCESS",
      reason: "accepted",
      resultMessage: "21 - 2 SUCCESS quantity: 2 alreadyBooked: 0 purchaseQuantity: 1 remaining: 1",
    }
    expect(encodeReservationOutput(answer)).toEqual({
      topic: "bps-purchase-finished",
      key: "21",
      value: { ...purchase, status: "SUCCESS", reason: "accepted", resultMessage: answer.resultMessage },
    })
    expect(encodeReservationOutput({ _tag: "Reserved", purchase, expiresAt: 5 })).toEqual({
      topic: "bps-purchase-status",
      key: "21",
      value: { status: "HELD", ...purchase, expiresAt: 5 },
    })
    expect(
      encodeReservationOutput({ _tag: "HoldNotFound", itemId: "2", purchaseId: "9", command: "Confirm" }),
    ).toEqual({
      topic: "bps-purchase-status",
      key: "9",
      value: { status: "HOLD_NOT_FOUND", purchaseId: "9", itemId: "2", command: "confirm" },
    })
    expect(
      encodeReservationOutput({
        _tag: "RestockRejected",
        item: { ...restock, quantity: -1 },
        reason: "invalid quantity",
      }),
    ).toEqual({
      topic: "bps-items-rejected",
      key: "2",
      value: { ...restock, quantity: -1, reason: "invalid quantity" },
    })
  })
})
