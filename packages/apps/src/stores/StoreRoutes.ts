// Interactive queries on the local instance (the `order-count` seed's endpoints and JSON shapes) for
// every store of every app. This instance owns every partition (embedded and memory modes), so no
// request is forwarded; values are shown as the JSON they hold.
import { compareUtf8 } from "@streamfold/adapters-memory"
import { partitionForKey } from "@streamfold/core"
import type { StateStore, StoreEntry } from "@streamfold/core/runtime"
import { Effect } from "effect"
import { HttpRouter, type HttpServerRequest } from "effect/http"
import type { Settings } from "../config/Settings.ts"
import { answering, badRequest, json, notFound, unavailable } from "../http/HttpProblem.ts"

/** A store as the endpoints see it: its name and its partition count. */
export interface StoreInfo {
  readonly store: string
  readonly partitions: number
}

const decoder = new TextDecoder()

/** A stored value as JSON: parsed when it is JSON text, the text itself otherwise. */
export const storedValue = (bytes: Uint8Array): unknown => {
  const text = decoder.decode(bytes)
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

const queryParam = (request: HttpServerRequest.HttpServerRequest, name: string): string | undefined => {
  const query = request.url.indexOf("?")
  return query < 0 ? undefined : (new URLSearchParams(request.url.slice(query + 1)).get(name) ?? undefined)
}

/** Adds `/metadata…` and `/stores/:store/…` for `stores` to `router`. */
export const storeRoutes = (
  router: HttpRouter.HttpRouter,
  store: StateStore["Service"],
  settings: Settings,
  stores: ReadonlyArray<StoreInfo>,
): Effect.Effect<void> =>
  Effect.gen(function* () {
    const byName = new Map(stores.map((s) => [s.store, s]))
    const url = new URL(settings.advertisedUrl)
    const entry = (names: ReadonlyArray<string>) => ({
      host: url.hostname,
      port: url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port),
      "state-store-names": names,
    })
    const known = Effect.gen(function* () {
      const params = yield* HttpRouter.params
      const info = params.store === undefined ? undefined : byName.get(params.store)
      if (info === undefined) return yield* notFound(`unknown store ${JSON.stringify(params.store ?? "")}`)
      return { info, params }
    })
    // Every partition's entries within the bounds, merged in key order.
    const entries = (info: StoreInfo, bounds: { readonly from?: string; readonly to?: string }) =>
      Effect.gen(function* () {
        const all: Array<StoreEntry> = []
        for (let partition = 0; partition < info.partitions; partition++)
          all.push(...(yield* store.range(info.store, partition, bounds)))
        all.sort((a, b) => compareUtf8(a.key, b.key))
        return all.map((e) => ({ key: e.key, value: storedValue(e.value) }))
      }).pipe(Effect.mapError(unavailable))

    yield* router.add("GET", "/metadata", json({ result: [entry(stores.map((s) => s.store))] }))
    yield* router.add("GET", "/metadata/stores/:store", () =>
      answering(
        Effect.gen(function* () {
          const params = yield* HttpRouter.params
          const has = params.store !== undefined && byName.has(params.store)
          return json({ result: has ? [entry(stores.map((s) => s.store))] : [] })
        }),
      ),
    )
    yield* router.add("GET", "/metadata/stores/:store/key/:key", () =>
      answering(Effect.map(known, () => json({ result: entry(stores.map((s) => s.store)) }))),
    )
    yield* router.add("GET", "/stores/:store/get/:key", () =>
      answering(
        Effect.gen(function* () {
          const { info, params } = yield* known
          const key = params.key ?? ""
          const bytes = yield* store
            .get({ store: info.store, partition: partitionForKey(key, info.partitions), key })
            .pipe(Effect.mapError(unavailable))
          return json({ response: bytes === undefined ? null : storedValue(bytes) })
        }),
      ),
    )
    yield* router.add("GET", "/stores/:store/all", () =>
      answering(
        Effect.flatMap(known, ({ info }) => Effect.map(entries(info, {}), (result) => json({ result }))),
      ),
    )
    yield* router.add("GET", "/stores/:store/range", (request) =>
      answering(
        Effect.gen(function* () {
          const { info } = yield* known
          const from = queryParam(request, "from")
          const to = queryParam(request, "to")
          if (from === undefined) return yield* badRequest("query parameter from is required", "from")
          if (to === undefined) return yield* badRequest("query parameter to is required", "to")
          return json({ result: yield* entries(info, { from, to }) })
        }),
      ),
    )
    yield* router.add("GET", "/stores/:store/approximate-num-entries", () =>
      answering(
        Effect.gen(function* () {
          const { info } = yield* known
          let sum = 0
          for (let partition = 0; partition < info.partitions; partition++)
            sum += yield* store.count(info.store, partition).pipe(Effect.mapError(unavailable))
          return json({ result: sum })
        }),
      ),
    )
  })
