// The `queueing` topic codecs and record mapping: round trips, strict UUIDs, decode errors that name
// the field, and every reducer output becoming records that decode again.

import fc from "fast-check"
import { type Either, isLeft, isRight, left, right } from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import {
  type CommandStatus,
  type DecodeError,
  decodeActionableCommand,
  decodeCommandEvent,
  decodeCommandRequest,
  decodeCommandStatus,
  decodeResourceId,
  encodeActionableCommand,
  encodeCommandEvent,
  encodeCommandRequest,
  encodeCommandStatus,
} from "../../src/semaphore/SemaphoreCodecs.ts"
import type { SemaphoreOutput } from "../../src/semaphore/SemaphoreProtocol.ts"
import {
  commandStatusOf,
  decodeSemaphoreRecord,
  semaphoreRecords,
} from "../../src/semaphore/SemaphoreRecords.ts"

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length })
const uuidArb = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join("-"))
const typeArb = fc.constantFrom("INITIALIZING" as const, "CONTINUING" as const, "TERMINATING" as const)
const requestArb = fc.record({ id: uuidArb, message: fc.string() })
const eventArb = fc.record({ id: uuidArb, type: typeArb, message: fc.string() })
const statusArb: fc.Arbitrary<CommandStatus> = fc.record(
  {
    id: fc.string(),
    resourceId: fc.string(),
    status: fc.constantFrom(
      "ADMITTED" as const,
      "QUEUED" as const,
      "REJECTED" as const,
      "RELEASED" as const,
      "CANCELLED" as const,
      "EXPIRED" as const,
      "DUPLICATE" as const,
      "IGNORED" as const,
      "INVALID" as const,
    ),
    reason: fc.string(),
    position: fc.integer({ min: 1, max: 1_000_000 }),
  },
  { requiredKeys: ["id", "resourceId", "status"] },
)

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** One value codec under test, its types erased so the cases share one table. */
interface CodecCase {
  readonly name: string
  readonly arb: fc.Arbitrary<object>
  readonly decode: (u: unknown) => Either<DecodeError, unknown>
  readonly encode: (value: never) => unknown
}

const codecs: ReadonlyArray<CodecCase> = [
  { name: "command-requests", arb: requestArb, decode: decodeCommandRequest, encode: encodeCommandRequest },
  { name: "command-events", arb: eventArb, decode: decodeCommandEvent, encode: encodeCommandEvent },
  {
    name: "actionable-commands",
    arb: requestArb,
    decode: decodeActionableCommand,
    encode: encodeActionableCommand,
  },
  { name: "command-status", arb: statusArb, decode: decodeCommandStatus, encode: encodeCommandStatus },
]

describe.each(codecs)("the $name value codec", ({ name, arb, decode, encode }) => {
  const roundTrip = (value: unknown) => decode(viaJson((encode as (v: unknown) => unknown)(value)))

  it("decodes what it encodes, through JSON", () => {
    fc.assert(
      fc.property(arb, (value) => {
        expect(roundTrip(value)).toEqual(right(value))
      }),
    )
  })

  it("encodes what it decodes, dropping unknown fields", () => {
    fc.assert(
      fc.property(arb, fc.string(), (value, extra) => {
        const decoded = decode({ ...value, [`x-${extra}`]: 1 })
        expect(isRight(decoded) && (encode as (v: unknown) => unknown)(decoded.right)).toEqual(value)
      }),
    )
  })

  it("names the field when one field is wrong", () => {
    const wrong = fc.constantFrom<unknown>(undefined, null, 42, true, [], {}, "not-a-uuid", "STOP", 0, 1.5)
    fc.assert(
      fc.property(arb, fc.nat(), wrong, (value, pick, bad) => {
        const fields = Object.keys(value).filter((f) => f !== "message" || typeof bad !== "string")
        const field = fields[pick % fields.length]!
        const broken: Record<string, unknown> = { ...value, [field]: bad }
        if (bad === undefined) delete broken[field]
        const decoded = decode(broken)
        // Some replacements are valid (a string reason, a string id in a status record).
        if (isRight(decoded)) return
        expect(decoded.left.problems.map((p) => p.path)).toEqual([field])
        expect(decoded.left.message).toContain(`${name} value: ${field}: expected`)
      }),
    )
  })

  it("rejects a value that is not an object", () => {
    for (const garbage of [null, 3, "text", [], undefined]) {
      const decoded = decode(garbage)
      expect(isLeft(decoded) && decoded.left.problems.map((p) => p.path)).toEqual([""])
    }
  })
})

describe("decode error messages", () => {
  it("say where, what was expected and what came", () => {
    expect(
      decodeCommandEvent({ id: "80169888-0e7e-4901-8099-a9fb80b7806d", type: "STOP", message: 1 }),
    ).toEqual(
      left({
        _tag: "DecodeError",
        subject: "command-events value",
        problems: [
          {
            path: "type",
            expected: 'expected one of "INITIALIZING" | "CONTINUING" | "TERMINATING"',
            actual: '"STOP"',
          },
          { path: "message", expected: "expected a string", actual: "1" },
        ],
        message:
          'command-events value: type: expected one of "INITIALIZING" | "CONTINUING" | "TERMINATING", got "STOP"; message: expected a string, got 1',
      }),
    )
    const missing = decodeCommandRequest({ message: "m" })
    expect(isLeft(missing) && missing.left.message).toBe(
      "command-requests value: id: expected a lower-case UUID like 80169888-0e7e-4901-8099-a9fb80b7806d, got missing",
    )
    const notObject = decodeCommandRequest(null)
    expect(isLeft(notObject) && notObject.left.message).toBe(
      "command-requests value: expected an object (CommandRequest), got null",
    )
    const position = decodeCommandStatus({ id: "c", resourceId: "r", status: "QUEUED", position: 0 })
    expect(isLeft(position) && position.left.message).toBe(
      "command-status value: position: expected an integer >= 1, got 0",
    )
  })
})

describe("resource ids", () => {
  it("accept canonical lower-case UUIDs only", () => {
    fc.assert(
      fc.property(uuidArb, (id) => {
        expect(decodeResourceId(id)).toEqual(right(id))
      }),
    )
    for (const bad of [
      "80169888-0E7E-4901-8099-A9FB80B7806D",
      "801698880e7e49018099a9fb80b7806d",
      "{80169888-0e7e-4901-8099-a9fb80b7806d}",
      " 80169888-0e7e-4901-8099-a9fb80b7806d",
      "__proto__",
      "constructor",
      "",
      null,
    ]) {
      const decoded = decodeResourceId(bad)
      expect(isLeft(decoded) && decoded.left.message).toMatch(/^key: expected a lower-case UUID/)
    }
  })
})

describe("records to inputs", () => {
  const R = "80169888-0e7e-4901-8099-a9fb80b7806d"
  const C = "275b3448-8c51-45d2-839f-4314b9700259"

  it("turns a command request into a Command for the key's resource", () => {
    expect(decodeSemaphoreRecord("command-requests", R, { id: C, message: "This is a message." })).toEqual(
      right({ _tag: "Command", resourceId: R, commandId: C, message: "This is a message." }),
    )
  })

  it("turns a command event into an Event", () => {
    const value = { id: C, type: "TERMINATING", message: `Command completed on ${R}` }
    expect(decodeSemaphoreRecord("command-events", R, value)).toEqual(
      right({
        _tag: "Event",
        resourceId: R,
        commandId: C,
        type: "TERMINATING",
        message: `Command completed on ${R}`,
      }),
    )
  })

  it("reports a bad key, a bad value or an unknown topic", () => {
    const badKey = decodeSemaphoreRecord("command-requests", "r1", { id: C, message: "" })
    expect(isLeft(badKey) && badKey.left.subject).toBe("key")
    const badValue = decodeSemaphoreRecord("command-events", R, { id: C, message: "" })
    expect(isLeft(badValue) && badValue.left.message).toMatch(/^command-events value: type: expected one of/)
    const topic = decodeSemaphoreRecord("orders", R, { id: C, message: "" })
    expect(isLeft(topic) && topic.left.message).toBe(
      `topic: expected command-requests or command-events, got "orders"`,
    )
  })
})

describe("outputs to records", () => {
  const outputArb: fc.Arbitrary<SemaphoreOutput> = fc
    .record({
      resourceId: uuidArb,
      commandId: uuidArb,
      message: fc.string(),
      position: fc.integer({ min: 1, max: 100 }),
      reason: fc.string(),
      tag: fc.constantFrom(
        "Admitted",
        "Queued",
        "Rejected",
        "Released",
        "Cancelled",
        "Expired",
        "Duplicate",
        "Ignored",
        "Invalid",
      ),
    })
    .map(({ tag, resourceId, commandId, message, position, reason }): SemaphoreOutput => {
      switch (tag) {
        case "Admitted":
          return { _tag: tag, resourceId, commandId, message }
        case "Queued":
          return { _tag: tag, resourceId, commandId, position }
        case "Released":
        case "Cancelled":
        case "Expired":
          return { _tag: tag, resourceId, commandId }
        default:
          return { _tag: tag as "Rejected", resourceId, commandId, reason }
      }
    })

  it("sends an admission to actionable-commands and reports every output on command-status", () => {
    fc.assert(
      fc.property(outputArb, (output) => {
        const records = semaphoreRecords(output)
        expect(records.map((r) => r.topic)).toEqual(
          output._tag === "Admitted" ? ["actionable-commands", "command-status"] : ["command-status"],
        )
        for (const record of records) {
          expect(record.key).toBe(output.resourceId)
          const decode = record.topic === "command-status" ? decodeCommandStatus : decodeActionableCommand
          expect(decode(viaJson(record.value))).toEqual(right(record.value))
        }
        const status = records.at(-1)!.value as CommandStatus
        expect(status).toEqual(commandStatusOf(output))
        expect(status.status.toLowerCase()).toBe(output._tag.toLowerCase())
        expect([status.id, status.resourceId]).toEqual([output.commandId, output.resourceId])
        expect(status.position).toBe(output._tag === "Queued" ? output.position : undefined)
        expect(status.reason).toBe("reason" in output ? output.reason : undefined)
      }),
    )
  })

  it("writes the seed's value shape for an admission", () => {
    const R = "80169888-0e7e-4901-8099-a9fb80b7806d"
    const C = "275b3448-8c51-45d2-839f-4314b9700259"
    expect(semaphoreRecords({ _tag: "Admitted", resourceId: R, commandId: C, message: "go" })).toEqual([
      { topic: "actionable-commands", key: R, value: { id: C, message: "go" } },
      { topic: "command-status", key: R, value: { id: C, resourceId: R, status: "ADMITTED" } },
    ])
  })
})
