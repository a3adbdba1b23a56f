// One Kafka node as an operating-system process: write its files, format its storage, start the
// JVM with its output appended to the node's log file, and stop it (SIGTERM, then SIGKILL after a
// timeout). Attached nodes are guarded against outliving Node; detached ones serve the CLI.
import { type ChildProcess, spawn } from "node:child_process"
import { closeSync, existsSync, openSync } from "node:fs"
import { mkdir, open, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { KafkaHarnessError } from "./KafkaHarnessError.ts"
import {
  type KafkaClusterSpec,
  type KafkaNodeSpec,
  kafkaLog4jProperties,
  kafkaNodePaths,
  kafkaServerProperties,
} from "./KafkaNodeConfig.ts"
import { guardAgainstOrphan } from "./KafkaOrphanGuard.ts"
import { runToCompletion } from "./KafkaRunToCompletion.ts"

/** How to run the JVM: which java, which classpath, which options. */
export interface KafkaJvm {
  readonly java: string
  readonly libsDir: string
  readonly options: ReadonlyArray<string>
}

/**
 * JVM options for a broker with `heapMb` of heap. "quickStart" (throwaway test clusters) stops the
 * JIT at C1, which starts three nodes on two busy cores about a third sooner; "throughput" (the
 * CLI's long-lived broker, benchmarks) keeps C2.
 */
export const kafkaJvmOptions = (
  heapMb: number,
  profile: "quickStart" | "throughput" = "quickStart",
): ReadonlyArray<string> => [
  "-Xms64m",
  `-Xmx${heapMb}m`,
  "-XX:+UseSerialGC",
  "-XX:+ExitOnOutOfMemoryError",
  "-Djava.awt.headless=true",
  ...(profile === "quickStart" ? ["-XX:TieredStopAtLevel=1"] : []),
]

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH. */
export const javaExecutable = (): string =>
  process.env.JAVA_HOME !== undefined && process.env.JAVA_HOME !== ""
    ? join(process.env.JAVA_HOME, "bin", "java")
    : "java"

const classpathArgs = (jvm: KafkaJvm, node: KafkaNodeSpec): ReadonlyArray<string> => [
  ...jvm.options,
  `-Dlog4j.configuration=file:${kafkaNodePaths(node.dir).log4jProperties}`,
  "-cp",
  join(jvm.libsDir, "*"),
]

/** The last `lines` lines of a node's log, or a note that there is none. */
export const kafkaLogTail = async (path: string, lines = 60): Promise<string> => {
  if (!existsSync(path)) return `(no log at ${path})`
  const file = await open(path, "r")
  try {
    const { size } = await file.stat()
    const length = Math.min(size, 64 * 1024)
    const buffer = Buffer.alloc(length)
    await file.read(buffer, 0, length, size - length)
    return buffer.toString().split("\n").slice(-lines).join("\n")
  } finally {
    await file.close()
  }
}

/** Writes the node's configuration files and, unless its storage is formatted already, formats it. */
export const prepareKafkaNode = async (
  jvm: KafkaJvm,
  cluster: KafkaClusterSpec,
  node: KafkaNodeSpec,
): Promise<void> => {
  const paths = kafkaNodePaths(node.dir)
  await mkdir(paths.dataDir, { recursive: true })
  await writeFile(paths.serverProperties, kafkaServerProperties(cluster, node))
  await writeFile(paths.log4jProperties, kafkaLog4jProperties("INFO"))
  if (existsSync(join(paths.dataDir, "meta.properties"))) return
  const result = await runToCompletion(jvm.java, [
    ...classpathArgs(jvm, node),
    "kafka.tools.StorageTool",
    "format",
    "-t",
    cluster.clusterId,
    "-c",
    paths.serverProperties,
  ])
  if (result.code !== 0) {
    throw new KafkaHarnessError({
      reason: "FormatFailed",
      message: `formatting node ${node.nodeId} storage failed (exit ${result.code})`,
      logTail: result.output.split("\n").slice(-30).join("\n"),
    })
  }
}

/** A started node process. */
export interface KafkaNodeProcess {
  readonly nodeId: number
  readonly pid: number
  /** Resolves when the process has exited (for a detached node: while this Node process lives). */
  readonly exited: Promise<void>
  readonly hasExited: () => boolean
  /** How it ended ("exit code 1", "signal SIGKILL", "spawn error: ..."), once it has. */
  readonly exitDescription: () => string
  /** SIGTERM, SIGKILL after `timeoutMs`, then waits for the exit; says which one ended it. */
  readonly stop: (timeoutMs: number) => Promise<"Terminated" | "Killed">
}

/** Resolves true when `promise` settles within `ms`, false otherwise; leaves no timer behind. */
const within = async (promise: Promise<void>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([promise.then(() => true), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Starts `kafka.Kafka` for a prepared node. Detached nodes outlive Node and are not guarded. */
export const spawnKafkaNode = (
  jvm: KafkaJvm,
  node: KafkaNodeSpec,
  mode: "attached" | "detached",
): KafkaNodeProcess => {
  const paths = kafkaNodePaths(node.dir)
  const logFd = openSync(paths.log, "a")
  let child: ChildProcess
  try {
    child = spawn(jvm.java, [...classpathArgs(jvm, node), "kafka.Kafka", paths.serverProperties], {
      cwd: node.dir,
      stdio: ["ignore", logFd, logFd],
      detached: mode === "detached",
    })
  } finally {
    closeSync(logFd)
  }
  let done = false
  let description = "running"
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      done = true
      description = signal === null ? `exit code ${code}` : `signal ${signal}`
      resolve()
    })
    child.once("error", (error) => {
      done = true
      description = `spawn error: ${error.message}`
      resolve()
    })
  })
  const pid = child.pid ?? -1
  const release = mode === "attached" ? guardAgainstOrphan(child) : () => {}
  void exited.then(release)
  child.unref()
  const stop = async (timeoutMs: number): Promise<"Terminated" | "Killed"> => {
    if (done) return "Terminated"
    child.kill("SIGTERM")
    if (await within(exited, timeoutMs)) return "Terminated"
    child.kill("SIGKILL")
    await exited
    return "Killed"
  }
  return { nodeId: node.nodeId, pid, exited, hasExited: () => done, exitDescription: () => description, stop }
}
