// The one in-process engine behind MemoryLog and MemoryStore: topics, store slices, timers,
// committed offsets and groups share it, so a commit appends outputs and moves offsets atomically.
// It also holds the fault hooks tests use: crashes, failed polls, duplicate delivery, reassignment.

import { partitionForKey } from "@streamfold/core"
import type {
  Assignment,
  CommitUnit,
  DueTimer,
  GroupMember,
  LogRecord,
  ProducerRecord,
  RecordPosition,
  StoreEntry,
  TopicSpec,
} from "@streamfold/core/runtime"
import { LogError, TopologyError } from "@streamfold/core/runtime"
import { Context, Effect, Layer, SubscriptionRef } from "effect"
import { assignPartitions } from "./MemoryGroups.ts"
import { compareUtf8 } from "./MemoryKeyOrder.ts"

interface TopicState {
  readonly spec: TopicSpec
  readonly partitions: Array<Array<LogRecord>>
}

interface MemberState {
  readonly member: GroupMember
  readonly ref: SubscriptionRef.SubscriptionRef<Assignment>
}

interface GroupState {
  readonly topics: ReadonlyArray<string>
  readonly partitions: number
  generation: number
  readonly members: Map<string, MemberState>
  readonly moves: Map<number, string>
}

/** What the next commit does instead of succeeding: fail before applying, or apply then fail. */
export type CommitFault = "crashBeforeCommit" | "crashAfterCommit"

const sliceId = (store: string, partition: number): string => `${store}\u0000${partition}`
const offsetId = (group: string, topic: string, partition: number): string =>
  `${group}\u0000${topic}\u0000${partition}`

/** The shared in-memory state and its synchronous operations. */
export class MemoryEngineState {
  readonly topics = new Map<string, TopicState>()
  readonly slices = new Map<string, Map<string, Uint8Array>>()
  readonly timers = new Map<string, Map<string, number>>()
  readonly offsets = new Map<string, number>()
  readonly groups = new Map<string, GroupState>()
  readonly commitFaults: Array<CommitFault> = []
  readonly pollFaults: Array<LogError> = []
  readonly redeliveries = new Map<string, number>()
  /** Commits applied so far (fault-injected ones that applied included). */
  commits = 0

  createTopic(spec: TopicSpec): TopologyError | undefined {
    const existing = this.topics.get(spec.name)
    if (existing !== undefined) {
      return existing.spec.partitions === spec.partitions
        ? undefined
        : new TopologyError({
            message: `topic ${spec.name} has ${existing.spec.partitions} partitions, not ${spec.partitions}`,
          })
    }
    if (!Number.isSafeInteger(spec.partitions) || spec.partitions < 1)
      return new TopologyError({ message: `topic ${spec.name}: partitions must be ≥ 1` })
    this.topics.set(spec.name, {
      spec,
      partitions: Array.from({ length: spec.partitions }, () => []),
    })
    return undefined
  }

  /** Where a record goes, or why it cannot go anywhere. */
  place(record: ProducerRecord): { readonly log: Array<LogRecord>; readonly partition: number } | string {
    const topic = this.topics.get(record.topic)
    if (topic === undefined) return `unknown topic ${record.topic}`
    const count = topic.partitions.length
    let partition: number
    if (record.partition !== undefined) partition = record.partition
    else if (record.key !== null) partition = partitionForKey(record.key, count)
    else partition = 0
    if (!Number.isSafeInteger(partition) || partition < 0 || partition >= count)
      return `partition ${partition} out of range for ${record.topic} (${count} partitions)`
    return { log: topic.partitions[partition]!, partition }
  }

  /** Appends records already validated by `place`. */
  appendAll(records: ReadonlyArray<ProducerRecord>, now: number): Array<RecordPosition> | string {
    const places = records.map((r) => this.place(r))
    const bad = places.find((p) => typeof p === "string")
    if (typeof bad === "string") return bad
    return records.map((record, i) => {
      const { log, partition } = places[i] as { log: Array<LogRecord>; partition: number }
      const offset = log.length
      log.push({
        topic: record.topic,
        partition,
        offset,
        key: record.key,
        value: record.value === null ? null : Uint8Array.from(record.value),
        timestamp: record.timestamp ?? now,
        headers: { ...record.headers },
      })
      return { topic: record.topic, partition, offset }
    })
  }

  poll(topic: string, partition: number, offset: number, max: number): ReadonlyArray<LogRecord> | string {
    const log = this.topics.get(topic)?.partitions[partition]
    if (log === undefined) return `unknown partition ${topic}/${partition}`
    const id = offsetId("", topic, partition)
    const back = this.redeliveries.get(id)
    if (back !== undefined) this.redeliveries.delete(id)
    const from = Math.max(0, offset - (back ?? 0))
    return log.slice(from, from + Math.max(0, max))
  }

  slice(store: string, partition: number): Map<string, Uint8Array> {
    const id = sliceId(store, partition)
    let slice = this.slices.get(id)
    if (slice === undefined) {
      slice = new Map()
      this.slices.set(id, slice)
    }
    return slice
  }

  timerSlice(store: string, partition: number): Map<string, number> {
    const id = sliceId(store, partition)
    let slice = this.timers.get(id)
    if (slice === undefined) {
      slice = new Map()
      this.timers.set(id, slice)
    }
    return slice
  }

  range(store: string, partition: number, from?: string, to?: string): ReadonlyArray<StoreEntry> {
    const entries: Array<StoreEntry> = []
    for (const [key, value] of this.slice(store, partition)) {
      if (from !== undefined && compareUtf8(key, from) < 0) continue
      if (to !== undefined && compareUtf8(key, to) > 0) continue
      entries.push({ key, value: Uint8Array.from(value) })
    }
    return entries.sort((a, b) => compareUtf8(a.key, b.key))
  }

  dueTimers(store: string, partition: number, now: number, max: number): ReadonlyArray<DueTimer> {
    const due: Array<DueTimer> = []
    for (const [key, dueAt] of this.timerSlice(store, partition))
      if (dueAt <= now) due.push({ store, partition, key, dueAt })
    due.sort((a, b) => a.dueAt - b.dueAt || compareUtf8(a.key, b.key))
    return due.slice(0, Math.max(0, max))
  }

  committedOffset(group: string, topic: string, partition: number): number {
    return this.offsets.get(offsetId(group, topic, partition)) ?? 0
  }

  /** Why a unit cannot be applied, checked before anything changes. */
  validate(unit: CommitUnit): string | undefined {
    for (const w of unit.writes)
      if (w.value !== null && !(w.value instanceof Uint8Array)) return `write ${w.key}: value is not bytes`
    for (const t of unit.timers)
      if (t.dueAt !== null && !Number.isFinite(t.dueAt)) return `timer ${t.key}: dueAt is not a number`
    for (const o of unit.offsets)
      if (!Number.isSafeInteger(o.offset) || o.offset < 0) return `offset ${o.offset} is not valid`
    for (const r of unit.outputs) {
      const placed = this.place(r)
      if (typeof placed === "string") return placed
    }
    return undefined
  }

  apply(unit: CommitUnit, now: number): void {
    for (const w of unit.writes) {
      const slice = this.slice(w.store, w.partition)
      if (w.value === null) slice.delete(w.key)
      else slice.set(w.key, Uint8Array.from(w.value))
    }
    for (const t of unit.timers) {
      const slice = this.timerSlice(t.store, t.partition)
      if (t.dueAt === null) slice.delete(t.key)
      else slice.set(t.key, t.dueAt)
    }
    for (const o of unit.offsets) this.offsets.set(offsetId(o.group, o.topic, o.partition), o.offset)
    this.appendAll(unit.outputs, now)
    this.commits++
  }

  /** The assignment one member sees. */
  assignmentFor(group: GroupState, memberId: string): Assignment {
    const owners = assignPartitions(group.partitions, [...group.members.keys()], group.moves)
    const byMember = new Map<string, Array<number>>()
    for (const id of group.members.keys()) byMember.set(id, [])
    for (const [p, owner] of owners) byMember.get(owner)!.push(p)
    return {
      generation: group.generation,
      partitions: byMember.get(memberId) ?? [],
      members: [...group.members.values()].map(({ member }) => ({
        ...member,
        partitions: byMember.get(member.memberId) ?? [],
      })),
    }
  }

  /** Bumps the generation and tells every member its new assignment. */
  rebalance(group: GroupState): Effect.Effect<void> {
    group.generation++
    return Effect.forEach(
      [...group.members.entries()],
      ([id, m]) => SubscriptionRef.set(m.ref, this.assignmentFor(group, id)),
      { discard: true },
    )
  }
}

/** The engine as a service, so the log, the store and the fault hooks see the same state. */
export class MemoryEngine extends Context.Service<MemoryEngine, MemoryEngineState>()(
  "@streamfold/adapters-memory/MemoryEngine",
) {
  /** A fresh, empty engine. */
  static readonly layer: Layer.Layer<MemoryEngine> = Layer.sync(MemoryEngine, () => new MemoryEngineState())
}

/** Crashes the next commit: `crashBeforeCommit` applies nothing, `crashAfterCommit` applies then fails. */
export const injectCommitFault = (fault: CommitFault): Effect.Effect<void, never, MemoryEngine> =>
  MemoryEngine.use((engine) => Effect.sync(() => void engine.commitFaults.push(fault)))

/** Fails the next poll (any partition) with a retriable LogError. */
export const injectPollFault: Effect.Effect<void, never, MemoryEngine> = MemoryEngine.use((engine) =>
  Effect.sync(
    () =>
      void engine.pollFaults.push(
        new LogError({ operation: "poll", retriable: true, message: "injected poll fault" }),
      ),
  ),
)

/** The next poll of this partition re-delivers `count` records before the requested offset. */
export const injectDuplicateDelivery = (
  topic: string,
  partition: number,
  count: number,
): Effect.Effect<void, never, MemoryEngine> =>
  MemoryEngine.use((engine) =>
    Effect.sync(() => void engine.redeliveries.set(offsetId("", topic, partition), count)),
  )

/** Moves a partition of a group to a member (while it stays in the group) and rebalances. */
export const reassign = (
  group: string,
  partition: number,
  memberId: string,
): Effect.Effect<void, never, MemoryEngine> =>
  MemoryEngine.use((engine) =>
    Effect.suspend(() => {
      const state = engine.groups.get(group)
      if (state === undefined) return Effect.void
      state.moves.set(partition, memberId)
      return engine.rebalance(state)
    }),
  )

export type { GroupState }
