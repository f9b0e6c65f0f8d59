// Debian's Chromium driven over the Chrome DevTools Protocol directly, without playwright:
// playwright's own session on every page keeps the page visible (focus emulation), so a tab
// behind another one never becomes hidden under it. Here a background tab is hidden as in a
// user's browser, and Chromium's background throttling acts on it.
//   const c = await launchRaw(["--enable-features=IntensiveWakeUpThrottling:grace_period_seconds/10"]);
//   const a = await c.open(url); await a.evaluate("document.visibilityState"); await c.close();
// Needs a global WebSocket (Node 22, or Node 20 with --experimental-websocket).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/lib/chromium.mjs";

/** Launches headless Chromium with `flags` and connects to it. */
export async function launchRaw(flags = []) {
  const profile = mkdtempSync(join(tmpdir(), "agentwire-cdp-"));
  const args = [...CHROMIUM_ARGS, "--headless", "--remote-debugging-port=0", `--user-data-dir=${profile}`, ...flags, "about:blank"];
  const chrome = spawn(CHROMIUM, args, { stdio: ["ignore", "ignore", "pipe"] });
  const reap = () => chrome.kill("SIGKILL");
  process.once("exit", reap);
  const url = await new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${buf.slice(-500)}`)), 20_000);
    chrome.stderr.on("data", (d) => {
      buf += d;
      const m = /DevTools listening on (ws:\S+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error("cannot connect to Chromium's DevTools socket"));
  });
  let id = 0;
  const waiting = new Map();
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    const w = msg.id !== undefined && waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.error) w.reject(new Error(`${w.method}: ${msg.error.message}`));
    else w.resolve(msg.result);
  };
  const send = (method, params = {}, sessionId = undefined) =>
    new Promise((resolve, reject) => {
      const i = ++id;
      waiting.set(i, { resolve, reject, method });
      ws.send(JSON.stringify({ id: i, method, params, sessionId }));
    });
  return {
    send,
    /** A new tab at `url`, brought to the front (the others are then hidden). */
    async open(url) {
      const { targetId } = await send("Target.createTarget", { url });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
      await send("Target.activateTarget", { targetId });
      return {
        targetId,
        /** Brings this tab to the front. */
        front: () => send("Target.activateTarget", { targetId }),
        /** Page.setWebLifecycleState: "frozen" (only a hidden page freezes) or "active". */
        lifecycle: (state) => send("Page.setWebLifecycleState", { state }, sessionId),
        /** The value of `expression` (awaited), or throws what it threw. */
        async evaluate(expression) {
          const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, sessionId);
          if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
          return r.result.value;
        },
      };
    },
    async close() {
      ws.close();
      chrome.kill("SIGTERM");
      await new Promise((r) => (chrome.exitCode !== null ? r() : chrome.once("exit", r)));
      process.removeListener("exit", reap);
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      } catch {
        // Chromium's helpers may still be writing the profile as they exit: left in tmp.
      }
    },
  };
}
