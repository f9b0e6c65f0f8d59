// One place for how the project starts Debian's Chromium under playwright-core (no browser
// download): headless, and the flags a root user on a closed network needs
// (../shared/notes/toolchain.md).
import { chromium } from "playwright-core";

/** The Chromium binary: $CHROMIUM, or Debian's. */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** Flags for every launch. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Launches headless Chromium with the project's flags plus `extraArgs`; `options` go to
 * playwright's `launch` as well (e.g. `ignoreDefaultArgs`, to let the back/forward cache and
 * background timer throttling work as in a user's browser).
 */
export function launchChromium(extraArgs = [], executablePath = CHROMIUM, options = {}) {
  return chromium.launch({ executablePath, headless: true, ...options, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
