import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type KafkaClusterSpec,
  kafkaLog4jProperties,
  kafkaServerProperties,
} from "../../src/harness/KafkaNodeConfig.ts"

// A Java-properties reader just good enough for what the harness writes: key=value lines.
const parse = (text: string): Map<string, string> =>
  new Map(
    text
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  )

const cluster = (size: number, basePort: number, overrides?: Record<string, string>): KafkaClusterSpec => ({
  clusterId: "MkU3OEVBNTcwNTJENDM2Qg",
  nodes: Array.from({ length: size }, (_, i) => ({
    nodeId: i + 1,
    brokerPort: basePort + 2 * i,
    controllerPort: basePort + 2 * i + 1,
    dir: `/tmp/c/node-${i + 1}`,
  })),
  ...(overrides ? { overrides } : {}),
})

describe("kafkaServerProperties", () => {
  it("makes every node a combined KRaft node that knows all voters", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1024, max: 60000 }), (size, basePort) => {
        const spec = cluster(size, basePort)
        for (const node of spec.nodes) {
          const props = parse(kafkaServerProperties(spec, node))
          expect(props.get("process.roles")).toBe("broker,controller")
          expect(props.get("node.id")).toBe(String(node.nodeId))
          expect(props.get("controller.quorum.voters")?.split(",")).toEqual(
            spec.nodes.map((n) => `${n.nodeId}@127.0.0.1:${n.controllerPort}`),
          )
          expect(props.get("advertised.listeners")).toBe(`PLAINTEXT://127.0.0.1:${node.brokerPort}`)
          expect(props.get("log.dirs")).toBe(`${node.dir}/data`)
          const replication = String(Math.min(3, size))
          expect(props.get("default.replication.factor")).toBe(replication)
          expect(props.get("offsets.topic.replication.factor")).toBe(replication)
          expect(props.get("transaction.state.log.replication.factor")).toBe(replication)
          expect(props.get("min.insync.replicas")).toBe(size >= 3 ? "2" : "1")
          expect(props.get("transaction.state.log.min.isr")).toBe(size >= 3 ? "2" : "1")
          expect(props.get("auto.create.topics.enable")).toBe("false")
          expect(props.get("group.initial.rebalance.delay.ms")).toBe("0")
        }
      }),
    )
  })

  it("lets overrides win and escapes backslashes", () => {
    const spec = cluster(1, 9092, { "num.partitions": "6", "log.retention.ms": "1000" })
    const node = { ...spec.nodes[0]!, dir: "C:\\kafka" }
    const props = parse(kafkaServerProperties(spec, node))
    expect(props.get("num.partitions")).toBe("6")
    expect(props.get("log.retention.ms")).toBe("1000")
    expect(props.get("log.dirs")).toBe("C:\\\\kafka/data")
  })

  it("sends logs to stdout at the asked level", () => {
    expect(kafkaLog4jProperties("WARN")).toContain("log4j.rootLogger=WARN, stdout")
  })
})
