// `pnpm bench`: runs every `packages/*/bench/*.bench.ts` suite (or those whose file name matches
// the first argument) and prints its figures. Benchmarks print; they never assert.
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import type { BenchSuite } from "../packages/core/bench/ReducerThroughput.ts"

const root = join(import.meta.dirname, "..")
const filter = process.argv[2]
const files = readdirSync(join(root, "packages"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((pkg) => {
    const dir = join(root, "packages", pkg.name, "bench")
    try {
      return readdirSync(dir)
        .filter((file) => file.endsWith(".bench.ts"))
        .map((file) => join(dir, file))
    } catch {
      return []
    }
  })
  .filter((file) => filter === undefined || file.includes(filter))
  .sort()

const format = (value: number): string =>
  value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2)

for (const file of files) {
  const suite = (await import(pathToFileURL(file).href)).default as BenchSuite
  console.log(`\n${suite.name}  (${file.slice(root.length + 1)})`)
  for (const figure of await suite.run()) {
    console.log(`  ${figure.name.padEnd(48)} ${format(figure.value).padStart(14)} ${figure.unit}`)
  }
}
