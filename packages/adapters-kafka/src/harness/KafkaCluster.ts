// A throwaway Kafka cluster for tests and benchmarks: one node or three, each a combined KRaft
// broker+controller on loopback with free ports, all data in a fresh temporary directory that
// `stop()` removes. Nodes can be stopped, started and restarted with their data kept.
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fetchKafkaBrokerJars } from "./KafkaBrokerJars.ts"
import { randomKafkaClusterId } from "./KafkaClusterId.ts"
import { freeLoopbackPorts } from "./KafkaFreePorts.ts"
import { KafkaHarnessError } from "./KafkaHarnessError.ts"
import {
  type KafkaClusterSpec,
  type KafkaNodeSpec,
  kafkaBrokerAddress,
  kafkaNodePaths,
} from "./KafkaNodeConfig.ts"
import {
  javaExecutable,
  type KafkaJvm,
  type KafkaNodeProcess,
  kafkaJvmOptions,
  kafkaLogTail,
  prepareKafkaNode,
  spawnKafkaNode,
} from "./KafkaNodeProcess.ts"
import { waitForKafka } from "./KafkaReadiness.ts"
import { claimKafkaTempDir, kafkaTempDirPrefix, sweepStaleKafkaDirs } from "./KafkaStaleDirs.ts"

/** Options for {@link startKafkaCluster}; every field has a default. */
export interface StartKafkaClusterOptions {
  /** Number of nodes (default 1); three gives replication factor 3 and min ISR 2. */
  readonly nodes?: number
  /** Kafka version (default {@link kafkaBrokerVersion}). */
  readonly version?: string
  /** Jar cache root (default `$STREAMFOLD_KAFKA_CACHE` or `<repo>/.cache/kafka`). */
  readonly cacheRoot?: string
  /** Parent of the temporary cluster directory (default the OS temp dir). */
  readonly parentDir?: string
  /** Heap per node in MiB (default 512 for one node, 384 each for more). */
  readonly heapMb?: number
  /** JVM options replacing the defaults, `kafkaJvmOptions(heapMb, "quickStart")`. */
  readonly jvmOptions?: ReadonlyArray<string>
  /** Broker settings that win over the harness defaults. */
  readonly overrides?: Readonly<Record<string, string>>
  /** How long a start may take (default 90 s). */
  readonly startTimeoutMs?: number
  /** How long SIGTERM has before SIGKILL (default 10 s). */
  readonly stopTimeoutMs?: number
}

/** A running cluster and its controls. */
export interface KafkaCluster {
  /** Bootstrap addresses (`127.0.0.1:<port>`), one per node. */
  readonly brokers: ReadonlyArray<string>
  readonly clusterId: string
  /** The temporary directory holding every node's config, data and log. */
  readonly dir: string
  readonly nodes: ReadonlyArray<KafkaNodeSpec>
  /** The pid of a node's JVM, or undefined while it is stopped. */
  readonly pidOf: (nodeId: number) => number | undefined
  /** The path of a node's log file. */
  readonly logOf: (nodeId: number) => string
  /** Stops one node (SIGTERM, then SIGKILL) keeping its data. */
  readonly stopBroker: (nodeId: number) => Promise<void>
  /** Starts a stopped node on its old ports and data; resolves once the cluster sees it. */
  readonly startBroker: (nodeId: number) => Promise<void>
  /** stopBroker then startBroker: the "broker restart mid-stream" fault. */
  readonly restartBroker: (nodeId: number) => Promise<void>
  /** Stops every node and removes the directory. Idempotent. */
  readonly stop: () => Promise<void>
}

const bindFailure = /BindException|Address already in use/

interface Attempt {
  readonly spec: KafkaClusterSpec
  readonly running: Map<number, KafkaNodeProcess>
}

const describeFailure = async (
  spec: KafkaClusterSpec,
  running: ReadonlyMap<number, KafkaNodeProcess>,
  reason: string,
): Promise<string> => {
  const tails = await Promise.all(
    spec.nodes.map(async (node) => {
      const state = running.get(node.nodeId)?.exitDescription() ?? "not started"
      return `[node ${node.nodeId}: ${state}, log ${kafkaNodePaths(node.dir).log}]\n${await kafkaLogTail(kafkaNodePaths(node.dir).log, spec.nodes.length > 1 ? 25 : 50)}`
    }),
  )
  return `${reason}\n${tails.join("\n")}`
}

const clusterSpec = async (dir: string, size: number, overrides: StartKafkaClusterOptions["overrides"]) => {
  const ports = await freeLoopbackPorts(size * 2)
  const nodes = Array.from(
    { length: size },
    (_, i): KafkaNodeSpec => ({
      nodeId: i + 1,
      brokerPort: ports[2 * i] ?? 0,
      controllerPort: ports[2 * i + 1] ?? 0,
      dir: join(dir, `node-${i + 1}`),
    }),
  )
  const spec: KafkaClusterSpec = {
    clusterId: randomKafkaClusterId(),
    nodes,
    ...(overrides ? { overrides } : {}),
  }
  return spec
}

/** Starts a fresh cluster and resolves once every broker serves clients. */
export const startKafkaCluster = async (options: StartKafkaClusterOptions = {}): Promise<KafkaCluster> => {
  const size = options.nodes ?? 1
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`nodes must be a positive integer, got ${size}`)
  const jars = await fetchKafkaBrokerJars({
    ...(options.version ? { version: options.version } : {}),
    ...(options.cacheRoot ? { cacheRoot: options.cacheRoot } : {}),
  })
  const jvm: KafkaJvm = {
    java: javaExecutable(),
    libsDir: jars.libsDir,
    options: options.jvmOptions ?? kafkaJvmOptions(options.heapMb ?? (size === 1 ? 512 : 384)),
  }
  const startTimeoutMs = options.startTimeoutMs ?? 90_000
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000
  const parentDir = options.parentDir ?? tmpdir()
  await sweepStaleKafkaDirs(parentDir)
  const dir = await mkdtemp(join(parentDir, kafkaTempDirPrefix))
  await claimKafkaTempDir(dir)

  const stopAll = (running: Map<number, KafkaNodeProcess>, timeoutMs: number) =>
    Promise.all([...running.values()].map((node) => node.stop(timeoutMs)))

  // A port taken between finding it free and Kafka binding it is retried with new ports.
  const attemptStart = async (): Promise<Attempt> => {
    for (let attempt = 1; ; attempt++) {
      const spec = await clusterSpec(join(dir, `attempt-${attempt}`), size, options.overrides)
      const running = new Map<number, KafkaNodeProcess>()
      try {
        await Promise.all(spec.nodes.map((node) => prepareKafkaNode(jvm, spec, node)))
        for (const node of spec.nodes) running.set(node.nodeId, spawnKafkaNode(jvm, node, "attached"))
        const readiness = await waitForKafka({
          brokers: spec.nodes.map(kafkaBrokerAddress),
          expectedBrokers: size,
          timeoutMs: startTimeoutMs,
          failure: () => {
            const dead = [...running.values()].find((node) => node.hasExited())
            return dead && `node ${dead.nodeId} exited during start (${dead.exitDescription()})`
          },
        })
        if (readiness._tag === "Ready") return { spec, running }
        const message =
          readiness._tag === "Failed"
            ? readiness.reason
            : `Kafka did not become ready within ${startTimeoutMs} ms: ${readiness.lastProblem}`
        const detail = await describeFailure(spec, running, message)
        await stopAll(running, 2000)
        if (attempt < 3 && bindFailure.test(detail)) continue
        throw new KafkaHarnessError({
          reason: readiness._tag === "Failed" ? "StartFailed" : "StartTimedOut",
          message: `starting a ${size}-node Kafka cluster failed`,
          logTail: detail,
        })
      } catch (error) {
        await stopAll(running, 2000)
        throw error
      }
    }
  }

  let started: Attempt
  try {
    started = await attemptStart()
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
  const { spec, running } = started

  const nodeSpec = (nodeId: number): KafkaNodeSpec => {
    const node = spec.nodes.find((n) => n.nodeId === nodeId)
    if (node === undefined) {
      throw new KafkaHarnessError({ reason: "UnknownNode", message: `no node ${nodeId} in this cluster` })
    }
    return node
  }

  const stopBroker = async (nodeId: number): Promise<void> => {
    nodeSpec(nodeId)
    const node = running.get(nodeId)
    if (node === undefined) return
    await node.stop(stopTimeoutMs)
    running.delete(nodeId)
  }

  const startBroker = async (nodeId: number): Promise<void> => {
    const node = nodeSpec(nodeId)
    if (running.has(nodeId)) return
    const restarted = spawnKafkaNode(jvm, node, "attached")
    running.set(nodeId, restarted)
    const readiness = await waitForKafka({
      brokers: spec.nodes.filter((n) => running.has(n.nodeId)).map(kafkaBrokerAddress),
      expectedBrokers: running.size,
      timeoutMs: startTimeoutMs,
      failure: () =>
        restarted.hasExited() ? `node ${nodeId} exited (${restarted.exitDescription()})` : undefined,
    })
    if (readiness._tag !== "Ready") {
      const message = readiness._tag === "Failed" ? readiness.reason : readiness.lastProblem
      const detail = await describeFailure(spec, running, message)
      await restarted.stop(2000)
      running.delete(nodeId)
      throw new KafkaHarnessError({
        reason: readiness._tag === "Failed" ? "StartFailed" : "StartTimedOut",
        message: `restarting Kafka node ${nodeId} failed`,
        logTail: detail,
      })
    }
  }

  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      try {
        await stopAll(running, stopTimeoutMs)
        running.clear()
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })()
    return stopping
  }

  return {
    brokers: spec.nodes.map(kafkaBrokerAddress),
    clusterId: spec.clusterId,
    dir,
    nodes: spec.nodes,
    pidOf: (nodeId) => running.get(nodeId)?.pid,
    logOf: (nodeId) => kafkaNodePaths(nodeSpec(nodeId).dir).log,
    stopBroker,
    startBroker,
    restartBroker: async (nodeId) => {
      await stopBroker(nodeId)
      await startBroker(nodeId)
    },
    stop,
  }
}
