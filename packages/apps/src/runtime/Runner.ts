// Starts a streamfold process in the current scope: opens the mode's log and store, runs every app's
// topology on them, and serves all routes on one HTTP port. Closing the scope stops everything.
import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import {
  type DriverSettings,
  defaultDriverSettings,
  PartitionedLog,
  processorGroup,
  processorTopics,
  type RunningTopology,
  runTopology,
  StateStore,
} from "@streamfold/core/runtime"
import { Effect, Metric, type Scope } from "effect"
import type { HttpServerRequest, HttpServerResponse } from "effect/http"
import type { Settings } from "../config/Settings.ts"
import { makeHttpApp } from "../http/HttpApp.ts"
import { json } from "../http/HttpProblem.ts"
import { topicRoutes } from "../http/TopicRoutes.ts"
import type { StreamfoldApp } from "../StreamfoldApp.ts"
import { type StoreInfo, storeRoutes } from "../stores/StoreRoutes.ts"
import { consumerLag, instrumentLog, instrumentStore, storeEntries } from "./Instrumentation.ts"
import { checkModeAvailable, openModeServices, StartupError } from "./ModeServices.ts"

type HttpHandler = Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  HttpServerRequest.HttpServerRequest
>

/** A started process. */
export interface RunningProcess {
  /** The port actually bound (useful with PORT=0). */
  readonly port: number
  readonly isReady: Effect.Effect<boolean>
  readonly awaitReady: Effect.Effect<void>
}

/** Every store of the apps with its partition count. */
export const appStores = (apps: ReadonlyArray<StreamfoldApp>): ReadonlyArray<StoreInfo> =>
  apps.flatMap((app) =>
    app.topology.processors.map(({ _erased: p }) => ({ store: p.store, partitions: p.partitions })),
  )

/** Runs `apps` as one process with `settings`, until the scope closes. */
export const runProcess = (
  apps: ReadonlyArray<StreamfoldApp>,
  requested: Settings,
  driverSettings: DriverSettings = defaultDriverSettings,
): Effect.Effect<RunningProcess, StartupError, Scope.Scope> =>
  Effect.gen(function* () {
    yield* checkModeAvailable(requested)
    // Listen first: a busy port fails the start before any data is opened.
    const server = yield* NodeHttpServer.make(() => createServer(), { port: requested.port }).pipe(
      Effect.mapError(
        (e) =>
          new StartupError({
            message: `cannot listen on port ${requested.port}: ${e.cause instanceof Error ? e.cause.message : String(e.cause)}`,
          }),
      ),
    )
    // Until the apps are wired, every request answers 503 "starting" (never a hanging connection).
    let handler: HttpHandler = Effect.succeed(json({ status: "starting" }, 503))
    yield* server.serve(Effect.suspend(() => handler))
    const address = server.address
    const port = address._tag === "UnixPathAddress" ? requested.port : address.port
    // With PORT=0 the default advertised URL names the port actually bound.
    const settings =
      requested.advertisedUrl === `http://localhost:${requested.port}`
        ? { ...requested, port, advertisedUrl: `http://localhost:${port}` }
        : { ...requested, port }
    const opened = yield* openModeServices(settings)
    const log = instrumentLog(opened.log)
    const store = instrumentStore(opened.store)
    const member = { memberId: settings.advertisedUrl, endpoint: settings.advertisedUrl }
    const running: Array<RunningTopology> = []
    for (const app of apps) {
      const topology = yield* runTopology(app.topology, member, driverSettings).pipe(
        Effect.provideService(PartitionedLog, log),
        Effect.provideService(StateStore, store),
        Effect.mapError((e) => new StartupError({ message: `app ${app.name} cannot start: ${e.message}` })),
      )
      running.push(topology)
    }
    const stores = appStores(apps)
    const isReady = Effect.map(
      Effect.forEach(running, (r) => r.isReady),
      (all) => all.every((ready) => ready),
    )
    const refreshMetrics = Effect.forEach(
      stores,
      (info) =>
        Effect.gen(function* () {
          let sum = 0
          for (let partition = 0; partition < info.partitions; partition++)
            sum += yield* store.count(info.store, partition)
          yield* Metric.update(Metric.withAttributes(storeEntries, { store: info.store }), sum)
        }).pipe(Effect.ignore),
      { discard: true },
    )
    // Lag of every processor group on every input partition: end offset minus committed offset.
    const refreshLag = Effect.forEach(
      apps.flatMap((app) => app.topology.processors.map(({ _erased: p }) => ({ app: app.topology.name, p }))),
      ({ app, p }) =>
        Effect.forEach(
          processorTopics(app, p),
          (topic) =>
            Effect.gen(function* () {
              const group = processorGroup(app, p.name)
              let lag = 0
              for (let partition = 0; partition < p.partitions; partition++) {
                const end = yield* log.endOffset(topic, partition)
                lag += Math.max(0, end - (yield* store.committedOffset(group, topic, partition)))
              }
              yield* Metric.update(Metric.withAttributes(consumerLag, { group, topic }), lag)
            }).pipe(Effect.ignore),
          { discard: true },
        ),
      { discard: true },
    )
    const services = { log, store, settings }
    handler = yield* makeHttpApp(
      (router) =>
        Effect.gen(function* () {
          for (const app of apps) yield* app.routes(router, services)
          yield* storeRoutes(router, store, settings, stores)
          yield* topicRoutes(router, log, settings.maxBodyBytes)
        }),
      { isReady, refreshMetrics: Effect.andThen(refreshMetrics, refreshLag) },
    )
    yield* Effect.logInfo(
      `streamfold listening on port ${port} (${settings.mode} mode, apps: ${apps.map((a) => a.name).join(", ")})`,
    )
    return {
      port,
      isReady,
      awaitReady: Effect.forEach(running, (r) => r.awaitReady, { discard: true }),
    }
  })
