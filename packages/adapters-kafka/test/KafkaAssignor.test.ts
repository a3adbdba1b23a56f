// The task assignor: every partition goes to exactly one member, shares differ by at most one, the
// split does not depend on the order the coordinator lists members, and it is sticky: a settled
// group moves nothing, a leave moves only the leaver's tasks, a join moves tasks only to the newcomer.
// What the leader encodes is what each member decodes (ids that would touch a prototype included).
import type { GroupMember } from "@streamfold/core/runtime"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  assignTasks,
  type Candidate,
  decodeAssignment,
  decodeMetadata,
  encodeAssignment,
  encodeMetadata,
  type TaskShare,
} from "../src/KafkaAssignor.ts"

const idArb = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom("__proto__", "constructor", "toString", "中文"),
)
const memberArb: fc.Arbitrary<GroupMember> = fc.oneof(
  idArb.map((memberId) => ({ memberId })),
  fc.record({ memberId: idArb, endpoint: fc.webUrl() }),
)
/** Members with arbitrary ownership hints: stale, overlapping, out of range. */
const candidatesArb = fc.uniqueArray(
  fc.record({
    kafkaMemberId: fc.uuid(),
    member: memberArb,
    owned: fc.uniqueArray(fc.integer({ min: -2, max: 25 }), { maxLength: 8 }),
  }),
  { minLength: 1, maxLength: 6, selector: (c) => c.kafkaMemberId },
)

type Assign = (cs: ReadonlyArray<Candidate>, n: number) => ReadonlyArray<TaskShare>

/** Candidates owning what `shares` gave them. */
const settled = (shares: ReadonlyArray<TaskShare>): Array<Candidate> =>
  shares.map((s) => ({ kafkaMemberId: s.kafkaMemberId, member: s.member, owned: s.partitions }))

const ownerOf = (shares: ReadonlyArray<TaskShare>) => {
  const owner = new Map<number, string>()
  for (const s of shares) for (const p of s.partitions) owner.set(p, s.kafkaMemberId)
  return owner
}

/** Sticky: settled → nothing moves; a leave → survivors keep theirs; a join → old members only lose. */
const sticky = (assign: Assign) =>
  fc.property(
    candidatesArb,
    fc.integer({ min: 0, max: 20 }),
    fc.nat(),
    fc.uuid(),
    (cs, n, pick, newcomer) => {
      const before = assign(cs, n)
      expect(assign(settled(before), n)).toEqual(before)
      const owner = ownerOf(before)
      if (cs.length > 1) {
        const leaver = before[pick % before.length]!.kafkaMemberId
        const after = assign(
          settled(before).filter((c) => c.kafkaMemberId !== leaver),
          n,
        )
        for (const s of after)
          for (const p of before.find((b) => b.kafkaMemberId === s.kafkaMemberId)!.partitions)
            expect(s.partitions).toContain(p)
      }
      if (!cs.some((c) => c.kafkaMemberId === newcomer)) {
        const after = assign(
          [...settled(before), { kafkaMemberId: newcomer, member: { memberId: "new" }, owned: [] }],
          n,
        )
        for (const s of after)
          if (s.kafkaMemberId !== newcomer)
            for (const p of s.partitions) expect(owner.get(p)).toBe(s.kafkaMemberId)
      }
    },
  )

describe("assignTasks", () => {
  it("owns each partition once, balanced within one, whatever the members' order or hints", () => {
    fc.assert(
      fc.property(
        candidatesArb,
        fc.integer({ min: 0, max: 20 }),
        fc.infiniteStream(fc.nat()),
        (cs, n, seeds) => {
          const shares = assignTasks(cs, n)
          expect(shares.flatMap((s) => s.partitions).sort((a, b) => a - b)).toEqual(
            Array.from({ length: n }, (_, i) => i),
          )
          const sizes = shares.map((s) => s.partitions.length)
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
          expect(shares.map((s) => s.kafkaMemberId).sort()).toEqual(cs.map((c) => c.kafkaMemberId).sort())
          const shuffled = [...cs].sort(() => (seeds.next().value % 3) - 1)
          expect(assignTasks(shuffled, n)).toEqual(shares)
        },
      ),
    )
  })

  it("is sticky: settled groups, leaves and joins move only what they must", () => {
    fc.assert(sticky(assignTasks))
  })

  it("canary: a round-robin split that ignores ownership is caught by the stickiness check", () => {
    const roundRobin: Assign = (cs, n) =>
      [...cs]
        .sort((a, b) => (a.kafkaMemberId < b.kafkaMemberId ? -1 : 1))
        .map((c, i, all) => ({
          kafkaMemberId: c.kafkaMemberId,
          member: c.member,
          partitions: Array.from({ length: n }, (_, p) => p).filter((p) => p % all.length === i),
        }))
    expect(fc.check(sticky(roundRobin)).failed).toBe(true)
  })
})

describe("assignor wire format", () => {
  it("round-trips a member and what it owns through join metadata", () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        memberArb,
        fc.array(fc.string(), { maxLength: 3 }),
        fc.array(fc.nat({ max: 50 }), { maxLength: 5 }),
        (kafkaId, member, topics, owned) => {
          expect(decodeMetadata(kafkaId, encodeMetadata(topics, member, owned))).toEqual({
            kafkaMemberId: kafkaId,
            member,
            owned,
          })
        },
      ),
    )
  })

  it("knows a foreign member (no streamfold userData) by the coordinator's id, owning nothing", () => {
    expect(decodeMetadata("k-1", Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]))).toEqual({
      kafkaMemberId: "k-1",
      member: { memberId: "k-1" },
      owned: [],
    })
    expect(decodeMetadata("k-2", Buffer.alloc(0)).member).toEqual({ memberId: "k-2" })
  })

  it("round-trips each member's assignment with everyone's partitions and endpoints", () => {
    fc.assert(
      fc.property(candidatesArb, fc.integer({ min: 0, max: 12 }), fc.nat(), (cs, n, generation) => {
        const shares = assignTasks(cs, n)
        for (const share of shares)
          expect(decodeAssignment(generation, encodeAssignment(["a", "__proto__"], share, shares))).toEqual({
            generation,
            partitions: share.partitions,
            members: shares.map((s) => ({ ...s.member, partitions: s.partitions })),
          })
      }),
    )
  })

  it("reads an unreadable assignment as owning nothing", () => {
    expect(decodeAssignment(4, Buffer.from("garbage"))).toEqual({
      generation: 4,
      partitions: [],
      members: [],
    })
  })
})
