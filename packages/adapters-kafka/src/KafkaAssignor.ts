// The group protocol of streamfold on Kafka: each member advertises its GroupMember (id and HTTP
// endpoint) in its join metadata; the leader gives partition p of every co-partitioned topic to
// one member (a task, as in Kafka Streams) and sends every member the whole map in userData.
import type { Assignment, GroupMember } from "@streamfold/core/runtime"
import { AssignerProtocol } from "kafkajs"

/** The protocol name members agree on. */
export const assignorName = "streamfold-tasks"

/** A member as the coordinator lists it to the leader. */
export interface Candidate {
  /** The id the coordinator gave this member. */
  readonly kafkaMemberId: string
  readonly member: GroupMember
}

/** One member's share. */
export interface TaskShare {
  readonly kafkaMemberId: string
  readonly member: GroupMember
  readonly partitions: ReadonlyArray<number>
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Splits partitions 0…n-1 round-robin over the members ordered by their own id (then the
 * coordinator's), so the split does not depend on join order.
 */
export const assignTasks = (candidates: ReadonlyArray<Candidate>, partitions: number): Array<TaskShare> => {
  const ordered = [...candidates].sort(
    (a, b) => compare(a.member.memberId, b.member.memberId) || compare(a.kafkaMemberId, b.kafkaMemberId),
  )
  const shares = ordered.map((c) => ({ ...c, partitions: [] as Array<number> }))
  if (shares.length > 0) for (let p = 0; p < partitions; p++) shares[p % shares.length]!.partitions.push(p)
  return shares
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

/** Join metadata: the standard consumer encoding, with the GroupMember as JSON userData. */
export const encodeMetadata = (topics: ReadonlyArray<string>, member: GroupMember): Buffer =>
  AssignerProtocol.MemberMetadata.encode({
    version: 0,
    topics: [...topics],
    userData: Buffer.from(JSON.stringify(member)),
  })

/** The GroupMember a join advertised; a foreign member is known by the coordinator's id only. */
export const decodeMetadata = (kafkaMemberId: string, metadata: Buffer): Candidate => {
  let member: GroupMember | undefined
  try {
    member = memberOf(json(AssignerProtocol.MemberMetadata.decode(metadata)?.userData))
  } catch {
    member = undefined
  }
  return { kafkaMemberId, member: member ?? { memberId: kafkaMemberId } }
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

const partitionList = (value: unknown): ReadonlyArray<number> | undefined =>
  Array.isArray(value) && value.every((p) => Number.isInteger(p)) ? (value as Array<number>) : undefined

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
