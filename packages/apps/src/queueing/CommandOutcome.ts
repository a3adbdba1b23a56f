// The latest outcome of each command, folded from `command-status` (re-keyed by commandId) so
// `GET /commands/:commandId` is one store read. Pure: time arrives as `now`; an outcome is kept for
// `retentionMs` after its last change, then a Tick deletes it, so the store stays bounded.

import type { Reducer, Tick } from "@streamfold/core"
import { type CommandStatus, StatusName } from "@streamfold/core/semaphore"
import * as t from "io-ts"

/** One status a command went through, with when the outcome processor saw it. */
export interface OutcomeStep {
  readonly status: StatusName
  readonly at: number
}

/** What is known about a command. */
export interface CommandOutcome {
  readonly commandId: string
  readonly resourceId: string
  /** The meaningful status: a DUPLICATE, IGNORED or INVALID never hides an earlier outcome. */
  readonly status: StatusName
  readonly reason?: string
  readonly position?: number
  /** The most recent steps, oldest first (at most `historyLimit`). */
  readonly history: ReadonlyArray<OutcomeStep>
  readonly updatedAt: number
  /** When the outcome is forgotten. */
  readonly keepUntil: number
}

/** A command's outcome, or null when none is remembered (the initial and finished state). */
export type OutcomeState = CommandOutcome | null

/** A `command-status` record as the outcome reducer's input. */
export interface StatusInput {
  readonly _tag: "Status"
  readonly status: CommandStatus
}

/** What the outcome reducer steps on. */
export type OutcomeInput = StatusInput | Tick

/** Retention and history length; both bound what one command costs. */
export interface OutcomeConfig {
  readonly retentionMs?: number
  readonly historyLimit?: number
}

/** One day of retention and the last 16 steps. */
export const outcomeDefaults = { retentionMs: 24 * 60 * 60 * 1000, historyLimit: 16 } as const

// Reports that say "nothing changed"; they are recorded in the history only.
const noChange: ReadonlySet<StatusName> = new Set<StatusName>(["DUPLICATE", "IGNORED", "INVALID"])

/** The outcome reducer: folds statuses per commandId, emits nothing. */
export const makeCommandOutcome = (
  config: OutcomeConfig = {},
): Reducer<OutcomeState, OutcomeInput, never> => {
  const retentionMs = config.retentionMs ?? outcomeDefaults.retentionMs
  const historyLimit = Math.max(1, config.historyLimit ?? outcomeDefaults.historyLimit)
  return {
    initial: null,
    step: (state, input, now) => {
      if (input._tag === "Tick")
        return { state: state !== null && now >= state.keepUntil ? null : state, out: [] }
      const s = input.status
      const history = [...(state?.history ?? []), { status: s.status, at: now }].slice(-historyLimit)
      const keepUntil = now + retentionMs
      if (state !== null && noChange.has(s.status))
        return { state: { ...state, history, keepUntil }, out: [] }
      const next: CommandOutcome = {
        commandId: s.id,
        resourceId: s.resourceId,
        status: s.status,
        ...(s.reason === undefined ? {} : { reason: s.reason }),
        ...(s.position === undefined ? {} : { position: s.position }),
        history,
        updatedAt: now,
        keepUntil,
      }
      return { state: next, out: [] }
    },
    deadline: (state) => state?.keepUntil,
    isFinished: (state) => state === null,
  }
}

/** A stored outcome, checked on the way back from the store. */
export const CommandOutcomeCodec: t.Type<CommandOutcome, CommandOutcome, unknown> = t.intersection([
  t.type({
    commandId: t.string,
    resourceId: t.string,
    status: StatusName,
    history: t.readonlyArray(t.type({ status: StatusName, at: t.number })),
    updatedAt: t.number,
    keepUntil: t.number,
  }),
  t.partial({ reason: t.string, position: t.number }),
]) as unknown as t.Type<CommandOutcome, CommandOutcome, unknown>
