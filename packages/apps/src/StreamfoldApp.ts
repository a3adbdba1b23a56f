// What an app contributes to a streamfold process: its topology (run by the driver) and its HTTP
// routes (mounted on the one shared router). The services handed to the routes are the same log and
// store the topology runs on.
import type { App } from "@streamfold/core"
import type { PartitionedLog, StateStore } from "@streamfold/core/runtime"
import type { Effect } from "effect"
import type { HttpRouter } from "effect/http"
import type { Settings } from "./config/Settings.ts"

/** The services routes use: the log to append to, the store to read from, the settings. */
export interface AppServices {
  readonly log: PartitionedLog["Service"]
  readonly store: StateStore["Service"]
  readonly settings: Settings
}

/** An app of the `streamfold` process. */
export interface StreamfoldApp {
  /** The name `streamfold run` knows it by. */
  readonly name: string
  readonly topology: App
  /** Adds the app's routes to the shared router. */
  readonly routes: (router: HttpRouter.HttpRouter, services: AppServices) => Effect.Effect<void>
}
