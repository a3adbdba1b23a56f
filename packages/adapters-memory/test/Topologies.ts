// Small topologies for driver tests: a click counter, a session with a deadline, and a per-user
// total fed by orders re-keyed from order id to user.
import { type Reducer, type Tick, utf8Bytes } from "@streamfold/core"
import { type App, processor, utf8Text } from "@streamfold/core/runtime"

type Either<E, A> =
  | { readonly _tag: "Left"; readonly left: E }
  | { readonly _tag: "Right"; readonly right: A }
const right = <A>(a: A): Either<never, A> => ({ _tag: "Right", right: a })
const left = (e: string): Either<string, never> => ({ _tag: "Left", left: e })

/** JSON state codec without io-ts (tests only). */
const json = <S>() => ({
  encode: (s: S) => utf8Bytes(JSON.stringify(s)),
  decode: (b: Uint8Array): Either<string, S> => right(JSON.parse(utf8Text(b)) as S),
})

const parse = (value: Uint8Array | null): Either<string, unknown> => {
  if (value === null) return left("tombstone")
  try {
    return right(JSON.parse(utf8Text(value)))
  } catch {
    return left("not JSON")
  }
}

/** Counts clicks per key; `{"n":666}` makes it throw (a broken invariant, dead-lettered). */
export const counter: Reducer<
  { readonly count: number },
  { readonly n: number },
  { readonly count: number }
> = {
  initial: { count: 0 },
  step: (s, input) => {
    if (input.n === 666) throw new Error("invariant broken")
    return { state: { count: s.count + 1 }, out: [{ count: s.count + 1 }] }
  },
  isFinished: () => false,
}

type SessionIn = { readonly _tag: "Open"; readonly ttlMs: number } | Tick
type SessionState = { readonly expiresAt: number } | null

/** A session that expires `ttlMs` after it opens; expiry deletes it. */
export const session: Reducer<SessionState, SessionIn, { readonly _tag: "Expired"; readonly at: number }> = {
  initial: null,
  step: (s, input, now) => {
    if (input._tag === "Open") return { state: { expiresAt: now + input.ttlMs }, out: [] }
    if (s !== null && now >= s.expiresAt) return { state: null, out: [{ _tag: "Expired", at: now }] }
    return { state: s, out: [] }
  },
  deadline: (s) => s?.expiresAt,
  isFinished: (s) => s === null,
}

/** Sums order amounts per user. */
export const totals: Reducer<number, { readonly user: string; readonly amount: number }, number> = {
  initial: 0,
  step: (s, input) => ({ state: s + input.amount, out: [s + input.amount] }),
  isFinished: (s) => s === 0,
}

/** The test app: three processors over four external topics. */
export const testApp: App = {
  name: "t",
  topics: [
    { name: "clicks", partitions: 4 },
    { name: "counts", partitions: 4 },
    { name: "sessions", partitions: 2 },
    { name: "expired", partitions: 2 },
    { name: "orders", partitions: 2 },
    { name: "user-totals", partitions: 3 },
  ],
  processors: [
    processor({
      name: "counter",
      store: "counts",
      reducer: counter,
      state: json<{ readonly count: number }>(),
      inputs: [
        {
          topic: "clicks",
          decode: (_k, v) => {
            const parsed = parse(v)
            if (parsed._tag === "Left") return parsed
            const n = (parsed.right as { n?: unknown }).n
            return typeof n === "number" ? right({ n }) : left("n is not a number")
          },
        },
      ],
      route: (out, key) => [{ topic: "counts", key, value: utf8Bytes(JSON.stringify({ key, ...out })) }],
      partitions: 4,
    }),
    processor({
      name: "session",
      store: "sessions",
      reducer: session,
      state: json<SessionState>(),
      inputs: [
        {
          topic: "sessions",
          decode: (_k, v) => {
            const parsed = parse(v)
            return parsed._tag === "Left"
              ? parsed
              : right({ _tag: "Open" as const, ttlMs: Number(parsed.right) })
          },
        },
      ],
      route: (out, key) => [{ topic: "expired", key, value: utf8Bytes(JSON.stringify({ key, ...out })) }],
      partitions: 2,
    }),
    processor({
      name: "totals",
      store: "totals",
      reducer: totals,
      state: json<number>(),
      inputs: [
        {
          topic: "orders",
          decode: (_k, v) => {
            const parsed = parse(v)
            return parsed._tag === "Left" ? parsed : right(parsed.right as { user: string; amount: number })
          },
          rekey: (order) => order.user,
        },
      ],
      route: (total, user) => [
        { topic: "user-totals", key: user, value: utf8Bytes(JSON.stringify({ user, total })) },
      ],
      partitions: 3,
    }),
  ],
}
