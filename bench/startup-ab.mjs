// Start-up, A against B: bench/www's startup() in alternated fresh pages, package A on one
// simulator and B on another (the same binary), each page its own agents with no session yet
// (a kept session adds the override prompt's round trip: docs/performance-log.md, "Start-up,
// measured apart").
// Prints each phase's median for A and B and the median of the paired differences (B − A, pair
// i being A's and B's i-th pages); on a shared machine only the paired column says much.
// Measures; asserts nothing.
//   node bench/startup-ab.mjs PKG_A PKG_B [pairs]     (default 15; e.g. main's build against yours)
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../scripts/lib/chromium.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const [A, B, pairs = "15"] = process.argv.slice(2);
const N = Number(pairs);
if (!A || !B || !(N > 0)) {
  console.error("usage: node bench/startup-ab.mjs PKG_A PKG_B [pairs]");
  process.exit(2);
}
const bin = join(ROOT, "target", "release", "agentwire-sim");
if (!existsSync(bin)) throw new Error(`simulator not built: ${bin} (cargo build --release -p agentwire-sim)`);

const sims = [];
const start = (pkg) =>
  new Promise((ok, fail) => {
    const args = ["--port", "0", "-q", "--www", join(ROOT, "bench", "www"), "--pkg", resolve(pkg), "--generate-agents", String(2 * N)];
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
// Agents 100001…: the first connect() and the second in the page each take one.
const page = async (k) => {
  const p = await browser.newPage();
  await p.goto(`${bases[k]}/`);
  const n = 100001 + 2 * runs[k].length;
  const args = [bases[k].replace("http", "ws") + "/ws", `${n}`, `${n + 1}`];
  runs[k].push(await p.evaluate(async ([url, a, b]) => (await import("/bench.js")).startup(url, a, b), args));
  await p.close();
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
const f = (x) => x.toFixed(1).padStart(8);
console.log(`${"phase (ms)".padEnd(20)}${"A".padStart(8)}${"B".padStart(8)}${"paired".padStart(8)}   ${N} pairs`);
for (const key of Object.keys(runs[0][0])) {
  const [a, b] = runs.map((r) => median(r.map((x) => x[key])));
  const d = median(runs[0].map((x, i) => runs[1][i][key] - x[key]));
  console.log(`${key.padEnd(20)}${f(a)}${f(b)}${f(d)}`);
}
