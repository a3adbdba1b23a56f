// The files one KRaft node runs from: server.properties and log4j.properties, as plain text.
// Every node is a combined broker+controller on loopback; settings favour fast tests (no
// rebalance delay, small internal topics, no auto-created topics: streamfold creates its own).
import { join } from "node:path"

/** One node of a cluster: its id, its loopback ports and its own directory. */
export interface KafkaNodeSpec {
  readonly nodeId: number
  readonly brokerPort: number
  readonly controllerPort: number
  readonly dir: string
}

/** A whole cluster: its id, its nodes and extra broker settings that win over the defaults. */
export interface KafkaClusterSpec {
  readonly clusterId: string
  readonly nodes: ReadonlyArray<KafkaNodeSpec>
  readonly overrides?: Readonly<Record<string, string>>
}

/** Where a node keeps its files, all under its own directory. */
export const kafkaNodePaths = (dir: string) => ({
  serverProperties: join(dir, "server.properties"),
  log4jProperties: join(dir, "log4j.properties"),
  dataDir: join(dir, "data"),
  log: join(dir, "broker.log"),
  pidFile: join(dir, "kafka.pid"),
})

/** The bootstrap address of a node. */
export const kafkaBrokerAddress = (node: KafkaNodeSpec): string => `127.0.0.1:${node.brokerPort}`

/** Broker defaults for a cluster of `size` nodes: replication 3 and min ISR 2 from three nodes up. */
export const kafkaClusterDefaults = (size: number): Readonly<Record<string, string>> => {
  const replication = String(Math.min(3, size))
  const minIsr = size >= 3 ? "2" : "1"
  return {
    "default.replication.factor": replication,
    "min.insync.replicas": minIsr,
    "offsets.topic.replication.factor": replication,
    "offsets.topic.num.partitions": "10",
    "transaction.state.log.replication.factor": replication,
    "transaction.state.log.min.isr": minIsr,
    "transaction.state.log.num.partitions": "10",
    "group.initial.rebalance.delay.ms": "0",
    "auto.create.topics.enable": "false",
    "num.partitions": "1",
    "num.network.threads": "2",
    "num.io.threads": "4",
    "num.recovery.threads.per.data.dir": "1",
    "background.threads": "4",
    "log.cleaner.threads": "1",
    "log.cleaner.dedupe.buffer.size": String(16 * 1024 * 1024),
  }
}

// Java properties treat backslash as an escape; loopback paths rarely have one, but be exact.
const escapeValue = (value: string): string => value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n")

/** server.properties for one node of a cluster. */
export const kafkaServerProperties = (cluster: KafkaClusterSpec, node: KafkaNodeSpec): string => {
  const voters = cluster.nodes.map((n) => `${n.nodeId}@127.0.0.1:${n.controllerPort}`).join(",")
  const settings: Record<string, string> = {
    "process.roles": "broker,controller",
    "node.id": String(node.nodeId),
    "controller.quorum.voters": voters,
    listeners: `PLAINTEXT://127.0.0.1:${node.brokerPort},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    "advertised.listeners": `PLAINTEXT://${kafkaBrokerAddress(node)}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "log.dirs": kafkaNodePaths(node.dir).dataDir,
    ...kafkaClusterDefaults(cluster.nodes.length),
    ...cluster.overrides,
  }
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${escapeValue(value)}`)
    .join("\n")}\n`
}

/** log4j.properties sending everything at `level` and above to stdout (the node's log file). */
export const kafkaLog4jProperties = (level: "INFO" | "WARN"): string =>
  [
    `log4j.rootLogger=${level}, stdout`,
    "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
    "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
    "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
    // The request and state-change loggers are noisy at INFO and say nothing a test needs.
    "log4j.logger.kafka.request.logger=WARN",
    "log4j.logger.state.change.logger=WARN",
    "log4j.logger.kafka.controller=INFO",
    "",
  ].join("\n")
