#!/usr/bin/env bash
# One command for every benchmark: builds the release package and simulator, runs the suite
# in headless Chromium, prints the table and writes bench/results/latest.json.
#   bench/run.sh [--quick]
# The codec comparison of issue 14 (serde_json, serde-wasm-bindgen and today's codec on one
# frame mix) is a separate run: bench/codec/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh >/dev/null
scripts/build.sh
cargo build -q --release -p agentwire-sim
if command -v twiggy >/dev/null && [ "${1:-}" != "--quick" ]; then
  echo "== largest items in the wasm (twiggy, after wasm-opt)"
  twiggy top -n 15 pkg/agentwire_bg.wasm | cut -c1-120
fi
node bench/run.mjs "$@"
