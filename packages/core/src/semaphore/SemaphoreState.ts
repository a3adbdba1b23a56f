// The per-resource state of the semaphore: who holds a permit, who waits (FIFO), and which finished
// commands are still remembered so their duplicates are recognised. Small arrays, JSON-encodable.

/** A command holding a permit; `leaseUntil` is null when leases are off. */
export interface Holder {
  readonly commandId: string
  readonly since: number
  readonly leaseUntil: number | null
}

/** A command waiting for a permit, with the message it will be admitted with. */
export interface Waiting {
  readonly commandId: string
  readonly message: string
  readonly since: number
}

/** A finished (released, cancelled or expired) command, remembered until `until`. */
export interface Remembered {
  readonly commandId: string
  readonly until: number
}

/** One resource's semaphore. `remembered` is sorted by `until`, oldest first. */
export interface SemaphoreState {
  /** The key this state belongs to; "" until the first accepted input. */
  readonly resourceId: string
  readonly holders: ReadonlyArray<Holder>
  readonly queue: ReadonlyArray<Waiting>
  readonly remembered: ReadonlyArray<Remembered>
}

/** The state of a resource never seen (or fully finished). */
export const emptySemaphoreState: SemaphoreState = { resourceId: "", holders: [], queue: [], remembered: [] }

/** A read model of one resource for HTTP reads: holders, the queue with positions, and counts. */
export interface SemaphoreView {
  readonly resourceId: string
  readonly holders: ReadonlyArray<{
    readonly commandId: string
    readonly since: number
    readonly leaseUntil: number | null
  }>
  readonly queue: ReadonlyArray<{
    readonly commandId: string
    readonly position: number
    readonly since: number
  }>
  readonly remembered: number
}

/** Projects a state into its JSON read model (queue positions are 1-based). */
export const semaphoreView = (state: SemaphoreState): SemaphoreView => ({
  resourceId: state.resourceId,
  holders: state.holders.map(({ commandId, since, leaseUntil }) => ({ commandId, since, leaseUntil })),
  queue: state.queue.map(({ commandId, since }, index) => ({ commandId, position: index + 1, since })),
  remembered: state.remembered.length,
})
