// Two packages' receive paths compared in one Chromium page (docs/performance-log.md, "The
// page's per-frame path, eighth session"): bench.js's throughput() runs against package A and
// package B alternately, `calls` times each, in the same page, so both see the same load; a noisy,
// shared machine moves the figures between pages far more than between calls in one page.
//   node bench/pair.mjs PKG_A PKG_B [calls=12] [data|target] [frames=20000]
// Prints, per package, the median µs per event (best in brackets) of agentwire, the plain-JS
// client and the DOM floor, and the median ratio agentwire ÷ plain JS of its calls. The
// zero-cost-core row (and, with bench/floor/pkg/floor.wasm built, the copy + scan rows) runs
// this checkout's src/web/js/glue.js for both packages.
// BENCH_A / BENCH_B: another bench.js for A / B (a change to the bench itself);
// PAIR_BROWSER=firefox: Firefox ESR through geckodriver instead of Chromium.
// PAIR_ISOLATED=<ms>: bench.js's isolated() instead (frames one per task, `ms` apart; 0: back to
// back), `frames` frames per call (default 1000); prints each client's median µs per frame.
import { spawn, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "../scripts/lib/chromium.mjs";
import { launchFirefox } from "./lib/webdriver.mjs";

const [A, B] = process.argv.slice(2, 4);
if (!A || !B) throw new Error("usage: node bench/pair.mjs PKG_A PKG_B [calls] [data|target] [frames]");
const calls = +(process.argv[4] || 12);
const reads = process.argv[5] || "data";
const spacing = process.env.PAIR_ISOLATED === undefined ? null : +process.env.PAIR_ISOLATED;
const frames = +(process.argv[6] || (spacing === null ? 20000 : 1000));
// The bench page with B's package beside A's (/b/), and a bench.js that imports it.
const www = mkdtempSync(join(tmpdir(), "agentwire-pair-"));
cpSync("bench/www", www, { recursive: true });
rmSync(join(www, "gen"), { recursive: true, force: true });
mkdirSync(join(www, "gen"));
cpSync("src/web/js/glue.js", join(www, "gen/glue.js"));
execFileSync(process.execPath, ["scripts/minify.mjs", join(www, "gen")], { stdio: "inherit" });
// The copy + scan floors' module (bench/floor/build.sh), when built: those rows otherwise left out.
if (existsSync("bench/floor/pkg/floor.wasm")) cpSync("bench/floor/pkg/floor.wasm", join(www, "gen/floor.wasm"));
if (process.env.BENCH_A) cpSync(process.env.BENCH_A, join(www, "bench.js"));
cpSync(B, join(www, "b"), { recursive: true });
const benchB = readFileSync(process.env.BENCH_B || "bench/www/bench.js", "utf8");
if (!benchB.includes('from "/pkg/agentwire.js"')) throw new Error("bench/pair.mjs: bench.js no longer imports /pkg/agentwire.js");
writeFileSync(join(www, "bench-b.js"), benchB.replace('from "/pkg/agentwire.js"', 'from "/b/agentwire.js"'));
const sim = spawn("target/release/agentwire-sim", ["--port", "0", "-q", "--www", www, "--pkg", A, "--generate-agents", "4"], { stdio: ["ignore", "pipe", "inherit"] });
try {
  const base = await new Promise((res, rej) => {
    let b = "";
    sim.stdout.on("data", (d) => { b += d; const m = b.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/); if (m) res(m[1]); });
    sim.on("exit", (c) => rej(new Error(`simulator exited ${c}`)));
  });
  const pair = async ({ calls, reads, frames, spacing }) => {
    const a = await import("/bench.js"), b = await import("/bench-b.js");
    const out = { A: [], B: [] };
    for (let i = 0; i < calls; i++) {
      for (const [k, m] of i % 2 ? [["B", b], ["A", a]] : [["A", a], ["B", b]]) {
        out[k].push(spacing === null ? await m.throughput({ frames, rounds: 3, reads }) : await m.isolated({ frames, spacing, warm: i ? 0 : 20_000 }));
      }
    }
    return out;
  };
  let r;
  if (process.env.PAIR_BROWSER === "firefox") {
    const ff = await launchFirefox();
    try {
      await ff.goto(`${base}/`);
      r = await ff.run(pair.toString(), { calls, reads, frames, spacing });
    } finally {
      await ff.close();
    }
  } else {
    const browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    r = await page.evaluate(pair, { calls, reads, frames, spacing });
    await browser.close();
  }
  const med = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  for (const k of ["A", "B"]) if (spacing !== null) {
    const us = (c, f) => med(r[k].map((x) => x[c][f])).toFixed(2);
    const row = ["agentwire", "plain_js", "zero_core", "empty"].map((c) => `${c} ${us(c, "us")} (chain ${us(c, "chain_us")})`).join(", ");
    console.log(`${k} (${k === "A" ? A : B}), frames one per task ${spacing} ms apart, median µs per frame: ${row}`);
  } else {
    const us = (f) => `${med(r[k].map((x) => 1e6 / x[f])).toFixed(3)} [${Math.min(...r[k].map((x) => 1e6 / x[f])).toFixed(3)}]`;
    console.log(`${k} (${k === "A" ? A : B}), listener reads ${reads}: agentwire ${us("aw_eps")} µs/event, plain JS ${us("js_eps")}, DOM floor ${us("floor_eps")}, zero-cost core ${us("zero_core_eps")}${r[k][0].scan_eps ? `, copy + scan ${us("scan_eps")}, copy + scan + locate ${us("locate_eps")}` : ""}; ratio ${med(r[k].map((x) => x.aw_eps / x.js_eps)).toFixed(3)}`);
  }
} finally {
  sim.kill();
  rmSync(www, { recursive: true, force: true });
}
