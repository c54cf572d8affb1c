#!/usr/bin/env bash
# Installs what the Node-RED package (node-red/) needs to be tested and demonstrated: Node.js and npm (Debian's
# when no `node` is on PATH), then Node-RED 4.1.x and playwright-core, pinned by node-red/package-lock.json, with
# `npm ci` into node-red/node_modules. The browser test drives Debian's /usr/bin/chromium (scripts/install-deps.sh);
# nothing downloads a browser. Idempotent: a second run with an unchanged lock file costs a file comparison.
set -euo pipefail
cd "$(dirname "$0")/../node-red"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-node-red: installing Debian's nodejs and npm"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

stamp=node_modules/.mailblock-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  echo "install-node-red: node_modules matches package-lock.json (node $(node --version))"
  exit 0
fi
echo "install-node-red: npm ci (node $(node --version), npm $(npm --version))"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
echo "install-node-red: $(node -p 'require("node-red/package.json").version') and playwright-core $(node -p 'require("playwright-core/package.json").version') installed"
