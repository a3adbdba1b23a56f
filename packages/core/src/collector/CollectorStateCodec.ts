// io-ts codec for a group's state, so stores and changelogs can keep it as JSON. The JSON form is
// the state itself; decoding checks its shape and rebuilds null-prototype handler maps.
import * as t from "io-ts"
import { HandlersCodec } from "./CollectorCodecs.ts"
import type { Create, EntityDone } from "./CollectorInput.ts"
import type { GroupState } from "./CollectorState.ts"
import { JsonCodec } from "./Json.ts"

const CreateCodec: t.Type<Create, Create, unknown> = t.intersection([
  t.type({
    _tag: t.literal("Create"),
    id: t.string,
    expected: t.readonlyArray(t.string),
    payload: JsonCodec,
  }),
  t.partial({ ttl: t.number, handler: HandlersCodec, sender: t.string }),
])

const EntityDoneCodec: t.Type<EntityDone, EntityDone, unknown> = t.intersection([
  t.type({ _tag: t.literal("EntityDone"), id: t.string, group: t.string, result: JsonCodec }),
  t.partial({ error: t.string, sender: t.string }),
])

/** A collector group state as JSON and back (encoding is the identity; JSON.stringify it). */
export const GroupStateCodec: t.Type<GroupState, GroupState, unknown> = t.union(
  [
    t.type({ _tag: t.literal("Idle") }),
    t.type({
      _tag: t.literal("Holding"),
      held: t.readonlyArray(t.type({ done: EntityDoneCodec, untilMs: t.number })),
    }),
    t.type({
      _tag: t.literal("Open"),
      create: CreateCodec,
      expected: t.readonlyArray(t.string),
      ttlSeconds: t.number,
      createdMs: t.number,
      deadlineMs: t.number,
      results: t.readonlyArray(t.readonly(t.tuple([t.string, JsonCodec]))),
    }),
    t.type({
      _tag: t.literal("Resolved"),
      outcome: t.union([t.literal("Success"), t.literal("Failure")]),
      resolvedMs: t.number,
      untilMs: t.number,
    }),
  ],
  "collector group state",
)
