// Consumer-group membership on Kafka without consuming: the group protocol (JoinGroup, SyncGroup,
// Heartbeat, LeaveGroup) driven by hand over a Cluster of its own, so the assignment, its generation
// and everyone's endpoints are ours to publish while records are fetched elsewhere (KafkaLog.poll).
import type { Assignment, GroupMember, LogError, Membership } from "@streamfold/core/runtime"
import { Effect, Fiber, type Scope, SubscriptionRef } from "effect"
import type { Kafka } from "kafkajs"
import { makeCluster, type RawBroker } from "./internal/KafkaInternals.ts"
import {
  assignorName,
  assignTasks,
  decodeAssignment,
  decodeMetadata,
  encodeAssignment,
  encodeMetadata,
} from "./KafkaAssignor.ts"
import { kafkaErrorType, toLogError } from "./KafkaLogError.ts"

/** Group timings (Kafka's consumer settings of the same names). */
export interface KafkaGroupSettings {
  /** A member silent this long is expelled (broker bounds: 6 s … 30 min by default). */
  readonly sessionTimeoutMs: number
  /** How long a rebalance waits for every member to rejoin. */
  readonly rebalanceTimeoutMs: number
  /** Heartbeats also notice rebalances, so this bounds how late a member learns of one. */
  readonly heartbeatIntervalMs: number
}

/** Defaults: fast rebalances (a heartbeat a second), 10 s to expel a dead member. */
export const defaultGroupSettings: KafkaGroupSettings = {
  sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 15_000,
  heartbeatIntervalMs: 1_000,
}

/** Answers while the coordinator moves or loads: look it up again soon, nothing to warn about. */
const moving = new Set([
  "NOT_COORDINATOR_FOR_GROUP",
  "GROUP_COORDINATOR_NOT_AVAILABLE",
  "GROUP_LOAD_IN_PROGRESS",
])

/** Answers that mean "join again" (as the same member). */
const rejoin = new Set(["REBALANCE_IN_PROGRESS", "ILLEGAL_GENERATION"])

/** Answers that mean "join again as a new member": the coordinator forgot this one. */
const forgotten = new Set(["UNKNOWN_MEMBER_ID", "FENCED_INSTANCE_ID"])

const rebalancing = (generation: number): Assignment => ({ generation, partitions: [], members: [] })

/**
 * Joins `group` for `topics` (each with `partitions` partitions) until the scope closes, then
 * leaves. The membership never fails: protocol errors are retried, and while the member is out
 * of the group its assignment is empty.
 */
export const joinKafkaGroup = (
  kafka: Kafka,
  group: string,
  topics: ReadonlyArray<string>,
  partitions: number,
  member: GroupMember,
  settings: KafkaGroupSettings = defaultGroupSettings,
): Effect.Effect<Membership, LogError, Scope.Scope> =>
  Effect.gen(function* () {
    // A Cluster per member: JoinGroup blocks its connection until the rebalance ends, and the
    // broker answers one request per connection at a time.
    const cluster = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const cluster = makeCluster(kafka)
          await cluster.connect()
          return cluster
        },
        catch: toLogError("join"),
      }),
      (cluster) => Effect.promise(() => cluster.disconnect().catch(() => undefined)),
    )
    const ref = yield* SubscriptionRef.make<Assignment>(rebalancing(0))
    let memberId = ""
    // What this member last owned, advertised at each join so the assignment can stay sticky.
    let owned: ReadonlyArray<number> = []
    let generation = 0

    const request = <A>(operation: string, call: () => Promise<A>) =>
      Effect.tryPromise({ try: call, catch: toLogError(operation) })

    /** One JoinGroup + SyncGroup round; publishes the new assignment. */
    const joinAndSync = (coordinator: RawBroker) =>
      Effect.gen(function* () {
        const joined = yield* request("joinGroup", () =>
          coordinator.joinGroup({
            groupId: group,
            sessionTimeout: settings.sessionTimeoutMs,
            rebalanceTimeout: settings.rebalanceTimeoutMs,
            memberId,
            protocolType: "consumer",
            groupProtocols: [{ name: assignorName, metadata: encodeMetadata(topics, member, owned) }],
          }),
        )
        memberId = joined.memberId
        const groupAssignment =
          joined.leaderId === joined.memberId
            ? (() => {
                const shares = assignTasks(
                  joined.members.map((m) => decodeMetadata(m.memberId, m.memberMetadata)),
                  partitions,
                )
                return shares.map((share) => ({
                  memberId: share.kafkaMemberId,
                  memberAssignment: encodeAssignment(topics, share, shares),
                }))
              })()
            : []
        const synced = yield* request("syncGroup", () =>
          coordinator.syncGroup({
            groupId: group,
            generationId: joined.generationId,
            memberId,
            groupAssignment,
          }),
        )
        generation = joined.generationId
        const assignment = decodeAssignment(generation, synced.memberAssignment)
        owned = assignment.partitions
        yield* SubscriptionRef.set(ref, assignment)
      })

    /** Heartbeats until the group rebalances (succeeds) or a request fails (fails). */
    const heartbeats = (coordinator: RawBroker) =>
      Effect.gen(function* () {
        for (;;) {
          yield* Effect.sleep(settings.heartbeatIntervalMs)
          const answer = yield* Effect.result(
            request("heartbeat", () =>
              coordinator.heartbeat({ groupId: group, groupGenerationId: generation, memberId }),
            ),
          )
          if (answer._tag === "Success") continue
          const type = kafkaErrorType(answer.failure.cause)
          if (type !== undefined && rejoin.has(type)) return
          if (type !== undefined && forgotten.has(type)) {
            memberId = ""
            return
          }
          return yield* answer.failure
        }
      })

    /** Rounds forever; a failed round drops the assignment and starts over after a pause. */
    const protocol = Effect.gen(function* () {
      for (;;) {
        const round = yield* Effect.result(
          Effect.gen(function* () {
            const coordinator = yield* request("findGroupCoordinator", () =>
              cluster.findGroupCoordinator({ groupId: group }),
            )
            yield* joinAndSync(coordinator)
            yield* heartbeats(coordinator)
          }),
        )
        yield* SubscriptionRef.set(ref, rebalancing(generation))
        if (round._tag === "Failure") {
          const type = kafkaErrorType(round.failure.cause)
          if (type !== undefined && forgotten.has(type)) memberId = ""
          if (type !== undefined && moving.has(type)) yield* Effect.sleep(100)
          else if (type === undefined || !(rejoin.has(type) || forgotten.has(type))) {
            yield* Effect.logWarning(`group ${group}: ${round.failure.message}; joining again`)
            yield* Effect.sleep(settings.heartbeatIntervalMs)
          }
        }
      }
    })

    const fiber = yield* Effect.forkDetach(protocol)
    yield* Effect.addFinalizer(() =>
      Effect.gen(function* () {
        yield* Fiber.interrupt(fiber)
        if (memberId === "") return
        const id = memberId
        // Best effort and bounded: an unreachable coordinator expels the member after its session.
        yield* Effect.ignore(
          request("leaveGroup", async () => {
            const coordinator = await cluster.findGroupCoordinator({ groupId: group })
            await coordinator.leaveGroup({ groupId: group, memberId: id })
          }).pipe(Effect.timeout(settings.heartbeatIntervalMs * 5)),
        )
      }),
    )
    return { current: SubscriptionRef.get(ref), changes: SubscriptionRef.changes(ref) }
  })
