// The semaphore reducer's vocabulary: the inputs it accepts and the tagged outputs it answers with.
// Plain JSON-encodable data; the codecs and record mapping turn them into topic records.
import type { Tick } from "../Reducer.ts"

/** The three lifecycle events a command's worker reports; only TERMINATING releases. */
export type EventType = "INITIALIZING" | "CONTINUING" | "TERMINATING"

/** The event types, in protobuf enum order (the seed's `Event.TYPE`). */
export const eventTypes: ReadonlyArray<EventType> = ["INITIALIZING", "CONTINUING", "TERMINATING"]

/** A request to run `commandId` on `resourceId` once a permit is free. */
export interface SemaphoreCommand {
  readonly _tag: "Command"
  readonly resourceId: string
  readonly commandId: string
  readonly message: string
}

/** A lifecycle event about `commandId` on `resourceId`. */
export interface SemaphoreEvent {
  readonly _tag: "Event"
  readonly resourceId: string
  readonly commandId: string
  readonly type: EventType
  readonly message: string
}

/** Everything the semaphore reducer steps on; `Tick` arrives at the state's deadline. */
export type SemaphoreInput = SemaphoreCommand | SemaphoreEvent | Tick

/** The command now holds a permit and may run (goes to `actionable-commands`). */
export interface Admitted {
  readonly _tag: "Admitted"
  readonly resourceId: string
  readonly commandId: string
  readonly message: string
}

/** No permit was free (or others wait first); the command waits at `position` (1 = next). */
export interface Queued {
  readonly _tag: "Queued"
  readonly resourceId: string
  readonly commandId: string
  readonly position: number
}

/** The queue was full; the command was not accepted and may be sent again later. */
export interface Rejected {
  readonly _tag: "Rejected"
  readonly resourceId: string
  readonly commandId: string
  readonly reason: string
}

/** A holder sent TERMINATING; its permit is free again. */
export interface Released {
  readonly _tag: "Released"
  readonly resourceId: string
  readonly commandId: string
}

/** A queued command sent TERMINATING before it was admitted; it left the queue. */
export interface Cancelled {
  readonly _tag: "Cancelled"
  readonly resourceId: string
  readonly commandId: string
}

/** A holder sent no event for `leaseMs`; its permit was taken back at the lease's end. */
export interface Expired {
  readonly _tag: "Expired"
  readonly resourceId: string
  readonly commandId: string
}

/** The command is already held, queued or recently finished; nothing changed. */
export interface Duplicate {
  readonly _tag: "Duplicate"
  readonly resourceId: string
  readonly commandId: string
  readonly reason: string
}

/** An event that applies to no current holder (stray or repeated); nothing changed. */
export interface Ignored {
  readonly _tag: "Ignored"
  readonly resourceId: string
  readonly commandId: string
  readonly reason: string
}

/** A malformed input (empty id, non-string message, unknown event type); nothing changed. */
export interface Invalid {
  readonly _tag: "Invalid"
  readonly resourceId: string
  readonly commandId: string
  readonly reason: string
}

/** An outcome for `command-status`: every status output except `Admitted`. */
export type SemaphoreStatus =
  | Queued
  | Rejected
  | Released
  | Cancelled
  | Expired
  | Duplicate
  | Ignored
  | Invalid

/** Everything the semaphore reducer emits. */
export type SemaphoreOutput = Admitted | SemaphoreStatus
