// Raw topic access for `streamfold produce` and `streamfold tail`: the embedded log belongs to the
// process that opened it, so other processes append and read through its HTTP port.
// POST /topics/:topic/records appends JSON values; GET /topics/:topic/records reads a partition.
import { utf8Bytes } from "@streamfold/core"
import type { PartitionedLog } from "@streamfold/core/runtime"
import { Effect } from "effect"
import { HttpRouter, type HttpServerRequest } from "effect/http"
import * as t from "io-ts"
import { answering, badRequest, json, unavailable } from "./HttpProblem.ts"
import { jsonBody } from "./RequestBody.ts"

// Any JSON value, but present: a record without `value` is a mistake, not a null.
const JsonValue = new t.Type<unknown, unknown, unknown>(
  "JsonValue",
  (u): u is unknown => u !== undefined,
  (u, c) => (u === undefined ? t.failure(u, c) : t.success(u)),
  (a) => a,
)

const ProduceBody = t.type(
  {
    records: t.readonlyArray(
      t.intersection([t.type({ value: JsonValue }), t.partial({ key: t.union([t.string, t.null]) })]),
    ),
  },
  "ProduceBody",
)

const decoder = new TextDecoder()

const queryParam = (request: HttpServerRequest.HttpServerRequest, name: string): string | undefined => {
  const query = request.url.indexOf("?")
  return query < 0 ? undefined : (new URLSearchParams(request.url.slice(query + 1)).get(name) ?? undefined)
}

const intParam = (request: HttpServerRequest.HttpServerRequest, name: string, fallback: number) => {
  const text = queryParam(request, name)
  if (text === undefined) return Effect.succeed(fallback)
  return /^\d{1,15}$/.test(text)
    ? Effect.succeed(Number(text))
    : Effect.fail(badRequest(`${name} must be a non-negative integer, got ${JSON.stringify(text)}`, name))
}

/** A record value as shown by `tail`: parsed JSON when it is JSON, else the text. */
const shown = (value: Uint8Array | null): unknown => {
  if (value === null) return null
  const text = decoder.decode(value)
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** Adds the raw topic routes. */
export const topicRoutes = (
  router: HttpRouter.HttpRouter,
  log: PartitionedLog["Service"],
  maxBodyBytes: number,
): Effect.Effect<void> =>
  Effect.gen(function* () {
    yield* router.add("POST", "/topics/:topic/records", (request) =>
      answering(
        Effect.gen(function* () {
          const { topic = "" } = yield* HttpRouter.params
          const body = yield* jsonBody(request, ProduceBody, maxBodyBytes)
          const positions = yield* log
            .append(
              body.records.map((r) => ({
                topic,
                key: r.key ?? null,
                value: utf8Bytes(JSON.stringify(r.value)),
              })),
            )
            .pipe(
              Effect.mapError((e) =>
                e.retriable ? unavailable(e) : badRequest(`cannot append to ${topic}: ${e.message}`, "topic"),
              ),
            )
          return json({ result: positions }, 201)
        }),
      ),
    )
    yield* router.add("GET", "/topics/:topic/records", (request) =>
      answering(
        Effect.gen(function* () {
          const { topic = "" } = yield* HttpRouter.params
          const partition = yield* intParam(request, "partition", 0)
          const offset = yield* intParam(request, "offset", 0)
          const max = Math.min(yield* intParam(request, "max", 500), 5000)
          const records = yield* log
            .poll(topic, partition, offset, max)
            .pipe(
              Effect.mapError((e) =>
                e.retriable
                  ? unavailable(e)
                  : badRequest(`cannot read ${topic}/${partition}: ${e.message}`, "topic"),
              ),
            )
          const partitions = yield* log.partitions(topic).pipe(Effect.orElseSucceed(() => 0))
          return json({
            partitions,
            result: records.map((r) => ({
              partition: r.partition,
              offset: r.offset,
              timestamp: r.timestamp,
              key: r.key,
              value: shown(r.value),
            })),
          })
        }),
      ),
    )
  })
