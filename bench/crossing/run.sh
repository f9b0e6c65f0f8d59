#!/usr/bin/env bash
# The frame's crossing into wasm, alone (issue 14): builds the probe (its own workspace, with
# the package's release profile, allocator and wasm-opt flags) and runs it in Chromium.
#   bench/crossing/run.sh [pages]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
OUT=target/crossing-probe
CARGO_TARGET_DIR=$OUT cargo build -q --release --target wasm32-unknown-unknown --manifest-path bench/crossing/Cargo.toml
wasm-bindgen --target web --out-dir "$OUT/pkg" "$OUT/wasm32-unknown-unknown/release/crossing_probe.wasm"
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-reference-types --enable-multivalue \
  "$OUT/pkg/crossing_probe_bg.wasm" -o "$OUT/pkg/crossing_probe_bg.wasm"
node bench/crossing/run.mjs "$@"
