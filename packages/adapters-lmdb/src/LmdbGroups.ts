// Consumer groups of embedded mode. One process owns the environment, so a group lives in memory:
// its members (usually one) split the partitions round-robin in join order, and every join or
// leave is a rebalance with a new generation. Offsets are durable; memberships are not.
import type { Assignment, GroupMember, Membership } from "@streamfold/core/runtime"
import { LogError, TopologyError } from "@streamfold/core/runtime"
import type { Scope } from "effect"
import { Effect, Semaphore, SubscriptionRef } from "effect"

interface Member {
  readonly member: GroupMember
  readonly ref: SubscriptionRef.SubscriptionRef<Assignment>
}

interface Group {
  readonly topics: string
  readonly partitions: number
  generation: number
  members: ReadonlyArray<Member>
}

/** The in-process group registry of one environment. */
export interface LmdbGroups {
  /** Joins `group` for topics with `partitions` partitions each; leaving the scope leaves. */
  readonly join: (
    group: string,
    topics: ReadonlyArray<string>,
    partitions: number,
    member: GroupMember,
  ) => Effect.Effect<Membership, LogError | TopologyError, Scope.Scope>
}

const assignmentOf = (
  generation: number,
  partitions: number,
  members: ReadonlyArray<GroupMember>,
  index: number,
): Assignment => {
  const owned = members.map((_, i) => {
    const mine: Array<number> = []
    for (let p = i; p < partitions; p += members.length) mine.push(p)
    return mine
  })
  return {
    generation,
    partitions: owned[index] ?? [],
    members: members.map((member, i) => ({ ...member, partitions: owned[i] ?? [] })),
  }
}

/** A fresh registry. */
export const makeGroups = (): LmdbGroups => {
  const groups = new Map<string, Group>()
  const lock = Semaphore.makeUnsafe(1)

  const publish = (group: Group) =>
    Effect.forEach(
      group.members,
      (m, index) =>
        SubscriptionRef.set(
          m.ref,
          assignmentOf(
            group.generation,
            group.partitions,
            group.members.map((x) => x.member),
            index,
          ),
        ),
      { discard: true },
    )

  const enter = (name: string, topics: ReadonlyArray<string>, partitions: number, member: GroupMember) =>
    Effect.gen(function* () {
      const key = [...topics].sort().join("\u0000")
      const previous = groups.get(name)
      // An empty group keeps its generation but may be re-joined with other topics.
      const existing = previous !== undefined && previous.members.length > 0 ? previous : undefined
      if (existing !== undefined && (existing.topics !== key || existing.partitions !== partitions))
        return yield* new TopologyError({
          message: `group ${name} already consumes other topics (${existing.topics.replaceAll("\u0000", ", ")})`,
        })
      if (existing?.members.some((m) => m.member.memberId === member.memberId))
        return yield* new LogError({
          operation: "join",
          retriable: false,
          message: `member ${member.memberId} already in group ${name}`,
        })
      const group: Group = existing ?? {
        topics: key,
        partitions,
        generation: previous?.generation ?? 0,
        members: [],
      }
      groups.set(name, group)
      group.generation++
      const members = [...group.members.map((m) => m.member), member]
      const self: Member = {
        member,
        ref: yield* SubscriptionRef.make(
          assignmentOf(group.generation, partitions, members, members.length - 1),
        ),
      }
      group.members = [...group.members, self]
      yield* publish(group)
      return self
    })

  const leave = (name: string, self: Member) =>
    Effect.gen(function* () {
      const group = groups.get(name)
      if (group === undefined) return
      group.members = group.members.filter((m) => m !== self)
      group.generation++
      yield* publish(group)
    })

  return {
    join: (name, topics, partitions, member) =>
      Effect.acquireRelease(lock.withPermits(1)(enter(name, topics, partitions, member)), (self) =>
        lock.withPermits(1)(leave(name, self)),
      ).pipe(
        Effect.map(
          (self): Membership => ({
            current: SubscriptionRef.get(self.ref),
            changes: SubscriptionRef.changes(self.ref),
          }),
        ),
      ),
  }
}
