#!/usr/bin/env bash
# Builds the npm package into pkg/ (cargo, wasm-bindgen, wasm-opt; --target web by default) and
# prints its size.
#   scripts/build.sh [--target web|bundler] [--out DIR] [--dev] [--names]
# --names keeps the wasm's function names (a release build for profiling, e.g. `bench/profile.mjs`;
# a larger wasm, so its printed size is not the package's).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
TARGET=web OUT=pkg PROFILE=--release NAMES=0
while [ $# -gt 0 ]; do
  case "$1" in
    --target) TARGET=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --dev) PROFILE=--dev; shift ;;
    --names) NAMES=1; shift ;;
    *) echo "build: unknown flag $1" >&2; exit 2 ;;
  esac
done
keep=$(mktemp -d)
[ -f "$OUT/README.md" ] && cp "$OUT/README.md" "$keep/"
# The wasm is built as a cdylib only (`cargo rustc --crate-type cdylib`): the crate's rlib,
# which the tests, examples and the simulator link, made the same code's wasm 7.7 KB gzip larger
# (measured 2026-12-06: 111,985 → 104,240 B before the names step). wasm-bindgen (the CLI
# pinned to the crate's version, scripts/setup.sh) then writes the JS and types, as wasm-pack
# did.
mode=release
[ "$PROFILE" = --dev ] && mode=debug
cargo rustc --quiet --lib -p agentwire --target wasm32-unknown-unknown --crate-type cdylib \
  $([ "$mode" = release ] && echo --release)
mkdir -p "$OUT"
# The previous build's JS and maps too (scripts/minify.mjs takes a map beside a file as
# scripts/bundle.mjs's).
rm -f "$OUT"/agentwire*.js "$OUT"/{tabs,worker,react}.js "$OUT"/*.js.map "$OUT"/agentwire*.d.ts "$OUT"/agentwire_bg.wasm
rm -rf "$OUT/snippets"
WASM_OPT=node_modules/.bin/wasm-opt
# A release build keeps the function names through wasm-bindgen (for scripts/prune-table.mjs);
# wasm-opt strips them after, but with --names.
PRUNE=0
[ "$PROFILE" = --release ] && [ -x "$WASM_OPT" ] && PRUNE=1
wasm-bindgen --target "$TARGET" --out-dir "$OUT" --out-name agentwire $([ "$mode" = debug ] && echo --debug) \
  $([ "$NAMES" = 1 ] || [ "$PRUNE" = 1 ] && echo --keep-debug) \
  "target/wasm32-unknown-unknown/$mode/agentwire.wasm"
[ -f "$OUT/agentwire_bg.wasm" ] || { echo "build: wasm-bindgen produced no $OUT/agentwire_bg.wasm" >&2; exit 1; }
# The function table's slots that only wasm-bindgen's describe step used (closure shims no JS
# calls) emptied, so that wasm-opt removes those shims (scripts/prune-table.mjs; issue 14).
if [ "$PRUNE" = 1 ]; then node scripts/prune-table.mjs "$OUT/agentwire_bg.wasm" >/dev/null; fi
# wasm-opt from npm's binaryen (Debian's is too old for rustc 1.95's output).
# --low-memory-unused lets it fold constant offsets into loads and stores (-1.1 KB gzip): Rust's
# wasm32 layout puts the 1 MiB stack first, growing down, so the low 1 KiB is only reached by a
# stack about to overflow (JSON nesting is bounded by json::MAX_DEPTH).
# -ocimfs 100: wasm-opt inlines a function with one caller only when it is small (its default
# inlines any size, whatever Rust's `#[inline(never)]` says). V8 compiles a wasm function whole on
# its first call: `Engine::handle` (7.2 → 1.5 KB) and the pump (7.1 → 1.4 KB, `deliver` apart)
# no longer carry the commands', timeouts' and recording's code into `connect()`, which
# compiles them before the socket is created (docs/performance-log.md, "Start-up, measured
# apart"); −292 B gzip.
# --flatten --rereloop -Oz -Oz --converge: after the first -Oz, the control flow flattened and
# rebuilt (rereloop), then -Oz twice, the whole list run again until the module stops
# shrinking (--converge applies to every pass given): −394 B gzip against one -Oz (−183 B the
# rounds alone, −163 B the rereloop, −119 B the second -Oz; build +5 s); `bench/pair.mjs` finds
# the receive path no slower (docs/performance-log.md, "The wasm's size, tenth session").
# --strip-target-features drops the `target_features` custom section (read by tools only, no
# browser or bundler needs it): -81 B gzip.
if [ "$PRUNE" = 1 ]; then
  "$WASM_OPT" -Oz --low-memory-unused --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue --strip-producers --strip-target-features -ocimfs 100 --flatten --rereloop -Oz -Oz --converge \
    $([ "$NAMES" = 1 ] && echo -g || echo --strip-debug) \
    "$OUT/agentwire_bg.wasm" -o "$OUT/agentwire_bg.wasm.opt" && mv "$OUT/agentwire_bg.wasm.opt" "$OUT/agentwire_bg.wasm"
fi
# The wasm's imports from wasm-bindgen's JS and exports get short names in both files (scripts/names.mjs).
if [ "$PROFILE" = --release ]; then node scripts/names.mjs "$OUT"; fi
[ -f "$keep/README.md" ] && cp "$keep/README.md" "$OUT/"
# An older build's .gitignore of "*" (wasm-pack wrote one); the package README is tracked.
rm -f "$OUT/.gitignore"
rm -rf "$keep"
# Objects freed through a registry that runs nothing while the page is in the back/forward cache.
node scripts/registry.mjs "$OUT"
# The entry module in front of wasm-bindgen's (src/web/js/entry.js; public types rewritten).
node scripts/entry.mjs "$OUT" "$TARGET"
# The tab sharing the entry imports (`tabs: "share"`) and its SharedWorker, both targets.
cp src/web/js/tabs.js src/web/js/worker.js "$OUT/"
# agentwire/react: hand-written hooks (plain JS + .d.ts), outside wasm-bindgen's output; they
# call init(), which only the web target has.
if [ "$TARGET" = web ]; then cp src/web/js/react.js src/web/js/react.d.ts "$OUT/"; fi
# The entry, wasm-bindgen's module and the glue as one ES module (scripts/bundle.mjs; tabs.js,
# worker.js and react.js stay modules of their own).
node scripts/bundle.mjs "$OUT" "$TARGET"
# Release builds ship minified JavaScript with source maps beside it (scripts/minify.mjs).
if [ "$PROFILE" = --release ]; then node scripts/minify.mjs "$OUT"; fi
node scripts/package-json.mjs "$OUT" "$TARGET"
wasm=$(stat -c %s "$OUT/agentwire_bg.wasm")
wgz=$(gzip -9 -c "$OUT/agentwire_bg.wasm" | wc -c)
total=0
for f in "$OUT"/*.js "$OUT"/*.wasm $(find "$OUT/snippets" -name '*.js' 2>/dev/null); do
  total=$(( total + $(gzip -9 -c "$f" | wc -c) ))
done
react=""
[ -f "$OUT/react.js" ] && react=" (of which agentwire/react $(gzip -9 -c "$OUT/react.js" | wc -c) B)"
[ "$NAMES" = 1 ] && echo "build: --names: function names kept (for profiling), so the size below is not the package's"
echo "agentwire package ($TARGET): wasm ${wasm} B raw, ${wgz} B gzip; whole package $(( total )) B gzip$react (budget 61440)"
