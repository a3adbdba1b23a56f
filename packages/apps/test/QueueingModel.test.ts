// Model-based test of the queueing HTTP API (fc.commands): random submits, releases and
// non-terminating events against a FIFO semaphore model (1 permit, queue limit 5). After each step
// the resource's holders and queue, and the outcome of each of its commands, must come to equal the
// model's. Each run uses fresh resource ids, so one process serves every run.
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { queueingApp } from "../src/queueing/QueueingApp.ts"
import { eventually, startInProcess, type TestProcess } from "./InProcess.ts"

const queueLimit = 5

interface ResourceModel {
  holders: Array<string>
  queue: Array<string>
}

interface Model {
  /** Canary: the model forgets the hand-over, so the property must fail. */
  readonly broken: boolean
  readonly settleMs: number
  readonly resources: ReadonlyArray<ResourceModel>
  readonly outcomes: Map<string, string>
  readonly commandsOf: ReadonlyArray<Array<string>>
}

interface Real {
  readonly url: string
  readonly resourceIds: ReadonlyArray<string>
}

const viewOf = async (real: Real, resource: number) => {
  const response = await fetch(`${real.url}/resources/${real.resourceIds[resource]}`)
  const body = (await response.json()) as {
    holders: ReadonlyArray<{ commandId: string }>
    queue: ReadonlyArray<{ commandId: string }>
  }
  return { holders: body.holders.map((h) => h.commandId), queue: body.queue.map((q) => q.commandId) }
}

const outcomeOf = async (real: Real, commandId: string) => {
  const response = await fetch(`${real.url}/commands/${commandId}`)
  return response.status === 200 ? ((await response.json()) as { status: string }).status : "NONE"
}

// Waits until the resource and its commands' outcomes match the model.
const settle = async (model: Model, real: Real, resource: number) => {
  const expected = model.resources[resource]!
  const commands = model.commandsOf[resource]!
  await eventually(async () => {
    const view = await viewOf(real, resource)
    if (JSON.stringify(view) !== JSON.stringify({ holders: expected.holders, queue: expected.queue }))
      return undefined
    for (const id of commands) if ((await outcomeOf(real, id)) !== model.outcomes.get(id)) return undefined
    return true
  }, model.settleMs).catch(async () => {
    const outcomes = Object.fromEntries(
      await Promise.all(commands.map(async (id) => [id, await outcomeOf(real, id)])),
    )
    expect({ view: await viewOf(real, resource), outcomes }).toEqual({
      view: { holders: expected.holders, queue: expected.queue },
      outcomes: Object.fromEntries(commands.map((id) => [id, model.outcomes.get(id)])),
    })
  })
}

class Submit implements fc.AsyncCommand<Model, Real> {
  readonly resource: number
  constructor(resource: number) {
    this.resource = resource
  }
  check = () => true
  async run(model: Model, real: Real) {
    const response = await fetch(`${real.url}/command/${real.resourceIds[this.resource]}`, {
      method: "POST",
      body: `message for ${this.resource}`,
    })
    expect(response.status).toBe(201)
    const { commandId } = (await response.json()) as { commandId: string }
    const r = model.resources[this.resource]!
    model.commandsOf[this.resource]!.push(commandId)
    if (r.holders.length < 1 && r.queue.length === 0) {
      r.holders.push(commandId)
      model.outcomes.set(commandId, "ADMITTED")
    } else if (r.queue.length < queueLimit) {
      r.queue.push(commandId)
      model.outcomes.set(commandId, "QUEUED")
    } else model.outcomes.set(commandId, "REJECTED")
    await settle(model, real, this.resource)
  }
  toString = () => `Submit(${this.resource})`
}

class SendEvent implements fc.AsyncCommand<Model, Real> {
  readonly resource: number
  readonly pick: number
  readonly type: "TERMINATING" | "CONTINUING"
  constructor(resource: number, pick: number, type: "TERMINATING" | "CONTINUING") {
    this.resource = resource
    this.pick = pick
    this.type = type
  }
  check = () => true
  async run(model: Model, real: Real) {
    const commands = model.commandsOf[this.resource]!
    const commandId =
      commands.length === 0 ? "00000000-0000-4000-8000-00000000dead" : commands[this.pick % commands.length]!
    const response = await fetch(
      `${real.url}/event/${real.resourceIds[this.resource]}/${commandId}?type=${this.type}`,
      { method: "POST" },
    )
    expect(response.status).toBe(201)
    if (this.type !== "TERMINATING" || commands.length === 0) return
    const r = model.resources[this.resource]!
    const held = r.holders.indexOf(commandId)
    const queued = r.queue.indexOf(commandId)
    if (held >= 0) {
      r.holders.splice(held, 1)
      model.outcomes.set(commandId, "RELEASED")
      const next = model.broken ? undefined : r.queue.shift()
      if (next !== undefined) {
        r.holders.push(next)
        model.outcomes.set(next, "ADMITTED")
      }
    } else if (queued >= 0) {
      r.queue.splice(queued, 1)
      model.outcomes.set(commandId, "CANCELLED")
    }
    await settle(model, real, this.resource)
  }
  toString = () => `${this.type}(${this.resource}, ${this.pick})`
}

const resources = 2
const commandArb = fc.oneof(
  { weight: 3, arbitrary: fc.nat(resources - 1).map((r) => new Submit(r)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat(resources - 1), fc.nat(), fc.constantFrom("TERMINATING" as const, "CONTINUING" as const))
      .map(([r, pick, type]) => new SendEvent(r, pick, type)),
  },
)

describe.each(["memory", "embedded"] as const)("queueing HTTP API against a model (%s mode)", (mode) => {
  let server: TestProcess
  let run = 0
  beforeAll(async () => {
    server = await startInProcess([queueingApp()], { mode })
  })
  afterAll(async () => {
    await server.close()
  })

  const property = (broken: boolean, settleMs: number) =>
    fc.asyncProperty(fc.commands([commandArb], { maxCommands: 20 }), async (commands) => {
      run++
      const resourceIds = Array.from(
        { length: resources },
        (_, i) => `00000000-0000-4000-8000-${(run * 16 + i).toString(16).padStart(12, "0")}`,
      )
      const model: Model = {
        broken,
        settleMs,
        resources: resourceIds.map(() => ({ holders: [], queue: [] })),
        outcomes: new Map(),
        commandsOf: resourceIds.map(() => []),
      }
      await fc.asyncModelRun(() => ({ model, real: { url: server.url, resourceIds } }), commands)
    })

  it("holders, queue and outcomes follow the FIFO semaphore model", async () => {
    // Each run drives a live process over HTTP and waits for processing: 30 runs keep this under a
    // few seconds per mode while still reaching full queues (rejections) regularly.
    await fc.assert(property(false, 5_000), { numRuns: 30 })
  })

  it("canary: a model without the hand-over is caught", async () => {
    // Stops at the first failure (no shrinking): each failing step waits out its settle time.
    const result = await fc.check(property(true, 500), { numRuns: 30, endOnFailure: true })
    expect(result.failed).toBe(true)
  })
})
