// The apps `streamfold run` knows by name. `all` runs every one of them.
import { queueingApp } from "./queueing/QueueingApp.ts"
import type { StreamfoldApp } from "./StreamfoldApp.ts"

/** App name → the app with its default settings. */
export const appRegistry: ReadonlyMap<string, () => StreamfoldApp> = new Map([
  ["queueing", () => queueingApp()],
])

/** The apps named (`all` = every app), or the unknown names. */
export const selectApps = (
  names: ReadonlyArray<string>,
):
  | { readonly _tag: "Apps"; readonly apps: ReadonlyArray<StreamfoldApp> }
  | { readonly _tag: "Unknown"; readonly names: ReadonlyArray<string> } => {
  const wanted = names.length === 0 || names.includes("all") ? [...appRegistry.keys()] : [...new Set(names)]
  const unknown = wanted.filter((name) => !appRegistry.has(name))
  if (unknown.length > 0) return { _tag: "Unknown", names: unknown }
  return { _tag: "Apps", apps: wanted.map((name) => appRegistry.get(name)!()) }
}
