#!/usr/bin/env bash
# Runs every test: set-up (idempotent), formatting and lints, native tests (core, simulator),
# the browser suites in headless Chromium and Firefox, and the package/type/e2e checks.
#   scripts/test.sh            everything
#   scripts/test.sh --quick    skip the slow tiers (Firefox, end-to-end)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
QUICK=0
for a in "$@"; do case "$a" in --quick) QUICK=1 ;; *) echo "test: unknown flag $a" >&2; exit 2 ;; esac; done

start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "set-up"
scripts/setup.sh

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p agentwire --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

step "native tests (core and simulator)"
cargo test --workspace --quiet 2>&1 | grep -vE '^$|^running 0 tests|0 passed; 0 failed' || { echo "native tests failed" >&2; exit 1; }
# The fixture count, printed by the golden test.
cargo test -p agentwire --test fixtures --quiet -- --nocapture 2>&1 | grep 'fixtures round-tripped'

step "browser tests: headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test -p agentwire --target wasm32-unknown-unknown --quiet

if [ "$QUICK" = 0 ]; then
  step "browser tests: headless Firefox"
  GECKODRIVER=$(command -v geckodriver) cargo test -p agentwire --target wasm32-unknown-unknown --quiet
fi

step "package build"
scripts/build.sh

step "all tests passed in $(( $(date +%s) - start ))s"
