#!/usr/bin/env bash
# Load benchmark for the simulator: SESSIONS (default 1000) concurrent agent sessions, each
# bootstrapping (ServiceMonitor, processor bind, prepareSession, bindResource, session start)
# and then issuing ROUNDS commands, one every INTERVAL_MS. Prints p50/p90/p99/max response
# times and the simulator's memory per session. It prints figures; it never fails on them.
#
#   sim/bench/load.sh                      # 1000 sessions, 20 commands each, every 250 ms
#   SESSIONS=200 ROUNDS=50 sim/bench/load.sh
#   sim/bench/load.sh --addr 127.0.0.1:8787 --pid 1234   # against a running simulator
set -euo pipefail
cd "$(dirname "$0")/../.."

SESSIONS=${SESSIONS:-1000}
ROUNDS=${ROUNDS:-20}
INTERVAL_MS=${INTERVAL_MS:-250}

# Each session holds a socket on both sides.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# The workspace release profile is tuned for the wasm package (opt-level "z", fat LTO,
# panic = "abort"). Build the simulator for speed instead, in its own target folder so the
# two builds never invalidate each other.
export CARGO_TARGET_DIR=target/sim-bench
export CARGO_PROFILE_RELEASE_OPT_LEVEL=3
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_PROFILE_RELEASE_PANIC=unwind
export CARGO_PROFILE_RELEASE_STRIP=false
cargo build --release -p agentwire-sim --bins

exec "$CARGO_TARGET_DIR/release/load" --sessions "$SESSIONS" --rounds "$ROUNDS" --interval-ms "$INTERVAL_MS" \
  --sim "$CARGO_TARGET_DIR/release/agentwire-sim" "$@"
