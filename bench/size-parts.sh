#!/usr/bin/env bash
# Where the release wasm's bytes are, by part (README, "Where the wasm's bytes are"): the release
# build (a cdylib only, as scripts/build.sh builds it) through wasm-bindgen (names kept),
# scripts/prune-table.mjs and wasm-opt -Oz --low-memory-unused -g, then twiggy's
# items classified by name (first match wins: drops/clones/equality, data segments, exported
# functions' shims, std, then the module path). Sizes are shallow, each item counted once,
# inlined bodies where they landed; the names section itself is left out.
#   bench/size-parts.sh            prints the table
#   bench/size-parts.sh --items    also the 40 largest items of the cold-payload and command parts
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo rustc --quiet --lib --release --target wasm32-unknown-unknown -p agentwire --crate-type cdylib
wasm-bindgen --keep-debug --target web --out-dir "$out" target/wasm32-unknown-unknown/release/agentwire.wasm
# As scripts/build.sh does (its wasm-opt flags too): the closure shims only wasm-bindgen's
# describe step named, and the other slots scripts/prune-table.mjs names, emptied from the table.
node scripts/prune-table.mjs "$out/agentwire_bg.wasm" >/dev/null
node_modules/.bin/wasm-opt -Oz --low-memory-unused -g --enable-bulk-memory --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types --enable-multivalue -ocimfs 100 --flatten --rereloop -Oz -Oz --converge \
  "$out/agentwire_bg.wasm" -o "$out/o.wasm"
twiggy top -n 1000000 -f csv "$out/o.wasm" > "$out/items.csv" 2>/dev/null || true
python3 - "$out/items.csv" "${1:-}" <<'EOF'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
parts = [
    ("drops, clones, equality", lambda n: "drop_in_place" in n or "Clone>::clone" in n or "PartialEq" in n or "::clone::" in n),
    ("data (strings, tables)", lambda n: n.startswith("data segment")),
    # (wasm-bindgen's shim of an export, and since wasm-opt's -ocimfs 100 the export's own body
    # beside it when that is large: `agentsession_new`, …)
    ("exported functions (their inlined bodies)", lambda n: "shim" in n or n.startswith("agentsession_")),
    ("std / alloc / core (talc included)", lambda n: re.match(r"^<?&?(mut )?(core|alloc|std|talc|compiler_builtins)(\[[0-9a-f]+\])?::", n) is not None),
    ("cold payloads (schema decoder and accessors)", lambda n: "wire::schema" in n or "model::labels" in n),
    ("wire encoders", lambda n: "ToJson" in n or ("wire::" in n and ("::to_json::" in n or "write_members" in n or "Command::data::" in n))),
    ("wire decoders and the reader", lambda n: "agentwire::proto::wire" in n or "agentwire::proto::json::read" in n or "FromJson" in n),
    ("engine", lambda n: "agentwire::proto::engine" in n),
    ("model", lambda n: "agentwire::proto::model" in n),
    ("recording and replay", lambda n: "agentwire::proto::record" in n or "agentwire::proto::replay" in n),
    ("other core", lambda n: "agentwire::proto" in n),
    ("web layer", lambda n: "agentwire::web" in n or "agentwire::" in n),
    ("wasm-bindgen and unnamed", lambda n: True),
]
sums = {p: 0 for p, _ in parts}
total = 0
for name, size, *_ in rows:
    if "function names" in name:
        continue
    size = int(size)
    total += size
    for p, test in parts:
        if test(name):
            sums[p] += size
            break
print(f"{'Part':<48} {'Bytes':>9} {'Share':>6}")
for p, _ in parts:
    print(f"{p:<48} {sums[p]:>9,} {100 * sums[p] / total:>5.0f}%")
print(f"{'total (code and data, names section left out)':<48} {total:>9,}")
if sys.argv[2] == "--items":
    keep = [r for r in rows if re.search(r"wire::(schema|types|service|command|message|args)|model::labels|Command", r[0])]
    for name, size, *_ in sorted(keep, key=lambda r: -int(r[1]))[:40]:
        print(f"{int(size):>7}  {name[:140]}")
EOF
