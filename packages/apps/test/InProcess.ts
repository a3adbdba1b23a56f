// Starts a streamfold process inside the test (embedded on a temp DATA_DIR, an ephemeral port) and
// gives its URL; `close` stops it and removes the data.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { defaultDriverSettings } from "@streamfold/core/runtime"
import { Effect, Exit, Scope } from "effect"
import type { Mode, Settings } from "../src/config/Settings.ts"
import { runProcess } from "../src/runtime/Runner.ts"
import type { StreamfoldApp } from "../src/StreamfoldApp.ts"

/** A process started by a test. */
export interface TestProcess {
  readonly url: string
  readonly close: () => Promise<void>
}

/** Starts `apps` in `mode` (embedded by default) and waits until ready. */
export const startInProcess = async (
  apps: ReadonlyArray<StreamfoldApp>,
  options: { readonly mode?: Mode; readonly maxBodyBytes?: number } = {},
): Promise<TestProcess> => {
  const dataDir = mkdtempSync(join(tmpdir(), "streamfold-apps-"))
  const settings: Settings = {
    mode: options.mode ?? "embedded",
    dataDir,
    port: 0,
    advertisedUrl: "http://localhost:0", // becomes the bound port
    kafkaBrokers: [],
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
  }
  const scope = await Effect.runPromise(Scope.make())
  const running = await Effect.runPromise(
    Scope.provide(scope)(
      runProcess(apps, settings, { ...defaultDriverSettings, commitIntervalMs: 20, idlePollMs: 5 }),
    ),
  )
  await Effect.runPromise(running.awaitReady)
  return {
    url: `http://localhost:${running.port}`,
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void))
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Polls `probe` every 20 ms until it answers a value (not undefined), or fails after `timeoutMs`. */
export const eventually = async <A>(probe: () => Promise<A | undefined>, timeoutMs = 10_000): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error("condition not reached in time")
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
