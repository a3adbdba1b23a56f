// The settings of a streamfold process: read from the environment through Effect `Config`, then
// overridden by command-line flags, then checked as a whole so a bad value stops the start-up with
// one clear message.
import { Config, Data, Effect } from "effect"

/** Where the log and the state live. */
export type Mode = "embedded" | "kafka" | "memory"

/** The modes, in the order `--help` lists them. */
export const modes: ReadonlyArray<Mode> = ["embedded", "kafka", "memory"]

/** Everything a running process is configured with. */
export interface Settings {
  readonly mode: Mode
  /** LMDB environment of embedded mode (and Kafka mode's local store copies). */
  readonly dataDir: string
  readonly port: number
  /** How other instances reach this one; defaults to `http://localhost:<port>`. */
  readonly advertisedUrl: string
  readonly kafkaBrokers: ReadonlyArray<string>
  /** Largest request body accepted (bytes); bigger ones answer 413. */
  readonly maxBodyBytes: number
}

/** Settings given on the command line; each present one wins over the environment. */
export type SettingsOverrides = { readonly [K in keyof Settings]?: Settings[K] | undefined }

/** A setting that cannot work, with the variable or flag that holds it. */
export class SettingsError extends Data.TaggedError("SettingsError")<{
  readonly setting: string
  readonly message: string
}> {}

const defaults = {
  mode: "embedded",
  dataDir: ".data/streamfold",
  port: 8080,
  maxBodyBytes: 1024 * 1024,
} as const

/** The environment's settings: STREAMFOLD_MODE, DATA_DIR, PORT, ADVERTISED_URL, KAFKA_BROKERS, MAX_BODY_BYTES. */
export const environmentConfig = Config.all({
  mode: Config.option(Config.String("STREAMFOLD_MODE")),
  dataDir: Config.option(Config.String("DATA_DIR")),
  port: Config.option(Config.String("PORT")),
  advertisedUrl: Config.option(Config.String("ADVERTISED_URL")),
  kafkaBrokers: Config.option(Config.String("KAFKA_BROKERS")),
  maxBodyBytes: Config.option(Config.String("MAX_BODY_BYTES")),
})

const fail = (setting: string, message: string) => Effect.fail(new SettingsError({ setting, message }))

const parsePort = (setting: string, text: string) =>
  /^\d{1,5}$/.test(text) && Number(text) <= 65535
    ? Effect.succeed(Number(text))
    : fail(setting, `${setting} must be a port number between 0 and 65535, got ${JSON.stringify(text)}`)

const parseMode = (setting: string, text: string) =>
  (modes as ReadonlyArray<string>).includes(text)
    ? Effect.succeed(text as Mode)
    : fail(setting, `${setting} must be one of ${modes.join(", ")}, got ${JSON.stringify(text)}`)

const parseBrokers = (text: string): ReadonlyArray<string> =>
  text
    .split(",")
    .map((b) => b.trim())
    .filter((b) => b !== "")

const optionValue = <A>(option: { readonly _tag: "Some"; readonly value: A } | { readonly _tag: "None" }) =>
  option._tag === "Some" ? option.value : undefined

/**
 * Reads the environment, applies `overrides` and checks the result: a clear SettingsError (naming
 * the variable or flag) for a value that cannot work.
 */
export const loadSettings = (overrides: SettingsOverrides = {}) =>
  Effect.gen(function* () {
    const env = yield* environmentConfig.pipe(
      Effect.mapError((e) => new SettingsError({ setting: "environment", message: e.message })),
    )
    const envMode = optionValue(env.mode)
    const mode =
      overrides.mode ?? (envMode === undefined ? defaults.mode : yield* parseMode("STREAMFOLD_MODE", envMode))
    const envPort = optionValue(env.port)
    const port = overrides.port ?? (envPort === undefined ? defaults.port : yield* parsePort("PORT", envPort))
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      return yield* fail("--port", `--port must be a port number between 0 and 65535, got ${port}`)
    const dataDir = overrides.dataDir ?? optionValue(env.dataDir) ?? defaults.dataDir
    if (dataDir.trim() === "") return yield* fail("DATA_DIR", "DATA_DIR must not be empty")
    const envBody = optionValue(env.maxBodyBytes)
    const maxBodyBytes =
      overrides.maxBodyBytes ??
      (envBody === undefined
        ? defaults.maxBodyBytes
        : /^\d{1,10}$/.test(envBody) && Number(envBody) > 0
          ? Number(envBody)
          : yield* fail(
              "MAX_BODY_BYTES",
              `MAX_BODY_BYTES must be a positive integer, got ${JSON.stringify(envBody)}`,
            ))
    const envBrokers = optionValue(env.kafkaBrokers)
    const kafkaBrokers = overrides.kafkaBrokers ?? (envBrokers === undefined ? [] : parseBrokers(envBrokers))
    for (const broker of kafkaBrokers)
      if (!/^[^\s:/]+:\d{1,5}$/.test(broker))
        return yield* fail(
          "KAFKA_BROKERS",
          `KAFKA_BROKERS entries must be host:port, got ${JSON.stringify(broker)}`,
        )
    if (mode === "kafka" && kafkaBrokers.length === 0)
      return yield* fail(
        "KAFKA_BROKERS",
        "kafka mode needs brokers: set KAFKA_BROKERS or --brokers host:port,…",
      )
    const advertisedUrl =
      overrides.advertisedUrl ?? optionValue(env.advertisedUrl) ?? `http://localhost:${port}`
    if (!URL.canParse(advertisedUrl) || !/^https?:$/.test(new URL(advertisedUrl).protocol))
      return yield* fail(
        "ADVERTISED_URL",
        `ADVERTISED_URL must be an http(s) URL, got ${JSON.stringify(advertisedUrl)}`,
      )
    const settings: Settings = { mode, dataDir, port, advertisedUrl, kafkaBrokers, maxBodyBytes }
    return settings
  })

/** Parses a comma-separated broker list (for the `--brokers` flag). */
export const brokerList = parseBrokers
