// Examples of the reservation reducer: the seed's worked example, restock semantics, validation,
// holds, idempotence, retention and prototype-shaped ids.
import { describe, expect, it } from "vitest"
import "./AnswerLogEquality.ts"
import { run, tick } from "../../src/Reducer.ts"
import {
  answeredAtOf,
  answersOf,
  type ItemState,
  ItemStateCodec,
  makeReservation,
  type Purchase,
  type PurchaseFinished,
  type ReservationInput,
  type ReservationOutput,
  stockView,
} from "../../src/reservation/index.ts"

const reducer = makeReservation({ defaultHoldMs: 1_000, rememberMs: 60_000, maxRemembered: 100 })

const restock = (itemId: string, quantity: number): ReservationInput => ({
  _tag: "Restock",
  item: { itemId, description: "", quantity },
})
const purchase = (purchaseId: string, itemId: string, quantity: number): Purchase => ({
  purchaseId,
  itemId,
  quantity,
  purchasedBy: `userId${purchaseId}`,
})
const buy = (purchaseId: string, itemId: string, quantity: number): ReservationInput => ({
  _tag: "Purchase",
  purchase: purchase(purchaseId, itemId, quantity),
})
const reserve = (purchaseId: string, itemId: string, quantity: number, holdMs?: number): ReservationInput =>
  holdMs === undefined
    ? { _tag: "Reserve", purchase: purchase(purchaseId, itemId, quantity) }
    : { _tag: "Reserve", purchase: purchase(purchaseId, itemId, quantity), holdMs }
const confirm = (purchaseId: string, itemId = "i"): ReservationInput => ({
  _tag: "Confirm",
  itemId,
  purchaseId,
})
const cancel = (purchaseId: string, itemId = "i"): ReservationInput => ({
  _tag: "Cancel",
  itemId,
  purchaseId,
})

// Runs inputs at 1 ms intervals from t = 1000 on one item's state.
const at = (inputs: ReadonlyArray<ReservationInput>, from?: ItemState) =>
  run(
    reducer,
    inputs.map((input, i) => [input, 1_000 + i] as const),
    from,
  )

const finished = (out: ReadonlyArray<ReservationOutput>): Array<PurchaseFinished> =>
  out.filter((o): o is PurchaseFinished => o._tag === "PurchaseFinished")
const messages = (out: ReadonlyArray<ReservationOutput>) => finished(out).map((o) => o.resultMessage)
const reasons = (out: ReadonlyArray<ReservationOutput>) => finished(out).map((o) => `${o.status} ${o.reason}`)

describe("seed worked example (items 1/2/3 with quantities 1/2/3)", () => {
  it("gives the seed's exact result messages", () => {
    const item1 = at([restock("1", 1), buy("1", "1", 1)])
    const item2 = at([restock("2", 2), buy("21", "2", 1), buy("22", "2", 2)])
    const item3 = at([restock("3", 3), buy("3", "3", 1)])
    expect([...messages(item1.out), ...messages(item2.out), ...messages(item3.out)]).toEqual([
      "1 - 1 SUCCESS quantity: 1 alreadyBooked: 0 purchaseQuantity: 1 remaining: 0",
      "21 - 2 SUCCESS quantity: 2 alreadyBooked: 0 purchaseQuantity: 1 remaining: 1",
      "22 - 2 FAILED quantity: 2 alreadyBooked: 1 purchaseQuantity: 2 remaining: -1",
      "3 - 3 SUCCESS quantity: 3 alreadyBooked: 0 purchaseQuantity: 1 remaining: 2",
    ])
    expect(reasons(item2.out)).toEqual(["SUCCESS accepted", "FAILED insufficient stock"])
    expect(stockView(item2.state)).toEqual({ total: 2, sold: 1, held: 0, available: 1 })
  })

  it("answers the seed's re-run of the producers with the first answers, not new failures", () => {
    const first = at([restock("2", 2), buy("21", "2", 1), buy("22", "2", 2)])
    const again = at([buy("21", "2", 1), buy("22", "2", 2)], first.state)
    expect(again.out).toEqual(finished(first.out))
    expect(again.state).toEqual(first.state)
  })
})

describe("restock", () => {
  it("sets the absolute total ever made available; sold units are never given back", () => {
    const { state, out } = at([restock("i", 1), buy("a", "i", 1), restock("i", 1), buy("b", "i", 1)])
    expect(reasons(out)).toEqual(["SUCCESS accepted", "FAILED insufficient stock"])
    const more = at([restock("i", 6), buy("c", "i", 5)], state)
    expect(reasons(more.out)).toEqual(["SUCCESS accepted"])
    expect(stockView(more.state)).toEqual({ total: 6, sold: 6, held: 0, available: 0 })
  })

  it("below what is sold makes later purchases fail and keeps past ones", () => {
    const { state, out } = at([restock("i", 5), buy("a", "i", 3), restock("i", 1), buy("b", "i", 1)])
    expect(reasons(out)).toEqual(["SUCCESS accepted", "FAILED insufficient stock"])
    expect(messages(out)[1]).toBe(
      "b - i FAILED quantity: 1 alreadyBooked: 3 purchaseQuantity: 1 remaining: -3",
    )
    expect(stockView(state)).toEqual({ total: 1, sold: 3, held: 0, available: 0 })
  })

  it("rejects an item with an empty id or a bad quantity and keeps the row", () => {
    const { state, out } = at([restock("i", 2), restock("", 3), restock("i", -1), restock("i", 1.5)])
    expect(out.map((o) => (o._tag === "RestockRejected" ? o.reason : o._tag))).toEqual([
      "invalid item id",
      "invalid quantity",
      "invalid quantity",
    ])
    expect(stockView(state).total).toBe(2)
  })

  it("a tombstone makes later purchases fail as unknown item; the sold count stays", () => {
    const { state, out } = at([
      restock("i", 5),
      buy("a", "i", 2),
      { _tag: "ItemRemoved", itemId: "i" },
      buy("b", "i", 1),
    ])
    expect(reasons(out)).toEqual(["SUCCESS accepted", "FAILED unknown item"])
    expect(messages(out)[1]).toBe(
      "b - i FAILED quantity: 0 alreadyBooked: 2 purchaseQuantity: 1 remaining: -3",
    )
    expect(state.booked).toBe(2)
    expect(reducer.isFinished(state)).toBe(false)
  })
})

describe("validation", () => {
  it("answers a purchase of an item never stocked with unknown item instead of dropping it", () => {
    const { out } = at([buy("p", "nothing", 1)])
    expect(out).toEqual([
      {
        _tag: "PurchaseFinished",
        purchase: purchase("p", "nothing", 1),
        status: "FAILED",
        reason: "unknown item",
        resultMessage: "p - nothing FAILED quantity: 0 alreadyBooked: 0 purchaseQuantity: 1 remaining: -1",
      },
    ])
  })

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
    "fails quantity %s with invalid quantity and books nothing",
    (quantity) => {
      const { state, out } = at([restock("i", 10), buy("p", "i", quantity), reserve("r", "i", quantity)])
      expect(reasons(out)).toEqual(["FAILED invalid quantity", "FAILED invalid quantity"])
      expect(stockView(state)).toEqual({ total: 10, sold: 0, held: 0, available: 10 })
    },
  )

  it("fails empty ids and bad hold durations with a reason, never a throw", () => {
    const { state, out } = at([
      restock("i", 10),
      buy("", "i", 1),
      buy("p", "", 1),
      reserve("r", "i", 1, 0),
      reserve("s", "i", 1, -5),
      reserve("t", "i", 1, 0.5),
    ])
    expect(reasons(out)).toEqual([
      "FAILED invalid purchase id",
      "FAILED invalid item id",
      "FAILED invalid hold",
      "FAILED invalid hold",
      "FAILED invalid hold",
    ])
    expect(stockView(state).available).toBe(10)
    // The empty id cannot be remembered; the others are.
    expect(answersOf(state.remembered).map((a) => a.purchase.purchaseId)).toEqual(["p", "r", "s", "t"])
  })
})

describe("two-phase holds", () => {
  it("a hold takes stock from purchases until it is confirmed", () => {
    const { state, out } = at([
      restock("i", 3),
      reserve("r", "i", 2),
      buy("p", "i", 2),
      confirm("r"),
      buy("q", "i", 1),
    ])
    expect(out[0]).toEqual({ _tag: "Reserved", purchase: purchase("r", "i", 2), expiresAt: 1_001 + 1_000 })
    expect(messages(out)).toEqual([
      "p - i FAILED quantity: 3 alreadyBooked: 2 purchaseQuantity: 2 remaining: -1",
      "r - i SUCCESS quantity: 3 alreadyBooked: 0 purchaseQuantity: 2 remaining: 1",
      "q - i SUCCESS quantity: 3 alreadyBooked: 2 purchaseQuantity: 1 remaining: 0",
    ])
    expect(reasons(out)).toEqual(["FAILED insufficient stock", "SUCCESS confirmed", "SUCCESS accepted"])
    expect(stockView(state)).toEqual({ total: 3, sold: 3, held: 0, available: 0 })
  })

  it("a cancelled hold gives its units back", () => {
    const { state, out } = at([restock("i", 2), reserve("r", "i", 2), cancel("r"), buy("p", "i", 2)])
    expect(reasons(out)).toEqual(["FAILED cancelled", "SUCCESS accepted"])
    expect(messages(out)[0]).toBe(
      "r - i FAILED quantity: 2 alreadyBooked: 0 purchaseQuantity: 2 remaining: 0",
    )
    expect(stockView(state)).toEqual({ total: 2, sold: 2, held: 0, available: 0 })
  })

  it("a hold expires at its deadline by Tick and a late confirm learns it expired", () => {
    const placed = run(reducer, [
      [restock("i", 2), 0],
      [reserve("r", "i", 2, 500), 100],
    ])
    expect(reducer.deadline?.(placed.state)).toBe(600)
    const early = reducer.step(placed.state, tick, 599)
    expect(early).toEqual({ state: placed.state, out: [] })
    const expired = reducer.step(placed.state, tick, 600)
    expect(reasons(expired.out)).toEqual(["FAILED hold expired"])
    expect(stockView(expired.state)).toEqual({ total: 2, sold: 0, held: 0, available: 2 })
    const late = reducer.step(expired.state, confirm("r"), 700)
    expect(late.out).toEqual(expired.out)
    expect(late.state).toEqual(expired.state)
  })

  it("expires a due hold before any input, even when no Tick came first", () => {
    const placed = run(reducer, [
      [restock("i", 2), 0],
      [reserve("r", "i", 2, 500), 100],
    ])
    const { state, out } = reducer.step(placed.state, confirm("r"), 650)
    // The expiry itself, then the confirm's answer: the same final answer.
    expect(reasons(out)).toEqual(["FAILED hold expired", "FAILED hold expired"])
    expect(out[1]).toEqual(out[0])
    expect(state.booked).toBe(0)
  })

  it("expires several due holds earliest deadline first", () => {
    const placed = run(reducer, [
      [restock("i", 10), 0],
      [reserve("late", "i", 1, 300), 0],
      [reserve("early", "i", 1, 100), 0],
    ])
    expect(reducer.deadline?.(placed.state)).toBe(100)
    const { out } = reducer.step(placed.state, tick, 1_000)
    expect(finished(out).map((o) => o.purchase.purchaseId)).toEqual(["early", "late"])
  })

  it("answers confirm or cancel of an unknown id with HoldNotFound and changes nothing", () => {
    const before = at([restock("i", 2)])
    const { state, out } = at([confirm("x"), cancel("x"), confirm("")], before.state)
    expect(out).toEqual([
      { _tag: "HoldNotFound", itemId: "i", purchaseId: "x", command: "Confirm" },
      { _tag: "HoldNotFound", itemId: "i", purchaseId: "x", command: "Cancel" },
      { _tag: "HoldNotFound", itemId: "i", purchaseId: "", command: "Confirm" },
    ])
    expect(state).toEqual(before.state)
  })

  it("answers confirm or cancel of an already final id with its final answer", () => {
    const done = at([restock("i", 5), reserve("r", "i", 1), confirm("r"), buy("p", "i", 1)])
    const again = at([cancel("r"), confirm("r"), confirm("p"), cancel("p")], done.state)
    const [, confirmed, accepted] = done.out
    expect(again.out).toEqual([confirmed, confirmed, accepted, accepted])
    expect(again.state).toEqual(done.state)
  })

  it("honours a live hold after the item is removed", () => {
    const { state, out } = at([
      restock("i", 2),
      reserve("r", "i", 2),
      { _tag: "ItemRemoved", itemId: "i" },
      confirm("r"),
    ])
    expect(reasons(out)).toEqual(["SUCCESS confirmed"])
    expect(stockView(state)).toEqual({ total: 0, sold: 2, held: 0, available: 0 })
  })
})

describe("idempotence by purchaseId", () => {
  it("echoes a pending hold to a repeated reserve or purchase", () => {
    const placed = at([restock("i", 5), reserve("r", "i", 2)])
    const again = at([reserve("r", "i", 2), buy("r", "i", 9)], placed.state)
    expect(again.out).toEqual([placed.out[0], placed.out[0]])
    expect(again.state).toEqual(placed.state)
  })

  it("echoes the first answer even if the repeat differs or stock changed since", () => {
    const first = at([restock("i", 1), buy("p", "i", 2)])
    const again = at([restock("i", 10), buy("p", "i", 1), reserve("p", "i", 1)], first.state)
    expect(again.out).toEqual([first.out[0], first.out[0]])
    expect(again.state.booked).toBe(0)
  })

  it("forgets answers past rememberMs or beyond maxRemembered, oldest first", () => {
    const small = makeReservation({ rememberMs: 100, maxRemembered: 2 })
    const { state } = run(small, [
      [restock("i", 10), 0],
      [buy("a", "i", 1), 10],
      [buy("b", "i", 1), 20],
      [buy("c", "i", 1), 30],
    ])
    expect(answersOf(state.remembered).map((a) => a.purchase.purchaseId)).toEqual(["b", "c"])
    expect(small.deadline?.(state)).toBe(120)
    const purged = small.step(state, tick, 120)
    expect(answersOf(purged.state.remembered).map((a) => a.purchase.purchaseId)).toEqual(["c"])
    // Forgotten, a repeat is a new purchase: retention is the window of idempotence.
    expect(reasons(small.step(purged.state, buy("a", "i", 1), 121).out)).toEqual(["SUCCESS accepted"])
  })

  it("keeps answers in time order when time goes backwards", () => {
    const { state } = run(reducer, [
      [restock("i", 10), 0],
      [buy("a", "i", 1), 500],
      [buy("b", "i", 1), 200],
    ])
    expect(answeredAtOf(state.remembered)).toEqual([500, 500])
  })
})

describe("state lifecycle", () => {
  it("is finished only when it carries nothing", () => {
    expect(reducer.isFinished(reducer.initial)).toBe(true)
    expect(reducer.deadline?.(reducer.initial)).toBeUndefined()
    const unknown = run(reducer, [[buy("p", "nothing", 1), 0]])
    expect(reducer.isFinished(unknown.state)).toBe(false)
    expect(reducer.deadline?.(unknown.state)).toBe(60_000)
    const forgotten = reducer.step(unknown.state, tick, 60_000)
    expect(forgotten.state).toEqual(reducer.initial)
    expect(reducer.isFinished(forgotten.state)).toBe(true)
  })

  it("keeps a sold count while the item exists, as the seed", () => {
    const { state } = run(reducer, [
      [restock("i", 1), 0],
      [buy("p", "i", 1), 0],
      [tick, 1_000_000],
    ])
    expect(answersOf(state.remembered)).toEqual([])
    expect(stockView(state)).toEqual({ total: 1, sold: 1, held: 0, available: 0 })
    expect(reducer.isFinished(state)).toBe(false)
  })

  it("state survives a JSON round trip through its codec unchanged", () => {
    const { state } = at([restock("i", 5), buy("a", "i", 1), reserve("b", "i", 2)])
    const stored = JSON.parse(JSON.stringify(ItemStateCodec.encode(state)))
    expect(ItemStateCodec.decode(stored)).toEqual({ _tag: "Right", right: state })
    // A state that meets JSON.stringify directly is written in a form the codec reads too.
    expect(ItemStateCodec.decode(JSON.parse(JSON.stringify(state)))).toEqual({ _tag: "Right", right: state })
  })

  it("rejects a config value that is not a positive safe integer at construction", () => {
    expect(() => makeReservation({ maxRemembered: 0 })).toThrow(RangeError)
    expect(() => makeReservation({ defaultHoldMs: 1.5 })).toThrow(/defaultHoldMs/)
  })
})

describe("prototype-shaped ids", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "%s works as purchase and item id",
    (id) => {
      const { state, out } = at([
        restock(id, 3),
        buy(id, id, 1),
        buy(id, id, 1),
        reserve("constructor2", id, 1),
        reserve("__proto__2", id, 1),
        confirm("constructor2", id),
        cancel("__proto__2", id),
        confirm("valueOf", id),
      ])
      expect(out.map((o) => (o._tag === "PurchaseFinished" ? o.reason : o._tag))).toEqual([
        "accepted",
        "accepted",
        "Reserved",
        "Reserved",
        "confirmed",
        "cancelled",
        "HoldNotFound",
      ])
      expect(out[1]).toEqual(out[0])
      expect(stockView(state)).toEqual({ total: 3, sold: 2, held: 0, available: 1 })
    },
  )
})
