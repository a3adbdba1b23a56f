// The four message types of the `eventbus-collector` topic, field for field as the seed writes
// them (jami/kafka-eb-collector). Inputs and outputs share the topic; `type` tells them apart.
import type { Json } from "./Json.ts"

/** The topic carrying both the collector's input and its outcomes. */
export const collectorTopic = "eventbus-collector"

/** The seed's `type` strings. */
export const messageType = {
  create: "EventGroupCollectorCreate",
  entityDone: "EventGroupCollectorEntityDone",
  success: "EventGroupCollectorSuccess",
  failure: "EventGroupCollectorFailure",
} as const

/** Where an outcome would be routed; accepted and validated like the seed, never used. */
export interface Handler {
  readonly topic?: string
  readonly payload?: Json
}

/** Handler name → handler; a null-prototype record. */
export type Handlers = { readonly [name: string]: Handler | null }

/** Entity id → result; a null-prototype record, so `__proto__` is an ordinary id. */
export type Results = { readonly [entity: string]: Json }

/** Opens a group: wait for every `expected` entity, at most `ttl` seconds (≤ 0 or absent: default). */
export interface CreateMessage {
  readonly type: typeof messageType.create
  readonly id: string
  readonly sender?: string
  readonly expected: ReadonlyArray<string>
  readonly ttl?: number
  readonly payload: Json
  readonly handler?: Handlers
}

/** One entity of group `group` is done; a non-empty `error` fails the group. */
export interface EntityDoneMessage {
  readonly type: typeof messageType.entityDone
  readonly id: string
  readonly sender?: string
  readonly group: string
  readonly result: Json
  readonly error?: string
}

/** Every expected entity reported without error. */
export interface SuccessMessage {
  readonly type: typeof messageType.success
  readonly id: string
  readonly created: string
  readonly resolved: string
  readonly results: Results
  readonly payload: Json
}

/** An entity reported an error (`entity` = its id) or the group timed out (`entity` = group id). */
export interface FailureMessage {
  readonly type: typeof messageType.failure
  readonly id: string
  readonly entity: string
  readonly error: string
  readonly created: string
  readonly resolved: string
  readonly results: Results
  readonly payload: Json
}

/** Any record on the collector topic. */
export type CollectorMessage = CreateMessage | EntityDoneMessage | SuccessMessage | FailureMessage
