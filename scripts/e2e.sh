#!/usr/bin/env bash
# End-to-end tests of the demo desktop and the server check, in headless Chromium
# (playwright-core driving /usr/bin/chromium) against the simulator:
#   - tests/e2e/desktop.test.mjs   the agent desktop, step by step, with screenshots
#   - tests/e2e/xss.test.mjs       hostile server strings render as text, nothing runs
#   - tests/e2e/connectivity.test.mjs  wake after a stop, offline/online, the back/forward
#                                  cache, a hidden page (E2E_LONG=1: the long variants)
#   - tests/e2e/connectivity-firefox.test.mjs  wake, offline/online and leaving the page in
#                                  Firefox ESR through geckodriver (E2E_LONG=1: long variants)
#   - tests/e2e/tabs-worker.test.mjs  one agent in several tabs (`tabs: "share"`) through the
#                                  SharedWorker: one socket, tabs closed, crashed, cached, the
#                                  fallback to the election (no SharedWorker, a CSP)
#   - tests/e2e/tabs.test.mjs      the same by election (Web Locks): one socket, leader
#                                  closed or crashed (E2E_LONG=1: 100 leader losses)
#   - tests/e2e/tabs-firefox.test.mjs  the same in Firefox ESR through geckodriver: one socket
#                                  and a command per tab through the SharedWorker, then by
#                                  election with the leader's tab closed
#   - scripts/check-server.sh      against the simulator in both dialects (and the legacy SDK
#                                  against a current-only simulator), and again while
#                                  the simulator drops every connection after N frames
# Builds the npm package when pkg/ is missing or older than the sources, and the release
# simulator. Prints PASS/FAIL per part; exits non-zero when any part failed.
#   scripts/e2e.sh                 (E2E_LONG=1 scripts/e2e.sh: long connectivity variants)
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Frames after which the simulator drops each connection in the drop runs: a session's
# bootstrap takes about 20 frames, so every connection gets a few commands in before it goes.
DROP_AFTER=${E2E_DROP_AFTER:-25}
SIM=target/release/agentwire-sim
work=$(mktemp -d)
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

results=()
failures=0
record() { # name status
  if [ "$2" = 0 ]; then results+=("PASS $1"); else results+=("FAIL $1"); failures=$((failures + 1)); fi
}

# ---- prerequisites ---------------------------------------------------------------------
[ -x /usr/bin/chromium ] || { echo "e2e: /usr/bin/chromium is missing (apt-get install chromium)" >&2; exit 2; }
[ -d node_modules/playwright-core ] || { echo "e2e: playwright-core is missing (run npm install)" >&2; exit 2; }

if [ ! -f pkg/agentwire.js ] || [ ! -f pkg/agentwire_bg.wasm ] ||
   [ -n "$(find src Cargo.toml -newer pkg/agentwire_bg.wasm -print -quit)" ]; then
  echo "== building the npm package (pkg/ is missing or older than src/)"
  scripts/build.sh || { echo "FAIL package build"; exit 1; }
fi
echo "== building the simulator"
cargo build -q -p agentwire-sim --release || { echo "FAIL simulator build"; exit 1; }

# ---- a simulator for the server checks ---------------------------------------------------
# The check runs in a page it serves itself, another origin than the simulator's: the check
# gets a port picked here (--page-port) and the simulator allows exactly that origin.
PAGE_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
start_sim() { # args… ; sets sim_pid, SIM_WS
  : >"$work/sim.out"
  "$SIM" --port 0 --www www --pkg pkg --quiet --allow-origin "http://127.0.0.1:$PAGE_PORT" "$@" >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  for _ in $(seq 100); do
    grep -q 'listening on' "$work/sim.out" && break
    kill -0 "$sim_pid" 2>/dev/null || break
    sleep 0.1
  done
  SIM_WS=$(grep -o 'ws://[^ )]*' "$work/sim.out" | head -1)
  if [ -z "$SIM_WS" ]; then
    echo "e2e: the simulator did not start: $(cat "$work/sim.err")" >&2
    return 1
  fi
}
stop_sim() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  sim_pid=""
}

check_server() { # name, expect-drops (0|1), sim args…
  local name=$1 drops=$2; shift 2
  echo
  echo "== check-server: $name (simulator $*)"
  # The SDK's dialect follows the simulator's, unless CHECK_DIALECT says otherwise.
  local dialect=legacy
  case " $* " in *" --dialect current "*) dialect=current ;; esac
  dialect=${CHECK_DIALECT:-$dialect}
  if ! start_sim "$@"; then record "check-server $name" 1; return; fi
  timeout 240 scripts/check-server.sh --url "$SIM_WS" --page-port "$PAGE_PORT" --agent 4001 --password pass --dialect "$dialect" --call-wait 10 \
    | tee "$work/check.out"
  local rc=${PIPESTATUS[0]}
  stop_sim
  if [ "$rc" = 0 ] && grep -q '^SKIP' "$work/check.out"; then
    echo "e2e: a step was skipped against the simulator, which supports every step"; rc=1
  fi
  if [ "$rc" = 0 ] && [ "$drops" = 1 ] && ! grep -q 'survived [0-9]* reconnect' "$work/check.out"; then
    echo "e2e: the simulator was told to drop connections, but no step saw a reconnect"; rc=1
  fi
  record "check-server $name" "$rc"
}

# ---- the tests ----------------------------------------------------------------------------
echo
echo "== desktop end-to-end test"
timeout 300 node tests/e2e/desktop.test.mjs
record "desktop e2e (tests/e2e/desktop.test.mjs)" $?

echo
echo "== XSS test"
timeout 180 node tests/e2e/xss.test.mjs
record "xss (tests/e2e/xss.test.mjs)" $?

# Sleep and wake, offline and online, the back/forward cache, a hidden page (issue 17).
# E2E_LONG=1: the issue's lengths (a 60 s stop, 30 s offline) instead of the short ones.
echo
echo "== connectivity test${E2E_LONG:+ (long)}"
timeout 600 node tests/e2e/connectivity.test.mjs ${E2E_LONG:+--long}
record "connectivity (tests/e2e/connectivity.test.mjs${E2E_LONG:+ --long})" $?

# The same in Firefox ESR through geckodriver: wake, offline (the browser's own switch), and
# what leaving and coming back does there (Firefox caches no page with a WebSocket).
echo
echo "== connectivity test in Firefox${E2E_LONG:+ (long)}"
timeout 400 node tests/e2e/connectivity-firefox.test.mjs ${E2E_LONG:+--long}
record "connectivity in Firefox (tests/e2e/connectivity-firefox.test.mjs${E2E_LONG:+ --long})" $?

# One agent in several tabs sharing one connection (issue 17): through the SharedWorker, then
# by election (Web Locks; E2E_LONG=1: 100 leader losses).
echo
echo "== tabs test (SharedWorker)"
timeout 300 node tests/e2e/tabs-worker.test.mjs
record "tabs through the SharedWorker (tests/e2e/tabs-worker.test.mjs)" $?

echo
echo "== tabs test${E2E_LONG:+ (long)}"
timeout 900 node tests/e2e/tabs.test.mjs ${E2E_LONG:+--long}
record "tabs (tests/e2e/tabs.test.mjs${E2E_LONG:+ --long})" $?

# The same sharing in Firefox ESR, through geckodriver (playwright cannot drive Debian's Firefox).
echo
echo "== tabs test in Firefox"
timeout 300 node tests/e2e/tabs-firefox.test.mjs
record "tabs in Firefox (tests/e2e/tabs-firefox.test.mjs)" $?

# --talk-secs: the far end hangs up the dialled call, so the logout step can run.
check_server "legacy dialect" 0 --dialect legacy --talk-secs 2
check_server "current dialect" 0 --dialect current --talk-secs 2
check_server "legacy dialect, drop after $DROP_AFTER frames" 1 --dialect legacy --talk-secs 2 --drop-after "$DROP_AFTER"
check_server "current dialect, drop after $DROP_AFTER frames" 1 --dialect current --talk-secs 2 --drop-after "$DROP_AFTER"

# A server of one generation only: the SDK (legacy by default) gets UNKNOWN_COMMAND for
# `session.start`, sends `session.request.start` and keeps the current dialect.
CHECK_DIALECT=legacy check_server "legacy SDK against a current-only simulator" 0 --dialect current --talk-secs 2

# The check must also fail when a server does not work: the simulator refuses every bind of
# the session resource.
echo
echo "== check-server reports a broken server (every bindResource refused)"
if start_sim --refuse-binds 1000; then
  timeout 120 scripts/check-server.sh --url "$SIM_WS" --page-port "$PAGE_PORT" --agent 4001 --password pass >"$work/neg.out"
  rc=$?
  stop_sim
  head -1 "$work/neg.out"; tail -1 "$work/neg.out"
  if [ "$rc" = 1 ] && grep -q '^FAIL connect: .*RESOURCE_BOUND' "$work/neg.out" && grep -q '^0 passed, 10 failed$' "$work/neg.out"; then
    record "check-server fails against a broken server" 0
  else
    echo "e2e: expected exit 1, FAIL connect (RESOURCE_BOUND) and 0 passed, 10 failed; got exit $rc"
    cat "$work/neg.out"
    record "check-server fails against a broken server" 1
  fi
else
  record "check-server fails against a broken server" 1
fi

echo
echo "== end-to-end summary (screenshots in test-output/e2e/)"
printf '%s\n' "${results[@]}"
if [ "$failures" -gt 0 ]; then
  echo "e2e: $failures part(s) failed"
  exit 1
fi
echo "e2e: all ${#results[@]} parts passed"
