#!/usr/bin/env bash
# Installs the sample apps of tests/integrations/, idempotently:
#   - each app's own npm packages into its own node_modules (git-ignored), with `npm ci` from
#     its committed lock file, only when the lock file is newer than the last install;
#   - with --sdk (what run.mjs asks for), the SDK itself: `npm pack` of the built pkg/ into
#     .pack/, unpacked into each app's node_modules/agentwire as `npm install <tarball>`
#     would, whenever the tarball changed.
#   tests/integrations/setup.sh [--sdk] [app…]
set -euo pipefail
cd "$(dirname "$0")"
SDK=0
apps=()
for a in "$@"; do case "$a" in --sdk) SDK=1 ;; *) apps+=("$a") ;; esac; done
[ ${#apps[@]} -gt 0 ] || apps=(node vite vite6 webpack react csp)

for app in "${apps[@]}"; do
  [ -f "$app/package-lock.json" ] || { echo "integrations: $app has no package-lock.json" >&2; exit 2; }
  # A worktree's link to another checkout's install is never reinstalled through.
  if [ -L "$app/node_modules" ]; then continue; fi
  if [ ! -f "$app/node_modules/.stamp" ] || [ "$app/package-lock.json" -nt "$app/node_modules/.stamp" ]; then
    echo "integrations: npm ci in tests/integrations/$app"
    (cd "$app" && npm ci --no-audit --no-fund --loglevel=error)
    mkdir -p "$app/node_modules" && touch "$app/node_modules/.stamp"
  fi
done

[ "$SDK" = 1 ] || exit 0
[ -f ../../pkg/agentwire_bg.wasm ] || { echo "integrations: no package in pkg/: run scripts/build.sh" >&2; exit 2; }
rm -rf .pack && mkdir .pack
tgz=.pack/$(npm pack ../../pkg --pack-destination .pack --silent 2>/dev/null | tail -n1)
[ -f "$tgz" ] || { echo "integrations: npm pack pkg/ failed" >&2; exit 1; }
sum=$(sha256sum "$tgz" | cut -d' ' -f1)
for app in "${apps[@]}"; do
  dest=$app/node_modules/agentwire
  [ "$(cat "$dest/.tarball-sha256" 2>/dev/null)" = "$sum" ] && continue
  rm -rf "$dest" && mkdir -p "$dest"
  tar -xzf "$tgz" -C "$dest" --strip-components=1
  echo "$sum" >"$dest/.tarball-sha256"
done
echo "integrations: $(basename "$tgz") ($(stat -c %s "$tgz") B) in ${apps[*]}"
