// A client mistake (or an unavailable service) as a tagged failure that becomes a JSON error
// response: `{"error": …, "field"?: …}` with a fitting status, never an HTML page or a 500.
import { Data, Effect } from "effect"
import { HttpServerResponse } from "effect/http"

/** An answer that is not a success: status, message and, for bad input, the offending field. */
export class HttpProblem extends Data.TaggedError("HttpProblem")<{
  readonly status: number
  readonly error: string
  readonly field?: string
  readonly headers?: Readonly<Record<string, string>>
}> {}

/** A JSON response with the given status. */
export const json = (body: unknown, status = 200): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(body, { status })

/** The JSON error response of a problem. */
export const problemResponse = (problem: HttpProblem): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(
    problem.field === undefined ? { error: problem.error } : { error: problem.error, field: problem.field },
    { status: problem.status, ...(problem.headers === undefined ? {} : { headers: problem.headers }) },
  )

/** A 400 naming the field. */
export const badRequest = (error: string, field?: string): HttpProblem =>
  new HttpProblem({ status: 400, error, ...(field === undefined ? {} : { field }) })

/** A 404 for a missing resource. */
export const notFound = (error: string): HttpProblem => new HttpProblem({ status: 404, error })

/** Turns a handler's HttpProblem into its JSON response. */
export const answering = <R>(
  handler: Effect.Effect<HttpServerResponse.HttpServerResponse, HttpProblem, R>,
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> =>
  Effect.catchTag(handler, "HttpProblem", (problem) => Effect.succeed(problemResponse(problem)))

/** An infrastructure failure (log or store) as a 503 the client may retry. */
export const unavailable = (error: { readonly message: string }): HttpProblem =>
  new HttpProblem({ status: 503, error: `unavailable: ${error.message}`, headers: { "retry-after": "1" } })
