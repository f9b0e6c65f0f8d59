// Start-up, A against B, by the main thread's CPU time: alternated fresh pages (package A on one
// simulator, B on another, each page its own agent with no session), each page traced by Chrome
// (`devtools.timeline` for `console.timeStamp` marks, `v8.wasm` for the lazy compiles). Per phase
// it prints the wall time, the renderer main thread's CPU time between the marks (its thread
// clock: a loaded machine stretches the wall time of a phase far more than its CPU time) and the
// wasm functions V8 compiled on their first call, with the medians for A and B and the median of
// the paired differences (B − A). Phases: the module's import, init(), the constructor,
// connect() → `new WebSocket`, the socket's opening, open → the `session.start` answer, that
// answer → ready, connect() → ready, init() → ready, import → ready. Measures; asserts nothing.
//   node bench/startup-cpu.mjs PKG_A PKG_B [pairs]     (default 15; docs/performance-log.md,
//   "Start-up, measured apart")
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../scripts/lib/chromium.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const [A, B, pairs = "15"] = process.argv.slice(2);
const N = Number(pairs);
if (!A || !B || !(N > 0)) {
  console.error("usage: node bench/startup-cpu.mjs PKG_A PKG_B [pairs]");
  process.exit(2);
}
const bin = join(ROOT, "target", "release", "agentwire-sim");
if (!existsSync(bin)) throw new Error(`simulator not built: ${bin} (cargo build --release -p agentwire-sim)`);

const sims = [];
const start = (pkg) =>
  new Promise((ok, fail) => {
    const args = ["--port", "0", "-q", "--www", join(ROOT, "bench", "www"), "--pkg", resolve(pkg), "--generate-agents", String(N + 2)];
    const sim = spawn(bin, args, { stdio: ["ignore", "pipe", "inherit"] });
    sims.push(sim);
    let out = "";
    sim.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) ok(m[1]);
    });
    sim.on("exit", (c) => fail(new Error(`simulator exited ${c}`)));
  });
const bases = [await start(A), await start(B)];
const browser = await launchChromium();
const runs = [[], []];
// [phase, from mark, to mark]
const PHASES = [
  ["import", "import", "init"], ["init", "init", "construct"], ["construct", "construct", "connect"],
  ["to_socket", "connect", "socket"], ["opening", "socket", "open"], ["start_answer", "open", "start"],
  ["burst", "start", "ready"], ["connect", "connect", "ready"], ["total", "init", "ready"], ["with_import", "import", "ready"],
];
const page = async (k) => {
  const p = await browser.newPage();
  await p.goto(`${bases[k]}/`);
  await browser.startTracing(p, { categories: ["devtools.timeline", "v8.wasm"] });
  const args = [bases[k].replace("http", "ws") + "/ws", `${100001 + runs[k].length}`];
  await p.evaluate(async ([url, agent]) => {
    const mark = (s) => console.timeStamp(s);
    const Real = WebSocket;
    globalThis.WebSocket = class extends Real {
      constructor(u, q) {
        mark("socket");
        super(u, q);
        this.addEventListener("open", () => mark("open"));
        this.addEventListener("message", (m) => /"session\.(?:request\.)?start"/.test(m.data) && mark("start"));
      }
    };
    try {
      mark("import");
      const m = await import("/pkg/agentwire.js");
      mark("init");
      await m.default();
      mark("construct");
      const s = new m.AgentSession({ url, agent: { id: agent, password: "pass" }, onExistingSession: "replace", logLevel: "silent" });
      mark("connect");
      await s.connect();
      mark("ready");
      s.close();
    } finally {
      globalThis.WebSocket = Real;
    }
  }, args);
  const events = JSON.parse(await browser.stopTracing()).traceEvents;
  await p.close();
  const marks = events.filter((e) => e.name === "TimeStamp");
  const at = {};
  for (const e of marks) at[e.args.data.message] ??= e;
  const main = marks[0].tid;
  const lazy = events.filter((e) => e.name === "wasm.CompileLazy" && e.tid === main);
  const r = {};
  for (const [name, a, b] of PHASES) {
    r[`${name}_wall`] = (at[b].ts - at[a].ts) / 1000;
    r[`${name}_cpu`] = (at[b].tts - at[a].tts) / 1000;
    r[`${name}_compiled`] = lazy.filter((e) => e.ts >= at[a].ts && e.ts < at[b].ts).length;
  }
  runs[k].push(r);
};
try {
  for (let i = 0; i < N; i++) for (const k of i % 2 ? [1, 0] : [0, 1]) await page(k);
} finally {
  await browser.close();
  for (const s of sims) s.kill();
}
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const f = (x) => x.toFixed(2).padStart(9);
console.log(`${"phase (ms; compiled: wasm functions)".padEnd(38)}${"A".padStart(9)}${"B".padStart(9)}${"paired".padStart(9)}   ${N} pairs`);
for (const key of Object.keys(runs[0][0])) {
  const [a, b] = runs.map((r) => median(r.map((x) => x[key])));
  const d = median(runs[0].map((x, i) => runs[1][i][key] - x[key]));
  console.log(`${key.padEnd(38)}${f(a)}${f(b)}${f(d)}`);
}
