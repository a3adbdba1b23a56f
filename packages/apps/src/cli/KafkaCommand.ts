// `streamfold kafka start|stop|status`: the local Apache Kafka broker harness (KRaft, loopback),
// kept under a directory so it outlives the command.
import { persistentKafkaStatus, startPersistentKafka, stopPersistentKafka } from "@streamfold/adapters-kafka"
import { Effect } from "effect"
import { Command, Flag } from "effect/cli"

const dirFlag = Flag.withDescription(
  Flag.withDefault(Flag.String("dir"), ".data/kafka"),
  "where the broker keeps its data, logs and pid files",
)

const print = (value: unknown) => Effect.sync(() => process.stdout.write(`${JSON.stringify(value)}\n`))

const start = Command.make("start", { dir: dirFlag }, ({ dir }) =>
  Effect.flatMap(
    Effect.promise(() => startPersistentKafka({ dir })),
    (kafka) =>
      Effect.andThen(
        print(kafka),
        Effect.sync(() => process.stderr.write(`KAFKA_BROKERS=${kafka.brokers.join(",")}\n`)),
      ),
  ),
).pipe(
  Command.withDescription("Start a local broker (fetching its jars once) and print its bootstrap address"),
)

const stop = Command.make("stop", { dir: dirFlag }, ({ dir }) =>
  Effect.flatMap(
    Effect.promise(() => stopPersistentKafka({ dir })),
    print,
  ),
).pipe(Command.withDescription("Stop the local broker"))

const status = Command.make("status", { dir: dirFlag }, ({ dir }) =>
  Effect.flatMap(
    Effect.promise(() => persistentKafkaStatus(dir)),
    print,
  ),
).pipe(Command.withDescription("Show whether the local broker runs"))

/** The `kafka` command group. */
export const kafkaCommand = Command.make("kafka").pipe(
  Command.withDescription("A local Apache Kafka broker for kafka mode: start, stop, status"),
  Command.withSubcommands([start, stop, status]),
)
