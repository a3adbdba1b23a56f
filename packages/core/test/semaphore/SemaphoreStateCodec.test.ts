// The stored form of a semaphore state: a round trip keeps it, and the remembered ids' lookup keys
// are recomputed on decode (from states stored before they existed, or stored wrong).
import { isLeft, isRight } from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import { makeSemaphore } from "../../src/semaphore/Semaphore.ts"
import { commandIdKey, emptySemaphoreState } from "../../src/semaphore/SemaphoreState.ts"
import { SemaphoreStateCodec } from "../../src/semaphore/SemaphoreTopology.ts"

const R = "80169888-0e7e-4901-8099-a9fb80b7806d"
const A = "275b3448-8c51-45d2-839f-4314b9700259"
const B = "6f1c1f0e-3f55-4c1f-9d5a-0b8c2b9a7e11"
const C = "a0b6d7f2-44c9-4e4f-8f5e-2b6f0e1a9c33"

const decoded = (json: unknown) => {
  const result = SemaphoreStateCodec.decode(JSON.parse(JSON.stringify(json)))
  if (isLeft(result)) throw new Error("expected a valid state")
  return result.right
}

describe("SemaphoreStateCodec", () => {
  const semaphore = makeSemaphore({ leaseMs: 1000 })
  const stepped = [
    { _tag: "Command", resourceId: R, commandId: A, message: "a" },
    { _tag: "Command", resourceId: R, commandId: B, message: "b" },
    { _tag: "Command", resourceId: R, commandId: C, message: "c" },
    { _tag: "Event", resourceId: R, commandId: A, type: "TERMINATING", message: "done" },
  ].reduce((state, input, i) => semaphore.step(state, input as never, i + 1).state, emptySemaphoreState)

  it("round-trips a state through JSON", () => {
    expect(stepped.remembered).toEqual([A])
    expect(decoded(SemaphoreStateCodec.encode(stepped))).toEqual(stepped)
    expect(SemaphoreStateCodec.is(stepped)).toBe(true)
  })

  it("recomputes the lookup keys of a state stored without them, and the reducer still knows its ids", () => {
    const { rememberedKeys: _, ...rest } = stepped
    const old = {
      ...rest,
      holders: rest.holders.map(({ commandId, leaseUntil }) => ({ commandId, leaseUntil })),
      queue: rest.queue.map(({ commandId, message }) => ({ commandId, message })),
    }
    const state = decoded(old)
    expect(state).toEqual(stepped)
    expect(state.rememberedKeys).toEqual([commandIdKey(A)])
    expect(state.holders.map((h) => h.key)).toEqual([commandIdKey(B)])
    expect(state.queue.map((w) => w.key)).toEqual([commandIdKey(C)])
    const { out } = semaphore.step(state, { _tag: "Command", resourceId: R, commandId: A, message: "a" }, 10)
    expect(out).toEqual([{ _tag: "Duplicate", resourceId: R, commandId: A, reason: "already finished" }])
  })

  it("ignores stored keys that disagree with their ids", () => {
    const wrong = {
      ...stepped,
      rememberedKeys: [commandIdKey(B)],
      holders: [{ ...stepped.holders[0]!, key: 1 }],
    }
    expect(decoded(wrong)).toEqual(stepped)
    expect(SemaphoreStateCodec.is(wrong)).toBe(false)
  })

  it("rejects a state that is not one", () => {
    expect(isRight(SemaphoreStateCodec.decode({ ...stepped, holders: "none" }))).toBe(false)
  })
})
