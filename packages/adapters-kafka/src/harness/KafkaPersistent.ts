// A long-lived local Kafka for `streamfold kafka start|stop`: detached broker processes with pid
// files, data and logs under a directory the user chooses. The layout (cluster id, ports) is saved
// on first start, so later starts keep the same bootstrap address and data.
import { existsSync } from "node:fs"
import { mkdir, readFile, rm, writeFile } from "node:fs/promises"
import { join, resolve } from "node:path"
import { fetchKafkaBrokerJars, kafkaBrokerVersion } from "./KafkaBrokerJars.ts"
import { isKafkaBrokerPid, stopKafkaBrokerPid } from "./KafkaBrokerPid.ts"
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

/** Options for {@link startPersistentKafka}; only `dir` is required. */
export interface StartPersistentKafkaOptions {
  /** Holds `cluster.json` and one `node-<id>` directory (config, data, log, pid file) per node. */
  readonly dir: string
  /** Nodes of a new cluster (default 1); an existing cluster keeps its own. */
  readonly nodes?: number
  /** Broker port of node 1 for a new cluster (default: a free port). */
  readonly brokerPort?: number
  readonly version?: string
  readonly cacheRoot?: string
  readonly heapMb?: number
  readonly startTimeoutMs?: number
}

/** The outcome of a start: it was started now, or it already ran. */
export interface PersistentKafka {
  readonly _tag: "Started" | "AlreadyRunning"
  readonly dir: string
  readonly brokers: ReadonlyArray<string>
  readonly pids: ReadonlyArray<number>
  readonly logs: ReadonlyArray<string>
}

/** What {@link persistentKafkaStatus} sees under a directory. */
export type PersistentKafkaStatus =
  | { readonly _tag: "Absent" }
  | {
      readonly _tag: "Running" | "PartlyRunning" | "Stopped"
      readonly brokers: ReadonlyArray<string>
      readonly pids: ReadonlyArray<number>
    }

interface SavedLayout {
  readonly version: string
  readonly clusterId: string
  readonly nodes: ReadonlyArray<{
    readonly nodeId: number
    readonly brokerPort: number
    readonly controllerPort: number
  }>
}

const layoutFile = (dir: string) => join(dir, "cluster.json")

const readLayout = async (dir: string): Promise<SavedLayout | undefined> => {
  if (!existsSync(layoutFile(dir))) return undefined
  return JSON.parse(await readFile(layoutFile(dir), "utf8")) as SavedLayout
}

const specOf = (dir: string, layout: SavedLayout): KafkaClusterSpec => ({
  clusterId: layout.clusterId,
  nodes: layout.nodes.map((n) => ({ ...n, dir: join(dir, `node-${n.nodeId}`) })),
})

const readPid = async (node: KafkaNodeSpec): Promise<number | undefined> => {
  const text = await readFile(kafkaNodePaths(node.dir).pidFile, "utf8").catch(() => undefined)
  const pid = Number(text?.trim())
  return Number.isInteger(pid) && isKafkaBrokerPid(pid, kafkaNodePaths(node.dir).serverProperties)
    ? pid
    : undefined
}

const newLayout = async (options: StartPersistentKafkaOptions, version: string): Promise<SavedLayout> => {
  const size = options.nodes ?? 1
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`nodes must be a positive integer, got ${size}`)
  const ports = await freeLoopbackPorts(size * 2)
  return {
    version,
    clusterId: randomKafkaClusterId(),
    nodes: Array.from({ length: size }, (_, i) => ({
      nodeId: i + 1,
      brokerPort: i === 0 && options.brokerPort !== undefined ? options.brokerPort : (ports[2 * i] ?? 0),
      controllerPort: ports[2 * i + 1] ?? 0,
    })),
  }
}

/** Starts (or finds running) a detached local cluster under `options.dir`. */
export const startPersistentKafka = async (
  options: StartPersistentKafkaOptions,
): Promise<PersistentKafka> => {
  const dir = resolve(options.dir)
  await mkdir(dir, { recursive: true })
  const existing = await readLayout(dir)
  const layout = existing ?? (await newLayout(options, options.version ?? kafkaBrokerVersion))
  if (existing === undefined) await writeFile(layoutFile(dir), `${JSON.stringify(layout, null, 2)}\n`)
  const spec = specOf(dir, layout)
  const brokers = spec.nodes.map(kafkaBrokerAddress)
  const logs = spec.nodes.map((node) => kafkaNodePaths(node.dir).log)

  const pids = await Promise.all(spec.nodes.map(readPid))
  if (pids.every((pid) => pid !== undefined)) {
    return { _tag: "AlreadyRunning", dir, brokers, pids: pids as ReadonlyArray<number>, logs }
  }

  const jars = await fetchKafkaBrokerJars({
    version: layout.version,
    ...(options.cacheRoot ? { cacheRoot: options.cacheRoot } : {}),
  })
  const jvm: KafkaJvm = {
    java: javaExecutable(),
    libsDir: jars.libsDir,
    options: kafkaJvmOptions(options.heapMb ?? (spec.nodes.length === 1 ? 1024 : 512), "throughput"),
  }
  const started: Array<{ readonly node: KafkaNodeSpec; readonly broker: KafkaNodeProcess }> = []
  for (const [i, node] of spec.nodes.entries()) {
    if (pids[i] !== undefined) continue
    await prepareKafkaNode(jvm, spec, node)
    const broker = spawnKafkaNode(jvm, node, "detached")
    started.push({ node, broker })
    await writeFile(kafkaNodePaths(node.dir).pidFile, `${broker.pid}\n`)
  }
  const timeoutMs = options.startTimeoutMs ?? 90_000
  const readiness = await waitForKafka({
    brokers,
    expectedBrokers: spec.nodes.length,
    timeoutMs,
    failure: () => {
      const dead = started.find(({ broker }) => broker.hasExited())?.broker
      return dead && `node ${dead.nodeId} exited during start (${dead.exitDescription()})`
    },
  })
  if (readiness._tag !== "Ready") {
    const tails = await Promise.all(
      spec.nodes.map(async (node) => kafkaLogTail(kafkaNodePaths(node.dir).log, 40)),
    )
    await Promise.all(started.map(({ broker }) => broker.stop(2000)))
    await Promise.all(started.map(({ node }) => rm(kafkaNodePaths(node.dir).pidFile, { force: true })))
    throw new KafkaHarnessError({
      reason: readiness._tag === "Failed" ? "StartFailed" : "StartTimedOut",
      message: `starting Kafka under ${dir} failed: ${readiness._tag === "Failed" ? readiness.reason : readiness.lastProblem}`,
      logTail: tails.join("\n"),
    })
  }
  return {
    _tag: "Started",
    dir,
    brokers,
    pids: await Promise.all(spec.nodes.map(async (node) => (await readPid(node)) ?? -1)),
    logs,
  }
}

/** Stops the detached cluster under `dir` by its pid files; data and logs stay. */
export const stopPersistentKafka = async (options: {
  readonly dir: string
  readonly timeoutMs?: number
}): Promise<
  { readonly _tag: "Stopped"; readonly pids: ReadonlyArray<number> } | { readonly _tag: "NotRunning" }
> => {
  const dir = resolve(options.dir)
  const layout = await readLayout(dir)
  if (layout === undefined) return { _tag: "NotRunning" }
  const spec = specOf(dir, layout)
  const stopped = await Promise.all(
    spec.nodes.map(async (node) => {
      const pid = await readPid(node)
      const paths = kafkaNodePaths(node.dir)
      if (pid !== undefined)
        await stopKafkaBrokerPid(pid, paths.serverProperties, options.timeoutMs ?? 30_000)
      await rm(paths.pidFile, { force: true })
      return pid
    }),
  )
  const pids = stopped.filter((pid) => pid !== undefined)
  return pids.length === 0 ? { _tag: "NotRunning" } : { _tag: "Stopped", pids }
}

/** Whether the cluster under `dir` exists and which of its brokers run. */
export const persistentKafkaStatus = async (dir: string): Promise<PersistentKafkaStatus> => {
  const layout = await readLayout(resolve(dir))
  if (layout === undefined) return { _tag: "Absent" }
  const spec = specOf(resolve(dir), layout)
  const pids = (await Promise.all(spec.nodes.map(readPid))).filter((pid) => pid !== undefined)
  const tag = pids.length === spec.nodes.length ? "Running" : pids.length === 0 ? "Stopped" : "PartlyRunning"
  return { _tag: tag, brokers: spec.nodes.map(kafkaBrokerAddress), pids }
}
