// Arbitrary scenarios for one item's reservations, and a driver-like runner: time advances, due
// Ticks fire (or are skipped, so expiry also happens lazily), inputs step; each step is observed.
import fc from "fast-check"
import { type Reducer, tick } from "../../src/Reducer.ts"
import type { ItemState, ReservationInput, ReservationOutput } from "../../src/reservation/index.ts"

export type ItemReducer = Reducer<ItemState, ReservationInput, ReservationOutput>

export interface Move {
  readonly dt: number
  /** Whether the driver fires a due Tick before the input (otherwise expiry happens lazily). */
  readonly driverTicks: boolean
  readonly input: ReservationInput
}
export interface Scenario {
  readonly itemId: string
  readonly moves: ReadonlyArray<Move>
}

// Mostly fresh ids, some repeats, and the awkward ones.
const purchaseIdArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 25 }).map((n) => `p${n}`) },
  { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "") },
)

const inputArb = (itemId: string): fc.Arbitrary<ReservationInput> => {
  const id = purchaseIdArb
  const quantity = fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 1, max: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5) },
  )
  const purchase = fc.record({
    purchaseId: id,
    itemId: fc.oneof(
      { weight: 19, arbitrary: fc.constant(itemId) },
      { weight: 1, arbitrary: fc.constant("") },
    ),
    quantity,
    purchasedBy: fc.constantFrom("u1", "u2"),
  })
  const holdMs = fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -3, 2.5) },
  )
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          { weight: 9, arbitrary: fc.integer({ min: 0, max: 8 }) },
          { weight: 1, arbitrary: fc.constant(-1) },
        )
        .map((q): ReservationInput => ({ _tag: "Restock", item: { itemId, description: "d", quantity: q } })),
    },
    { weight: 1, arbitrary: fc.constant<ReservationInput>({ _tag: "ItemRemoved", itemId }) },
    { weight: 4, arbitrary: purchase.map((p): ReservationInput => ({ _tag: "Purchase", purchase: p })) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(purchase, holdMs)
        .map(
          ([p, ms]): ReservationInput =>
            ms === undefined
              ? { _tag: "Reserve", purchase: p }
              : { _tag: "Reserve", purchase: p, holdMs: ms },
        ),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom("Confirm" as const, "Cancel" as const), id)
        .map(([tag, purchaseId]): ReservationInput => ({ _tag: tag, itemId, purchaseId })),
    },
    { weight: 1, arbitrary: fc.constant<ReservationInput>(tick) },
  )
}

/** Up to 60 moves on one item, mostly valid, with duplicates, invalid input and awkward ids. */
export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .constantFrom("i", "__proto__", "constructor")
  .chain((itemId) =>
    fc.record({
      itemId: fc.constant(itemId),
      moves: fc.array(
        fc.record({
          dt: fc.oneof(
            { weight: 3, arbitrary: fc.constant(0) },
            { weight: 5, arbitrary: fc.integer({ min: 1, max: 5 }) },
            { weight: 1, arbitrary: fc.integer({ min: 10, max: 80 }) },
          ),
          driverTicks: fc.boolean(),
          input: inputArb(itemId),
        }),
        { maxLength: 60, size: "max" },
      ),
    }),
  )

/** One step as the runner saw it. */
export interface Observed {
  readonly before: ItemState
  readonly input: ReservationInput
  readonly now: number
  readonly after: ItemState
  readonly out: ReadonlyArray<ReservationOutput>
}

/** Runs a scenario from the initial state, reporting every step; returns the last state. */
export const play = (reducer: ItemReducer, scenario: Scenario, observe: (o: Observed) => void): ItemState => {
  let state = reducer.initial
  let now = 1_000
  const feed = (input: ReservationInput) => {
    const { state: after, out } = reducer.step(state, input, now)
    observe({ before: state, input, now, after, out })
    state = after
  }
  for (const move of scenario.moves) {
    now += move.dt
    const due = reducer.deadline?.(state)
    if (move.driverTicks && due !== undefined && due <= now) feed(tick)
    feed(move.input)
  }
  return state
}
