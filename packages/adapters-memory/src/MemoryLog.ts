// PartitionedLog over the shared memory engine: Kafka's model without a broker, for tests and
// simulation. Appends are immediate; groups rebalance synchronously on every join and leave.
import { type Assignment, LogError, PartitionedLog, TopologyError } from "@streamfold/core/runtime"
import { Clock, Effect, Layer, SubscriptionRef } from "effect"
import { MemoryEngine, type MemoryEngineState } from "./MemoryEngine.ts"

const logError = (operation: string, message: string): LogError =>
  new LogError({ operation, retriable: false, message })

const make = (engine: MemoryEngineState): PartitionedLog["Service"] => ({
  createTopics: (specs) =>
    Effect.suspend(() => {
      for (const spec of specs) {
        const error = engine.createTopic(spec)
        if (error !== undefined) return Effect.fail(error)
      }
      return Effect.void
    }),
  partitions: (topic) =>
    Effect.suspend(() => {
      const state = engine.topics.get(topic)
      return state === undefined
        ? Effect.fail(new TopologyError({ message: `unknown topic ${topic}` }))
        : Effect.succeed(state.partitions.length)
    }),
  append: (records) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const result = engine.appendAll(records, now)
      return typeof result === "string" ? Effect.fail(logError("append", result)) : Effect.succeed(result)
    }),
  poll: (topic, partition, offset, max) =>
    Effect.suspend(() => {
      const fault = engine.pollFaults.shift()
      if (fault !== undefined) return Effect.fail(fault)
      const result = engine.poll(topic, partition, offset, max)
      return typeof result === "string" ? Effect.fail(logError("poll", result)) : Effect.succeed(result)
    }),
  endOffset: (topic, partition) =>
    Effect.suspend(() => {
      const log = engine.topics.get(topic)?.partitions[partition]
      return log === undefined
        ? Effect.fail(logError("endOffset", `unknown partition ${topic}/${partition}`))
        : Effect.succeed(log.length)
    }),
  startOffset: (topic, partition) =>
    Effect.suspend(() =>
      engine.topics.get(topic)?.partitions[partition] === undefined
        ? Effect.fail(logError("startOffset", `unknown partition ${topic}/${partition}`))
        : Effect.succeed(0),
    ),
  join: (group, topics, member) =>
    Effect.gen(function* () {
      const counts = new Set<number>()
      for (const topic of topics) {
        const state = engine.topics.get(topic)
        if (state === undefined) return yield* new TopologyError({ message: `unknown topic ${topic}` })
        counts.add(state.partitions.length)
      }
      if (counts.size !== 1)
        return yield* new TopologyError({
          message: `group ${group}: co-partitioned topics ${topics.join(", ")} disagree on partitions`,
        })
      const partitions = [...counts][0]!
      let state = engine.groups.get(group)
      if (state === undefined) {
        state = { topics, partitions, generation: 0, members: new Map(), moves: new Map() }
        engine.groups.set(group, state)
      } else if (state.partitions !== partitions)
        return yield* new TopologyError({
          message: `group ${group} already spans ${state.partitions} partitions`,
        })
      if (state.members.has(member.memberId))
        return yield* logError("join", `member ${member.memberId} is already in group ${group}`)
      const group_ = state
      const empty: Assignment = { generation: group_.generation, partitions: [], members: [] }
      const ref = yield* SubscriptionRef.make(empty)
      yield* Effect.acquireRelease(
        Effect.suspend(() => {
          group_.members.set(member.memberId, { member, ref })
          return engine.rebalance(group_)
        }),
        () =>
          Effect.suspend(() => {
            group_.members.delete(member.memberId)
            return engine.rebalance(group_)
          }),
      )
      return { current: SubscriptionRef.get(ref), changes: SubscriptionRef.changes(ref) }
    }),
})

/** The memory log over the engine in context. */
export const layerFromEngine: Layer.Layer<PartitionedLog, never, MemoryEngine> = Layer.effect(
  PartitionedLog,
  Effect.map(MemoryEngine, make),
)
