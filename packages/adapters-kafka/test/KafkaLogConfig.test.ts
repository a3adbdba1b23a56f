// Configuration of the Kafka log without a broker: KAFKA_BROKERS parsing, and a client that cannot
// be built fails the layer with a LogError rather than a defect.
import { type Config, ConfigProvider, Effect, Exit, Layer } from "effect"
import { describe, expect, it } from "vitest"
import * as KafkaLog from "../src/KafkaLog.ts"

const read = <A>(config: Config.Config<A>, env: Record<string, string>) =>
  Effect.runPromise(
    Effect.provide(
      Effect.result(
        Effect.gen(function* () {
          return yield* config
        }),
      ),
      ConfigProvider.layer(ConfigProvider.fromEnvRecord(env)),
    ),
  )

describe("KafkaLog configuration", () => {
  it("reads KAFKA_BROKERS as a comma-separated list", async () => {
    const ok = await read(KafkaLog.brokersConfig, { KAFKA_BROKERS: " 127.0.0.1:9092 , localhost:9093," })
    expect(ok).toMatchObject({ _tag: "Success", success: ["127.0.0.1:9092", "localhost:9093"] })
    expect((await read(KafkaLog.brokersConfig, {}))._tag).toBe("Failure")
  })

  it("fails to build with a LogError when kafkajs refuses the settings", async () => {
    const exit = await Effect.runPromiseExit(Effect.scoped(Layer.build(KafkaLog.layer({ brokers: [] }))))
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit)) expect(JSON.stringify(exit.cause)).toContain("LogError")
  })
})
