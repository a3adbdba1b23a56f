// The group protocol of streamfold on Kafka: each member advertises its GroupMember (id and HTTP
// endpoint) and the partitions it owns in its join metadata; the leader gives partition p of every
// co-partitioned topic to one member (a task, as in Kafka Streams), sticky so that a rebalance moves
// as few tasks (and state restores) as balance allows, and sends every member the whole map.
import type { Assignment, GroupMember } from "@streamfold/core/runtime"
import { AssignerProtocol } from "kafkajs"

/** The protocol name members agree on. */
export const assignorName = "streamfold-tasks"

/** A member as the coordinator lists it to the leader. */
export interface Candidate {
  /** The id the coordinator gave this member. */
  readonly kafkaMemberId: string
  readonly member: GroupMember
  /** The partitions it owned before this rebalance (a hint; may be stale or overlap). */
  readonly owned: ReadonlyArray<number>
}

/** One member's share. */
export interface TaskShare {
  readonly kafkaMemberId: string
  readonly member: GroupMember
  readonly partitions: ReadonlyArray<number>
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Splits partitions 0…n-1 over the members, balanced within one. Sticky: each member keeps what it
 * owned up to its quota (the larger quotas go to those that owned more), then the rest is dealt in
 * member order. Members are ordered by their own id, then the coordinator's, so the split depends
 * on who is there and what they owned, never on join order.
 */
export const assignTasks = (candidates: ReadonlyArray<Candidate>, partitions: number): Array<TaskShare> => {
  const ordered = [...candidates].sort(
    (a, b) => compare(a.member.memberId, b.member.memberId) || compare(a.kafkaMemberId, b.kafkaMemberId),
  )
  const count = ordered.length
  if (count === 0) return []
  const base = Math.floor(partitions / count)
  const valid = (c: Candidate) =>
    new Set(c.owned.filter((p) => Number.isInteger(p) && p >= 0 && p < partitions))
  const owned = ordered.map(valid)
  // The `partitions % count` larger quotas go to the members that owned most (stable by order).
  const byOwned = ordered.map((_, i) => i).sort((a, b) => owned[b]!.size - owned[a]!.size || a - b)
  const quota = new Array<number>(count).fill(base)
  for (const i of byOwned.slice(0, partitions % count)) quota[i] = base + 1
  const taken = new Set<number>()
  const shares = ordered.map(() => [] as Array<number>)
  ordered.forEach((_, i) => {
    for (const p of [...owned[i]!].sort((a, b) => a - b)) {
      if (shares[i]!.length >= quota[i]!) break
      if (taken.has(p)) continue
      taken.add(p)
      shares[i]!.push(p)
    }
  })
  let member = 0
  for (let p = 0; p < partitions; p++) {
    if (taken.has(p)) continue
    while (shares[member]!.length >= quota[member]!) member++
    shares[member]!.push(p)
  }
  return ordered.map((c, i) => ({
    kafkaMemberId: c.kafkaMemberId,
    member: c.member,
    partitions: shares[i]!.sort((a, b) => a - b),
  }))
}

const memberOf = (value: unknown): GroupMember | undefined => {
  if (typeof value !== "object" || value === null) return undefined
  const { memberId, endpoint } = value as { memberId?: unknown; endpoint?: unknown }
  if (typeof memberId !== "string") return undefined
  return typeof endpoint === "string" ? { memberId, endpoint } : { memberId }
}

const json = (buffer: Buffer | null | undefined): unknown => {
  if (buffer === null || buffer === undefined || buffer.length === 0) return undefined
  try {
    return JSON.parse(buffer.toString("utf8"))
  } catch {
    return undefined
  }
}

const partitionList = (value: unknown): ReadonlyArray<number> | undefined =>
  Array.isArray(value) && value.every((p) => Number.isInteger(p)) ? (value as Array<number>) : undefined

/** Join metadata: the standard consumer encoding, with the GroupMember and what it owns as JSON userData. */
export const encodeMetadata = (
  topics: ReadonlyArray<string>,
  member: GroupMember,
  owned: ReadonlyArray<number>,
): Buffer =>
  AssignerProtocol.MemberMetadata.encode({
    version: 0,
    topics: [...topics],
    userData: Buffer.from(JSON.stringify({ ...member, owned })),
  })

/** The GroupMember a join advertised; a foreign member is known by the coordinator's id only. */
export const decodeMetadata = (kafkaMemberId: string, metadata: Buffer): Candidate => {
  let data: unknown
  try {
    data = json(AssignerProtocol.MemberMetadata.decode(metadata)?.userData)
  } catch {
    data = undefined
  }
  const member = memberOf(data)
  const owned = typeof data === "object" && data !== null ? (data as { owned?: unknown }).owned : undefined
  return { kafkaMemberId, member: member ?? { memberId: kafkaMemberId }, owned: partitionList(owned) ?? [] }
}

/** One member's assignment: its partitions per topic, and everyone's in userData. */
export const encodeAssignment = (
  topics: ReadonlyArray<string>,
  share: TaskShare,
  shares: ReadonlyArray<TaskShare>,
): Buffer => {
  const assignment: Record<string, Array<number>> = Object.create(null)
  for (const topic of topics) assignment[topic] = [...share.partitions]
  return AssignerProtocol.MemberAssignment.encode({
    version: 0,
    assignment,
    userData: Buffer.from(
      JSON.stringify({
        partitions: share.partitions,
        members: shares.map((s) => ({ ...s.member, partitions: s.partitions })),
      }),
    ),
  })
}

/** The Assignment a member received in generation `generation` (empty when unreadable). */
export const decodeAssignment = (generation: number, buffer: Buffer): Assignment => {
  let data: unknown
  try {
    data = json(AssignerProtocol.MemberAssignment.decode(buffer)?.userData)
  } catch {
    data = undefined
  }
  const { partitions, members } = (typeof data === "object" && data !== null ? data : {}) as {
    partitions?: unknown
    members?: unknown
  }
  const everyone: Array<GroupMember & { readonly partitions: ReadonlyArray<number> }> = []
  if (Array.isArray(members))
    for (const m of members) {
      const member = memberOf(m)
      const owned = partitionList((m as { partitions?: unknown }).partitions)
      if (member !== undefined && owned !== undefined) everyone.push({ ...member, partitions: owned })
    }
  return { generation, partitions: partitionList(partitions) ?? [], members: everyone }
}
