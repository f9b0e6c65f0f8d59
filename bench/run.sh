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
# The "copy + scan + dispatch" floor's wasm module (the SDK's JSON reader alone; bench only).
bench/floor/build.sh
# twiggy reads the wasm's items (the benchmarks' tool only: not part of scripts/setup.sh).
command -v twiggy >/dev/null || cargo install -q twiggy --version 0.8.0 || true
if command -v twiggy >/dev/null; then
  if [ "${1:-}" != "--quick" ]; then
    echo "== largest items in the wasm (twiggy, after wasm-opt)"
    twiggy top -n 15 pkg/agentwire_bg.wasm | cut -c1-120
  fi
  # Issue 14 wants no formatting machinery in the wasm: the `core::fmt` items the release
  # build (before wasm-opt strips the names) still holds, and their bytes. agentwire's own
  # messages are codes composed in JS (src/proto/text.rs), so what is left is std's panic
  # path (a panic's message formatted for the hook: bounds checks, RefCell, unwrap), which
  # stable Rust keeps even with panic = "abort".
  raw=target/wasm32-unknown-unknown/release/agentwire.wasm
  twiggy top -n 1000000 --format json "$raw" | node -e '
    const all = JSON.parse(require("fs").readFileSync(0, "utf8")).filter((i) => /core(\[[0-9a-f]+\])?::fmt/.test(i.name));
    const own = all.filter((i) => i.name.includes("agentwire"));
    const std = all.filter((i) => !own.includes(i));
    const sum = (l) => l.reduce((a, i) => a + i.shallow_size, 0);
    console.log(`core::fmt items in the release wasm (before wasm-opt): ${own.length} from agentwire, ${sum(own)} bytes (goal: 0); ${std.length} of std'"'"'s panic path, ${sum(std)} bytes`);
    for (const i of own) console.log(`  ${i.name}`);'
else
  echo "bench: twiggy not installed (cargo install twiggy): the core::fmt check is skipped" >&2
fi
node bench/run.mjs "$@"
