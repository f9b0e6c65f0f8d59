#!/usr/bin/env bash
# The long fuzz run: N mutated inputs (default 10 million) through the decoder and engines,
# in release mode. Prints how many decoded, how many were rejected, and the time.
#   scripts/fuzz.sh [N] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
export AGENTWIRE_FUZZ_ITERS=${1:-10000000} AGENTWIRE_FUZZ_SEED=${2:-42724}
cargo test -p agentwire --release --quiet --test fuzz -- --nocapture decoder_and_engine 2>&1 | grep -E '^fuzz:|panicked|FAILED' 
