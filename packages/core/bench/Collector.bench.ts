// Throughput of the collector reducer over 10,000 groups with a realistic mix: Creates with 3–5
// expected entities, Dones in random order (some repeated, some early), entity errors, groups left
// to time out, the collector's own outcomes read back, and the Ticks a driver fires at deadlines.

import type { CollectorInput, Outcome } from "../src/collector/index.ts"
import { decodeMessage, encodeOutcome, makeCollector } from "../src/collector/index.ts"
import { tick } from "../src/Reducer.ts"
import { type BenchSuite, type KeyedInput, reducerThroughput } from "./ReducerThroughput.ts"
import { seededRandom } from "./SeededRandom.ts"

const groups = 10_000
const ttlSeconds = 30
const retentionMs = 60_000

const generate = (): Array<KeyedInput<CollectorInput>> => {
  const random = seededRandom(20_200_717)
  const int = (n: number) => Math.floor(random() * n)
  const events: Array<KeyedInput<CollectorInput> & { readonly order: number }> = []
  const push = (key: string, input: CollectorInput, now: number) =>
    events.push({ key, input, now, order: events.length })
  const start = 1_595_029_101_000
  for (let g = 0; g < groups; g++) {
    const id = `group-${g}`
    const created = start + g * 2 // 500 new groups a second, ~60 open at once
    const expected = Array.from({ length: 3 + int(3) }, (_, e) => `${id}-entity-${e}`)
    const roll = random()
    const fails = roll < 0.05 // an entity reports an error
    const timesOut = roll >= 0.05 && roll < 0.12 // one entity never reports
    const early = random() < 0.03 // the first Done overtakes the Create
    push(id, { _tag: "Create", id, expected, ttl: ttlSeconds, payload: { order: g, kind: "batch" } }, created)
    let resolved = created
    const reporting = timesOut ? expected.slice(1) : expected
    reporting.forEach((entity, i) => {
      const now = early && i === 0 ? created - 5 : created + 1 + int(2_000)
      const error = fails && i === reporting.length - 1 ? { error: "worker crashed" } : {}
      const done: CollectorInput = {
        _tag: "EntityDone",
        id: entity,
        group: id,
        result: { ok: true, n: i },
        ...error,
      }
      push(id, done, now)
      if (random() < 0.05) push(id, done, now + int(500)) // redelivered
      resolved = Math.max(resolved, now)
    })
    if (timesOut) {
      resolved = created + ttlSeconds * 1000
      push(id, tick, resolved)
    }
    const outcomeType = fails || timesOut ? "EventGroupCollectorFailure" : "EventGroupCollectorSuccess"
    push(id, { _tag: "Ignored", id, type: outcomeType }, resolved + 5) // our own outcome, read back
    push(id, tick, resolved + retentionMs) // retention over: the key is deleted
  }
  // Early Dones are held from before the Create; order by time, then by generation.
  events.sort((a, b) => a.now - b.now || a.order - b.order)
  return events.map(({ key, input, now }) => ({ key, input, now }))
}

// Records per second through a codec function, best of a few rounds.
const codecThroughput = <A>(items: ReadonlyArray<A>, f: (item: A) => unknown, rounds = 5): number => {
  let best = 0
  for (let round = 0; round <= rounds; round++) {
    const started = process.hrtime.bigint()
    for (const item of items) f(item)
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    if (round > 0) best = Math.max(best, items.length / seconds)
  }
  return best
}

const suite: BenchSuite = {
  name: "Collector reducer",
  run: async () => {
    const data = generate()
    const reducer = makeCollector({ defaultTtlSeconds: ttlSeconds, resolvedRetentionMs: retentionMs })
    const outcomes: Array<Outcome> = []
    const states = new Map()
    for (const { key, input, now } of data) {
      const { state, out } = reducer.step(states.get(key) ?? reducer.initial, input, now)
      for (const o of out) if (o._tag === "Success" || o._tag === "Failure") outcomes.push(o)
      if (reducer.isFinished(state)) states.delete(key)
      else states.set(key, state)
    }
    const texts = outcomes.map(encodeOutcome)
    return [
      {
        name: `inputs/s (10,000 groups, ${data.length.toLocaleString("en-US")} inputs)`,
        value: reducerThroughput(reducer, data),
        unit: "inputs/s",
      },
      {
        name: "outcomes encoded (exact seed JSON)",
        value: codecThroughput(outcomes, encodeOutcome),
        unit: "records/s",
      },
      {
        name: "records decoded (JSON text → message)",
        value: codecThroughput(texts, decodeMessage),
        unit: "records/s",
      },
      { name: "keys left after the run (should be 0)", value: states.size, unit: "keys" },
    ]
  },
}

export default suite
