#!/usr/bin/env bash
# The `streamfold` command from a fresh clone: provides Node and pnpm, installs dependencies (a no-op
# once done), then runs the CLI from the caller's directory. Example: scripts/streamfold.sh run all
set -euo pipefail
caller="$PWD"
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$caller"
exec node "$STREAMFOLD_ROOT/packages/apps/src/cli/main.ts" "$@"
