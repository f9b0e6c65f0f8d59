#!/usr/bin/env bash
# Checks that an interaction processor works with agentwire: a real session in headless
# Chromium through the npm package's public API, one PASS/FAIL line per step.
#   scripts/check-server.sh --url URL --agent ID --password PW [--dialect legacy|current] [--service-id ID]
#   scripts/check-server.sh --help     every option
# Needs the built package (scripts/build.sh), `npm install` (playwright-core) and /usr/bin/chromium.
set -euo pipefail
exec node "$(cd "$(dirname "$0")" && pwd)/check-server/run.mjs" "$@"
