// The broker every Kafka suite shares, started by setup/globalSetup.ts (or named by KAFKA_BROKERS):
// it must be there. A Kafka suite without a broker fails; it never skips.
import { Kafka, logLevel } from "kafkajs"
import { describe, expect, inject, it } from "vitest"
import { brokersFromEnv } from "./setup/globalSetup.ts"

describe("the shared Kafka broker", () => {
  it("is provided to every Kafka suite and answers describeCluster", async () => {
    const brokers = inject("kafkaBrokers")
    expect(
      brokers,
      "kafkaBrokers not provided: the Kafka vitest project must use test/kafka/setup/globalSetup.ts",
    ).toBeDefined()
    expect(brokers.length).toBeGreaterThan(0)
    const admin = new Kafka({
      clientId: "global-broker-test",
      brokers: [...brokers],
      logLevel: logLevel.ERROR,
    }).admin()
    await admin.connect()
    try {
      expect((await admin.describeCluster()).brokers.length).toBeGreaterThan(0)
    } finally {
      await admin.disconnect()
    }
  })
})

describe("brokersFromEnv", () => {
  it("reads a comma-separated list and treats blank as unset", () => {
    expect(brokersFromEnv(" 127.0.0.1:9092 , localhost:9093,")).toEqual(["127.0.0.1:9092", "localhost:9093"])
    expect(brokersFromEnv("")).toBeUndefined()
    expect(brokersFromEnv(" , ")).toBeUndefined()
    expect(brokersFromEnv(undefined)).toBeUndefined()
  })
})
