#!/usr/bin/env bash
# The whole suite on a bare machine: toolchain, install, type-check, lint, then every test.
# The vitest JSON report lands in .reports/vitest.json for .ci/run to count.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$STREAMFOLD_ROOT"
mkdir -p .reports
rm -f .reports/vitest.json
pnpm -s typecheck
pnpm -s lint
pnpm -s vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json "$@"
