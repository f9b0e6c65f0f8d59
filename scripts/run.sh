#!/usr/bin/env bash
# The demo: installs what is missing, builds the npm package into pkg/, and starts the
# simulator serving the demo desktop (www/), the package (/pkg/) and the protocol (/ws) on
# 127.0.0.1. Open the printed URL; log in as agent 4001, password "pass". The second line it
# prints is the control token, for driving /control with curl (sim/README.md); the demo page
# is the simulator's own origin and does not use the control API.
#   scripts/run.sh [simulator flags…]     e.g. scripts/run.sh --port 9000 --inbound-every 30
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh
scripts/build.sh
cargo build -q --release -p agentwire-sim
# Inbound calls every 45 s and address-book presence every 15 s make the demo come alive;
# a flag given on the command line replaces its default here.
args=("$@")
add() { case " ${args[*]-} " in *" $1 "*|*" $1="*) ;; *) args+=("$1" "$2") ;; esac; }
add --www www
add --pkg pkg
add --inbound-every 45
add --talk-secs 60
add --presence-every 15
exec target/release/agentwire-sim "${args[@]}"
