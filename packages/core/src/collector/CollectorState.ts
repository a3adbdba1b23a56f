// The state the collector keeps per group id: nothing yet, Dones held before their Create, an
// open group, or a resolved group remembered so repeats get no second outcome. Plain JSON data.
import type { Create, EntityDone } from "./CollectorInput.ts"
import type { Json } from "./Json.ts"

/** Nothing known about the group; the driver deletes the key. */
export interface Idle {
  readonly _tag: "Idle"
}

/** A Done that arrived before its Create, kept until `untilMs`. */
export interface HeldDone {
  readonly done: EntityDone
  readonly untilMs: number
}

/** Dones waiting for their group's Create, in arrival order. */
export interface Holding {
  readonly _tag: "Holding"
  readonly held: ReadonlyArray<HeldDone>
}

/** A created group waiting for its entities. */
export interface Open {
  readonly _tag: "Open"
  /** The first Create, kept whole to tell a repeat from a conflicting one. */
  readonly create: Create
  /** `create.expected` without repeats. */
  readonly expected: ReadonlyArray<string>
  /** Effective TTL (the default when the Create's is ≤ 0 or absent). */
  readonly ttlSeconds: number
  readonly createdMs: number
  readonly deadlineMs: number
  /** Results of expected entities, in arrival order, first Done per entity. */
  readonly results: ReadonlyArray<readonly [entity: string, result: Json]>
}

/** A group that produced its outcome; later records for it are dropped until `untilMs`. */
export interface Resolved {
  readonly _tag: "Resolved"
  readonly outcome: "Success" | "Failure"
  readonly resolvedMs: number
  readonly untilMs: number
}

/** The collector's state for one group id. */
export type GroupState = Idle | Holding | Open | Resolved

/** The state of a group never seen (and of one forgotten). */
export const idleGroup: Idle = { _tag: "Idle" }

/** When the group wants a Tick: its TTL, its first held Done's expiry, or its retention end. */
export const groupDeadline = (state: GroupState): number | undefined => {
  switch (state._tag) {
    case "Idle":
      return undefined
    case "Open":
      return state.deadlineMs
    case "Resolved":
      return state.untilMs
    case "Holding":
      return state.held.reduce((min, h) => Math.min(min, h.untilMs), Number.POSITIVE_INFINITY)
  }
}
