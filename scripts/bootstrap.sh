#!/usr/bin/env bash
# Provides the Node and pnpm this project needs on a bare machine, then installs dependencies
# with the frozen lockfile. Source it (`. scripts/bootstrap.sh`) to get them on PATH.
set -euo pipefail

STREAMFOLD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_SPEC="node@24"
NODE_MAJOR_MIN=24
PNPM_VERSION="12.21.0"
TOOLS_DIR="${STREAMFOLD_TOOLS_DIR:-$STREAMFOLD_ROOT/.tools}"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Node: the system one if new enough, otherwise the binary shipped by the npm package node@24.
if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge "$NODE_MAJOR_MIN" ]; then
  :
elif [ -x "$TOOLS_DIR/node/node_modules/.bin/node" ] && [ "$(node_major "$TOOLS_DIR/node/node_modules/.bin/node")" -ge "$NODE_MAJOR_MIN" ]; then
  export PATH="$TOOLS_DIR/node/node_modules/.bin:$PATH"
else
  command -v npm >/dev/null 2>&1 || { echo "bootstrap: npm is needed to fetch $NODE_SPEC" >&2; exit 1; }
  echo "bootstrap: installing $NODE_SPEC into $TOOLS_DIR/node" >&2
  npm install --prefix "$TOOLS_DIR/node" "$NODE_SPEC" --no-save --no-audit --no-fund --loglevel=error >&2
  export PATH="$TOOLS_DIR/node/node_modules/.bin:$PATH"
fi

# pnpm: a pinned version beside the tools, never a global one.
if [ ! -x "$TOOLS_DIR/pnpm/node_modules/.bin/pnpm" ] || [ "$("$TOOLS_DIR/pnpm/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
  echo "bootstrap: installing pnpm@$PNPM_VERSION into $TOOLS_DIR/pnpm" >&2
  npm install --prefix "$TOOLS_DIR/pnpm" "pnpm@$PNPM_VERSION" --no-save --no-audit --no-fund --loglevel=error >&2
fi
export PATH="$TOOLS_DIR/pnpm/node_modules/.bin:$PATH"

cd "$STREAMFOLD_ROOT"
if [ "${STREAMFOLD_SKIP_INSTALL:-}" != "1" ]; then
  pnpm install --frozen-lockfile --reporter=append-only >&2
fi
