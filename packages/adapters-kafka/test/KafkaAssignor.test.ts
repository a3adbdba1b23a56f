// The task assignor: every partition goes to exactly one member, shares differ by at most one,
// the split does not depend on the order the coordinator lists members, and what the leader
// encodes is what each member decodes (ids that would touch a prototype included).
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
} from "../src/KafkaAssignor.ts"

const idArb = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom("__proto__", "constructor", "toString", "中文"),
)
const memberArb: fc.Arbitrary<GroupMember> = fc.oneof(
  idArb.map((memberId) => ({ memberId })),
  fc.record({ memberId: idArb, endpoint: fc.webUrl() }),
)
const candidatesArb = fc.uniqueArray(fc.record({ kafkaMemberId: fc.uuid(), member: memberArb }), {
  minLength: 1,
  maxLength: 6,
  selector: (c) => c.kafkaMemberId,
})

describe("assignTasks", () => {
  it("owns each partition once, balanced within one, whatever the members' order", () => {
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

  it("canary: a split by join order is caught by the order-independence check", () => {
    const byJoinOrder = (cs: ReadonlyArray<Candidate>, n: number) =>
      cs.map((c, i) => ({
        ...c,
        partitions: Array.from({ length: n }, (_, p) => p).filter((p) => p % cs.length === i),
      }))
    const property = fc.property(candidatesArb, fc.integer({ min: 1, max: 20 }), (cs, n) => {
      expect(byJoinOrder([...cs].reverse(), n)).toEqual(byJoinOrder(cs, n))
    })
    expect(fc.check(property).failed).toBe(true)
  })
})

describe("assignor wire format", () => {
  it("round-trips a member through join metadata", () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        memberArb,
        fc.array(fc.string(), { maxLength: 3 }),
        (kafkaId, member, topics) => {
          expect(decodeMetadata(kafkaId, encodeMetadata(topics, member))).toEqual({
            kafkaMemberId: kafkaId,
            member,
          })
        },
      ),
    )
  })

  it("knows a foreign member (no streamfold userData) by the coordinator's id", () => {
    expect(decodeMetadata("k-1", Buffer.from([0, 0, 0, 0, 0, 0, 0, 0])).member).toEqual({ memberId: "k-1" })
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
