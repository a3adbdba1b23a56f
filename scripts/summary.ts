// Prints the one closing line CI reads, `N passed, N failed`, from vitest's JSON report.
// A test file that failed outside any test (a hook, an import) counts as one failure.
import { existsSync, readFileSync } from "node:fs"

interface FileResult {
  readonly name: string
  readonly status: string
  readonly assertionResults: ReadonlyArray<{ readonly status: string }>
}

interface VitestReport {
  readonly numPassedTests: number
  readonly numFailedTests: number
  readonly numPendingTests?: number
  readonly numTodoTests?: number
  readonly success: boolean
  readonly testResults: ReadonlyArray<FileResult>
}

const path = process.argv[2] ?? ".reports/vitest.json"
if (!existsSync(path)) {
  // The suite stopped before the runner reported (type-check, lint or set-up failed): count it.
  console.log("0 passed, 1 failed")
  process.exit(1)
}
const report = JSON.parse(readFileSync(path, "utf8")) as VitestReport
const failedOutsideTests = report.testResults.filter(
  (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
).length
const failed =
  report.numFailedTests +
  failedOutsideTests +
  (report.success || report.numFailedTests + failedOutsideTests > 0 ? 0 : 1)
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
process.exit(failed > 0 ? 1 : 0)
