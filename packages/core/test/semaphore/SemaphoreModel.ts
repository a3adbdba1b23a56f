// A deliberately simple reference semaphore for property tests: mutable, every resource in one Map,
// lapsed leases replayed one at a time in deadline order. Written apart from the reducer, which it
// checks on outputs (reasons aside) and on who holds and who waits.

/** The model's settings, already resolved per resource. */
export interface ModelConfig {
  readonly permits: (resourceId: string) => number
  readonly queueLimit: (resourceId: string) => number
  readonly leaseMs: number | undefined
  readonly rememberMs: number
  readonly rememberMax: number
}

/** An input as the model sees it (resourceId comes from the key for a Tick). */
export type ModelInput =
  | { readonly _tag: "Command"; readonly commandId: string; readonly message: string }
  | { readonly _tag: "Event"; readonly commandId: string; readonly type: string }
  | { readonly _tag: "Tick" }

/** An output without its human-readable reason. */
export interface ModelOutput {
  readonly _tag: string
  readonly resourceId: string
  readonly commandId: string
  readonly message?: string
  readonly position?: number
}

interface Resource {
  holders: Array<{ id: string; leaseEnd: number | undefined }>
  queue: Array<{ id: string; message: string }>
  finished: Map<string, number>
}

/** The reference semaphore over all resources. */
export class SemaphoreModel {
  readonly config: ModelConfig
  readonly resources = new Map<string, Resource>()

  constructor(config: ModelConfig) {
    this.config = config
  }

  holders(resourceId: string): Array<string> {
    return (this.resources.get(resourceId)?.holders ?? []).map((h) => h.id)
  }

  queue(resourceId: string): Array<string> {
    return (this.resources.get(resourceId)?.queue ?? []).map((w) => w.id)
  }

  apply(resourceId: string, input: ModelInput, now: number): Array<ModelOutput> {
    const out: Array<ModelOutput> = []
    const emit = (tag: string, commandId: string, extra: object = {}) =>
      out.push({ _tag: tag, resourceId, commandId, ...extra })
    if (input._tag !== "Tick" && (resourceId === "" || input.commandId === "")) {
      emit("Invalid", input.commandId)
      return out
    }
    let r = this.resources.get(resourceId)
    if (r === undefined) {
      r = { holders: [], queue: [], finished: new Map() }
      this.resources.set(resourceId, r)
    }
    this.passTime(resourceId, r, now, emit)
    if (input._tag === "Tick") return out
    const id = input.commandId
    const held = r.holders.findIndex((h) => h.id === id)
    const queued = r.queue.findIndex((w) => w.id === id)
    if (input._tag === "Command") {
      if (held >= 0 || queued >= 0 || r.finished.has(id)) emit("Duplicate", id)
      else if (r.queue.length === 0 && r.holders.length < this.config.permits(resourceId)) {
        r.holders.push({ id, leaseEnd: this.leaseEnd(now) })
        emit("Admitted", id, { message: input.message })
      } else if (r.queue.length < this.config.queueLimit(resourceId)) {
        r.queue.push({ id, message: input.message })
        emit("Queued", id, { position: r.queue.length })
      } else emit("Rejected", id)
    } else if (input.type === "TERMINATING") {
      if (held >= 0) {
        r.holders.splice(held, 1)
        emit("Released", id)
        this.finish(r, id, now)
        this.fill(r, resourceId, now, emit)
      } else if (queued >= 0) {
        r.queue.splice(queued, 1)
        emit("Cancelled", id)
        this.finish(r, id, now)
      } else emit("Ignored", id)
    } else if (held >= 0) {
      const holder = r.holders[held]!
      if (this.config.leaseMs !== undefined) holder.leaseEnd = now + this.config.leaseMs
    } else emit("Ignored", id)
    return out
  }

  private leaseEnd(from: number): number | undefined {
    return this.config.leaseMs === undefined ? undefined : from + this.config.leaseMs
  }

  private passTime(resourceId: string, r: Resource, now: number, emit: (tag: string, id: string) => void) {
    for (;;) {
      const due = r.holders
        .filter((h) => h.leaseEnd !== undefined && h.leaseEnd <= now)
        .sort((a, b) => a.leaseEnd! - b.leaseEnd!)[0]
      if (due === undefined) break
      r.holders.splice(r.holders.indexOf(due), 1)
      emit("Expired", due.id)
      this.finish(r, due.id, due.leaseEnd!)
      this.fill(r, resourceId, due.leaseEnd!, emit)
    }
    this.fill(r, resourceId, now, emit)
    for (const [id, until] of r.finished) if (until <= now) r.finished.delete(id)
  }

  private fill(
    r: Resource,
    resourceId: string,
    at: number,
    emit: (tag: string, id: string, extra: object) => void,
  ) {
    while (r.holders.length < this.config.permits(resourceId) && r.queue.length > 0) {
      const next = r.queue.shift()!
      r.holders.push({ id: next.id, leaseEnd: this.leaseEnd(at) })
      emit("Admitted", next.id, { message: next.message })
    }
  }

  private finish(r: Resource, id: string, at: number) {
    if (this.config.rememberMax === 0) return
    r.finished.set(id, at + this.config.rememberMs)
    for (const oldest of r.finished.keys()) {
      if (r.finished.size <= this.config.rememberMax) break
      r.finished.delete(oldest)
    }
  }
}
