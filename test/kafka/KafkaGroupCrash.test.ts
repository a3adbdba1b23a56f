// A member that dies without leaving (SIGKILL of its process) is expelled when its session runs
// out, and the survivor is given its partitions in a new generation.
import { type ChildProcess, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { KafkaLog } from "@streamfold/adapters-kafka"
import { type Assignment, PartitionedLog } from "@streamfold/core/runtime"
import { Effect, Exit, ManagedRuntime, Scope } from "effect"
import { expect, inject, it } from "vitest"

const prefix = `crash-${process.pid}-${Date.now().toString(36)}`

/** Starts the child member; resolves with it and its first assignment. */
const startChild = (brokers: ReadonlyArray<string>, group: string, topic: string) =>
  new Promise<{ child: ChildProcess; first: Assignment }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        new URL("./child/KafkaGroupMemberChild.ts", import.meta.url).pathname,
        brokers.join(","),
        group,
        topic,
        "z",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    )
    child.once("exit", (code) => reject(new Error(`child exited early with ${code}`)))
    createInterface({ input: child.stdout! }).once("line", (line) =>
      resolve({ child, first: JSON.parse(line) }),
    )
  })

it("gives a SIGKILLed member's partitions to the survivor once its session expires", async () => {
  const brokers = inject("kafkaBrokers")
  const runtime = ManagedRuntime.make(KafkaLog.layer({ brokers, group: { sessionTimeoutMs: 6_000 } }))
  const topic = `${prefix}.in`
  const group = `${prefix}.g`
  let child: ChildProcess | undefined
  try {
    const scope = await runtime.runPromise(Scope.make())
    const membership = await runtime.runPromise(
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        yield* log.createTopics([{ name: topic, partitions: 4 }])
        return yield* Scope.provide(scope)(log.join(group, [topic], { memberId: "a" }))
      }),
    )
    const started = await startChild(brokers, group, topic)
    child = started.child
    expect(started.first.partitions.length).toBe(2)
    const split = await runtime.runPromise(membership.current)
    child.kill("SIGKILL")
    const killedAt = performance.now()
    const alone = await runtime.runPromise(
      Effect.gen(function* () {
        for (;;) {
          const a = yield* membership.current
          if (a.partitions.length === 4) return a
          yield* Effect.sleep(100)
        }
      }),
    )
    expect(alone.generation).toBeGreaterThan(split.generation)
    expect(alone.members.map((m) => m.memberId)).toEqual(["a"])
    // Only the session expiry (6 s) gave it away: nothing left the group.
    expect(performance.now() - killedAt).toBeGreaterThan(3_000)
    await runtime.runPromise(Scope.close(scope, Exit.void))
  } finally {
    child?.kill("SIGKILL")
    await runtime.dispose()
  }
}, 60_000)
