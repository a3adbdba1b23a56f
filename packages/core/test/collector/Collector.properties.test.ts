// Properties of the collector over arbitrary interleavings (repeats, early Dones, own outcomes,
// Ticks) across a few groups: agreement with the reference model, one outcome per group,
// idempotence, durable state, bounded memory; plus a canary the model check must catch.
import fc from "fast-check"
import { isRight } from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { makeCollector } from "../../src/collector/Collector.ts"
import type { CollectorInput } from "../../src/collector/CollectorInput.ts"
import { type CollectorOutput, isOutcome, type Outcome } from "../../src/collector/CollectorOutput.ts"
import type { GroupState } from "../../src/collector/CollectorState.ts"
import { GroupStateCodec } from "../../src/collector/CollectorStateCodec.ts"
import { type Reducer, tick } from "../../src/Reducer.ts"
import { groupIds, timedInputsArb } from "./CollectorArbitraries.ts"
import { modelOutcome } from "./CollectorModel.ts"
import { runKeyed, type TimedInput } from "./KeyedRun.ts"

type Collector = Reducer<GroupState, CollectorInput, CollectorOutput>

// Short TTLs so timeouts and hold expiries happen; retention longer than any generated run.
const config = { defaultTtlSeconds: 3, resolvedRetentionMs: 10 ** 12, maxHeldDones: 1_000 }
const collector = makeCollector(config)

const run = (
  reducer: Collector,
  inputs: ReadonlyArray<TimedInput<CollectorInput>>,
  store?: (s: GroupState) => GroupState,
) => runKeyed(reducer, inputs, store === undefined ? { tick } : { tick, store })

const outcomesOf = (reducer: Collector, inputs: ReadonlyArray<TimedInput<CollectorInput>>) =>
  run(reducer, inputs).outputs.flatMap(({ key, output }) => (isOutcome(output) ? [{ key, output }] : []))

const agreesWithModel = (reducer: Collector) =>
  fc.property(timedInputsArb, (inputs) => {
    const outcomes = outcomesOf(reducer, inputs)
    for (const group of groupIds) {
      const expected: Array<Outcome> = []
      const model = modelOutcome(config, inputs, group)
      if (model !== undefined) expected.push(model)
      expect(outcomes.filter((o) => o.key === group).map((o) => o.output)).toEqual(expected)
    }
  })

// Deliberately broken: checks completeness before the error, so a completing Done with an error succeeds.
const completionBeforeError: Collector = {
  ...collector,
  step: (state, input, now) => {
    if (input._tag === "EntityDone" && input.error !== undefined) {
      const { error: _ignored, ...clean } = input
      const completed = collector.step(state, clean, now)
      if (completed.out.some((o) => o._tag === "Success")) return completed
    }
    return collector.step(state, input, now)
  },
}

describe("collector properties", () => {
  it("agrees with the reference model for every group (outcome, entity, error, results, times)", () => {
    fc.assert(agreesWithModel(collector))
  })

  it("canary: the model check catches a collector that checks completion before errors", () => {
    const result = fc.check(agreesWithModel(completionBeforeError))
    expect(result.failed).toBe(true)
  })

  it("gives every group at most one outcome, and only a group that was created", () => {
    fc.assert(
      fc.property(timedInputsArb, (inputs) => {
        const outcomes = outcomesOf(collector, inputs)
        for (const group of groupIds) {
          const own = outcomes.filter((o) => o.key === group)
          expect(own.length).toBeLessThanOrEqual(1)
          if (own.length === 1) {
            expect(own[0]?.output.id).toBe(group)
            expect(inputs.some(({ input }) => input._tag === "Create" && input.id === group)).toBe(true)
          }
        }
      }),
    )
  })

  it("is idempotent: delivering every record twice gives the same outcomes", () => {
    fc.assert(
      fc.property(timedInputsArb, (inputs) => {
        const twice = inputs.flatMap((input) => [input, input])
        expect(outcomesOf(collector, twice)).toEqual(outcomesOf(collector, inputs))
      }),
    )
  })

  it("ignores its own outcomes read back from the topic (they act like a Tick that is not due)", () => {
    fc.assert(
      fc.property(timedInputsArb, (inputs) => {
        const ticked = inputs.map((timed) =>
          timed.input._tag === "Ignored" ? { ...timed, input: tick } : timed,
        )
        expect(outcomesOf(collector, inputs)).toEqual(outcomesOf(collector, ticked))
      }),
    )
  })

  it("behaves the same when every state is stored as JSON and decoded back", () => {
    const throughJson = (state: GroupState): GroupState => {
      const decoded = GroupStateCodec.decode(JSON.parse(JSON.stringify(state)))
      if (!isRight(decoded)) throw new Error("state did not decode")
      return decoded.right
    }
    fc.assert(
      fc.property(timedInputsArb, (inputs) => {
        expect(run(collector, inputs, throughJson).outputs).toEqual(run(collector, inputs).outputs)
      }),
    )
  })

  it("finishes every key: a resolved group is kept for the retention, then deleted", () => {
    const retentionMs = 2_000
    const forgetful = makeCollector({ ...config, resolvedRetentionMs: retentionMs })
    fc.assert(
      fc.property(timedInputsArb, (inputs) => {
        const { outputs, states, deletions, drainTicks } = run(forgetful, inputs)
        expect([...states.keys()]).toEqual([])
        expect(drainTicks).toBeLessThanOrEqual(inputs.length * 2 + groupIds.length)
        for (const { seq, key, now, output } of outputs) {
          if (!isOutcome(output)) continue
          const deletion = deletions.find((d) => d.key === key && d.seq > seq)
          expect(deletion?.now).toBeGreaterThanOrEqual(now + retentionMs)
          const between = outputs.filter((o) => o.key === key && o.now > now && o.now < now + retentionMs)
          expect(between.filter((o) => isOutcome(o.output))).toEqual([])
        }
      }),
    )
  })
})
