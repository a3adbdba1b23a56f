// The core must stay pure: no effect, no Node built-ins, no clock, no randomness outside `runtime`.
import { readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"
import { impurities } from "./Impurities.ts"

const srcDir = join(import.meta.dirname, "..", "src")

const pureSources = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "runtime" ? [] : pureSources(path)
    return entry.name.endsWith(".ts") ? [path] : []
  })

describe("core purity", () => {
  it("finds no impure import or global in the pure core", () => {
    const found = pureSources(srcDir).flatMap((file) =>
      impurities(readFileSync(file, "utf8")).map((what) => `${relative(srcDir, file)}: ${what}`),
    )
    expect(found).toEqual([])
  })

  it("flags each kind of impurity (canary)", () => {
    expect(impurities(`import { Effect } from "effect"`)).toHaveLength(1)
    expect(impurities(`import { readFile } from "node:fs"`)).toHaveLength(1)
    expect(impurities(`import { open } from "lmdb"`)).toHaveLength(1)
    expect(impurities(`const t = Date.now()`)).toHaveLength(1)
    expect(impurities(`const d = new Date()`)).toHaveLength(1)
    expect(impurities(`const r = Math.random()`)).toHaveLength(1)
    expect(impurities(`setTimeout(f, 1)`)).toHaveLength(1)
    expect(impurities(`const e = process.env.X`)).toHaveLength(1)
    expect(impurities(`crypto.randomUUID()`)).toHaveLength(1)
    expect(impurities(`performance.now()`)).toHaveLength(1)
    expect(impurities(`const m = await import("effect")`)).toHaveLength(1)
  })

  it("accepts what the core may use", () => {
    const ok = [
      `import * as t from "io-ts"`,
      `import { pipe } from "fp-ts/lib/function.js"`,
      `import type { Reducer } from "./Reducer.ts"`,
      `const at = new Date(now).toISOString()`,
      `const m = Math.max(1, 2)`,
    ].join("\n")
    expect(impurities(ok)).toEqual([])
  })
})
