// The queueing app's environment settings: the seed's limits (defaults, per-resource overrides) and
// a SettingsError naming the variable for a value that cannot work.
import { appTopics } from "@streamfold/core/runtime"
import { ConfigProvider, Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { queueingConfig } from "../src/queueing/QueueingConfig.ts"
import { queueingTopology } from "../src/queueing/QueueingTopology.ts"

const load = (env: Record<string, string>) =>
  Effect.runSyncExit(
    queueingConfig.pipe(
      Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnvRecord(env)),
    ),
  )

const helmResource = "f0c291c3-5d28-4396-b8a8-859de530dd20"

describe("queueing config", () => {
  it("has no overrides by default", () => {
    const exit = load({})
    expect(Exit.isSuccess(exit) && exit.value).toEqual({ config: {} })
  })

  it("reads the seed's Helm values", () => {
    const exit = load({
      QUEUEING_PARTITIONS: "12",
      QUEUEING_DEFAULT_PERMITS: "1",
      QUEUEING_DEFAULT_QUEUE_LIMIT: "1",
      QUEUEING_PERMITS: `${helmResource}=3`,
      QUEUEING_QUEUE_LIMITS: ` ${helmResource} = 5 ,`,
      QUEUEING_LEASE_MS: "30000",
    })
    if (!Exit.isSuccess(exit)) throw new Error(String(exit))
    expect(exit.value.partitions).toBe(12)
    expect(exit.value.config).toMatchObject({ defaultPermits: 1, defaultQueueLimit: 1, leaseMs: 30000 })
    expect(exit.value.config?.permits).toEqual(new Map([[helmResource, 3]]))
    expect(exit.value.config?.queueLimits).toEqual(new Map([[helmResource, 5]]))
  })

  it("gives the app's declared topics the retention of QUEUEING_TOPIC_RETENTION_MS, and leaves them bare without it", () => {
    const exit = load({ QUEUEING_TOPIC_RETENTION_MS: "3600000" })
    if (!Exit.isSuccess(exit)) throw new Error(String(exit))
    const declared = queueingTopology(exit.value).topics
    expect(declared.length).toBeGreaterThan(0)
    for (const topic of declared) expect(topic.retentionMs).toBe(3_600_000)
    const internal = appTopics(queueingTopology(exit.value)).filter(
      (t) => !declared.some((d) => d.name === t.name),
    )
    for (const topic of internal) expect(topic.retentionMs).toBeUndefined()
    for (const topic of queueingTopology({}).topics) expect(topic.retentionMs).toBeUndefined()
  })

  it("names the variable of every unusable value", () => {
    for (const [name, value] of [
      ["QUEUEING_PARTITIONS", "0"],
      ["QUEUEING_DEFAULT_PERMITS", "0"],
      ["QUEUEING_DEFAULT_QUEUE_LIMIT", "-1"],
      ["QUEUEING_PERMITS", "__proto__=3"],
      ["QUEUEING_QUEUE_LIMITS", `${helmResource}=many`],
      ["QUEUEING_LEASE_MS", "soon"],
      ["QUEUEING_TOPIC_RETENTION_MS", "0"],
    ] as const) {
      const exit = load({ [name]: value })
      expect(Exit.isFailure(exit), name).toBe(true)
      if (Exit.isFailure(exit)) {
        const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
        expect(failure?._tag === "Fail" && failure.error).toMatchObject({ setting: name })
      }
    }
  })
})
