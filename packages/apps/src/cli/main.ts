#!/usr/bin/env node
// The `streamfold` command: run apps, produce to and tail topics, and manage a local Kafka broker.
// Bad configuration prints one line naming the setting and exits with code 2.
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect, Logger } from "effect"
import { Command } from "effect/cli"
import { kafkaCommand } from "./KafkaCommand.ts"
import { produceCommand } from "./ProduceCommand.ts"
import { runCommand } from "./RunCommand.ts"
import { tailCommand } from "./TailCommand.ts"

const streamfold = Command.make("streamfold").pipe(
  Command.withDescription("streamfold: pure reducers over partitioned logs (embedded, kafka or memory mode)"),
  Command.withSubcommands([runCommand, produceCommand, tailCommand, kafkaCommand]),
)

const exitWith = (code: number, message: string) =>
  Effect.sync(() => {
    process.stderr.write(`streamfold: ${message}\n`)
    process.exitCode = code
  })

const program = Command.run(streamfold, { version: "0.1.0" }).pipe(
  Effect.catchTags({
    SettingsError: (e) => exitWith(2, e.message),
    StartupError: (e) => exitWith(1, e.message),
    ClientError: (e) => exitWith(1, e.message),
  }),
  Effect.provide(NodeServices.layer),
  Effect.provide(Logger.layer([Logger.consoleJson])),
)

NodeRuntime.runMain(program)
