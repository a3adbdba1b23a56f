// Port: keyed state per store and partition, plus the one atomic commit per batch that makes
// processing exactly-once: state writes, timers, consumed offsets and outputs together or not at all.
import type { Effect } from "effect"
import { Context } from "effect"
import type { ConsumedOffset, ProducerRecord } from "./Records.ts"
import type { StoreError } from "./RuntimeErrors.ts"

/** A key in a store; stores are split by partition so a task owns its slice. */
export interface StoreAddress {
  readonly store: string
  readonly partition: number
  readonly key: string
}

/** A state write; `value: null` deletes the key. */
export interface StateWrite extends StoreAddress {
  readonly value: Uint8Array | null
}

/** Sets (or with `dueAt: null` clears) the one timer of a key. */
export interface TimerWrite extends StoreAddress {
  readonly dueAt: number | null
}

/** A key whose timer is due. */
export interface DueTimer extends StoreAddress {
  readonly dueAt: number
}

/** Everything one batch changes, committed atomically. */
export interface CommitUnit {
  readonly writes: ReadonlyArray<StateWrite>
  readonly timers: ReadonlyArray<TimerWrite>
  readonly offsets: ReadonlyArray<ConsumedOffset>
  readonly outputs: ReadonlyArray<ProducerRecord>
}

/** An entry read back from a store. */
export interface StoreEntry {
  readonly key: string
  readonly value: Uint8Array
}

/** The state store port. Keys are ordered by their UTF-8 bytes. */
export class StateStore extends Context.Service<
  StateStore,
  {
    readonly get: (address: StoreAddress) => Effect.Effect<Uint8Array | undefined, StoreError>
    /** Entries with from ≤ key ≤ to (either bound optional), in key order. */
    readonly range: (
      store: string,
      partition: number,
      bounds: { readonly from?: string; readonly to?: string },
    ) => Effect.Effect<ReadonlyArray<StoreEntry>, StoreError>
    readonly count: (store: string, partition: number) => Effect.Effect<number, StoreError>
    /** Timers of a partition's store due at or before `now`, earliest first. */
    readonly dueTimers: (
      store: string,
      partition: number,
      now: number,
      max: number,
    ) => Effect.Effect<ReadonlyArray<DueTimer>, StoreError>
    /** The committed next offset of a group on a partition (0 when none). */
    readonly committedOffset: (
      group: string,
      topic: string,
      partition: number,
    ) => Effect.Effect<number, StoreError>
    /** Applies the whole unit or nothing; resolves once it is durable. */
    readonly commit: (unit: CommitUnit) => Effect.Effect<void, StoreError>
  }
>()("@streamfold/core/runtime/StateStore") {}
