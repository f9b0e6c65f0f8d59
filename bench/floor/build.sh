#!/usr/bin/env bash
# Builds the floor's wasm module (benchmark only; see src/lib.rs) into bench/floor/pkg/floor.wasm:
# cargo with the package's release profile, then wasm-opt -Oz with scripts/build.sh's flags, so
# the reader's code is the package's. bench/run.sh runs it; bench/run.mjs copies the module into
# the bench page (bench/www/gen/floor.wasm).
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
cargo build -q --release --target wasm32-unknown-unknown
mkdir -p pkg
../../node_modules/.bin/wasm-opt -Oz --low-memory-unused --enable-bulk-memory --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types --enable-multivalue \
  --strip-debug --strip-producers --strip-target-features -ocimfs 100 \
  target/wasm32-unknown-unknown/release/agentwire_floor.wasm -o pkg/floor.wasm
echo "bench/floor: pkg/floor.wasm $(wc -c < pkg/floor.wasm) B"
