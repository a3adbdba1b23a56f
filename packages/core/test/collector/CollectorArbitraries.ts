// fast-check generators for the collector: timed inputs over a few groups and entities (with
// prototype-polluting ids), frequent repeats, early Dones, errors and Ticks; and wire messages.
import fc from "fast-check"
import type { CollectorInput, Create, EntityDone } from "../../src/collector/CollectorInput.ts"
import type { CollectorMessage, Results } from "../../src/collector/CollectorMessage.ts"
import type { Json } from "../../src/collector/Json.ts"
import { tick } from "../../src/Reducer.ts"
import type { TimedInput } from "./KeyedRun.ts"

/** Group ids used by the generators, including ones that would pollute a prototype. */
export const groupIds = ["g1", "g2", "g3", "__proto__", "constructor"] as const
/** Entity ids used by the generators. */
export const entityIds = ["a", "b", "c", "__proto__", "constructor"] as const

/** 2020-07-17T23:38:21Z, the seed's example time. */
export const startMs = 1_595_029_101_000

const payloadArb: fc.Arbitrary<Json> = fc.constantFrom<Json>(null, "p", { k: [1, true] }, { z: 1, a: "<&>" })

/** A Create with a small expected list and a TTL of a few seconds (or none / ≤ 0). */
export const createArb: fc.Arbitrary<Create> = fc
  .record({
    id: fc.constantFrom(...groupIds),
    expected: fc.array(fc.constantFrom(...entityIds), { maxLength: 3 }),
    ttl: fc.option(fc.constantFrom(-1, 0, 1, 2, 10), { nil: undefined }),
    payload: payloadArb,
  })
  .map(({ ttl, ...rest }) => ({ _tag: "Create", ...rest, ...(ttl === undefined ? {} : { ttl }) }))

/** An EntityDone, often with an error (empty error text means none). */
export const doneArb: fc.Arbitrary<EntityDone> = fc
  .record({
    id: fc.constantFrom(...entityIds),
    group: fc.constantFrom(...groupIds),
    result: fc.constantFrom<Json>(null, 1, { x: "y" }),
    error: fc.option(fc.constantFrom("boom", "", "bad"), { nil: undefined, freq: 2 }),
  })
  .map(({ error, ...rest }) => ({ _tag: "EntityDone", ...rest, ...(error === undefined ? {} : { error }) }))

const stepArb = fc.record({
  advanceMs: fc.oneof(
    { weight: 2, arbitrary: fc.constant(0) },
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 600 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 6000 }) },
  ),
  repeat: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
  follow: fc.boolean(),
  tickKey: fc.constantFrom(...groupIds),
  input: fc.oneof(
    { weight: 3, arbitrary: createArb },
    { weight: 6, arbitrary: doneArb },
    {
      weight: 1,
      arbitrary: fc.record({
        _tag: fc.constant("Ignored" as const),
        id: fc.constantFrom(...groupIds),
        type: fc.constantFrom("EventGroupCollectorSuccess" as const, "EventGroupCollectorFailure" as const),
      }),
    },
    { weight: 1, arbitrary: fc.constant(tick) },
  ),
})

/** The key a test driver files an input under. */
export const keyOfInput = (input: CollectorInput, tickKey: string): string =>
  input._tag === "EntityDone" ? input.group : input._tag === "Tick" ? tickKey : input.id

// Half the Dones report on the latest Create's group, for its expected entities in turn, so groups complete.
const following = (input: CollectorInput, latest: Create | undefined, turn: number): CollectorInput => {
  if (input._tag !== "EntityDone" || latest === undefined) return input
  const id =
    latest.expected.length > 0 ? (latest.expected[turn % latest.expected.length] ?? input.id) : input.id
  return { ...input, group: latest.id, id }
}

/** Timed inputs in time order; about one in five repeats an earlier input verbatim. */
export const timedInputsArb: fc.Arbitrary<Array<TimedInput<CollectorInput>>> = fc
  .array(stepArb, { maxLength: 40, size: "medium" })
  .map((steps) => {
    const timed: Array<TimedInput<CollectorInput>> = []
    let now = startMs
    let latest: Create | undefined
    let turn = 0
    for (const step of steps) {
      now += step.advanceMs
      const earlier =
        step.repeat === null || timed.length === 0 ? undefined : timed[step.repeat % timed.length]
      const input = earlier?.input ?? (step.follow ? following(step.input, latest, turn++) : step.input)
      if (input._tag === "Create" && input !== latest) {
        latest = input
        turn = 0
      }
      timed.push({ now, key: earlier?.key ?? keyOfInput(input, step.tickKey), input })
    }
    return timed
  })

const idArb = fc.oneof(fc.constantFrom("", "__proto__", "constructor", "A0CABCA1"), fc.string())
const jsonArb: fc.Arbitrary<Json> = fc.jsonValue() as fc.Arbitrary<Json>
const resultsArb: fc.Arbitrary<Results> = fc
  .array(fc.tuple(idArb, jsonArb), { maxLength: 4 })
  .map((pairs) => Object.assign(Object.create(null), Object.fromEntries(pairs)))
const timeTextArb = fc
  .integer({ min: 0, max: 4_102_444_800 })
  .map((s) => new Date(s * 1000).toISOString().replace(".000Z", "Z"))

/** Any well-formed message of the four types, normalised as the decoder produces it. */
export const messageArb: fc.Arbitrary<CollectorMessage> = fc.oneof(
  fc
    .record({
      id: idArb,
      sender: fc.option(idArb, { nil: undefined }),
      expected: fc.array(idArb, { maxLength: 4 }),
      ttl: fc.option(fc.integer({ min: -10, max: 100_000 }), { nil: undefined }),
      payload: jsonArb,
      handler: fc.option(
        fc
          .array(
            fc.tuple(
              idArb,
              fc.option(fc.record({ topic: fc.string(), payload: jsonArb }, { requiredKeys: [] }), {
                nil: null,
              }),
            ),
            { maxLength: 2 },
          )
          .map((pairs) => Object.assign(Object.create(null), Object.fromEntries(pairs))),
        { nil: undefined },
      ),
    })
    .map(({ sender, ttl, handler, ...rest }) => ({
      type: "EventGroupCollectorCreate" as const,
      ...rest,
      ...(sender === undefined ? {} : { sender }),
      ...(ttl === undefined ? {} : { ttl }),
      ...(handler === undefined ? {} : { handler }),
    })),
  fc
    .record({
      id: idArb,
      sender: fc.option(idArb, { nil: undefined }),
      group: idArb,
      result: jsonArb,
      error: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
    })
    .map(({ sender, error, ...rest }) => ({
      type: "EventGroupCollectorEntityDone" as const,
      ...rest,
      ...(sender === undefined ? {} : { sender }),
      ...(error === undefined ? {} : { error }),
    })),
  fc.record({
    type: fc.constant("EventGroupCollectorSuccess" as const),
    id: idArb,
    created: timeTextArb,
    resolved: timeTextArb,
    results: resultsArb,
    payload: jsonArb,
  }),
  fc.record({
    type: fc.constant("EventGroupCollectorFailure" as const),
    id: idArb,
    entity: idArb,
    error: fc.string(),
    created: timeTextArb,
    resolved: timeTextArb,
    results: resultsArb,
    payload: jsonArb,
  }),
)
