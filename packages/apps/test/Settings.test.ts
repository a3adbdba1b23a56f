// Settings: environment defaults, flags over environment, and one clear error naming the setting
// for every value that cannot work.
import { ConfigProvider, Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { loadSettings, type SettingsOverrides } from "../src/config/Settings.ts"

const load = (env: Record<string, string>, overrides: SettingsOverrides = {}) =>
  Effect.runSyncExit(
    loadSettings(overrides).pipe(
      Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnvRecord(env)),
    ),
  )

const settingsOf = (env: Record<string, string>, overrides: SettingsOverrides = {}) => {
  const exit = load(env, overrides)
  if (Exit.isFailure(exit)) throw new Error(`unexpected failure: ${String(exit.cause)}`)
  return exit.value
}

const errorOf = (env: Record<string, string>, overrides: SettingsOverrides = {}) => {
  const exit = load(env, overrides)
  if (Exit.isSuccess(exit)) throw new Error("expected a SettingsError")
  const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
  if (failure?._tag !== "Fail") throw new Error(`expected a failure, got ${String(exit.cause)}`)
  return failure.error
}

describe("settings", () => {
  it("defaults to embedded mode on port 8080 in .data/streamfold", () => {
    expect(settingsOf({})).toEqual({
      mode: "embedded",
      dataDir: ".data/streamfold",
      port: 8080,
      advertisedUrl: "http://localhost:8080",
      kafkaBrokers: [],
      maxBodyBytes: 1024 * 1024,
    })
  })

  it("reads the environment, and flags win over it", () => {
    const env = {
      STREAMFOLD_MODE: "kafka",
      DATA_DIR: "/var/sf",
      PORT: "9000",
      KAFKA_BROKERS: "a:9092, b:9093",
      ADVERTISED_URL: "http://10.0.0.5:9000",
    }
    expect(settingsOf(env)).toMatchObject({
      mode: "kafka",
      dataDir: "/var/sf",
      port: 9000,
      kafkaBrokers: ["a:9092", "b:9093"],
      advertisedUrl: "http://10.0.0.5:9000",
    })
    expect(settingsOf(env, { mode: "memory", port: 7000, dataDir: "/tmp/x" })).toMatchObject({
      mode: "memory",
      port: 7000,
      dataDir: "/tmp/x",
    })
  })

  it("names the setting of every unusable value", () => {
    expect(errorOf({ PORT: "eighty" })).toMatchObject({ setting: "PORT" })
    expect(errorOf({ PORT: "70000" })).toMatchObject({ setting: "PORT" })
    expect(errorOf({ STREAMFOLD_MODE: "cluster" })).toMatchObject({ setting: "STREAMFOLD_MODE" })
    expect(errorOf({ STREAMFOLD_MODE: "kafka" })).toMatchObject({ setting: "KAFKA_BROKERS" })
    expect(errorOf({ KAFKA_BROKERS: "no-port" })).toMatchObject({ setting: "KAFKA_BROKERS" })
    expect(errorOf({ ADVERTISED_URL: "ftp://x" })).toMatchObject({ setting: "ADVERTISED_URL" })
    expect(errorOf({ DATA_DIR: " " })).toMatchObject({ setting: "DATA_DIR" })
    expect(errorOf({ MAX_BODY_BYTES: "0" })).toMatchObject({ setting: "MAX_BODY_BYTES" })
    expect(errorOf({}, { port: 65536 })).toMatchObject({ setting: "--port" })
    expect(String(errorOf({ PORT: "eighty" }).message)).toMatch(/PORT must be a port number/)
  })
})
