#!/usr/bin/env bash
# CI's package check: builds the .deb files, installs them with apt-get, runs the demo diagram with the
# installed rpa, plugin and example only, builds the example third-party block against the installed
# mailblock-dev (not the source tree) and runs it, checks lintian reports no errors, and removes the packages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --packaging
bash scripts/package.sh
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq ./build-package/mailblock_*.deb ./build-package/mailblock-dev_*.deb >/dev/null
trap 'apt-get remove -y -qq mailblock mailblock-dev >/dev/null || true' EXIT

echo "== the demo from the installed files"
bash scripts/demo.sh --installed | tail -n 25

echo "== the installed data and auto-setup from the installed plugin"
for f in manifest.json providers.json oauth_providers.json; do test -s "/usr/share/mailblock/$f"; done
rpa autoconfig robot@yandex.ru --json | grep '"server": "smtp.yandex.ru"' >/dev/null
echo "rpa autoconfig robot@yandex.ru: smtp.yandex.ru (preset)"
bash -c 'source /usr/share/bash-completion/completions/rpa && complete -p rpa' | grep -x 'complete -F _rpa rpa' >/dev/null
echo "bash completion installed for rpa"

echo "== the Node-RED package"
# grep reads the whole listing (no -q): with pipefail, tar killed by SIGPIPE after an early match fails the script.
tar -tzf /usr/share/mailblock/node-red/node-red-contrib-mailblock-*.tgz | grep -x package/nodes/mailblock.html >/dev/null
echo "/usr/share/mailblock/node-red: $(basename /usr/share/mailblock/node-red/*.tgz)"

echo "== a third-party block built against the installed SDK"
third=$(mktemp -d /tmp/mailblock-third-party.XXXXXX)
cp -r examples/third-party-block/. "$third/src"
cmake -S "$third/src" -B "$third/build" >/dev/null
cmake --build "$third/build" >/dev/null
cat > "$third/greet.json" <<'JSON'
{"start": {"next": "greet"}, "blocks": {"greet": {"type": "example.greet", "inputs": {"name": "Мир"}}}}
JSON
MAILBLOCK_PLUGIN_PATH="$third/build" rpa blocks
MAILBLOCK_PLUGIN_PATH="$third/build" rpa run "$third/greet.json" --json | grep '"greeting": "Hello, Мир!"' >/dev/null
echo "example.greet ran: Hello, Мир!"
rm -rf "$third"

echo "== lintian"
lintian --fail-on error build-package/*.deb
echo "check-packages: installed, ran, built against, lintian clean of errors"
