// The one HTTP application of a process: every app's routes, the store endpoints, `/health` and
// `/metrics` on one router. Unknown routes answer 404 `{"error":"route not found"}`; anything
// unexpected is logged and answers a JSON 500, never an HTML page.
import { Cause, Effect } from "effect"
import { HttpRouter, HttpServerError, type HttpServerRequest, HttpServerResponse } from "effect/http"
import { PrometheusMetrics } from "effect/observability"
import { json } from "./HttpProblem.ts"

/** What `/health` and `/metrics` read. */
export interface Operations {
  /** True once every topology is running with its assigned tasks restored. */
  readonly isReady: Effect.Effect<boolean>
  /** Refreshes gauges (store sizes) before a scrape. */
  readonly refreshMetrics: Effect.Effect<void>
}

/** Builds the request handler from route registrations. */
export const makeHttpApp = (
  register: (router: HttpRouter.HttpRouter) => Effect.Effect<void>,
  operations: Operations,
): Effect.Effect<
  Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest>
> =>
  Effect.gen(function* () {
    const router = yield* HttpRouter.make
    yield* router.add("GET", "/health", () =>
      Effect.map(operations.isReady, (ready) =>
        ready ? json({ status: "ready" }) : json({ status: "starting" }, 503),
      ),
    )
    yield* router.add("GET", "/metrics", () =>
      Effect.gen(function* () {
        yield* operations.refreshMetrics
        const text = yield* PrometheusMetrics.format()
        return HttpServerResponse.text(text, { contentType: "text/plain; version=0.0.4; charset=utf-8" })
      }),
    )
    yield* register(router)
    return Effect.scoped(router.asHttpEffect()).pipe(
      Effect.catchCause((cause) => {
        const failure = Cause.squash(cause)
        if (failure instanceof HttpServerError.HttpServerError && failure.reason._tag === "RouteNotFound")
          return Effect.succeed(json({ error: "route not found" }, 404))
        return Effect.as(Effect.logError("request failed", cause), json({ error: "internal error" }, 500))
      }),
    )
  })
