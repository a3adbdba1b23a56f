// Throughput of the semaphore reducer over 10,000 resources with a realistic mix: new commands,
// INITIALIZING/CONTINUING from holders, TERMINATING that hands permits over, some duplicates and
// repeated releases. Inputs are generated once, from a seeded PRNG, by following the reducer itself.
import type { Reducer } from "../src/Reducer.ts"
import { makeSemaphore, type SemaphoreReducer } from "../src/semaphore/Semaphore.ts"
import type { SemaphoreCommand, SemaphoreEvent, SemaphoreInput } from "../src/semaphore/SemaphoreProtocol.ts"
import { decodeSemaphoreRecord, semaphoreTopics } from "../src/semaphore/SemaphoreRecords.ts"
import type { SemaphoreState } from "../src/semaphore/SemaphoreState.ts"
import { type BenchSuite, type KeyedInput, reducerThroughput } from "./ReducerThroughput.ts"
import { seededRandom } from "./SeededRandom.ts"

const resources = 10_000
const inputCount = 500_000

// A v4-shaped UUID whose 32 hex digits all vary with `n`, like random ids.
const uuidOf = (n: number, salt: number): string => {
  let hex = ""
  for (let word = 0; word < 4; word++) {
    let h = Math.imul(n ^ Math.imul(salt + word, 0x9e3779b9), 0x85ebca6b)
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
    hex += ((h ^ (h >>> 16)) >>> 0).toString(16).padStart(8, "0")
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`
}

// The input as a driver would hand it over: the record's key and value decoded from fresh text, so
// ids are new strings (not the stored ones) and resourceId is the key string itself.
const viaRecord = (input: SemaphoreCommand | SemaphoreEvent): SemaphoreCommand | SemaphoreEvent => {
  const key: string = JSON.parse(JSON.stringify(input.resourceId))
  const [topic, value] =
    input._tag === "Command"
      ? [semaphoreTopics.commandRequests, { id: input.commandId, message: input.message }]
      : [semaphoreTopics.commandEvents, { id: input.commandId, type: input.type, message: input.message }]
  const decoded = decodeSemaphoreRecord(topic, key, JSON.parse(JSON.stringify(value)))
  if (decoded._tag === "Left") throw new Error(decoded.left.message)
  return decoded.right
}

const mix = (reducer: SemaphoreReducer, seed: number): Array<KeyedInput<SemaphoreInput>> => {
  const random = seededRandom(seed)
  const resourceIds = Array.from({ length: resources }, (_, i) => uuidOf(i, 7))
  const states = new Map<string, SemaphoreState>()
  const finished = new Map<string, Array<string>>()
  const inputs: Array<KeyedInput<SemaphoreInput>> = []
  let next = 0
  for (let i = 0; i < inputCount; i++) {
    const now = 1_700_000_000_000 + Math.floor(i / 20)
    const resourceId = resourceIds[Math.floor(random() * resources)]!
    const state = states.get(resourceId) ?? reducer.initial
    const holders = state.holders
    const r = random()
    const event = (
      commandId: string,
      type: "INITIALIZING" | "CONTINUING" | "TERMINATING",
    ): SemaphoreEvent => ({
      _tag: "Event",
      resourceId,
      commandId,
      type,
      message: type === "TERMINATING" ? `Command completed on ${resourceId}` : "working",
    })
    const holder = holders[Math.floor(random() * holders.length)]?.commandId
    const done = finished.get(resourceId) ?? []
    let input: SemaphoreCommand | SemaphoreEvent
    if (holder === undefined || r < 0.3) {
      input = { _tag: "Command", resourceId, commandId: uuidOf(next++, 11), message: "This is a message." }
    } else if (r < 0.45) input = event(holder, "INITIALIZING")
    else if (r < 0.65) input = event(holder, "CONTINUING")
    else if (r < 0.92) {
      input = event(holder, "TERMINATING")
      done.push(holder)
      finished.set(resourceId, done)
    } else if (r < 0.97) {
      const waiting = state.queue[0]?.commandId ?? holder
      input = { _tag: "Command", resourceId, commandId: waiting, message: "This is a message." }
    } else input = event(done.at(-1) ?? holder, "TERMINATING")
    const decoded = viaRecord(input)
    inputs.push({ key: decoded.resourceId, input: decoded, now })
    const stepped = reducer.step(state, input, now).state
    if (reducer.isFinished(stepped)) states.delete(resourceId)
    else states.set(resourceId, stepped)
  }
  return inputs
}

const permits = (n: number): ReadonlyMap<string, number> =>
  new Map(Array.from({ length: n }, (_, i) => [uuidOf(i * 10, 7), 3] as const))

// Inputs per second of this process's CPU time (GC threads included), best of `rounds`: steadier
// than wall time when other work shares the cores.
const cpuThroughput = <S, I, O>(
  reducer: Reducer<S, I, O>,
  inputs: ReadonlyArray<KeyedInput<I>>,
  rounds = 5,
) => {
  let best = 0
  for (let round = 0; round < rounds; round++) {
    const states = new Map<string, S>()
    const started = process.cpuUsage()
    for (const { key, input, now } of inputs) {
      const { state } = reducer.step(states.get(key) ?? reducer.initial, input, now)
      if (reducer.isFinished(state)) states.delete(key)
      else states.set(key, state)
    }
    const used = process.cpuUsage(started)
    best = Math.max(best, inputs.length / ((used.user + used.system) / 1e6))
  }
  return best
}

const suite: BenchSuite = {
  name: "Semaphore reducer",
  run: async () => {
    const leased = makeSemaphore({ permits: permits(1_000), leaseMs: 30_000 })
    const leasedInputs = mix(leased, 42)
    const figures = [
      {
        name: "mixed inputs, 10k resources, leases on",
        value: reducerThroughput(leased, leasedInputs),
        unit: "inputs/s",
      },
      {
        name: "same, per CPU-second",
        value: cpuThroughput(leased, leasedInputs),
        unit: "inputs/cpu-s",
      },
    ]
    const plain = makeSemaphore({ permits: permits(1_000) })
    return [
      ...figures,
      {
        name: "mixed inputs, 10k resources, no leases",
        value: reducerThroughput(plain, mix(plain, 42)),
        unit: "inputs/s",
      },
    ]
  },
}

export default suite
