// Test fixture: a fresh DATA_DIR per test, removed afterwards, and a runner that provides the
// embedded layer on it in a scope (so the environment is closed when the test's program ends).
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import * as LmdbEmbedded from "../src/LmdbEmbedded.ts"
import type { LmdbOptions } from "../src/LmdbEngine.ts"

const made: Array<string> = []

/** A new empty directory under the OS temp dir. */
export const tempDataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "streamfold-lmdb-"))
  made.push(dir)
  return dir
}

/** Removes every directory made so far (call from afterAll). */
export const removeTempDataDirs = (): void => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Runs `program` against log and store on `path`, closing the environment afterwards. */
export const runEmbedded = <A, E>(
  path: string,
  program: Effect.Effect<A, E, LmdbEmbedded.LmdbServices>,
  options: Partial<LmdbOptions> = {},
): Promise<A> =>
  Effect.runPromise(program.pipe(Effect.provide(LmdbEmbedded.layer({ path, ...options })), Effect.scoped))
