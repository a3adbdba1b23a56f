// Typed access to the parts of kafkajs 2.2.4 that its public API hides: the Cluster (metadata,
// leader lookup, coordinators) and the Broker requests Fetch, JoinGroup, SyncGroup, Heartbeat and
// LeaveGroup. kafkajs has no manual partition assignment, so polling and groups go through these.
import type { Kafka } from "kafkajs"

/** A record as kafkajs's record-batch decoder returns it. */
export interface RawMessage {
  readonly offset: string
  readonly timestamp: string
  readonly key: Buffer | null
  readonly value: Buffer | null
  readonly headers: Readonly<Record<string, Buffer | string | ReadonlyArray<Buffer | string> | undefined>>
  readonly isControlRecord: boolean
  readonly batchContext: {
    readonly producerId: string
    readonly inTransaction: boolean
    /** The record batch's first offset and its last record's delta: where the batch ends. */
    readonly firstOffset: string
    readonly lastOffsetDelta: number
  }
}

/** One partition of a fetch response. */
export interface RawFetchPartition {
  readonly partition: number
  readonly errorCode: number
  readonly highWatermark: string
  readonly lastStableOffset?: string
  readonly logStartOffset?: string
  readonly abortedTransactions?: ReadonlyArray<{ readonly producerId: string; readonly firstOffset: string }>
  readonly messages: ReadonlyArray<RawMessage>
}

export interface RawGroupMember {
  readonly memberId: string
  readonly memberMetadata: Buffer
}

/** The Broker requests we use. */
export interface RawBroker {
  readonly fetch: (request: {
    readonly replicaId: number
    readonly isolationLevel: number
    readonly maxWaitTime: number
    readonly minBytes: number
    readonly maxBytes: number
    readonly topics: ReadonlyArray<{
      readonly topic: string
      readonly partitions: ReadonlyArray<{
        readonly partition: number
        readonly fetchOffset: string
        readonly maxBytes: number
      }>
    }>
  }) => Promise<{
    readonly responses: ReadonlyArray<{
      readonly topicName: string
      readonly partitions: ReadonlyArray<RawFetchPartition>
    }>
  }>
  readonly joinGroup: (request: {
    readonly groupId: string
    readonly sessionTimeout: number
    readonly rebalanceTimeout: number
    readonly memberId: string
    readonly protocolType: string
    readonly groupProtocols: ReadonlyArray<{ readonly name: string; readonly metadata: Buffer }>
  }) => Promise<{
    readonly generationId: number
    readonly leaderId: string
    readonly memberId: string
    readonly groupProtocol: string
    readonly members: ReadonlyArray<RawGroupMember>
  }>
  readonly syncGroup: (request: {
    readonly groupId: string
    readonly generationId: number
    readonly memberId: string
    readonly groupAssignment: ReadonlyArray<{ readonly memberId: string; readonly memberAssignment: Buffer }>
  }) => Promise<{ readonly memberAssignment: Buffer }>
  readonly heartbeat: (request: {
    readonly groupId: string
    readonly groupGenerationId: number
    readonly memberId: string
  }) => Promise<unknown>
  readonly leaveGroup: (request: { readonly groupId: string; readonly memberId: string }) => Promise<unknown>
}

/** The Cluster operations we use. */
export interface RawCluster {
  readonly connect: () => Promise<void>
  readonly disconnect: () => Promise<void>
  readonly refreshMetadata: () => Promise<void>
  readonly addMultipleTargetTopics: (topics: ReadonlyArray<string>) => Promise<void>
  readonly findLeaderForPartitions: (
    topic: string,
    partitions: ReadonlyArray<number>,
  ) => Readonly<Record<string, ReadonlyArray<number>>>
  readonly findBroker: (query: { readonly nodeId: string }) => Promise<RawBroker>
  readonly findGroupCoordinator: (query: { readonly groupId: string }) => Promise<RawBroker>
  /** Latest (the last stable offset under read_committed) or earliest offsets, from the leaders. */
  readonly fetchTopicsOffset: (
    topics: ReadonlyArray<{
      readonly topic: string
      readonly partitions: ReadonlyArray<{ readonly partition: number }>
      readonly fromBeginning: boolean
    }>,
  ) => Promise<
    ReadonlyArray<{
      readonly topic: string
      readonly partitions: ReadonlyArray<{ readonly partition: number; readonly offset: string }>
    }>
  >
}

/** kafkajs's `ISOLATION_LEVEL.READ_COMMITTED`. */
export const readCommitted = 1

/**
 * A Cluster of its own, built by the client's private factory so that it shares the client's
 * brokers, TLS, SASL, retry and logger settings.
 */
export const makeCluster = (kafka: Kafka): RawCluster => {
  const factory = Object.getOwnPropertySymbols(kafka).find(
    (symbol) => symbol.description === "private:Kafka:createCluster",
  )
  if (factory === undefined) throw new Error("kafkajs internals changed: no private:Kafka:createCluster")
  const create = (kafka as unknown as Record<symbol, (options: object) => RawCluster>)[factory]!
  return create({ allowAutoTopicCreation: false, isolationLevel: readCommitted, metadataMaxAge: 300_000 })
}
