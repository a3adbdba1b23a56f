// io-ts codecs for the `eventbus-collector` records, Go-compatible JSON text for what we write,
// and the mapping from a (key, value) record to a reducer input keyed by group id.
// Decoding follows the seed: null or absent fields take Go's zero values, `ttl` must be an integer.
import { type Either, isRight, left, map } from "fp-ts/lib/Either.js"
import * as t from "io-ts"
import type { CollectorInput } from "./CollectorInput.ts"
import {
  type CollectorMessage,
  type CreateMessage,
  type EntityDoneMessage,
  type FailureMessage,
  type Handler,
  type Handlers,
  messageType,
  type Results,
  type SuccessMessage,
} from "./CollectorMessage.ts"
import type { Outcome } from "./CollectorOutput.ts"
import { goJson, goString } from "./GoJson.ts"
import { type Json, JsonCodec } from "./Json.ts"

type Codec<A> = t.Type<A, A, unknown>

// Go decodes null and absent alike, into the zero value; we decode both to undefined.
const orNull = <A>(codec: Codec<A>): Codec<A | undefined> =>
  new t.Type<A | undefined, A | undefined, unknown>(
    `${codec.name} or null`,
    (u): u is A | undefined => u === undefined || codec.is(u),
    (u, c) => (u === undefined || u === null ? t.success(undefined) : codec.validate(u, c)),
    t.identity,
  )

const isInteger = (u: unknown): u is number => typeof u === "number" && Number.isSafeInteger(u)

// A whole number (the seed's Go `int`): `120.5` is rejected.
const IntegerCodec: Codec<number> = new t.Type<number, number, unknown>(
  "integer",
  isInteger,
  (u, c) => (isInteger(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

// A JSON object decoded into a null-prototype record, so `__proto__` is just a key.
const recordOf = <A>(codec: Codec<A>, name: string): Codec<{ readonly [key: string]: A }> =>
  new t.Type<{ readonly [key: string]: A }, { readonly [key: string]: A }, unknown>(
    name,
    (u): u is { readonly [key: string]: A } => isObject(u) && Object.keys(u).every((k) => codec.is(u[k])),
    (u, c) => {
      if (!isObject(u)) return t.failure(u, c)
      const record: { [key: string]: A } = Object.create(null)
      const errors: Array<t.ValidationError> = []
      for (const key of Object.keys(u)) {
        const value = u[key]
        const decoded = codec.validate(value, t.appendContext(c, key, codec, value))
        if (isRight(decoded)) record[key] = decoded.right
        else errors.push(...decoded.left)
      }
      return errors.length > 0 ? t.failures(errors) : t.success(record)
    },
    t.identity,
  )

const HandlerFields = t.type(
  { topic: orNull(t.string), payload: t.union([JsonCodec, t.undefined]) },
  "handler",
)

const HandlerCodec: Codec<Handler | null> = new t.Type<Handler | null, Handler | null, unknown>(
  "handler or null",
  (u): u is Handler | null => u === null || HandlerFields.is(u),
  (u, c) =>
    u === null
      ? t.success(null)
      : map(
          ({ topic, payload }: t.TypeOf<typeof HandlerFields>): Handler => ({
            ...(topic === undefined ? {} : { topic }),
            ...(payload === undefined ? {} : { payload }),
          }),
        )(HandlerFields.validate(u, c)),
  t.identity,
)

/** The `handler` map of a Create (validated like the seed, never used). */
export const HandlersCodec: Codec<Handlers> = recordOf(HandlerCodec, "handler map")
const ResultsCodec: Codec<Results> = recordOf(JsonCodec, "results map")

const messageCodec = <F, M extends CollectorMessage>(
  fields: t.Type<F, unknown, unknown>,
  build: (fields: F) => M,
): Codec<M> => {
  const codec: Codec<M> = new t.Type<M, M, unknown>(
    fields.name,
    (u): u is M => isRight(codec.decode(u)),
    (u, c) => map(build)(fields.validate(u, c)),
    t.identity,
  )
  return codec
}

/** EventGroupCollectorCreate; client-sent `created` and `results` are ignored (the collector sets them). */
export const CreateMessageCodec: Codec<CreateMessage> = messageCodec(
  t.type(
    {
      type: t.literal(messageType.create),
      id: t.string,
      sender: orNull(t.string),
      expected: orNull(t.array(t.string)),
      ttl: orNull(IntegerCodec),
      payload: orNull(JsonCodec),
      handler: orNull(HandlersCodec),
    },
    messageType.create,
  ),
  (f): CreateMessage => ({
    type: f.type,
    id: f.id,
    ...(f.sender === undefined ? {} : { sender: f.sender }),
    expected: f.expected ?? [],
    ...(f.ttl === undefined ? {} : { ttl: f.ttl }),
    payload: f.payload ?? null,
    ...(f.handler === undefined ? {} : { handler: f.handler }),
  }),
)

/** EventGroupCollectorEntityDone; an empty `error` means no error, as in the seed. */
export const EntityDoneMessageCodec: Codec<EntityDoneMessage> = messageCodec(
  t.type(
    {
      type: t.literal(messageType.entityDone),
      id: t.string,
      sender: orNull(t.string),
      group: t.string,
      result: orNull(JsonCodec),
      error: orNull(t.string),
    },
    messageType.entityDone,
  ),
  (f): EntityDoneMessage => ({
    type: f.type,
    id: f.id,
    ...(f.sender === undefined ? {} : { sender: f.sender }),
    group: f.group,
    result: f.result ?? null,
    ...(f.error === undefined || f.error === "" ? {} : { error: f.error }),
  }),
)

/** EventGroupCollectorSuccess (read back only to be ignored; `sender` dropped). */
export const SuccessMessageCodec: Codec<SuccessMessage> = messageCodec(
  t.type(
    {
      type: t.literal(messageType.success),
      id: t.string,
      created: t.string,
      resolved: t.string,
      results: orNull(ResultsCodec),
      payload: orNull(JsonCodec),
    },
    messageType.success,
  ),
  (f): SuccessMessage => ({
    type: f.type,
    id: f.id,
    created: f.created,
    resolved: f.resolved,
    results: f.results ?? Object.create(null),
    payload: f.payload ?? null,
  }),
)

/** EventGroupCollectorFailure (read back only to be ignored; `sender` dropped). */
export const FailureMessageCodec: Codec<FailureMessage> = messageCodec(
  t.type(
    {
      type: t.literal(messageType.failure),
      id: t.string,
      entity: t.string,
      error: orNull(t.string),
      created: t.string,
      resolved: t.string,
      results: orNull(ResultsCodec),
      payload: orNull(JsonCodec),
    },
    messageType.failure,
  ),
  (f): FailureMessage => ({
    type: f.type,
    id: f.id,
    entity: f.entity,
    error: f.error ?? "",
    created: f.created,
    resolved: f.resolved,
    results: f.results ?? Object.create(null),
    payload: f.payload ?? null,
  }),
)

/** The seed's error text for a `type` it does not know. */
export const unknownTypeError = (type: string): string =>
  `Unable to parse '${type}' into GroupCollectorEnumeration`

const codecByType: { readonly [type: string]: Codec<CollectorMessage> } = Object.assign(Object.create(null), {
  [messageType.create]: CreateMessageCodec,
  [messageType.entityDone]: EntityDoneMessageCodec,
  [messageType.success]: SuccessMessageCodec,
  [messageType.failure]: FailureMessageCodec,
})

/** Any collector record, dispatched on `type` (absent or null `type` is `''`, as in Go). */
export const CollectorMessageCodec: Codec<CollectorMessage> = new t.Type<
  CollectorMessage,
  CollectorMessage,
  unknown
>(
  "collector message",
  (u): u is CollectorMessage =>
    isObject(u) && typeof u.type === "string" && codecByType[u.type]?.is(u) === true,
  (u, c) => {
    if (!isObject(u)) return t.failure(u, c, `expected a JSON object, got ${show(u)}`)
    const type = u.type ?? ""
    if (typeof type !== "string") return t.failure(type, t.appendContext(c, "type", t.string, type))
    const codec = codecByType[type]
    return codec === undefined ? t.failure(u, c, unknownTypeError(type)) : codec.validate(u, c)
  },
  t.identity,
)

const show = (u: unknown): string => {
  const text = JSON.stringify(u) ?? String(u)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const describe = (error: t.ValidationError): string => {
  const path = error.context
    .map((entry) => entry.key)
    .filter((key) => key !== "")
    .join(".")
  const where = path === "" ? "" : `${path}: `
  if (error.message !== undefined) return `${where}${error.message}`
  const expected = error.context[error.context.length - 1]?.type.name ?? "a value"
  return error.value === undefined
    ? `${where}missing, expected ${expected}`
    : `${where}expected ${expected}, got ${show(error.value)}`
}

// One line naming every problem io-ts found, field path first.
const formatErrors = (errors: t.Errors): string => [...new Set(errors.map(describe))].join("; ")

/** Decodes an already-parsed JSON value into a collector message, or says what is wrong. */
export const decodeMessageValue = (value: unknown): Either<string, CollectorMessage> => {
  const decoded = CollectorMessageCodec.decode(value)
  return isRight(decoded) ? decoded : left(formatErrors(decoded.left))
}

/** Decodes a record value (JSON text) into a collector message, or says what is wrong. */
export const decodeMessage = (text: string): Either<string, CollectorMessage> => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return left(`Invalid JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  return decodeMessageValue(value)
}

const objectText = (fields: ReadonlyArray<readonly [string, string] | undefined>): string =>
  `{${fields
    .filter((field) => field !== undefined)
    .map(([name, text]) => `"${name}":${text}`)
    .join(",")}}`

/** JSON text of a message, fields in the seed's order (`type`, `id`, …), map keys sorted, no `sender` on outcomes. */
export const encodeMessage = (message: CollectorMessage): string => {
  switch (message.type) {
    case messageType.create:
      return objectText([
        ["type", goString(message.type)],
        ["id", goString(message.id)],
        ["expected", goJson(message.expected)],
        message.ttl === undefined ? undefined : ["ttl", JSON.stringify(message.ttl)],
        ["payload", goJson(message.payload)],
        message.handler === undefined ? undefined : ["handler", goJson(message.handler as unknown as Json)],
        message.sender === undefined ? undefined : ["sender", goString(message.sender)],
      ])
    case messageType.entityDone:
      return objectText([
        ["type", goString(message.type)],
        ["id", goString(message.id)],
        ["group", goString(message.group)],
        ["result", goJson(message.result)],
        message.error === undefined ? undefined : ["error", goString(message.error)],
        message.sender === undefined ? undefined : ["sender", goString(message.sender)],
      ])
    case messageType.success:
      return objectText([
        ["type", goString(message.type)],
        ["id", goString(message.id)],
        ["created", goString(message.created)],
        ["resolved", goString(message.resolved)],
        ["results", goJson(message.results)],
        ["payload", goJson(message.payload)],
      ])
    case messageType.failure:
      return objectText([
        ["type", goString(message.type)],
        ["id", goString(message.id)],
        ["entity", goString(message.entity)],
        message.error === "" ? undefined : ["error", goString(message.error)],
        ["created", goString(message.created)],
        ["resolved", goString(message.resolved)],
        ["results", goJson(message.results)],
        ["payload", goJson(message.payload)],
      ])
  }
}

/** The record a reducer outcome becomes on the topic. */
export const outcomeMessage = (outcome: Outcome): SuccessMessage | FailureMessage =>
  outcome._tag === "Success"
    ? {
        type: messageType.success,
        id: outcome.id,
        created: outcome.created,
        resolved: outcome.resolved,
        results: outcome.results,
        payload: outcome.payload,
      }
    : {
        type: messageType.failure,
        id: outcome.id,
        entity: outcome.entity,
        error: outcome.error,
        created: outcome.created,
        resolved: outcome.resolved,
        results: outcome.results,
        payload: outcome.payload,
      }

/** The exact JSON text an outcome is written as (the seed's field order and escaping). */
export const encodeOutcome = (outcome: Outcome): string => encodeMessage(outcomeMessage(outcome))

/** True for the collector's own outcomes read back from the shared topic. */
export const isOwnOutcome = (message: CollectorMessage): message is SuccessMessage | FailureMessage =>
  message.type === messageType.success || message.type === messageType.failure

/** The group id a record belongs to: the key the collector's state lives under. */
export const keyOf = (message: CollectorMessage): string =>
  message.type === messageType.entityDone ? message.group : message.id

/** The reducer input a decoded message becomes (own outcomes become `Ignored`). */
export const toInput = (message: CollectorMessage): CollectorInput => {
  switch (message.type) {
    case messageType.create:
      return {
        _tag: "Create",
        id: message.id,
        expected: message.expected,
        ...(message.ttl === undefined ? {} : { ttl: message.ttl }),
        payload: message.payload,
        ...(message.handler === undefined ? {} : { handler: message.handler }),
        ...(message.sender === undefined ? {} : { sender: message.sender }),
      }
    case messageType.entityDone:
      return {
        _tag: "EntityDone",
        id: message.id,
        group: message.group,
        result: message.result,
        ...(message.error === undefined ? {} : { error: message.error }),
        ...(message.sender === undefined ? {} : { sender: message.sender }),
      }
    case messageType.success:
    case messageType.failure:
      return { _tag: "Ignored", id: message.id, type: message.type }
  }
}

/** A record turned into a reducer input, with the key it belongs under. */
export interface KeyedCollectorInput {
  /** The group id; the state key. */
  readonly key: string
  readonly input: CollectorInput
  /** True when the record's own key was absent or different: route it through the repartition topic. */
  readonly rekey: boolean
}

/** Maps a record (key, JSON text value) to its input and group-id key, or says why it cannot. */
export const recordToInput = (
  key: string | null | undefined,
  value: string,
): Either<string, KeyedCollectorInput> =>
  map((message: CollectorMessage): KeyedCollectorInput => {
    const groupKey = keyOf(message)
    return { key: groupKey, input: toInput(message), rekey: key !== groupKey }
  })(decodeMessage(value))

/** The group id an input belongs to (a Tick stays on its key); fits a topology's `rekey`. */
export const inputKey = (input: CollectorInput, key: string | null): string => {
  switch (input._tag) {
    case "Create":
    case "Ignored":
      return input.id
    case "EntityDone":
      return input.group
    case "Tick":
      return key ?? ""
  }
}
