// io-ts codecs for the `queueing` topics: UUID keys and the JSON values of `command-requests`,
// `command-events`, `actionable-commands` and `command-status`. Strict at the edge (a decode error
// names the field path); the reducer behind them stays tolerant.
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js"
import * as t from "io-ts"

const uuidText = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const isUuid = (u: unknown): u is string => typeof u === "string" && uuidText.test(u)

/** A UUID in canonical lower-case text, as Java's `UUID.toString()` and the seed's UUIDSerializer write it. */
export const Uuid: t.Type<string, string, unknown> = new t.Type(
  "Uuid",
  isUuid,
  (u, c) =>
    isUuid(u)
      ? t.success(u)
      : t.failure(u, c, "expected a lower-case UUID like 80169888-0e7e-4901-8099-a9fb80b7806d"),
  (a) => a,
)

/** A resource's id: the key of every `queueing` topic. */
export const ResourceId = Uuid

/** A command's id, the `id` field of commands and events. */
export const CommandId = Uuid

const PositiveInt: t.Type<number, number, unknown> = new t.Type(
  "PositiveInt",
  (u): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= 1,
  (u, c) =>
    typeof u === "number" && Number.isSafeInteger(u) && u >= 1
      ? t.success(u)
      : t.failure(u, c, "expected an integer >= 1"),
  (a) => a,
)

/** The `type` of a command event. */
export const EventTypeCodec = t.keyof(
  { INITIALIZING: null, CONTINUING: null, TERMINATING: null },
  "EventType",
)

/** A `command-requests` value: `{"id":commandId,"message":…}`. */
export const CommandRequest = t.exact(t.type({ id: CommandId, message: t.string }), "CommandRequest")
/** A decoded `command-requests` value. */
export type CommandRequest = t.TypeOf<typeof CommandRequest>

/** A `command-events` value: `{"id":commandId,"type":…,"message":…}`. */
export const CommandEvent = t.exact(
  t.type({ id: CommandId, type: EventTypeCodec, message: t.string }),
  "CommandEvent",
)
/** A decoded `command-events` value. */
export type CommandEvent = t.TypeOf<typeof CommandEvent>

/** An `actionable-commands` value: the admitted command, in the request's shape. */
export const ActionableCommand = t.exact(t.type({ id: CommandId, message: t.string }), "ActionableCommand")
/** A decoded `actionable-commands` value. */
export type ActionableCommand = t.TypeOf<typeof ActionableCommand>

/** The `status` of a `command-status` record, one per semaphore outcome. */
export const StatusName = t.keyof(
  {
    ADMITTED: null,
    QUEUED: null,
    REJECTED: null,
    RELEASED: null,
    CANCELLED: null,
    EXPIRED: null,
    DUPLICATE: null,
    IGNORED: null,
    INVALID: null,
  },
  "StatusName",
)
/** One of the `command-status` status names. */
export type StatusName = t.TypeOf<typeof StatusName>

/**
 * A `command-status` value: `{"id","resourceId","status","reason"?,"position"?}`. Ids are plain
 * strings so an INVALID status can echo whatever arrived.
 */
export const CommandStatus = t.exact(
  t.intersection([
    t.type({ id: t.string, resourceId: t.string, status: StatusName }),
    t.partial({ reason: t.string, position: PositiveInt }),
  ]),
  "CommandStatus",
)
/** A decoded `command-status` value. */
export type CommandStatus = t.TypeOf<typeof CommandStatus>

/** One thing wrong with a decoded value: where (`id`, `type`; "" for the whole value) and what. */
export interface DecodeProblem {
  readonly path: string
  readonly expected: string
  readonly actual: string
}

/** Why a key or value could not be decoded; `message` is one line naming every bad field. */
export interface DecodeError {
  readonly _tag: "DecodeError"
  /** What was decoded, e.g. `command-events value`. */
  readonly subject: string
  readonly problems: ReadonlyArray<DecodeProblem>
  readonly message: string
}

type AnyDecoder = t.Decoder<unknown, unknown> & {
  readonly _tag?: string
  readonly type?: AnyDecoder
  readonly keys?: Readonly<Record<string, unknown>>
}

// Combinators whose context entries are member indexes, not field names.
const isCombinator = (decoder: AnyDecoder): boolean =>
  decoder._tag === "IntersectionType" ||
  decoder._tag === "UnionType" ||
  ((decoder._tag === "ExactType" || decoder._tag === "ReadonlyType" || decoder._tag === "RefinementType") &&
    decoder.type !== undefined &&
    isCombinator(decoder.type))

const objectTags = new Set(["InterfaceType", "ExactType", "PartialType", "IntersectionType", "StrictType"])

const expectation = (decoder: AnyDecoder): string => {
  if (decoder._tag !== undefined && objectTags.has(decoder._tag))
    return `expected an object (${decoder.name})`
  if (decoder._tag === "StringType") return "expected a string"
  if (decoder._tag === "KeyofType" && decoder.keys !== undefined) {
    return `expected one of ${Object.keys(decoder.keys)
      .map((key) => JSON.stringify(key))
      .join(" | ")}`
  }
  return `expected ${decoder.name}`
}

const shown = (value: unknown): string => {
  if (value === undefined) return "nothing"
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const problemOf = (error: t.ValidationError): DecodeProblem => {
  const { context } = error
  const path = context
    .slice(1)
    .filter((_, i) => !isCombinator(context[i]!.type as AnyDecoder))
    .map((entry) => entry.key)
    .join(".")
  const decoder = context[context.length - 1]?.type as AnyDecoder | undefined
  return {
    path,
    expected: error.message ?? (decoder === undefined ? "a valid value" : expectation(decoder)),
    actual: error.value === undefined && path !== "" ? "missing" : shown(error.value),
  }
}

/** Builds a DecodeError from problems (also used for failures found outside io-ts). */
export const decodeError = (subject: string, problems: ReadonlyArray<DecodeProblem>): DecodeError => ({
  _tag: "DecodeError",
  subject,
  problems,
  message: `${subject}: ${problems
    .map(({ path, expected, actual }) => `${path === "" ? "" : `${path}: `}${expected}, got ${actual}`)
    .join("; ")}`,
})

/** Decodes with an io-ts codec, turning its errors into a DecodeError about `subject`. */
export const decodeWith =
  <A>(codec: t.Decoder<unknown, A>, subject: string) =>
  (u: unknown): Either<DecodeError, A> => {
    const result = codec.decode(u)
    if (!isLeft(result)) return right(result.right)
    return left(decodeError(subject, result.left.map(problemOf)))
  }

/** Decodes a record key of any `queueing` topic. */
export const decodeResourceId = decodeWith(ResourceId, "key")
/** Decodes a `command-requests` value (parsed JSON). */
export const decodeCommandRequest = decodeWith(CommandRequest, "command-requests value")
/** Decodes a `command-events` value (parsed JSON). */
export const decodeCommandEvent = decodeWith(CommandEvent, "command-events value")
/** Decodes an `actionable-commands` value (parsed JSON). */
export const decodeActionableCommand = decodeWith(ActionableCommand, "actionable-commands value")
/** Decodes a `command-status` value (parsed JSON). */
export const decodeCommandStatus = decodeWith(CommandStatus, "command-status value")

/** Encodes a `command-requests` value to plain JSON data (unknown fields dropped). */
export const encodeCommandRequest = (value: CommandRequest): CommandRequest => CommandRequest.encode(value)
/** Encodes a `command-events` value to plain JSON data. */
export const encodeCommandEvent = (value: CommandEvent): CommandEvent => CommandEvent.encode(value)
/** Encodes an `actionable-commands` value to plain JSON data. */
export const encodeActionableCommand = (value: ActionableCommand): ActionableCommand =>
  ActionableCommand.encode(value)
/** Encodes a `command-status` value to plain JSON data. */
export const encodeCommandStatus = (value: CommandStatus): CommandStatus => CommandStatus.encode(value)
