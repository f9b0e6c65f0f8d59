// Soak test (issue 8): N forced disconnects at random points (default 1,000) while a driver in
// the page issues commands without pause. At the end: every command has exactly one outcome,
// the SDK's model equals the simulator's state, and browser memory stayed within a bound.
// Prints its figures; exits non-zero when a check fails.
//   node tests/soak/soak.mjs [N]        (needs pkg/ built and the simulator built)
import { spawn } from "node:child_process";
import { launchChromium } from "../../scripts/lib/chromium.mjs";

const N = Number(process.argv[2] ?? 1000);
const AGENT = "4005";
const HEAP_BOUND = 8 << 20; // JS heap growth allowed after warm-up, bytes
const WASM_BOUND = 2 << 20; // wasm linear memory growth allowed after warm-up, bytes

const sim = spawn("target/debug/agentwire-sim", ["--port", "0", "-q", "--www", "tests/soak/www", "--pkg", "pkg", "--connect-ms", "50"], { stdio: ["ignore", "pipe", "inherit"] });
// The first stdout line names the URL, the second the control token.
const [base, token] = await new Promise((resolve, reject) => {
  let buf = "";
  sim.stdout.on("data", (d) => {
    buf += d;
    const m = buf.match(/listening on (http:\/\/127\.0\.0\.1:\d+).*\n.*control token: (\S+)\n/);
    if (m) resolve([m[1], m[2]]);
  });
  sim.on("exit", (c) => reject(new Error(`simulator exited ${c}`)));
});
const control = async (action, body = {}) => {
  const r = await fetch(`${base}/control/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-agentwire-control": token },
    body: JSON.stringify(body),
  });
  const answer = await r.json();
  if (!answer.ok) throw new Error(`control/${action}: ${answer.error}`);
  return answer;
};

const browser = await launchChromium(["--js-flags=--expose-gc"]);
let failures = [];
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => failures.push(`page error: ${e}`));
  await page.goto(`${base}/`);
  await page.evaluate(async ({ url, agent }) => {
    // The instance's exports (its memory): the package's entry does not hand them out, so
    // they are taken from the one instantiation init() makes.
    let wasm = null;
    for (const k of ["instantiateStreaming", "instantiate"]) {
      const real = WebAssembly[k];
      WebAssembly[k] = async function (...args) {
        const r = await real.apply(this, args);
        wasm ??= (r.instance ?? r).exports;
        return r;
      };
    }
    const { default: init, AgentSession } = await import("/pkg/agentwire.js");
    await init();
    const s = new AgentSession({
      url, agent: { id: agent, password: "pass" }, onExistingSession: "replace", logLevel: "silent",
      requestTimeoutMs: 4000, reconnect: { initialDelayMs: 5, maxDelayMs: 40 },
    });
    const st = { s, wasm, issued: 0, settled: 0, twice: 0, outcomes: {}, reconnects: 0, resynced: 0, stop: false, pending: new Set() };
    window.soak = st;
    s.addEventListener("connectionchange", (e) => { if (e.detail.state === "reconnecting") st.reconnects++; });
    s.addEventListener("resynced", () => st.resynced++);
    await s.connect();
    const tel = s.channels().find((c) => c.type === "TELEPHONY");
    if (tel.state !== "ACTIVE") await s.activate(tel, { until: "applied" });
    const ops = [
      () => s.ready(tel),
      () => s.notReady(tel, { reasonCode: "12" }),
      () => s.afterCallWork(tel),
      () => s.requestNotReadyReasons(),
    ];
    (async () => {
      while (!st.stop) {
        const id = st.issued++;
        st.pending.add(id);
        const done = (kind) => {
          if (!st.pending.delete(id)) st.twice++;
          st.settled++;
          st.outcomes[kind] = (st.outcomes[kind] ?? 0) + 1;
        };
        ops[id % ops.length]().then(() => done("ok"), (e) => done(e.kind ?? "non-AgentwireError"));
        await new Promise((r) => setTimeout(r, Math.random() * 8));
      }
    })();
  }, { url: `${base.replace("http", "ws")}/ws`, agent: AGENT });

  const memory = () => page.evaluate(() => {
    globalThis.gc?.();
    return { heap: performance.memory.usedJSHeapSize, wasm: window.soak.wasm.memory.buffer.byteLength };
  });
  const waitReady = async (reconnectsBefore) => {
    for (let i = 0; i < 500; i++) {
      const { state, reconnects } = await page.evaluate(() => ({ state: window.soak.s.connectionState, reconnects: window.soak.reconnects }));
      if (state === "ready" && reconnects > reconnectsBefore) return;
      if (state === "closed") throw new Error("session closed during the soak");
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("did not reconnect within 5 s");
  };
  const start = Date.now();
  let warm = null;
  for (let i = 0; i < N; i++) {
    const before = await page.evaluate(() => window.soak.reconnects);
    await control("drop", { agent: AGENT, after: Math.floor(Math.random() * 6) });
    await waitReady(before);
    if (i === Math.min(50, Math.floor(N / 4))) warm = await memory();
  }
  const elapsed = (Date.now() - start) / 1000;
  // Stop the driver and let every command settle.
  await page.evaluate(() => { window.soak.stop = true; });
  for (let i = 0; i < 600; i++) {
    if (await page.evaluate(() => window.soak.pending.size === 0)) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const end = await memory();
  const r = await page.evaluate(() => {
    const st = window.soak;
    return { issued: st.issued, settled: st.settled, twice: st.twice, pending: st.pending.size, outcomes: st.outcomes,
      reconnects: st.reconnects, resynced: st.resynced, channels: st.s.channels().map((c) => [c.target, c.state, c.agentStatus]) };
  });
  const state = await control("state");
  const agent = state.agents.find((a) => a.agent === AGENT);
  const simChannels = agent.channels.map((c) => [c.target, c.state, c.status]).sort();
  const sdkChannels = r.channels.sort();

  console.log(`soak: ${N} forced disconnects in ${elapsed.toFixed(1)} s; ${r.reconnects} reconnects, ${r.resynced} resyncs`);
  console.log(`soak: ${r.issued} commands issued, ${r.settled} settled: ${JSON.stringify(r.outcomes)}; ${r.pending} unsettled, ${r.twice} settled twice`);
  console.log(`soak: memory after warm-up → end: JS heap ${(warm.heap / 1048576).toFixed(2)} → ${(end.heap / 1048576).toFixed(2)} MiB, wasm ${(warm.wasm / 1048576).toFixed(2)} → ${(end.wasm / 1048576).toFixed(2)} MiB (bounds: +${HEAP_BOUND >> 20} MiB heap, +${WASM_BOUND >> 20} MiB wasm)`);
  if (r.pending !== 0 || r.twice !== 0 || r.settled !== r.issued) failures.push("a command did not have exactly one outcome");
  if (r.outcomes["non-AgentwireError"]) failures.push("a rejection was not an AgentwireError");
  if (r.reconnects < N) failures.push(`only ${r.reconnects} reconnects for ${N} drops`);
  if (JSON.stringify(simChannels) !== JSON.stringify(sdkChannels)) failures.push(`model differs from the simulator:\n  sdk ${JSON.stringify(sdkChannels)}\n  sim ${JSON.stringify(simChannels)}`);
  else console.log(`soak: SDK model equals the simulator's state (${sdkChannels.length} channels)`);
  if (end.heap - warm.heap > HEAP_BOUND) failures.push(`JS heap grew by ${end.heap - warm.heap} bytes`);
  if (end.wasm - warm.wasm > WASM_BOUND) failures.push(`wasm memory grew by ${end.wasm - warm.wasm} bytes`);
} catch (e) {
  failures.push(String(e?.stack ?? e));
} finally {
  await browser.close();
  sim.kill();
}
for (const f of failures) console.error(`soak: FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
