// An app as plain data: processors, each a reducer with its store, state codec, decoded inputs
// (optionally re-keyed through an internal repartition topic) and an output router. The runtime
// driver runs it; nothing here performs I/O.
import type { Either } from "fp-ts/lib/Either.js"
import type { Reducer } from "./Reducer.ts"

/** Headers on a record, as text. */
export type Headers = Readonly<Record<string, string>>

/** Where a record came from, handed to input decoders. */
export interface RecordMeta {
  readonly topic: string
  readonly partition: number
  readonly offset: number
  readonly timestamp: number
  readonly headers: Headers
}

/** Decodes a record into a reducer input; `Left` carries the reason, and the record is dead-lettered. */
export type InputDecoder<I> = (
  key: string | null,
  value: Uint8Array | null,
  meta: RecordMeta,
) => Either<string, I>

/** One input topic of a processor. */
export interface Input<I> {
  readonly topic: string
  readonly decode: InputDecoder<I>
  /** The key the reducer needs; when present the record goes through `<app>-<processor>-repartition`. */
  readonly rekey?: (input: I, key: string | null) => string
}

/** A key's state as bytes and back. */
export interface StateCodec<S> {
  readonly encode: (state: S) => Uint8Array
  readonly decode: (bytes: Uint8Array) => Either<string, S>
}

/** A record an output becomes; `value: null` is a tombstone. */
export interface OutputRecord {
  readonly topic: string
  readonly key: string | null
  readonly value: Uint8Array | null
  readonly headers?: Headers
}

/** Turns one reducer output (of the key `key`) into records; an empty list means it goes nowhere. */
export type OutputRouter<O> = (output: O, key: string) => ReadonlyArray<OutputRecord>

/**
 * Extension point for joins: rows of other stores (same task partition) read before the step and
 * attached to the input, so the reducer stays pure.
 */
export interface Lookup<I> {
  /** The store keys this input needs. */
  readonly keys: (input: I, key: string) => ReadonlyArray<{ readonly store: string; readonly key: string }>
  /** The input with the rows read (undefined where absent), in `keys` order. */
  readonly attach: (input: I, rows: ReadonlyArray<Uint8Array | undefined>) => I
}

/**
 * A reducer wired to topics. A reducer with `deadline` receives `tick` (from Reducer.ts) as an
 * input, so its `I` must include `Tick`.
 */
export interface Processor<S, I, O> {
  readonly name: string
  /** The store holding the per-key states (one slice per partition). */
  readonly store: string
  readonly reducer: Reducer<S, I, O>
  readonly state: StateCodec<S>
  /** Co-partitioned inputs; re-keyed ones are repartitioned to `partitions` first. */
  readonly inputs: ReadonlyArray<Input<I>>
  readonly route: OutputRouter<O>
  /** Partitions (tasks) of the processor: its non-re-keyed inputs must have this many. */
  readonly partitions: number
  readonly lookup?: Lookup<I>
}

/** A processor with its types erased, so an app can hold processors of different types. */
export interface AnyProcessor {
  readonly _erased: Processor<unknown, unknown, unknown>
}

/** Erases a processor's types for an app's list (the driver only passes values between its parts). */
export const processor = <S, I, O>(p: Processor<S, I, O>): AnyProcessor => ({
  _erased: p as unknown as Processor<unknown, unknown, unknown>,
})

/** A topic the app reads or writes, created by the driver when missing. */
export interface TopicDeclaration {
  readonly name: string
  readonly partitions: number
  /** Delete records older than this (ms); absent leaves the topic's setting as it is. */
  readonly retentionMs?: number
  /** Delete a partition's oldest records beyond this many bytes; absent leaves it as it is. */
  readonly retentionBytes?: number
}

/** An app: its processors and the external topics it reads and writes. */
export interface App {
  readonly name: string
  readonly topics: ReadonlyArray<TopicDeclaration>
  readonly processors: ReadonlyArray<AnyProcessor>
}

/** The dead-letter topic of an app. */
export const dlqTopic = (app: string): string => `${app}-dlq`

/** The internal topic re-keyed inputs of a processor go through. */
export const repartitionTopic = (app: string, processor: string): string => `${app}-${processor}-repartition`

/** The consumer group of a processor's tasks. */
export const processorGroup = (app: string, processor: string): string => `${app}-${processor}`

/** The consumer group that forwards one re-keyed input topic of a processor to its repartition topic. */
export const repartitionGroup = (app: string, processor: string, topic: string): string =>
  `${app}-${processor}-repartitioner-${topic}`

/** The header naming the source topic of a repartitioned record, so the task decodes it as that input. */
export const sourceTopicHeader = "streamfold-source-topic"
