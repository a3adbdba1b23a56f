// Gives each Kafka test its own topics and groups on the shared broker: a PartitionedLog wrapper
// that prefixes every topic and group name going in and strips the prefix from what comes out,
// so the shared contract (which uses fixed names) can run repeatedly against one cluster.
import type { LogRecord, RecordPosition } from "@streamfold/core/runtime"
import { PartitionedLog } from "@streamfold/core/runtime"
import { Effect, Layer } from "effect"

/** The log in context with every name under `prefix`. */
export const namespaced = (
  prefix: string,
  log: typeof PartitionedLog.Service,
): typeof PartitionedLog.Service => {
  const inside = (name: string): string => `${prefix}${name}`
  const outside = (name: string): string => {
    if (!name.startsWith(prefix)) throw new Error(`topic ${name} escaped namespace ${prefix}`)
    return name.slice(prefix.length)
  }
  const position = (p: RecordPosition): RecordPosition => ({ ...p, topic: outside(p.topic) })
  const record = (r: LogRecord): LogRecord => ({ ...r, topic: outside(r.topic) })
  return {
    createTopics: (specs) => log.createTopics(specs.map((s) => ({ ...s, name: inside(s.name) }))),
    partitions: (topic) => log.partitions(inside(topic)),
    append: (records) =>
      Effect.map(log.append(records.map((r) => ({ ...r, topic: inside(r.topic) }))), (ps) =>
        ps.map(position),
      ),
    poll: (topic, partition, offset, max) =>
      Effect.map(log.poll(inside(topic), partition, offset, max), (rs) => rs.map(record)),
    endOffset: (topic, partition) => log.endOffset(inside(topic), partition),
    startOffset: (topic, partition) => log.startOffset(inside(topic), partition),
    join: (group, topics, member) => log.join(inside(group), topics.map(inside), member),
  }
}

/** Re-provides PartitionedLog from `layer`, namespaced under `prefix`. */
export const namespacedLayer = <E, R>(
  prefix: string,
  layer: Layer.Layer<PartitionedLog, E, R>,
): Layer.Layer<PartitionedLog, E, R> =>
  Layer.effect(
    PartitionedLog,
    Effect.map(PartitionedLog, (log) => namespaced(prefix, log)),
  ).pipe(Layer.provide(layer))
