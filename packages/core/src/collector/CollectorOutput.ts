// What the collector reducer emits: the two outcomes written back to `eventbus-collector`
// (exact seed fields), and informational outputs the driver only logs.
import type { Results } from "./CollectorMessage.ts"
import type { Json } from "./Json.ts"

/** Every expected entity is done; written to the topic as EventGroupCollectorSuccess. */
export interface Success {
  readonly _tag: "Success"
  readonly id: string
  readonly created: string
  readonly resolved: string
  readonly results: Results
  readonly payload: Json
}

/** An entity failed or the group timed out; written to the topic as EventGroupCollectorFailure. */
export interface Failure {
  readonly _tag: "Failure"
  readonly id: string
  readonly entity: string
  readonly error: string
  readonly created: string
  readonly resolved: string
  readonly results: Results
  readonly payload: Json
}

/** A group's one outcome. */
export type Outcome = Success | Failure

/** Why a record changed nothing. */
export type DropReason =
  /** Create for an open group, same content. */
  | "DuplicateCreate"
  /** Create for an open group, different content; the first Create stays. */
  | "ConflictingCreate"
  /** Done for an entity already recorded, same result. */
  | "DuplicateDone"
  /** Done for an entity already recorded, different result or an error; the first stays. */
  | "ConflictingDone"
  /** Done without error from an entity the group does not expect. */
  | "UnexpectedEntity"
  /** Create or Done for a group already resolved (remembered for the retention period). */
  | "GroupResolved"
  /** Done held for a Create that did not arrive within the default TTL. */
  | "HoldExpired"
  /** Done before Create beyond the per-group hold limit. */
  | "HoldLimit"

/** A record that changed nothing, and why; the driver logs it. */
export interface Dropped {
  readonly _tag: "Dropped"
  readonly group: string
  readonly entity?: string
  readonly reason: DropReason
}

/** A Done that arrived before its group's Create, held until `untilMs`; the driver logs it. */
export interface Held {
  readonly _tag: "Held"
  readonly group: string
  readonly entity: string
  readonly untilMs: number
}

/** Every output of the collector reducer. */
export type CollectorOutput = Outcome | Dropped | Held

/** True for the outputs written to the topic. */
export const isOutcome = (output: CollectorOutput): output is Outcome =>
  output._tag === "Success" || output._tag === "Failure"
