// The `eventbus-collector` wire format: decoding as the seed does (types, zero values, integer
// ttl, error texts), exact JSON text of outcomes (field order, sorted keys, escaping), round trips.
import fc from "fast-check"
import { isLeft, isRight, left, right } from "fp-ts/lib/Either.js"
import { describe, expect, it } from "vitest"
import {
  CollectorMessageCodec,
  decodeMessage,
  decodeMessageValue,
  encodeMessage,
  encodeOutcome,
  inputKey,
  isOwnOutcome,
  keyOf,
  outcomeMessage,
  recordToInput,
  toInput,
} from "../../src/collector/CollectorCodecs.ts"
import type { Outcome } from "../../src/collector/CollectorOutput.ts"
import { compareUtf8 } from "../../src/collector/GoJson.ts"
import { tick } from "../../src/Reducer.ts"
import { messageArb } from "./CollectorArbitraries.ts"

const record = (entries: ReadonlyArray<readonly [string, unknown]>) =>
  Object.assign(Object.create(null), Object.fromEntries(entries))

const seedCreate = `{"id":"F0CABCA1","type":"EventGroupCollectorCreate",
 "expected":["A0CABCA1","366B21B5","11ACC3BA"],
 "ttl":120, "payload":{"group":"payload"},
 "handler":{"onsuccess":{"topic":"done-topic","payload":{}}}, "sender":"optional",
 "created":"1999-01-01T00:00:00Z", "results":{"A0CABCA1":1}, "description":"ignored"}`

describe("decoding", () => {
  it("decodes the seed's Create example, ignoring created, results and unknown fields", () => {
    expect(decodeMessage(seedCreate)).toEqual(
      right({
        type: "EventGroupCollectorCreate",
        id: "F0CABCA1",
        sender: "optional",
        expected: ["A0CABCA1", "366B21B5", "11ACC3BA"],
        ttl: 120,
        payload: { group: "payload" },
        handler: record([["onsuccess", { topic: "done-topic", payload: {} }]]),
      }),
    )
  })

  it("decodes the seed's EntityDone example", () => {
    const text = `{"id":"A0CABCA1","type":"EventGroupCollectorEntityDone","group":"F0CABCA1",
      "result":{"job":"A","bar":true}, "error":"optional failure text"}`
    expect(decodeMessage(text)).toEqual(
      right({
        type: "EventGroupCollectorEntityDone",
        id: "A0CABCA1",
        group: "F0CABCA1",
        result: { job: "A", bar: true },
        error: "optional failure text",
      }),
    )
  })

  it("gives absent or null fields Go's zero values (expected [], payload/result null, no ttl, no error)", () => {
    expect(decodeMessage(`{"type":"EventGroupCollectorCreate","id":"G","expected":null,"ttl":null}`)).toEqual(
      right({ type: "EventGroupCollectorCreate", id: "G", expected: [], payload: null }),
    )
    expect(decodeMessage(`{"type":"EventGroupCollectorEntityDone","id":"A","group":"G","error":""}`)).toEqual(
      right({ type: "EventGroupCollectorEntityDone", id: "A", group: "G", result: null }),
    )
  })

  it("rejects a non-integer ttl, as the seed's Go int does", () => {
    const decoded = decodeMessage(`{"type":"EventGroupCollectorCreate","id":"G","expected":[],"ttl":120.5}`)
    expect(decoded).toEqual(left("ttl: expected integer or null, got 120.5"))
    expect(isLeft(decodeMessage(`{"type":"EventGroupCollectorCreate","id":"G","ttl":"120"}`))).toBe(true)
  })

  it("names an unknown type with the seed's text (absent or null type is '')", () => {
    expect(decodeMessage(`{"type":"EventGroupCollectorCancel","id":"G"}`)).toEqual(
      left("Unable to parse 'EventGroupCollectorCancel' into GroupCollectorEnumeration"),
    )
    expect(decodeMessage(`{"id":"G"}`)).toEqual(left("Unable to parse '' into GroupCollectorEnumeration"))
    expect(decodeMessage(`{"type":null}`)).toEqual(left("Unable to parse '' into GroupCollectorEnumeration"))
    expect(decodeMessage(`{"type":"eventgroupcollectorcreate","id":"G"}`)).toEqual(
      left("Unable to parse 'eventgroupcollectorcreate' into GroupCollectorEnumeration"),
    )
  })

  it("names the field and the problem for garbage", () => {
    expect(decodeMessage("{nope")).toEqual(left(expect.stringMatching(/^Invalid JSON: /)))
    expect(decodeMessage("[1,2]")).toEqual(left("expected a JSON object, got [1,2]"))
    expect(decodeMessage(`{"type":7}`)).toEqual(left("type: expected string, got 7"))
    expect(decodeMessage(`{"type":"EventGroupCollectorCreate","expected":["A",5]}`)).toEqual(
      left("id: missing, expected string; expected.1: expected string, got 5"),
    )
    expect(decodeMessage(`{"type":"EventGroupCollectorEntityDone","id":"A"}`)).toEqual(
      left("group: missing, expected string"),
    )
    expect(
      decodeMessage(`{"type":"EventGroupCollectorCreate","id":"G","handler":{"h":{"topic":1}}}`),
    ).toEqual(left("handler.h.topic: expected string or null, got 1"))
  })

  it("keeps __proto__ keys as data in results and handler maps", () => {
    const decoded = decodeMessage(
      `{"type":"EventGroupCollectorSuccess","id":"G","created":"c","resolved":"r","results":{"__proto__":{"x":1}}}`,
    )
    expect(
      isRight(decoded) && decoded.right.type === "EventGroupCollectorSuccess" && decoded.right.results,
    ).toEqual(record([["__proto__", { x: 1 }]]))
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it("never throws and always names a problem for arbitrary text or JSON", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const decoded = decodeMessage(text)
        if (isLeft(decoded)) expect(decoded.left.length).toBeGreaterThan(0)
      }),
    )
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const decoded = decodeMessageValue(value)
        if (isLeft(decoded)) expect(decoded.left.length).toBeGreaterThan(0)
        else expect(CollectorMessageCodec.is(decoded.right)).toBe(true)
      }),
    )
  })
})

const success: Outcome = {
  _tag: "Success",
  id: "F0CABCA1",
  created: "2020-07-17T23:38:21Z",
  resolved: "2020-07-17T23:38:40Z",
  results: record([
    ["A0CABCA1", { job: "A", bar: true }],
    ["366B21B5", { job: "B" }],
    ["11ACC3BA", null],
  ]),
  payload: { group: "payload" },
}

describe("encoding outcomes", () => {
  it("writes Success exactly as the seed: type, id, created, resolved, results (sorted), payload", () => {
    expect(encodeOutcome(success)).toBe(
      `{"type":"EventGroupCollectorSuccess","id":"F0CABCA1","created":"2020-07-17T23:38:21Z",` +
        `"resolved":"2020-07-17T23:38:40Z","results":{"11ACC3BA":null,"366B21B5":{"job":"B"},` +
        `"A0CABCA1":{"bar":true,"job":"A"}},"payload":{"group":"payload"}}`,
    )
  })

  it("writes Failure exactly as the seed: type, id, entity, error, created, resolved, results, payload", () => {
    const failure: Outcome = {
      _tag: "Failure",
      id: "F0CABCA1",
      entity: "F0CABCA1",
      error: "Operation timed out after 120 seconds",
      created: "2020-07-17T23:38:21Z",
      resolved: "2020-07-17T23:40:21Z",
      results: record([["A0CABCA1", { job: "A" }]]),
      payload: null,
    }
    expect(encodeOutcome(failure)).toBe(
      `{"type":"EventGroupCollectorFailure","id":"F0CABCA1","entity":"F0CABCA1",` +
        `"error":"Operation timed out after 120 seconds","created":"2020-07-17T23:38:21Z",` +
        `"resolved":"2020-07-17T23:40:21Z","results":{"A0CABCA1":{"job":"A"}},"payload":null}`,
    )
  })

  it("escapes as Go does and sorts keys by UTF-8 bytes, at every depth", () => {
    const text = encodeOutcome({
      ...success,
      results: record([
        ["b", 1],
        ["__proto__", 2],
        ["10", 3],
        ["9", 4],
        ["\u{1F600}", 5],
        ["\uFF5E", 6],
      ]),
      payload: { z: ["<a href='x'>&</a>", { y: 1, b: 2 }], a: "\u2028" },
    })
    expect(text).toContain(`"results":{"10":3,"9":4,"__proto__":2,"b":1,"\uFF5E":6,"\u{1F600}":5}`)
    expect(text).toContain(
      `"payload":{"a":"\\u2028","z":["\\u003ca href='x'\\u003e\\u0026\\u003c/a\\u003e",{"b":2,"y":1}]}`,
    )
  })

  it("never writes sender; an outcome round-trips through its text", () => {
    fc.assert(
      fc.property(messageArb.filter(isOwnOutcome), fc.string(), (message, sender) => {
        const outcome: Outcome =
          message.type === "EventGroupCollectorSuccess"
            ? { _tag: "Success", ...without(message, "type") }
            : { _tag: "Failure", ...without(message, "type") }
        const text = encodeOutcome({ ...outcome, sender } as unknown as Outcome)
        expect(topLevelKeys(text)).not.toContain("sender")
        expect(decodeMessage(text)).toEqual(right(outcomeMessage(outcome)))
      }),
    )
  })

  it("writes top-level fields in the seed's order and map keys sorted", () => {
    fc.assert(
      fc.property(messageArb.filter(isOwnOutcome), (message) => {
        const parsed = JSON.parse(encodeMessage(message)) as Record<string, unknown>
        const order =
          message.type === "EventGroupCollectorSuccess"
            ? ["type", "id", "created", "resolved", "results", "payload"]
            : [
                "type",
                "id",
                "entity",
                ...(message.error === "" ? [] : ["error"]),
                "created",
                "resolved",
                "results",
                "payload",
              ]
        expect(topLevelKeys(encodeMessage(message))).toEqual(order)
        const resultKeys = Object.keys(message.results).sort(compareUtf8)
        expect(Object.keys(parsed.results as object).sort(compareUtf8)).toEqual(resultKeys)
      }),
    )
  })
})

// Top-level key order of a JSON object text (JSON.parse would reorder integer-like keys).
const topLevelKeys = (text: string): Array<string> => {
  const keys: Array<string> = []
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      let j = i + 1
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1
      if (depth === 1 && text[j + 1] === ":") keys.push(JSON.parse(text.slice(i, j + 1)))
      i = j
    } else if (c === "{" || c === "[") depth++
    else if (c === "}" || c === "]") depth--
  }
  return keys
}

const without = <T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> => {
  const { [key]: _dropped, ...rest } = value
  return rest
}

describe("round trips and routing", () => {
  it("decode(encode(message)) is the message, for all four types", () => {
    fc.assert(
      fc.property(messageArb, (message) => {
        expect(decodeMessage(encodeMessage(message))).toEqual(right(message))
      }),
    )
  })

  it("keys Creates and outcomes by id and Dones by group; own outcomes become Ignored", () => {
    fc.assert(
      fc.property(messageArb, (message) => {
        const input = toInput(message)
        expect(inputKey(input, null)).toBe(keyOf(message))
        expect(input._tag === "Ignored").toBe(isOwnOutcome(message))
      }),
    )
    expect(inputKey(tick, "G")).toBe("G")
  })

  it("maps a record to its input and says when it must be re-keyed", () => {
    const doneText = `{"type":"EventGroupCollectorEntityDone","id":"A","group":"G","result":1}`
    expect(recordToInput(null, doneText)).toEqual(
      right({ key: "G", rekey: true, input: { _tag: "EntityDone", id: "A", group: "G", result: 1 } }),
    )
    expect(recordToInput("G", doneText)).toEqual(right(expect.objectContaining({ key: "G", rekey: false })))
    expect(recordToInput("A", doneText)).toEqual(right(expect.objectContaining({ key: "G", rekey: true })))
    expect(recordToInput("G", encodeOutcome(success))).toEqual(
      right({
        key: "F0CABCA1",
        rekey: true,
        input: { _tag: "Ignored", id: "F0CABCA1", type: "EventGroupCollectorSuccess" },
      }),
    )
    expect(recordToInput(null, seedCreate)).toEqual(
      right(
        expect.objectContaining({
          key: "F0CABCA1",
          input: expect.objectContaining({
            _tag: "Create",
            ttl: 120,
            expected: ["A0CABCA1", "366B21B5", "11ACC3BA"],
          }),
        }),
      ),
    )
    expect(recordToInput("G", "{")).toEqual(left(expect.stringMatching(/^Invalid JSON/)))
  })
})
