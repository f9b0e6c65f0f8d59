#!/usr/bin/env bash
# Installs, idempotently, everything the build, the demo and the tests need on a fresh
# Debian machine with rustup, cargo, node and npm. Only cargo, npm and apt-get download.
# Each step checks first and installs only what is missing; re-running it is cheap.
#
#   scripts/setup.sh            everything (toolchain, browsers, npm packages)
#   scripts/setup.sh --no-apt   skip apt-get (when the browsers come from elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."

# The wasm-bindgen CLI must match the crate's exact pin in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: cannot read the wasm-bindgen pin from Cargo.toml" >&2; exit 1; }
GECKODRIVER_VERSION=0.37.1

APT=1
for a in "$@"; do case "$a" in --no-apt) APT=0 ;; *) echo "setup: unknown flag $a" >&2; exit 2 ;; esac; done

say() { printf 'setup: %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # No --locked: its lock file asks for crate versions this registry mirror does not serve.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$APT" = 1 ]; then
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
  [ -x /usr/bin/firefox-esr ] || need+=(firefox-esr)
  if [ ${#need[@]} -gt 0 ]; then
    say "apt-get install ${need[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

if ! geckodriver --version 2>/dev/null | grep -q "^geckodriver $GECKODRIVER_VERSION"; then
  say "installing geckodriver $GECKODRIVER_VERSION (about 1.5 minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --force
fi

# A worktree whose node_modules is a link to another checkout's must not reinstall through it
# (npm ci would replace the other checkout's packages).
if [ -L node_modules ]; then
  say "node_modules is a link ($(readlink node_modules)): not installing the root npm packages"
elif [ -f package.json ] && { [ ! -d node_modules ] || [ package.json -nt node_modules/.stamp ]; }; then
  say "npm install"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
  touch node_modules/.stamp
fi

# Tools with node_modules of their own (kept out of the root package): TypeDoc for docs/api/
# (scripts/api-docs.sh), and the sample apps of tests/integrations/ (their SDK is installed
# from the built package when tests/integrations/run.mjs runs).
if [ -L scripts/api-docs/node_modules ]; then
  say "scripts/api-docs/node_modules is a link: not installing TypeDoc through it"
elif [ ! -f scripts/api-docs/node_modules/.stamp ] || [ scripts/api-docs/package-lock.json -nt scripts/api-docs/node_modules/.stamp ]; then
  say "npm ci in scripts/api-docs (TypeDoc)"
  (cd scripts/api-docs && npm ci --no-audit --no-fund --loglevel=error)
  touch scripts/api-docs/node_modules/.stamp
fi
tests/integrations/setup.sh

say "ready: $(rustc --version | cut -d' ' -f1-2), wasm-bindgen $WASM_BINDGEN_VERSION, $(chromium --version 2>/dev/null | head -n1 || echo 'no chromium')"
