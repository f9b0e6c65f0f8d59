#!/usr/bin/env bash
# The codec comparison of issue 14: builds one minimal receive-path package per decoder
# (bench/codec/*/, their own workspace: nothing here enters the agentwire package), then runs
# them on the same 200,000-frame mix in one headless Chromium page, prints the table and
# writes bench/results/codec.json. About 2–3 minutes here (the first build longer).
#   bench/codec/run.sh [--frames N] [--reps N] [--seed N] [VARIANT…]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh >/dev/null
WASM_OPT=$PWD/node_modules/.bin/wasm-opt
cd bench/codec
cargo build -q --release --target wasm32-unknown-unknown
# Each cdylib of the workspace → pkg/<dir>/ (wasm-bindgen --target web, then wasm-opt with
# scripts/build.sh's flags).
for dir in */; do
  dir=${dir%/}
  grep -q cdylib "$dir/Cargo.toml" 2>/dev/null || continue
  lib=$(sed -n 's/^name = "\(.*\)"/\1/p' "$dir/Cargo.toml" | head -n1 | tr - _)
  rm -rf "pkg/$dir"
  wasm-bindgen --target web --out-dir "pkg/$dir" --out-name "$dir" "target/wasm32-unknown-unknown/release/$lib.wasm"
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
    "pkg/$dir/${dir}_bg.wasm" -o "pkg/$dir/${dir}_bg.wasm"
done
cd ../..
node bench/codec/run.mjs "$@"
