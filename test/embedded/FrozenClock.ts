// A clock that reads a fixed time but sleeps for real: the crash test's runs see the same `now` in
// every batch however batches fall, so a crashed and a crash-free run must agree exactly.
import { Clock, Effect } from "effect"

/** Runs `effect` with a Clock frozen at `nowMs` whose `sleep` is the current clock's. */
export const withFrozenClock =
  (nowMs: number) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Clock.clockWith((real) => {
      const nanos = () => BigInt(nowMs) * 1_000_000n
      const frozen: Clock.Clock = {
        currentTimeMillisUnsafe: () => nowMs,
        currentTimeMillis: Effect.succeed(nowMs),
        currentTimeNanosUnsafe: nanos,
        currentTimeNanos: Effect.sync(nanos),
        monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
        monotonicTimeNanos: real.monotonicTimeNanos,
        sleep: (duration) => real.sleep(duration),
      }
      return Effect.provideService(effect, Clock.Clock, frozen)
    })
