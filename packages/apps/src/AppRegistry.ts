// The apps `streamfold run` knows by name, each built from its environment settings. `all` runs
// every one of them.
import { Effect } from "effect"
import { SettingsError } from "./config/Settings.ts"
import { queueingApp } from "./queueing/QueueingApp.ts"
import { queueingConfig } from "./queueing/QueueingConfig.ts"
import type { StreamfoldApp } from "./StreamfoldApp.ts"

/** App name → the app built from its settings. */
export const appRegistry: ReadonlyMap<string, Effect.Effect<StreamfoldApp, SettingsError>> = new Map([
  ["queueing", Effect.map(queueingConfig, queueingApp)],
])

/** The apps named (`all` or nothing = every app); an unknown name is a SettingsError. */
export const selectApps = (
  names: ReadonlyArray<string>,
): Effect.Effect<ReadonlyArray<StreamfoldApp>, SettingsError> => {
  const wanted = names.length === 0 || names.includes("all") ? [...appRegistry.keys()] : [...new Set(names)]
  const unknown = wanted.filter((name) => !appRegistry.has(name))
  if (unknown.length > 0)
    return Effect.fail(
      new SettingsError({
        setting: "app",
        message: `unknown app(s): ${unknown.join(", ")} (known: ${[...appRegistry.keys()].join(", ")}, all)`,
      }),
    )
  return Effect.forEach(wanted, (name) => appRegistry.get(name)!)
}
