// Waits until a cluster serves clients: every broker port accepts a TCP connection and a kafkajs
// admin `describeCluster` sent to each broker sees the expected number of live brokers. Gives up early when a node
// process has died (the caller says so) and at the deadline.
import { connect } from "node:net"
import { Kafka, logLevel } from "kafkajs"

/** What to wait for, and how to tell that waiting is pointless. */
export interface KafkaReadinessCheck {
  readonly brokers: ReadonlyArray<string>
  readonly expectedBrokers: number
  readonly timeoutMs: number
  /** A reason to stop waiting (a node exited), or undefined to go on. */
  readonly failure: () => string | undefined
}

/** How the wait ended. */
export type KafkaReadiness =
  | { readonly _tag: "Ready"; readonly waitedMs: number }
  | { readonly _tag: "Failed"; readonly reason: string }
  | { readonly _tag: "TimedOut"; readonly lastProblem: string }

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** True when `host:port` accepts a TCP connection within `timeoutMs`. */
export const acceptsConnections = (address: string, timeoutMs = 500): Promise<boolean> =>
  new Promise((resolve) => {
    const separator = address.lastIndexOf(":")
    const socket = connect({ host: address.slice(0, separator), port: Number(address.slice(separator + 1)) })
    const finish = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => finish(false))
    socket.once("connect", () => finish(true))
    socket.once("error", () => finish(false))
  })

const liveBrokerCount = async (brokers: ReadonlyArray<string>): Promise<number> => {
  const kafka = new Kafka({
    clientId: "streamfold-harness-readiness",
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  })
  const admin = kafka.admin()
  try {
    await admin.connect()
    const cluster = await admin.describeCluster()
    return cluster.brokers.length
  } finally {
    await admin.disconnect().catch(() => {})
  }
}

/** Polls until the cluster is ready, a node fails, or the deadline passes. */
export const waitForKafka = async (check: KafkaReadinessCheck): Promise<KafkaReadiness> => {
  const started = performance.now()
  let lastProblem = "not checked yet"
  while (performance.now() - started < check.timeoutMs) {
    const failure = check.failure()
    if (failure !== undefined) return { _tag: "Failed", reason: failure }
    const closed: Array<string> = []
    for (const broker of check.brokers) if (!(await acceptsConnections(broker))) closed.push(broker)
    if (closed.length > 0) {
      lastProblem = `no listener yet on ${closed.join(", ")}`
    } else {
      // Each broker answers from its own metadata cache, so every one of them must see them all.
      try {
        const counts = await Promise.all(check.brokers.map((broker) => liveBrokerCount([broker])))
        const behind = check.brokers.filter((_, i) => (counts[i] ?? 0) < check.expectedBrokers)
        if (behind.length === 0) return { _tag: "Ready", waitedMs: Math.round(performance.now() - started) }
        lastProblem = `${behind.join(", ")} sees fewer than ${check.expectedBrokers} brokers`
      } catch (error) {
        lastProblem = `describeCluster failed: ${error instanceof Error ? error.message : String(error)}`
      }
    }
    await sleep(100)
  }
  const failure = check.failure()
  return failure !== undefined ? { _tag: "Failed", reason: failure } : { _tag: "TimedOut", lastProblem }
}
