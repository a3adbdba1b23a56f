// Prints the one closing line CI reads, `N passed, N failed`, from vitest's JSON report.
import { existsSync, readFileSync } from "node:fs"

interface VitestReport {
  readonly numPassedTests: number
  readonly numFailedTests: number
  readonly numPendingTests?: number
  readonly numTodoTests?: number
  readonly success: boolean
}

const path = process.argv[2] ?? ".reports/vitest.json"
if (!existsSync(path)) {
  // The suite stopped before the runner reported (type-check, lint or set-up failed): count it.
  console.log("0 passed, 1 failed")
  process.exit(1)
}
const report = JSON.parse(readFileSync(path, "utf8")) as VitestReport
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
const failed = report.numFailedTests + (report.success || report.numFailedTests > 0 ? 0 : 1)
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
process.exit(failed > 0 ? 1 : 0)
