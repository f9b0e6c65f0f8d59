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
import { launchChromium } from "../scripts/lib/chromium.mjs";
import { abArgs, alternate, printPaired, simulators } from "./lib/ab.mjs";

const [A, B, N] = abArgs("startup-cpu.mjs");
const { bases, stop } = await simulators([A, B], N + 2);
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
  await alternate(N, page);
} finally {
  await browser.close();
  stop();
}
printPaired(runs, N, "phase (ms; compiled: wasm functions)", 38, 2);
