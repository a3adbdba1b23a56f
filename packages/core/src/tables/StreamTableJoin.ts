// A stream–table join over global reference tables, with a grace period. The driver looks the
// rows up (tables are global, every instance holds every row) and puts them in the input; a record
// whose rows are not all there waits, is retried on each Tick with fresh lookups, and when grace
// runs out an inner join reports `JoinExpired` (never a silent drop) and a left join emits nulls.
// Waiting records of one key resolve independently: a complete record never waits behind another.
import type { Reducer } from "../Reducer.ts"

/** `inner`: the row must exist; `left`: a missing row joins as null. */
export type JoinKind = "inner" | "left"

/** The rows the driver found for one stream record, per table (absent = not found). */
export type Lookups<T extends string, R> = { readonly [K in T]?: R | undefined }

/** A stream record with the table rows it refers to, as looked up at processing time. */
export interface StreamRecord<V, T extends string, R> {
  readonly _tag: "StreamRecord"
  readonly key: string
  readonly value: V
  readonly lookups: Lookups<T, R>
}

/** A retry at the deadline: fresh lookups for each pending record, in `pending(state)` order. */
export interface JoinTick<T extends string, R> {
  readonly _tag: "Tick"
  readonly lookups?: ReadonlyArray<Lookups<T, R>>
}

/** What a join consumes. A bare `Tick` (no lookups) is accepted and finds nothing. */
export type JoinInput<V, T extends string, R> = StreamRecord<V, T, R> | JoinTick<T, R>

/** The joined record. */
export interface Joined<O> {
  readonly _tag: "Joined"
  readonly key: string
  readonly value: O
}

/** An inner join gave up on a record: the named tables had no row for it within grace. */
export interface JoinExpired<V, T extends string> {
  readonly _tag: "JoinExpired"
  readonly key: string
  readonly value: V
  readonly missing: ReadonlyArray<T>
  readonly reason: string
}

/** What a join emits. */
export type JoinOutput<V, T extends string, O> = Joined<O> | JoinExpired<V, T>

/** A record waiting for its rows. */
export interface PendingRecord<V> {
  readonly key: string
  readonly value: V
  readonly expiresAt: number
}

/** A key's waiting records (in arrival order) and its next retry, or null when none wait. */
export type JoinState<V> = {
  readonly pending: ReadonlyArray<PendingRecord<V>>
  readonly retryAt: number
} | null

/** How a join is built. */
export interface StreamTableJoinConfig<V, T extends string, R, O> {
  /** The tables joined, and how. */
  readonly tables: { readonly [K in T]: JoinKind }
  /** How long a record may wait for missing rows; 0 resolves at once (classic ksqlDB). */
  readonly graceMs: number
  /** How often a waiting key is retried. Default 1000 ms. */
  readonly retryMs?: number
  /** The row key in each table a record (value, stream key) refers to (null: none, never found). */
  readonly lookupKeys: (value: V, key: string) => { readonly [K in T]: string | null }
  /** Builds the output from the record and its rows (null for a missing left row). */
  readonly joiner: (value: V, rows: { readonly [K in T]: R | null }) => O
  /** Records failing this are filtered out before the join (WHERE on the stream). */
  readonly accepts?: (value: V) => boolean
}

/** A join reducer, plus what a driver needs to prefetch its lookups. */
export interface StreamTableJoin<V, T extends string, R, O>
  extends Reducer<JoinState<V>, JoinInput<V, T, R>, JoinOutput<V, T, O>> {
  readonly lookupKeys: (value: V, key: string) => { readonly [K in T]: string | null }
  /** The values waiting in a state, in the order a `JoinTick`'s lookups must follow. */
  readonly pending: (state: JoinState<V>) => ReadonlyArray<V>
  /** Builds the input for a new record, reading rows with `read`. */
  readonly recordFor: (
    key: string,
    value: V,
    read: (table: T, key: string) => R | undefined,
  ) => StreamRecord<V, T, R>
  /** Builds the retry input for a state, reading rows with `read`. */
  readonly tickFor: (state: JoinState<V>, read: (table: T, key: string) => R | undefined) => JoinTick<T, R>
}

/** Builds a stream–table join. */
export const makeStreamTableJoin = <V, T extends string, R, O>(
  config: StreamTableJoinConfig<V, T, R, O>,
): StreamTableJoin<V, T, R, O> => {
  const tables = Object.keys(config.tables) as Array<T>
  const retryMs = config.retryMs ?? 1000
  const { graceMs, lookupKeys, joiner, accepts } = config

  const missingOf = (lookups: Lookups<T, R> | undefined): Array<T> => {
    const missing: Array<T> = []
    for (const table of tables) {
      const row = lookups?.[table]
      if (row === undefined || row === null) missing.push(table)
    }
    return missing
  }

  const rowsOf = (lookups: Lookups<T, R> | undefined): { [K in T]: R | null } => {
    const rows = Object.create(null) as { [K in T]: R | null }
    for (const table of tables) rows[table] = lookups?.[table] ?? null
    return rows
  }

  const joined = (key: string, value: V, lookups: Lookups<T, R> | undefined): Joined<O> => ({
    _tag: "Joined",
    key,
    value: joiner(value, rowsOf(lookups)),
  })

  // Grace is over: a missing inner row fails the record, missing left rows join as null.
  const expire = (
    key: string,
    value: V,
    lookups: Lookups<T, R> | undefined,
    missing: ReadonlyArray<T>,
  ): JoinOutput<V, T, O> => {
    const missingInner = missing.filter((table) => config.tables[table] === "inner")
    if (missingInner.length === 0) return joined(key, value, lookups)
    const keys = lookupKeys(value, key)
    const reason = missingInner
      .map((table) => `no ${table} row for key ${JSON.stringify(keys[table])} within ${graceMs} ms`)
      .join("; ")
    return { _tag: "JoinExpired", key, value, missing: missingInner, reason }
  }

  const recordFor = (key: string, value: V, read: (table: T, key: string) => R | undefined) => {
    const keys = lookupKeys(value, key)
    const lookups: { [K in T]?: R | undefined } = Object.create(null)
    for (const table of tables) {
      const rowKey = keys[table]
      if (rowKey !== null) lookups[table] = read(table, rowKey)
    }
    return { _tag: "StreamRecord", key, value, lookups } as const
  }

  const pending = (state: JoinState<V>): ReadonlyArray<V> =>
    state === null ? [] : state.pending.map((p) => p.value)

  return {
    initial: null,
    isFinished: (state) => state === null,
    deadline: (state) => {
      if (state === null) return undefined
      let at = state.retryAt
      for (const p of state.pending) if (p.expiresAt < at) at = p.expiresAt
      return at
    },
    lookupKeys,
    pending,
    recordFor,
    tickFor: (state, read) => ({
      _tag: "Tick",
      lookups: state === null ? [] : state.pending.map((p) => recordFor(p.key, p.value, read).lookups),
    }),
    step: (state, input, now) => {
      if (input._tag === "StreamRecord") {
        const { key, value, lookups } = input
        if (accepts !== undefined && !accepts(value)) return { state, out: [] }
        const missing = missingOf(lookups)
        if (missing.length === 0) return { state, out: [joined(key, value, lookups)] }
        if (graceMs <= 0) return { state, out: [expire(key, value, lookups, missing)] }
        const waiting: PendingRecord<V> = { key, value, expiresAt: now + graceMs }
        return state === null
          ? { state: { pending: [waiting], retryAt: now + retryMs }, out: [] }
          : { state: { pending: [...state.pending, waiting], retryAt: state.retryAt }, out: [] }
      }
      if (state === null) return { state, out: [] }
      const out: Array<JoinOutput<V, T, O>> = []
      const kept: Array<PendingRecord<V>> = []
      state.pending.forEach((p, i) => {
        const lookups = input.lookups?.[i]
        const missing = missingOf(lookups)
        if (missing.length === 0) out.push(joined(p.key, p.value, lookups))
        else if (now >= p.expiresAt) out.push(expire(p.key, p.value, lookups, missing))
        else kept.push(p)
      })
      return { state: kept.length === 0 ? null : { pending: kept, retryAt: now + retryMs }, out }
    },
  }
}
