// Properties of the semaphore over random interleavings of commands, events of every type,
// duplicates, ticks and time, on several resources with per-resource limits: agreement with the
// reference model, the DESIGN invariants, tick-insensitivity, no-op noise, and draining to nothing.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { tick } from "../../src/Reducer.ts"
import { makeSemaphore, type SemaphoreConfig, type SemaphoreReducer } from "../../src/semaphore/Semaphore.ts"
import type { EventType, SemaphoreInput, SemaphoreOutput } from "../../src/semaphore/SemaphoreProtocol.ts"
import { commandIdKey, type SemaphoreState } from "../../src/semaphore/SemaphoreState.ts"
import { SemaphoreModel } from "./SemaphoreModel.ts"
import {
  type ConfigParams,
  configArb,
  Keyed,
  modelConfig,
  modelInput,
  rememberingConfigArb,
  resourcePool,
  type ScriptStep,
  scriptArb,
  semaphoreConfig,
  withoutReason,
} from "./SemaphoreScenario.ts"

type Make = (config: SemaphoreConfig) => SemaphoreReducer

/** What must hold of one resource's state; `now` if it was just stepped (then nothing is overdue). */
const violations = (
  reducer: SemaphoreReducer,
  p: ConfigParams,
  resourceId: string,
  s: SemaphoreState,
  now: number | undefined,
) => {
  const { permits, queueLimit } = reducer.limits(resourceId)
  const found: Array<string> = []
  if (s.holders.length > permits) found.push(`${s.holders.length} holders > ${permits} permits`)
  if (s.holders.length < permits && s.queue.length > 0) found.push("a permit is free while someone waits")
  if (s.queue.length > queueLimit) found.push(`queue ${s.queue.length} > limit ${queueLimit}`)
  if (s.remembered.length > p.rememberMax) found.push(`remembers ${s.remembered.length} > ${p.rememberMax}`)
  const ids = [...s.holders.map((h) => h.commandId), ...s.queue.map((w) => w.commandId), ...s.remembered]
  if (new Set(ids).size !== ids.length) found.push(`an id is in two places: ${ids.join(",")}`)
  if (s.rememberedUntil.length !== s.remembered.length) found.push("memory arrays differ in length")
  if (
    [...s.holders, ...s.queue].some((h) => h.key !== commandIdKey(h.commandId)) ||
    s.rememberedKeys.length !== s.remembered.length ||
    s.remembered.some((id, i) => commandIdKey(id) !== s.rememberedKeys[i])
  )
    found.push("memory keys do not match the remembered ids")
  const leases = s.holders.flatMap((h) => (h.leaseUntil === null ? [] : [h.leaseUntil]))
  const due = [...leases, ...s.rememberedUntil.slice(0, 1)].reduce<number | null>(
    (a, b) => (a === null ? b : Math.min(a, b)),
    null,
  )
  if (s.due !== due) found.push(`due ${s.due} but the earliest deadline is ${due}`)
  if (s.rememberedUntil.some((until, i) => i > 0 && s.rememberedUntil[i - 1]! > until))
    found.push("memory unsorted")
  const next = reducer.deadline!(s)
  if (now !== undefined && next !== undefined && next <= now)
    found.push(`deadline ${next} already passed at ${now}`)
  if (reducer.isFinished(s)) found.push("a finished state was kept")
  return found
}

const invariantsHold = (make: Make) =>
  fc.property(configArb, scriptArb(), (p, script) => {
    const keyed = new Keyed(make(semaphoreConfig(p)))
    for (const { resourceId, input, now } of script) {
      keyed.step(resourceId, input, now)
      for (const [id, s] of keyed.states) {
        expect(violations(keyed.reducer, p, id, s, id === resourceId ? now : undefined)).toEqual([])
      }
    }
  })

/**
 * FIFO without overtaking, each acceptance admitted at most once: a command is *accepted* when its
 * Command input is answered Admitted or Queued; every Admitted must then be the oldest accepted
 * command of its resource that is neither admitted nor cancelled yet. With a config that never
 * forgets, a command is also accepted (so admitted) at most once.
 */
const admitsInArrivalOrder = (make: Make, configs: fc.Arbitrary<ConfigParams>, neverForgets: boolean) =>
  fc.property(configs, scriptArb(), (p, script) => {
    const keyed = new Keyed(make(semaphoreConfig(p)))
    const pending = new Map<string, Array<string>>()
    const accepted = new Set<string>()
    for (const { resourceId, input, now } of script) {
      const out = keyed.step(resourceId, input, now)
      const waiting = pending.get(resourceId) ?? []
      pending.set(resourceId, waiting)
      out.forEach((o, i) => {
        const answer = input._tag === "Command" && i === out.length - 1 && o.commandId === input.commandId
        if (answer && (o._tag === "Admitted" || o._tag === "Queued")) {
          if (neverForgets) {
            expect(accepted.has(`${resourceId}/${o.commandId}`)).toBe(false)
            accepted.add(`${resourceId}/${o.commandId}`)
          }
          waiting.push(o.commandId)
        }
        if (o._tag === "Admitted") expect(o.commandId).toBe(waiting.shift())
        if (o._tag === "Cancelled") {
          expect(waiting).toContain(o.commandId)
          waiting.splice(waiting.indexOf(o.commandId), 1)
        }
      })
    }
  })

describe("the semaphore against its reference model", () => {
  it("gives the model's outputs, holders and queue at every step", () => {
    fc.assert(
      fc.property(configArb, scriptArb(), (p, script) => {
        const keyed = new Keyed(makeSemaphore(semaphoreConfig(p)))
        const model = new SemaphoreModel(modelConfig(p))
        for (const { resourceId, input, now } of script) {
          const out = keyed.step(resourceId, input, now)
          expect(out.map(withoutReason)).toEqual(model.apply(resourceId, modelInput(input), now))
          const s = keyed.state(resourceId)
          expect(s.holders.map((h) => h.commandId)).toEqual(model.holders(resourceId))
          expect(s.queue.map((w) => w.commandId)).toEqual(model.queue(resourceId))
        }
      }),
    )
  })
})

describe("semaphore invariants", () => {
  it("holders <= permits, no free permit while someone waits, bounded queue and memory, nothing overdue", () => {
    fc.assert(invariantsHold(makeSemaphore))
  })

  it("admits in arrival order, never overtaking, each acceptance once", () => {
    fc.assert(admitsInArrivalOrder(makeSemaphore, configArb, false))
  })

  it("admits each command at most once while finished ids are remembered", () => {
    fc.assert(admitsInArrivalOrder(makeSemaphore, rememberingConfigArb, true))
  })

  it("emits only JSON data", () => {
    fc.assert(
      fc.property(configArb, scriptArb(), (p, script) => {
        const keyed = new Keyed(makeSemaphore(semaphoreConfig(p)))
        for (const { resourceId, input, now } of script) {
          const out = keyed.step(resourceId, input, now)
          expect(JSON.parse(JSON.stringify(out))).toEqual(out)
          expect(JSON.parse(JSON.stringify(keyed.state(resourceId)))).toEqual(keyed.state(resourceId))
        }
      }),
    )
  })
})

const runAll = (keyed: Keyed, script: ReadonlyArray<ScriptStep>): Array<SemaphoreOutput> =>
  script.flatMap(({ resourceId, input, now }) => keyed.step(resourceId, input, now))

// A Tick of every resource at the script's last time, so what was due by then is settled everywhere.
const lastTicks = (script: ReadonlyArray<ScriptStep>): Array<ScriptStep> =>
  resourcePool.map((resourceId) => ({ resourceId, input: tick, now: script.at(-1)?.now ?? 1_000 }))

// Outputs per resource: ticks and noise may move one resource's outputs relative to another's.
const byResource = (out: ReadonlyArray<SemaphoreOutput>) =>
  resourcePool.map((resourceId) => out.filter((o) => o.resourceId === resourceId))

describe("time and noise", () => {
  it("gives each resource the same outputs and state whether or not Ticks arrive between inputs", () => {
    const ticks = fc.array(
      fc.record({
        at: fc.nat(),
        resourceId: fc.constantFrom(...resourcePool),
        f: fc.double({ min: 0, max: 1 }),
      }),
      { maxLength: 20 },
    )
    fc.assert(
      fc.property(configArb, scriptArb(), ticks, (p, script, extra) => {
        const reducer = makeSemaphore(semaphoreConfig(p))
        const ticked: Array<ScriptStep> = []
        script.forEach((step, i) => {
          const from = i === 0 ? 1_000 : script[i - 1]!.now
          for (const t of extra.filter(({ at }) => at % (script.length + 1) === i)) {
            ticked.push({
              resourceId: t.resourceId,
              input: tick,
              now: from + Math.floor(t.f * (step.now - from)),
            })
          }
          ticked.push(step)
        })
        const last = lastTicks(script)
        const plain = new Keyed(reducer)
        const withTicks = new Keyed(reducer)
        expect(byResource(runAll(withTicks, [...ticked, ...last]))).toEqual(
          byResource(runAll(plain, [...script, ...last])),
        )
        expect(withTicks.states).toEqual(plain.states)
      }),
    )
  })

  type NoiseKind = "duplicate" | "repeatedRelease" | "stray" | "earlyProgress" | "holderProgress" | "invalid"
  const noiseArb = fc.array(
    fc.record({
      at: fc.nat(),
      resourceId: fc.constantFrom(...resourcePool),
      kind: fc.constantFrom<NoiseKind>(
        "duplicate",
        "repeatedRelease",
        "stray",
        "earlyProgress",
        "holderProgress",
        "invalid",
      ),
      pick: fc.nat(),
      type: fc.constantFrom<EventType>("INITIALIZING", "CONTINUING", "TERMINATING"),
    }),
    { maxLength: 25 },
  )
  const answers: { readonly [K in NoiseKind]: ReadonlyArray<string> } = {
    duplicate: ["Duplicate"],
    repeatedRelease: ["Ignored"],
    stray: ["Ignored"],
    earlyProgress: ["Ignored"],
    holderProgress: [],
    invalid: ["Invalid"],
  }
  type Noise = typeof noiseArb extends fc.Arbitrary<ReadonlyArray<infer N>> ? N : never

  // Turns a noise choice into an input that must change nothing in this state, if there is one.
  const noiseInput = (n: Noise, s: SemaphoreState, leased: boolean): SemaphoreInput | undefined => {
    const { resourceId, pick } = n
    const choose = (ids: ReadonlyArray<string>) => (ids.length === 0 ? undefined : ids[pick % ids.length])
    const event = (commandId: string | undefined, type: EventType): SemaphoreInput | undefined =>
      commandId === undefined ? undefined : { _tag: "Event", resourceId, commandId, type, message: "noise" }
    const progress = n.type === "TERMINATING" ? "CONTINUING" : n.type
    switch (n.kind) {
      case "duplicate": {
        const commandId = choose([
          ...s.holders.map((h) => h.commandId),
          ...s.queue.map((w) => w.commandId),
          ...s.remembered,
        ])
        return commandId === undefined
          ? undefined
          : { _tag: "Command", resourceId, commandId, message: "noise" }
      }
      case "repeatedRelease":
        return event(choose(s.remembered), "TERMINATING")
      case "stray":
        return event(`stray-${pick}`, n.type)
      case "earlyProgress":
        return event(choose([...s.queue.map((w) => w.commandId), ...s.remembered]), progress)
      case "holderProgress":
        return leased ? undefined : event(choose(s.holders.map((h) => h.commandId)), progress)
      case "invalid":
        return { _tag: "Command", resourceId, commandId: "", message: "noise" }
    }
  }

  it("leaves states and other outputs as if duplicates, repeated or stray releases never came", () => {
    fc.assert(
      fc.property(configArb, scriptArb(), noiseArb, (p, script, noise) => {
        const reducer = makeSemaphore(semaphoreConfig(p))
        const clean = new Keyed(reducer)
        const cleanOut = runAll(clean, [...script, ...lastTicks(script)])
        const noisy = new Keyed(reducer)
        const noisyOut: Array<SemaphoreOutput> = []
        for (let i = 0; i <= script.length; i++) {
          const now = i === 0 ? 1_000 : script[i - 1]!.now
          for (const n of noise.filter(({ at }) => at % (script.length + 1) === i)) {
            noisyOut.push(...noisy.step(n.resourceId, tick, now))
            const before = noisy.state(n.resourceId)
            const input = noiseInput(n, before, p.leaseMs !== undefined)
            if (input === undefined) continue
            const out = noisy.step(n.resourceId, input, now)
            expect(out.map((o) => o._tag)).toEqual(answers[n.kind])
            expect(noisy.state(n.resourceId)).toBe(before)
          }
          const step = script[i]
          if (step !== undefined) noisyOut.push(...noisy.step(step.resourceId, step.input, step.now))
        }
        noisyOut.push(...runAll(noisy, lastTicks(script)))
        expect(byResource(noisyOut)).toEqual(byResource(cleanOut))
        expect(noisy.states).toEqual(clean.states)
      }),
    )
  })
})

describe("bounded state", () => {
  it("becomes finished once everything is released and remembered ids age out", () => {
    fc.assert(
      fc.property(configArb, scriptArb(), (p, script) => {
        const keyed = new Keyed(makeSemaphore(semaphoreConfig(p)))
        runAll(keyed, script)
        let now = (script.at(-1)?.now ?? 1_000) + 1
        for (const [resourceId, s] of [...keyed.states]) {
          // Cancel the waiting (newest first, so none is admitted meanwhile), then release the holders.
          const ids = [...s.queue.map((w) => w.commandId).reverse(), ...s.holders.map((h) => h.commandId)]
          for (const commandId of ids) {
            keyed.step(
              resourceId,
              { _tag: "Event", resourceId, commandId, type: "TERMINATING", message: "" },
              now,
            )
          }
          const left = keyed.state(resourceId)
          expect([left.holders.length, left.queue.length]).toEqual([0, 0])
          expect(left.remembered.length).toBeLessThanOrEqual(p.rememberMax)
        }
        now += p.rememberMs
        for (const [resourceId, s] of [...keyed.states]) {
          expect(keyed.reducer.deadline!(s)).toBeLessThanOrEqual(now)
          expect(keyed.step(resourceId, tick, now)).toEqual([])
        }
        expect(keyed.states.size).toBe(0)
      }),
    )
  })

  it("drains to nothing by Ticks alone when leases are on and permits are not zero", () => {
    const leased = configArb.filter((p) => p.leaseMs !== undefined)
    fc.assert(
      fc.property(leased, scriptArb(), (p, script) => {
        const keyed = new Keyed(makeSemaphore(semaphoreConfig(p)))
        runAll(keyed, script)
        for (const [resourceId, s] of [...keyed.states]) {
          if (keyed.reducer.limits(resourceId).permits === 0) continue
          let budget = 2 * (s.holders.length + s.queue.length + s.remembered.length) + 1
          while (keyed.states.has(resourceId) && budget-- > 0) {
            const due = keyed.reducer.deadline!(keyed.state(resourceId))
            expect(due).toBeDefined()
            keyed.step(resourceId, tick, due!)
          }
          expect(keyed.states.has(resourceId)).toBe(false)
        }
      }),
    )
  })
})

describe("canaries: broken semaphores the properties catch", () => {
  // Hands no permit over on release; the queue head waits for the next input instead.
  const noHandOver: Make = (config) => {
    const real = makeSemaphore(config)
    return {
      ...real,
      step: (state, input, now) => {
        const next = real.step(state, input, now)
        const released = next.out.findIndex((o) => o._tag === "Released")
        if (released < 0) return next
        const handed = next.out.slice(released + 1).filter((o) => o._tag === "Admitted")
        const ids = new Set(handed.map((o) => o.commandId))
        return {
          state: {
            ...next.state,
            holders: next.state.holders.filter((h) => !ids.has(h.commandId)),
            queue: [
              ...handed.map((o) => ({
                commandId: o.commandId,
                message: o.message,
                key: commandIdKey(o.commandId),
              })),
              ...next.state.queue,
            ],
          },
          out: next.out.filter((o) => !(o._tag === "Admitted" && ids.has(o.commandId))),
        }
      },
    }
  }

  // The seed's acquire: a new command takes a free permit without looking at the queue.
  const overtaking: Make = (config) => {
    const broken = noHandOver(config)
    return {
      ...broken,
      step: (state, input, now) => {
        const known = (id: string) =>
          [...state.holders, ...state.queue].some((x) => x.commandId === id) || state.remembered.includes(id)
        if (
          input._tag !== "Command" ||
          state.holders.length >= broken.limits(input.resourceId).permits ||
          known(input.commandId)
        ) {
          return broken.step(state, input, now)
        }
        const { resourceId, commandId, message } = input
        return {
          state: {
            ...state,
            resourceId,
            holders: [...state.holders, { commandId, leaseUntil: null, key: commandIdKey(commandId) }],
          },
          out: [{ _tag: "Admitted", resourceId, commandId, message }],
        }
      },
    }
  }

  // Forgets finished commands at once, so a re-sent one runs again.
  const forgetful: Make = (config) => {
    const real = makeSemaphore(config)
    return {
      ...real,
      step: (state, input, now) =>
        real.step({ ...state, remembered: [], rememberedUntil: [], rememberedKeys: [] }, input, now),
    }
  }

  it("catches a semaphore that leaves a permit free while someone waits", () => {
    expect(fc.check(invariantsHold(noHandOver)).failed).toBe(true)
  })

  it("catches a semaphore that lets new commands overtake the queue", () => {
    expect(fc.check(admitsInArrivalOrder(overtaking, configArb, false)).failed).toBe(true)
  })

  it("catches a semaphore that admits a finished command again", () => {
    expect(fc.check(admitsInArrivalOrder(forgetful, rememberingConfigArb, true)).failed).toBe(true)
  })
})
