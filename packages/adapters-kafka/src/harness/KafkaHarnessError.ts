// The one error type of the broker harness: what went wrong, and the tail of the log that says why.
// Starting, fetching and stopping are infrastructure; their failures carry `cause` when there is one.

/** Why the harness failed. */
export type KafkaHarnessFailure =
  | "FetchFailed"
  | "FormatFailed"
  | "StartFailed"
  | "StartTimedOut"
  | "StopFailed"
  | "NotRunning"
  | "UnknownNode"

/** A failure of the broker harness, with the broker's (or mvn's) last log lines. */
export class KafkaHarnessError extends Error {
  readonly _tag = "KafkaHarnessError"
  readonly reason: KafkaHarnessFailure
  readonly logTail: string

  constructor(args: {
    readonly reason: KafkaHarnessFailure
    readonly message: string
    readonly logTail?: string
    readonly cause?: unknown
  }) {
    const tail = args.logTail ?? ""
    super(tail === "" ? args.message : `${args.message}\n--- log tail ---\n${tail}`, { cause: args.cause })
    this.name = "KafkaHarnessError"
    this.reason = args.reason
    this.logTail = tail
  }
}
