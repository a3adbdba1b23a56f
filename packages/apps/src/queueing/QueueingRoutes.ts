// The queueing app's HTTP API: the seed's producer endpoints (`POST /command`, `POST /command/:id`,
// `POST /event/:resourceId/:commandId`), answered only once the append is durable, plus reads of a
// resource's holders and queue and of a command's outcome.
import { partitionForKey, utf8Bytes } from "@streamfold/core"
import type { EventType } from "@streamfold/core/semaphore"
import {
  EventTypeCodec,
  emptySemaphoreState,
  SemaphoreStateCodec,
  semaphoreStore,
  semaphoreTopics,
  semaphoreView,
  Uuid,
} from "@streamfold/core/semaphore"
import { Effect } from "effect"
import { HttpRouter, type HttpServerRequest, HttpServerResponse } from "effect/http"
import * as t from "io-ts"
import { answering, badRequest, HttpProblem, json, notFound, unavailable } from "../http/HttpProblem.ts"
import { bodyText, decodeValue, parseJsonBody } from "../http/RequestBody.ts"
import type { AppServices } from "../StreamfoldApp.ts"
import { CommandOutcomeCodec } from "./CommandOutcome.ts"
import { outcomeStore } from "./QueueingTopology.ts"

/** What the routes need besides the services: the partition count of the app's topics and stores. */
export interface QueueingRouteOptions {
  readonly partitions: number
  /** Makes the ids of new resources and commands (crypto.randomUUID by default). */
  readonly newId?: () => string
}

const EventBody = t.exact(t.partial({ type: EventTypeCodec, message: t.string }), "EventBody")

const uuidParam = (name: string, value: string | undefined) =>
  value !== undefined && Uuid.decode(value)._tag === "Right"
    ? Effect.succeed(value)
    : Effect.fail(badRequest(`${name} must be a UUID, got ${JSON.stringify(value ?? "")}`, name))

const queryParam = (request: HttpServerRequest.HttpServerRequest, name: string): string | undefined => {
  const query = request.url.indexOf("?")
  return query < 0 ? undefined : (new URLSearchParams(request.url.slice(query + 1)).get(name) ?? undefined)
}

/** Adds the queueing routes to `router`. */
export const queueingRoutes =
  (options: QueueingRouteOptions) =>
  (router: HttpRouter.HttpRouter, services: AppServices): Effect.Effect<void> =>
    Effect.gen(function* () {
      const { log, store, settings } = services
      const newId = options.newId ?? (() => crypto.randomUUID())
      const maxBytes = settings.maxBodyBytes

      const append = (topic: string, key: string, value: unknown) =>
        log
          .append([{ topic, key, value: utf8Bytes(JSON.stringify(value)) }])
          .pipe(Effect.mapError(unavailable))

      const submit = (request: HttpServerRequest.HttpServerRequest, resourceId: string) =>
        Effect.gen(function* () {
          const message = yield* bodyText(request, maxBytes)
          if (message === "")
            return yield* badRequest("the body (the command's message) must not be empty", "body")
          const commandId = newId()
          yield* append(semaphoreTopics.commandRequests, resourceId, { id: commandId, message })
          return json({ resourceId, commandId }, 201)
        })

      yield* router.add("POST", "/command", (request) => answering(submit(request, newId())))
      yield* router.add("POST", "/command/:resourceId", (request) =>
        answering(
          Effect.gen(function* () {
            const params = yield* HttpRouter.params
            const resourceId = yield* uuidParam("resourceId", params.resourceId)
            return yield* submit(request, resourceId)
          }),
        ),
      )

      yield* router.add("POST", "/event/:resourceId/:commandId", (request) =>
        answering(
          Effect.gen(function* () {
            const params = yield* HttpRouter.params
            const resourceId = yield* uuidParam("resourceId", params.resourceId)
            const commandId = yield* uuidParam("commandId", params.commandId)
            const text = yield* bodyText(request, maxBytes)
            const body: t.TypeOf<typeof EventBody> =
              text.trim() === "" ? {} : yield* decodeValue(EventBody, yield* parseJsonBody(text))
            const queried = queryParam(request, "type")
            if (queried !== undefined && !EventTypeCodec.is(queried))
              return yield* badRequest(
                `type must be INITIALIZING, CONTINUING or TERMINATING, got ${JSON.stringify(queried)}`,
                "type",
              )
            const type: EventType = body.type ?? (queried as EventType | undefined) ?? "TERMINATING"
            const message = body.message ?? `Command completed on ${resourceId}`
            yield* append(semaphoreTopics.commandEvents, resourceId, { id: commandId, type, message })
            return HttpServerResponse.empty({ status: 201 })
          }),
        ),
      )

      const read = (storeName: string, key: string) =>
        store
          .get({ store: storeName, partition: partitionForKey(key, options.partitions), key })
          .pipe(Effect.mapError(unavailable))

      const decodeStored = <A>(codec: t.Decoder<unknown, A>, bytes: Uint8Array) =>
        Effect.flatMap(
          Effect.try({
            try: () => JSON.parse(new TextDecoder().decode(bytes)) as unknown,
            catch: () => new HttpProblem({ status: 500, error: "stored state is not JSON" }),
          }),
          (value) => {
            const decoded = codec.decode(value)
            return decoded._tag === "Right"
              ? Effect.succeed(decoded.right)
              : Effect.fail(new HttpProblem({ status: 500, error: "stored state does not decode" }))
          },
        )

      yield* router.add("GET", "/resources/:resourceId", () =>
        answering(
          Effect.gen(function* () {
            const params = yield* HttpRouter.params
            const resourceId = yield* uuidParam("resourceId", params.resourceId)
            const bytes = yield* read(semaphoreStore, resourceId)
            const state =
              bytes === undefined
                ? { ...emptySemaphoreState, resourceId }
                : yield* decodeStored(SemaphoreStateCodec, bytes)
            return json(semaphoreView(state))
          }),
        ),
      )

      yield* router.add("GET", "/commands/:commandId", () =>
        answering(
          Effect.gen(function* () {
            const params = yield* HttpRouter.params
            const commandId = yield* uuidParam("commandId", params.commandId)
            const bytes = yield* read(outcomeStore, commandId)
            if (bytes === undefined) return yield* notFound(`no outcome known for command ${commandId}`)
            const { keepUntil: _, ...outcome } = yield* decodeStored(CommandOutcomeCodec, bytes)
            return json(outcome)
          }),
        ),
      )
    })
