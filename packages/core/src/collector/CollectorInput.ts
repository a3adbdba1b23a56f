// What the collector reducer consumes, per group id: decoded Create and EntityDone records,
// the collector's own outcomes read back from the topic (ignored), and Ticks at deadlines.
import type { Tick } from "../Reducer.ts"
import type { Handlers } from "./CollectorMessage.ts"
import type { Json } from "./Json.ts"

/** Opens group `id`. `created`/`results` sent by clients are not carried: the collector sets them. */
export interface Create {
  readonly _tag: "Create"
  readonly id: string
  readonly expected: ReadonlyArray<string>
  /** Seconds; ≤ 0 or absent means the configured default. */
  readonly ttl?: number
  readonly payload: Json
  readonly handler?: Handlers
  readonly sender?: string
}

/** Entity `id` of group `group` is done, with its result and maybe an error text. */
export interface EntityDone {
  readonly _tag: "EntityDone"
  readonly id: string
  readonly group: string
  readonly result: Json
  /** Non-empty text fails the group; empty or absent means success. */
  readonly error?: string
  readonly sender?: string
}

/** A Success or Failure read back from the shared topic; changes nothing. */
export interface Ignored {
  readonly _tag: "Ignored"
  readonly id: string
  readonly type: "EventGroupCollectorSuccess" | "EventGroupCollectorFailure"
}

/** Every input of the collector reducer. */
export type CollectorInput = Create | EntityDone | Ignored | Tick

/** True for inputs the topology may drop before the reducer (they never change state). */
export const isIgnored = (input: CollectorInput): input is Ignored => input._tag === "Ignored"
