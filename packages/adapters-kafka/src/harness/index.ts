// The broker harness: real Apache Kafka (3.9.x, KRaft) fetched from Maven Central and run on
// loopback, as a throwaway cluster for tests and benchmarks or a detached one for the CLI.
export {
  type FetchKafkaBrokerJarsOptions,
  fetchKafkaBrokerJars,
  type KafkaBrokerJars,
  kafkaBrokerPom,
  kafkaBrokerVersion,
  kafkaCacheRoot,
} from "./KafkaBrokerJars.ts"
export { isKafkaBrokerPid, stopKafkaBrokerPid } from "./KafkaBrokerPid.ts"
export { type KafkaCluster, type StartKafkaClusterOptions, startKafkaCluster } from "./KafkaCluster.ts"
export { kafkaClusterIdFrom, kafkaUuidText, randomKafkaClusterId } from "./KafkaClusterId.ts"
export { freeLoopbackPorts } from "./KafkaFreePorts.ts"
export { KafkaHarnessError, type KafkaHarnessFailure } from "./KafkaHarnessError.ts"
export {
  type KafkaClusterSpec,
  type KafkaNodeSpec,
  kafkaBrokerAddress,
  kafkaClusterDefaults,
  kafkaNodePaths,
  kafkaServerProperties,
} from "./KafkaNodeConfig.ts"
export { javaExecutable, kafkaJvmOptions, kafkaLogTail } from "./KafkaNodeProcess.ts"
export {
  type PersistentKafka,
  type PersistentKafkaStatus,
  persistentKafkaStatus,
  type StartPersistentKafkaOptions,
  startPersistentKafka,
  stopPersistentKafka,
} from "./KafkaPersistent.ts"
export { acceptsConnections, type KafkaReadiness, waitForKafka } from "./KafkaReadiness.ts"
