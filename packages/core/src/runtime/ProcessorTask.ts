// The task of one processor partition: decode, look up, step the reducer per key over a hot-state
// cache, fire due timers with Tick, route outputs, and commit state, timers, offsets and outputs
// once per batch. A bad record is dead-lettered; only store and log failures end the task.
import { Clock, Effect } from "effect"
import { isLeft } from "fp-ts/lib/Either.js"
import { type Step, tick } from "../Reducer.ts"
import {
  dlqTopic,
  type Input,
  type Processor,
  processorGroup,
  repartitionTopic,
  sourceTopicHeader,
} from "../Topology.ts"
import { deadLetter, describeThrown } from "./DeadLetter.ts"
import type { DriverSettings } from "./DriverSettings.ts"
import type { ConsumedOffset, LogRecord, ProducerRecord } from "./Records.ts"
import { StateStore, type StateWrite, type TimerWrite } from "./StateStore.ts"
import { loadPositions, pollMerged, type Task, type TaskKind } from "./Task.ts"

/** The topics a processor's tasks consume: its inputs that need no re-keying, then its repartition topic. */
export const processorTopics = (
  app: string,
  p: Processor<unknown, unknown, unknown>,
): ReadonlyArray<string> => {
  const direct = p.inputs.filter((i) => i.rekey === undefined).map((i) => i.topic)
  return p.inputs.some((i) => i.rekey !== undefined) ? [...direct, repartitionTopic(app, p.name)] : direct
}

/** The task kind of a processor; outputs to topics outside `routable` are dropped with a warning. */
export const processorTaskKind = (
  app: string,
  p: Processor<unknown, unknown, unknown>,
  routable: ReadonlySet<string>,
  settings: DriverSettings,
): TaskKind => {
  const group = processorGroup(app, p.name)
  const topics = processorTopics(app, p)
  const repartition = repartitionTopic(app, p.name)
  const dlq = dlqTopic(app)
  const inputByTopic = new Map<string, Input<unknown>>(p.inputs.map((i) => [i.topic, i]))
  const reducer = p.reducer

  const start = (partition: number) =>
    Effect.gen(function* () {
      const positions = yield* loadPositions(group, topics, partition)
      // Hot states: committed (or, during a batch, pending) state per key; `undefined` = initial.
      const cache = new Map<string, unknown>()

      const runBatch = Effect.gen(function* () {
        const store = yield* StateStore
        const now = yield* Clock.currentTimeMillis
        const records = yield* pollMerged(positions, partition, settings.maxBatchRecords)
        const dirty = new Set<string>()
        const timers = new Map<string, number | null>()
        const outputs: Array<ProducerRecord> = []
        const next = new Map(positions)

        // A key's state: cached, else stored, else initial (`undefined`); a stored state that does
        // not decode is reported, so only the records of that key are dead-lettered.
        const load = (key: string) =>
          Effect.gen(function* () {
            if (cache.has(key)) return { state: cache.get(key) }
            const bytes = yield* store.get({ store: p.store, partition, key })
            if (bytes === undefined) return { state: undefined }
            const decoded = p.state.decode(bytes)
            return isLeft(decoded)
              ? { error: `stored state of ${key} does not decode: ${decoded.left}` }
              : { state: decoded.right as unknown }
          })

        // Steps one key; answers an error text instead of applying anything when something throws.
        const stepKey = (key: string, input: unknown, stored: unknown): string | undefined => {
          let step: Step<unknown, unknown>
          const routed: Array<ProducerRecord> = []
          try {
            step = reducer.step(stored === undefined ? reducer.initial : stored, input, now)
            for (const out of step.out) for (const r of p.route(out, key)) routed.push(r)
          } catch (thrown) {
            return `processing failed: ${describeThrown(thrown)}`
          }
          for (const r of routed)
            if (routable.has(r.topic)) outputs.push(r)
            else unroutable.add(r.topic)
          const finished = reducer.isFinished(step.state)
          cache.set(key, finished ? undefined : step.state)
          dirty.add(key)
          const due = finished ? undefined : reducer.deadline?.(step.state)
          timers.set(key, due ?? null)
          return undefined
        }

        const dropped: Array<string> = []
        const unroutable = new Set<string>()
        for (const record of records) {
          next.set(record.topic, record.offset + 1)
          const failure = yield* processRecord(record)
          if (failure !== undefined) outputs.push(deadLetter(dlq, record, failure))
        }

        function processRecord(record: LogRecord) {
          return Effect.gen(function* () {
            const source = record.topic === repartition ? record.headers[sourceTopicHeader] : record.topic
            const input = source === undefined ? undefined : inputByTopic.get(source)
            if (input === undefined) return `no input decodes records of ${source ?? "an unnamed topic"}`
            if (record.key === null) return "record has no key"
            let value: unknown
            let wanted: ReadonlyArray<{ readonly store: string; readonly key: string }> = []
            try {
              const decoded = input.decode(record.key, record.value, {
                topic: source!,
                partition: record.partition,
                offset: record.offset,
                timestamp: record.timestamp,
                headers: record.headers,
              })
              if (isLeft(decoded)) return `undecodable: ${decoded.left}`
              value = decoded.right
              if (p.lookup !== undefined) wanted = p.lookup.keys(value, record.key)
            } catch (thrown) {
              return `undecodable: ${describeThrown(thrown)}`
            }
            if (p.lookup !== undefined) {
              const rows = yield* Effect.forEach(wanted, (w) =>
                store.get({ store: w.store, partition, key: w.key }),
              )
              try {
                value = p.lookup.attach(value, rows)
              } catch (thrown) {
                return `lookup failed: ${describeThrown(thrown)}`
              }
            }
            const loaded = yield* load(record.key)
            if ("error" in loaded) return loaded.error
            return stepKey(record.key, value, loaded.state)
          })
        }

        // Fire due timers: committed ones not rewritten in this batch, and this batch's own ones.
        let fired = 0
        if (reducer.deadline !== undefined) {
          const due = new Map<string, number>()
          for (const t of yield* store.dueTimers(p.store, partition, now, settings.maxTimersPerBatch))
            if (!timers.has(t.key)) due.set(t.key, t.dueAt)
          for (const [key, dueAt] of timers) if (dueAt !== null && dueAt <= now) due.set(key, dueAt)
          const order = [...due.entries()].sort((a, b) => a[1] - b[1])
          for (const [key] of order) {
            const loaded = yield* load(key)
            const stored = "error" in loaded ? undefined : loaded.state
            if ("error" in loaded) dropped.push(loaded.error)
            const deadline = stored === undefined ? undefined : reducer.deadline(stored)
            if (deadline !== undefined && deadline <= now) {
              const failure = stepKey(key, tick, stored)
              if (failure !== undefined) {
                dropped.push(`${key}: ${failure}`)
                timers.set(key, null)
              }
            } else timers.set(key, deadline ?? null)
            fired++
          }
        }

        if (records.length === 0 && fired === 0) return 0
        const writes: Array<StateWrite> = [...dirty].map((key) => {
          const state = cache.get(key)
          return { store: p.store, partition, key, value: state === undefined ? null : p.state.encode(state) }
        })
        const timerWrites: Array<TimerWrite> = [...timers].map(([key, dueAt]) => ({
          store: p.store,
          partition,
          key,
          dueAt,
        }))
        const offsets: Array<ConsumedOffset> = [...next]
          .filter(([topic, offset]) => positions.get(topic) !== offset)
          .map(([topic, offset]) => ({ group, topic, partition, offset }))
        yield* store.commit({ writes, timers: timerWrites, offsets, outputs })
        for (const [topic, offset] of next) positions.set(topic, offset)
        if (cache.size > settings.maxCachedKeys) cache.clear()
        for (const message of dropped)
          yield* Effect.logWarning(`timer of ${p.name}/${partition} failed: ${message}`)
        for (const topic of unroutable)
          yield* Effect.logWarning(`${p.name}: outputs to undeclared topic ${topic} were dropped`)
        return records.length + fired
      })

      return { id: `${group}/${partition}`, runBatch } satisfies Task
    })

  return { group, topics, start }
}
