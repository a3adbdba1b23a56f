// A clock moved only by hand, for the synchronous test driver: every read answers the set time,
// and `sleep` is refused because nothing may wait on it (the driver runs batches itself).
import { type Clock, Duration, Effect } from "effect"

/** A hand-moved clock and the Clock service reading it. */
export interface ManualClock {
  readonly clock: Clock.Clock
  readonly now: () => number
  readonly set: (ms: number) => void
}

/** A manual clock starting at `startMs`. */
export const makeManualClock = (startMs: number): ManualClock => {
  let nowMs = startMs
  const nanos = () => BigInt(nowMs) * 1_000_000n
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: () => nowMs,
    currentTimeMillis: Effect.sync(() => nowMs),
    currentTimeNanosUnsafe: nanos,
    currentTimeNanos: Effect.sync(nanos),
    monotonicTimeNanosUnsafe: nanos,
    monotonicTimeNanos: Effect.sync(nanos),
    sleep: (duration) =>
      Effect.die(new Error(`the manual clock cannot sleep (${Duration.toMillis(duration)} ms requested)`)),
  }
  return {
    clock,
    now: () => nowMs,
    set: (ms) => {
      nowMs = ms
    },
  }
}
