// Vitest global setup for the Kafka suites: one real broker for the whole run, or the cluster
// named by KAFKA_BROKERS. Tests read the bootstrap list with `inject("kafkaBrokers")`. A broker
// that cannot be started fails the run; Kafka suites never skip silently.

import { startKafkaCluster, waitForKafka } from "@streamfold/adapters-kafka"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    /** Bootstrap addresses of the broker every Kafka suite shares. */
    kafkaBrokers: ReadonlyArray<string>
  }
}

/** Parses KAFKA_BROKERS (comma separated host:port); empty or unset means "start one". */
export const brokersFromEnv = (value: string | undefined): ReadonlyArray<string> | undefined => {
  const brokers = (value ?? "")
    .split(",")
    .map((broker) => broker.trim())
    .filter((broker) => broker !== "")
  return brokers.length === 0 ? undefined : brokers
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = brokersFromEnv(process.env.KAFKA_BROKERS)
  if (given !== undefined) {
    // An unreachable KAFKA_BROKERS fails here, once, rather than in every suite.
    const readiness = await waitForKafka({
      brokers: given,
      expectedBrokers: 1,
      timeoutMs: 30_000,
      failure: () => undefined,
    })
    if (readiness._tag !== "Ready") {
      throw new Error(`KAFKA_BROKERS=${given.join(",")} is not serving: ${JSON.stringify(readiness)}`)
    }
    project.provide("kafkaBrokers", given)
    return async () => {}
  }
  const started = performance.now()
  const cluster = await startKafkaCluster({ nodes: 1 })
  console.log(
    `kafka: broker ${cluster.brokers.join(",")} up in ${Math.round(performance.now() - started)} ms`,
  )
  project.provide("kafkaBrokers", cluster.brokers)
  return () => cluster.stop()
}
