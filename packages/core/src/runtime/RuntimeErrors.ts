// Infrastructure failures as tagged errors: each carries its cause and whether a retry can help.
// Domain answers never come through here; they are reducer outputs.
import { Data } from "effect"

/** The log (transport) failed: append, poll, group membership or topic management. */
export class LogError extends Data.TaggedError("LogError")<{
  readonly operation: string
  readonly retriable: boolean
  readonly message: string
  readonly cause?: unknown
}> {}

/** The state store failed to read or to commit; a failed commit applied nothing. */
export class StoreError extends Data.TaggedError("StoreError")<{
  readonly operation: string
  readonly retriable: boolean
  readonly message: string
  readonly cause?: unknown
}> {}

/** A topic's configuration is unusable (missing, or co-partitioned inputs disagree). */
export class TopologyError extends Data.TaggedError("TopologyError")<{
  readonly message: string
}> {}
