// `tabs: "share"`: the time from a tab's `connect()` to ready through the SharedWorker and by
// election (Web Locks: `tabs: "share-locks"`), in headless Chromium against
// the simulator. Each round opens a fresh browser context (a new worker, a new election) with
// the page's wasm already loaded (`init()` before the clock starts), then measures the first
// tab (it starts the worker and loads the wasm there, or wins the lock and connects) and a
// second tab joining. Figures printed, nothing asserted.
//   node bench/tabs.mjs [rounds]        (default 10; after scripts/build.sh and the release simulator)
import { launchChromium } from "../scripts/lib/chromium.mjs";
import { startSim } from "../tests/e2e/sim.mjs";

const ROUNDS = Number(process.argv[2] ?? 10);
const sim = await startSim({ args: ["--quiet", "--generate-agents", String(2 * ROUNDS)] });
const browser = await launchChromium();
const times = { worker: { first: [], join: [] }, locks: { first: [], join: [] } };
let agent = 100000;

async function tab(context, via, id) {
  const page = await context.newPage();
  await page.goto(sim.url);
  const r = await page.evaluate(
    async ({ url, id, via }) => {
      const m = await import("/pkg/agentwire.js");
      await m.default();
      const s = new m.AgentSession({ url, agent: { id, password: "pass" }, tabs: via === "locks" ? "share-locks" : "share", onExistingSession: "replace" });
      const t0 = performance.now();
      await s.connect();
      return { ms: performance.now() - t0, via: s.tabs.via };
    },
    { url: sim.wsUrl, id, via },
  );
  if (r.via !== via) throw new Error(`expected via ${via}, got ${r.via}`);
  return r.ms;
}

for (let k = 0; k < ROUNDS; k++) {
  for (const via of k % 2 ? ["locks", "worker"] : ["worker", "locks"]) {
    const context = await browser.newContext();
    const id = String(++agent);
    times[via].first.push(await tab(context, via, id));
    times[via].join.push(await tab(context, via, id));
    await context.close();
  }
}
const q = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))];
const fmt = (a) => `median ${q(a, 0.5).toFixed(0)} ms, min ${Math.min(...a).toFixed(0)}, max ${Math.max(...a).toFixed(0)}`;
console.log(`connect() → ready, ${ROUNDS} rounds (fresh context each):`);
for (const via of ["worker", "locks"]) {
  console.log(`  ${via === "worker" ? "SharedWorker" : "election    "}: first tab ${fmt(times[via].first)}; a tab joining ${fmt(times[via].join)}`);
}
await browser.close();
await sim.stop();
