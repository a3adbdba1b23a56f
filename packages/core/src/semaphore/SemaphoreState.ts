// The per-resource state of the semaphore: who holds a permit, who waits (FIFO), and which finished
// commands are still remembered so their duplicates are recognised. Small arrays, JSON-encodable.

/** A command holding a permit; `leaseUntil` is null when leases are off; `key` is `commandIdKey(commandId)`. */
export interface Holder {
  readonly commandId: string
  readonly leaseUntil: number | null
  readonly key: number
}

/** A command waiting for a permit, with the message it will be admitted with; `key` as in Holder. */
export interface Waiting {
  readonly commandId: string
  readonly message: string
  readonly key: number
}

/**
 * One resource's semaphore. Finished (released, cancelled or expired) ids are remembered in
 * `remembered`, oldest first, each until the matching `rememberedUntil` (parallel, ascending), with
 * `rememberedKeys` (parallel) holding each id's `commandIdKey`.
 */
export interface SemaphoreState {
  /** The key this state belongs to; "" until the first accepted input. */
  readonly resourceId: string
  readonly holders: ReadonlyArray<Holder>
  readonly queue: ReadonlyArray<Waiting>
  readonly remembered: ReadonlyArray<string>
  readonly rememberedUntil: ReadonlyArray<number>
  /** `commandIdKey` of each remembered id: a lookup scans these small integers, not the strings. */
  readonly rememberedKeys: ReadonlyArray<number>
  /** The earliest lease end or memory expiry, null if none: a step reads this, not the arrays. */
  readonly due: number | null
}

/** The state of a resource never seen (or fully finished). */
export const emptySemaphoreState: SemaphoreState = {
  resourceId: "",
  holders: [],
  queue: [],
  remembered: [],
  rememberedUntil: [],
  rememberedKeys: [],
  due: null,
}

/**
 * A cheap fingerprint of a command id (its length and last 8 characters, where random and sequential
 * ids differ) that fits a small integer. Equal ids have equal keys; unequal ids rarely do, and a
 * match is always confirmed on the string, so a collision costs time, never correctness.
 */
export const commandIdKey = (commandId: string): number => {
  const length = commandId.length
  let h = length
  for (let i = length > 8 ? length - 8 : 0; i < length; i++)
    h = (Math.imul(h, 31) + commandId.charCodeAt(i)) | 0
  return h & 0x3fffffff
}

/** A read model of one resource for HTTP reads: holders, the queue with positions, and counts. */
export interface SemaphoreView {
  readonly resourceId: string
  readonly holders: ReadonlyArray<{ readonly commandId: string; readonly leaseUntil: number | null }>
  readonly queue: ReadonlyArray<{ readonly commandId: string; readonly position: number }>
  readonly remembered: number
}

/** Projects a state into its JSON read model (queue positions are 1-based). */
export const semaphoreView = (state: SemaphoreState): SemaphoreView => ({
  resourceId: state.resourceId,
  holders: state.holders.map(({ commandId, leaseUntil }) => ({ commandId, leaseUntil })),
  queue: state.queue.map(({ commandId }, index) => ({ commandId, position: index + 1 })),
  remembered: state.remembered.length,
})
