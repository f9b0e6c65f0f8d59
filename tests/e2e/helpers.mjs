// Shared pieces of the end-to-end tests: the browser, a step runner that prints one line per
// step and screenshots on failure, and text assertions that wait for the page to settle.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "../../scripts/lib/chromium.mjs";
import { ROOT } from "./sim.mjs";

/** Where screenshots go. */
export const OUT = join(ROOT, "test-output", "e2e");

/** Headless Debian Chromium (browsers cannot be downloaded here). */
export function launch() {
  return launchChromium();
}

/**
 * Records what must never happen on the page: uncaught errors, console errors (minus the
 * ones a test expects), CSP violations, dialogs (alert/confirm/prompt). Call before goto.
 */
export async function watch(page, { allowConsole = [] } = {}) {
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    if (allowConsole.some((re) => re.test(text))) return;
    problems.push(`console error: ${text}`);
  });
  page.on("dialog", (d) => {
    problems.push(`a JavaScript dialog opened: ${d.type()} ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  return problems;
}

/** Normalised visible text of a locator. */
export async function text(locator) {
  return ((await locator.innerText({ timeout: 1000 })) ?? "").replace(/\s+/g, " ").trim();
}

/** Waits until the locator's text matches (a string it contains, or a RegExp). */
export async function waitText(locator, expected, { timeout = 10000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = "";
  for (;;) {
    try {
      last = await text(locator);
      if (typeof expected === "string" ? last.includes(expected) : expected.test(last)) return last;
    } catch (e) {
      last = `(${e.message.split("\n")[0]})`;
    }
    if (Date.now() > deadline) {
      throw new Error(`expected ${expected} in ${locator}, got: ${last.slice(0, 600)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fails with `message` unless `cond`. */
export function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** A step runner: `await step("name", async () => …)`; one line per step; stops at the first failure. */
export function runner(name, page) {
  mkdirSync(OUT, { recursive: true });
  rmSync(join(OUT, `${name}-failure.png`), { force: true });
  let n = 0;
  let failed = false;
  const started = Date.now();
  return {
    async step(title, fn) {
      if (failed) return;
      n += 1;
      const t0 = Date.now();
      try {
        await fn();
        console.log(`PASS ${name}: ${title} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed = true;
        console.log(`FAIL ${name}: ${title}: ${e.message}`);
        const shot = join(OUT, `${name}-failure.png`);
        await page()
          ?.screenshot({ path: shot, fullPage: true })
          .then(() => console.log(`  screenshot of the failure: ${shot}`))
          .catch(() => {});
      }
    },
    get failed() {
      return failed;
    },
    summary() {
      console.log(`${name}: ${failed ? "FAILED" : "passed"} after ${n} step(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort() {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Waits until `f()` is truthy (polling every 20 ms) and returns it, or fails with `what`. */
export async function until(f, what, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How many connections the simulator holds for `agent`'s session (0 without a session). */
export async function socketsOf(sim, agent) {
  const state = await sim.control("state");
  const sid = state.agents.find((x) => x.agent === agent)?.session?.id;
  return sid ? state.connections.filter((c) => c.session === sid).length : 0;
}

/**
 * Checks the SDK's model against the simulator's view of `agent`: `sdk.channels` as sorted
 * `[target, state, agentStatus]`, `sdk.interactions` as sorted `[target, state]`. Returns a
 * summary line.
 */
export async function checkModel(sim, agent, sdk) {
  const a = (await sim.control("state")).agents.find((x) => x.agent === agent);
  const channels = JSON.stringify(a.channels.map((c) => [c.target, c.state, c.status]).sort());
  const ix = JSON.stringify(a.channels.flatMap((c) => c.interactions.map((i) => [i.target, i.state])).sort());
  check(JSON.stringify(sdk.channels) === channels, `channels differ:\n  sdk ${JSON.stringify(sdk.channels)}\n  sim ${channels}`);
  check(JSON.stringify(sdk.interactions) === ix, `interactions differ:\n  sdk ${JSON.stringify(sdk.interactions)}\n  sim ${ix}`);
  return `${sdk.channels.length} channels, ${sdk.interactions.length} interaction(s)`;
}

/** `pids` and every process descending from them (from `ps`), for SIGSTOP / SIGCONT. */
export function withDescendants(pids) {
  const all = new Set(pids);
  const ps = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  const pairs = ps.trim().split("\n").map((l) => l.trim().split(/\s+/).map(Number));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of pairs) {
      if (all.has(ppid) && !all.has(pid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}
