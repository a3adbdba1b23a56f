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
    { _tag: "Event", resourceId: R, commandId: A, type: "TERMINATING", message: "done" },
  ].reduce((state, input, i) => semaphore.step(state, input as never, i + 1).state, emptySemaphoreState)

  it("round-trips a state through JSON", () => {
    expect(stepped.remembered).toEqual([A])
    expect(decoded(SemaphoreStateCodec.encode(stepped))).toEqual(stepped)
    expect(SemaphoreStateCodec.is(stepped)).toBe(true)
  })

  it("recomputes the lookup keys of a state stored without them, and the reducer still knows its ids", () => {
    const { rememberedKeys: _, ...old } = stepped
    const state = decoded(old)
    expect(state.rememberedKeys).toEqual([commandIdKey(A)])
    const { out } = semaphore.step(state, { _tag: "Command", resourceId: R, commandId: A, message: "a" }, 10)
    expect(out).toEqual([{ _tag: "Duplicate", resourceId: R, commandId: A, reason: "already finished" }])
  })

  it("ignores stored keys that disagree with their ids", () => {
    const state = decoded({ ...stepped, rememberedKeys: [commandIdKey(B)] })
    expect(state.rememberedKeys).toEqual([commandIdKey(A)])
    expect(SemaphoreStateCodec.is({ ...stepped, rememberedKeys: [commandIdKey(B)] })).toBe(false)
  })

  it("rejects a state that is not one", () => {
    expect(isRight(SemaphoreStateCodec.decode({ ...stepped, holders: "none" }))).toBe(false)
  })
})
