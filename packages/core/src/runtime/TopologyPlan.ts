// From an app description to what the driver runs: the topics to create, the co-partitioning
// checks, and the task kinds (one per processor, one per re-keyed input).
import { Effect } from "effect"
import { type App, dlqTopic, repartitionTopic } from "../Topology.ts"
import type { DriverSettings } from "./DriverSettings.ts"
import { PartitionedLog } from "./PartitionedLog.ts"
import { processorTaskKind, processorTopics } from "./ProcessorTask.ts"
import type { TopicSpec } from "./Records.ts"
import { repartitionTaskKind } from "./RepartitionTask.ts"
import { TopologyError } from "./RuntimeErrors.ts"
import type { TaskKind } from "./Task.ts"

/** The topics an app needs: its declared ones, its dead-letter topic and its repartition topics. */
export const appTopics = (app: App): ReadonlyArray<TopicSpec> => {
  const specs = new Map<string, TopicSpec>()
  for (const t of app.topics)
    specs.set(t.name, {
      name: t.name,
      partitions: t.partitions,
      ...(t.retentionMs === undefined ? {} : { retentionMs: t.retentionMs }),
      ...(t.retentionBytes === undefined ? {} : { retentionBytes: t.retentionBytes }),
    })
  specs.set(dlqTopic(app.name), { name: dlqTopic(app.name), partitions: 1 })
  for (const { _erased: p } of app.processors)
    if (p.inputs.some((i) => i.rekey !== undefined)) {
      const name = repartitionTopic(app.name, p.name)
      specs.set(name, { name, partitions: p.partitions })
    }
  return [...specs.values()]
}

/** Creates the app's topics and checks each processor's inputs are co-partitioned as it says. */
export const prepareTopics = (app: App) =>
  Effect.gen(function* () {
    const log = yield* PartitionedLog
    yield* log.createTopics(appTopics(app))
    for (const { _erased: p } of app.processors) {
      const topics = processorTopics(app.name, p)
      if (topics.length === 0)
        return yield* new TopologyError({ message: `processor ${p.name} has no inputs` })
      for (const topic of topics) {
        const count = yield* log.partitions(topic)
        if (count !== p.partitions)
          return yield* new TopologyError({
            message: `processor ${p.name}: input ${topic} has ${count} partitions, the processor ${p.partitions}`,
          })
      }
    }
  })

/** The task kinds of an app, in a stable order. */
export const appTaskKinds = (app: App, settings: DriverSettings): ReadonlyArray<TaskKind> => {
  const routable = new Set(appTopics(app).map((t) => t.name))
  return app.processors.flatMap(({ _erased: p }) => [
    processorTaskKind(app.name, p, routable, settings),
    ...p.inputs.flatMap((input) =>
      input.rekey === undefined
        ? []
        : [repartitionTaskKind(app.name, p.name, { ...input, rekey: input.rekey }, settings)],
    ),
  ])
}
