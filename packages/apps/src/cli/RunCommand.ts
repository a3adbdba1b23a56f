// `streamfold run <app…|all>`: starts the named apps in one process on one HTTP port, in the mode
// the flags or the environment choose (embedded by default), until interrupted.
import { Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { selectApps } from "../AppRegistry.ts"
import { brokerList, loadSettings, modes } from "../config/Settings.ts"
import { runProcess } from "../runtime/Runner.ts"

const value = <A>(option: Option.Option<A>): A | undefined => Option.getOrUndefined(option)

/** Flags shared by commands that need settings. */
export const settingsFlags = {
  mode: Flag.optional(
    Flag.withDescription(
      Flag.Literals("mode", modes),
      "embedded (default), kafka or memory; env STREAMFOLD_MODE",
    ),
  ),
  port: Flag.optional(Flag.withDescription(Flag.Int("port"), "HTTP port (default 8080); env PORT")),
  dataDir: Flag.optional(
    Flag.withDescription(Flag.String("data-dir"), "where embedded mode keeps its data; env DATA_DIR"),
  ),
  brokers: Flag.optional(
    Flag.withDescription(Flag.String("brokers"), "Kafka brokers host:port,…; env KAFKA_BROKERS"),
  ),
  advertisedUrl: Flag.optional(
    Flag.withDescription(
      Flag.String("advertised-url"),
      "URL other instances reach this one at; env ADVERTISED_URL",
    ),
  ),
}

/** The settings from the environment with the given flags applied. */
export const settingsFromFlags = (flags: {
  readonly mode: Option.Option<"embedded" | "kafka" | "memory">
  readonly port: Option.Option<number>
  readonly dataDir: Option.Option<string>
  readonly brokers: Option.Option<string>
  readonly advertisedUrl: Option.Option<string>
}) => {
  const brokers = value(flags.brokers)
  return loadSettings({
    mode: value(flags.mode),
    port: value(flags.port),
    dataDir: value(flags.dataDir),
    kafkaBrokers: brokers === undefined ? undefined : brokerList(brokers),
    advertisedUrl: value(flags.advertisedUrl),
  })
}

/** The `run` command. */
export const runCommand = Command.make(
  "run",
  {
    apps: Argument.withDescription(
      Argument.variadic(Argument.String("app")),
      "apps to run: queueing, … or all",
    ),
    ...settingsFlags,
  },
  (config) =>
    Effect.gen(function* () {
      const settings = yield* settingsFromFlags(config)
      const apps = yield* selectApps(config.apps)
      const running = yield* runProcess(apps, settings)
      yield* running.awaitReady
      yield* Effect.logInfo(`ready: http://localhost:${running.port}/health`)
      return yield* Effect.never
    }).pipe(Effect.scoped),
).pipe(Command.withDescription("Run apps (queueing, … or all) on one HTTP port; embedded mode by default"))
