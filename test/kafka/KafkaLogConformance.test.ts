// The kafkajs log passes the PartitionedLog contract against the real broker. Each test gets its
// own topic and group namespace (the contract's names are fixed, the broker is shared and may
// outlive the run), and the memory store stands in for the StateStore this suite does not test.

import { KafkaLog } from "@streamfold/adapters-kafka"
import { MemoryEngine, MemoryStore } from "@streamfold/adapters-memory"
import { Layer } from "effect"
import fc from "fast-check"
import { inject } from "vitest"
import { partitionedLogContract } from "../conformance/PartitionedLogContract.ts"
import { namespacedLayer } from "./NamespacedLog.ts"

// Every property run creates real topics (~0.1 s each), so this file caps the run count at 100:
// FC_RUNS=1000 would outlast the test timeout without testing anything the first hundred miss.
fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  numRuns: Math.min(fc.readConfigureGlobal().numRuns ?? 100, 100),
})

const run = `conf-${process.pid}-${Date.now().toString(36)}`
let next = 0

partitionedLogContract("kafka", () =>
  Layer.mergeAll(
    namespacedLayer(
      `${run}-${next++}.`,
      KafkaLog.layer({ brokers: inject("kafkaBrokers"), clientId: "streamfold-conformance" }),
    ),
    MemoryStore.layerFromEngine.pipe(Layer.provide(MemoryEngine.layer)),
  ),
)
