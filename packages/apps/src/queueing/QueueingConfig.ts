// The queueing app's settings from the environment, as the seed's `kafka-queueing.*` config:
// partitions, default permits and queue limit, per-resource overrides ("<uuid>=<n>,…") and an
// optional lease. A value that cannot work is a SettingsError naming the variable.
import { Config, Effect } from "effect"
import { SettingsError } from "../config/Settings.ts"
import type { QueueingTopologyOptions } from "./QueueingTopology.ts"

const integer = (name: string, text: string, min: number) =>
  /^\d{1,9}$/.test(text) && Number(text) >= min
    ? Effect.succeed(Number(text))
    : Effect.fail(
        new SettingsError({
          setting: name,
          message: `${name} must be an integer >= ${min}, got ${JSON.stringify(text)}`,
        }),
      )

const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

// "<uuid>=<n>,<uuid>=<n>" into a Map (never a plain object: ids are keys).
const limits = (name: string, text: string) =>
  Effect.gen(function* () {
    const map = new Map<string, number>()
    for (const part of text
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p !== "")) {
      const [id = "", value = ""] = part.split("=").map((s) => s.trim())
      if (!uuid.test(id))
        return yield* new SettingsError({
          setting: name,
          message: `${name} entries must be <resource uuid>=<count>, got ${JSON.stringify(part)}`,
        })
      map.set(id, yield* integer(name, value, 0))
    }
    return map
  })

const optional = <A, E>(
  text: { readonly _tag: "Some"; readonly value: string } | { readonly _tag: "None" },
  f: (t: string) => Effect.Effect<A, E>,
) => (text._tag === "None" ? Effect.succeed(undefined) : f(text.value))

/** Reads QUEUEING_PARTITIONS, QUEUEING_DEFAULT_PERMITS, QUEUEING_DEFAULT_QUEUE_LIMIT, QUEUEING_PERMITS, QUEUEING_QUEUE_LIMITS, QUEUEING_LEASE_MS and QUEUEING_TOPIC_RETENTION_MS. */
export const queueingConfig: Effect.Effect<QueueingTopologyOptions, SettingsError> = Effect.gen(function* () {
  const env = yield* Config.all({
    partitions: Config.option(Config.String("QUEUEING_PARTITIONS")),
    defaultPermits: Config.option(Config.String("QUEUEING_DEFAULT_PERMITS")),
    defaultQueueLimit: Config.option(Config.String("QUEUEING_DEFAULT_QUEUE_LIMIT")),
    permits: Config.option(Config.String("QUEUEING_PERMITS")),
    queueLimits: Config.option(Config.String("QUEUEING_QUEUE_LIMITS")),
    leaseMs: Config.option(Config.String("QUEUEING_LEASE_MS")),
    topicRetentionMs: Config.option(Config.String("QUEUEING_TOPIC_RETENTION_MS")),
  }).pipe(Effect.mapError((e) => new SettingsError({ setting: "environment", message: e.message })))
  const partitions = yield* optional(env.partitions, (t) => integer("QUEUEING_PARTITIONS", t, 1))
  const defaultPermits = yield* optional(env.defaultPermits, (t) => integer("QUEUEING_DEFAULT_PERMITS", t, 1))
  const defaultQueueLimit = yield* optional(env.defaultQueueLimit, (t) =>
    integer("QUEUEING_DEFAULT_QUEUE_LIMIT", t, 0),
  )
  const permits = yield* optional(env.permits, (t) => limits("QUEUEING_PERMITS", t))
  const queueLimits = yield* optional(env.queueLimits, (t) => limits("QUEUEING_QUEUE_LIMITS", t))
  const leaseMs = yield* optional(env.leaseMs, (t) => integer("QUEUEING_LEASE_MS", t, 1))
  const topicRetentionMs = yield* optional(env.topicRetentionMs, (t) =>
    integer("QUEUEING_TOPIC_RETENTION_MS", t, 1),
  )
  return {
    ...(partitions === undefined ? {} : { partitions }),
    ...(topicRetentionMs === undefined ? {} : { topicRetentionMs }),
    config: {
      ...(defaultPermits === undefined ? {} : { defaultPermits }),
      ...(defaultQueueLimit === undefined ? {} : { defaultQueueLimit }),
      ...(permits === undefined ? {} : { permits }),
      ...(queueLimits === undefined ? {} : { queueLimits }),
      ...(leaseMs === undefined ? {} : { leaseMs }),
    },
  }
})
