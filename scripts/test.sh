#!/usr/bin/env bash
# Runs every test: set-up (idempotent), formatting and lints, native tests (core, simulator),
# the browser suites in headless Chromium and Firefox, and the package/type/e2e checks.
#   scripts/test.sh                  everything
#   scripts/test.sh --quick          skip the slow parts (Firefox, end-to-end, soak, the sample
#                                    apps' expected-failure checks and React 18)
#   scripts/test.sh --tier host      one tier only (CONTRIBUTING.md): host (format, lints, native
#                    --tier browser  tests of core and simulator), browser (wasm-bindgen-test suites
#                    --tier package  against the simulator), package (build, TypeScript, bundler,
#                                    API reference, sample apps, end to end, soak)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
QUICK=0
TIER=all
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --tier)
      shift
      case "${1:-}" in host | browser | package) TIER=$1 ;; *) echo "test: --tier host|browser|package" >&2; exit 2 ;; esac
      ;;
    *) echo "test: unknown flag $1" >&2; exit 2 ;;
  esac
  shift
done
tier() { [ "$TIER" = all ] || [ "$TIER" = "$1" ]; }

start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "set-up"
scripts/setup.sh

if tier host; then
step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p agentwire --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

step "native tests (core and simulator)"
cargo test --workspace --quiet 2>&1 | grep -vE '^$|^running 0 tests|^test result: ok\. 0 passed' || { echo "native tests failed" >&2; exit 1; }
# The fixture count, printed by the golden test.
cargo test -p agentwire --test fixtures --quiet -- --nocapture 2>&1 | grep 'fixtures round-tripped'
fi

# The browser suites talk to a fresh simulator per browser (agents keep their state).
# wasm-bindgen-test-runner serves the test page from its own port, a foreign origin to the
# simulator: the runner gets a port picked here (WASM_BINDGEN_TEST_ADDRESS) and the simulator
# allows exactly that origin. The suites reach the control API with a token made here for the
# run, baked into the test build like the URLs.
if tier browser; then
# wasm-bindgen-test-runner gives a whole suite 20 s by default; the JS API suite takes about
# 11 s in Chromium and 20 s in Firefox here, so a loaded machine would time it out.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180}
cargo build -q -p agentwire-sim
SIM_PID=""
stop_sim() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=""; }
trap stop_sim EXIT
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
start_sim() {
  local out; out=$(mktemp)
  local page_port; page_port=$(free_port)
  local token; token=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  target/debug/agentwire-sim --port 0 --generate-agents 40 --connect-ms 100 -q \
    --control-token "$token" --allow-origin "http://127.0.0.1:$page_port" "$@" >"$out" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 100); do grep -q 'listening on' "$out" && break; sleep 0.1; done
  local port; port=$(grep -m1 'listening on' "$out" | sed -E 's/.*127\.0\.0\.1:([0-9]+) .*/\1/')
  [ -n "$port" ] || { echo "simulator did not start:"; cat "$out"; exit 1; }
  export AGENTWIRE_SIM_WS="ws://127.0.0.1:$port/ws" AGENTWIRE_SIM_HTTP="http://127.0.0.1:$port"
  export AGENTWIRE_SIM_CONTROL_TOKEN="$token" WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:$page_port"
}

step "browser tests: headless Chromium (core + JS API against the simulator)"
start_sim
CHROMEDRIVER=/usr/bin/chromedriver cargo test -p agentwire --target wasm32-unknown-unknown
stop_sim

if [ "$QUICK" = 0 ]; then
  step "browser tests: headless Firefox (core + JS API against the simulator)"
  start_sim
  GECKODRIVER=$(command -v geckodriver) cargo test -p agentwire --target wasm32-unknown-unknown
  stop_sim
fi
fi

if tier package; then
step "package build, TypeScript types, bundler target"
scripts/build.sh
node_modules/.bin/tsc -p tests/types/tsconfig.json
echo "tsc: tests/types/integrator.ts and react.ts type-check (and every @ts-expect-error line fails as it must)"
# The entry module as an integrator imports it: no init step, bound methods, initSync in Node.
cargo build -q -p agentwire-sim
AGENTWIRE_SIM=target/debug/agentwire-sim node tests/package/entry.test.mjs
node --expose-gc tests/package/parking.test.mjs
scripts/build.sh --target bundler --out target/pkg-bundler
node_modules/.bin/vite build --config tests/bundler/vite.config.mjs
node tests/bundler/check.mjs
scripts/api-docs.sh --check

step "sample apps: Vite 8 and 6, webpack 5, React 18/19 (agentwire/react), strict CSP page, Node (tests/integrations)"
cargo build -q -p agentwire-sim --release
if [ "$QUICK" = 1 ]; then node tests/integrations/run.mjs --quick; else node tests/integrations/run.mjs; fi

if [ "$QUICK" = 0 ]; then
  step "end to end: the demo desktop, XSS, the server check in both dialects and with drops"
  scripts/e2e.sh

  step "soak: forced disconnects while commands run (short; node tests/soak/soak.mjs 1000 for the full run)"
  node tests/soak/soak.mjs 100
fi
fi

step "all tests passed in $(( $(date +%s) - start ))s"
