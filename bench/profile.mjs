// A CPU profile of the receive path in one Chromium page (README, "Size and performance"):
//   node bench/profile.mjs [PKG_DIR] [aw|js|floor]   (build with scripts/build.sh --names to name the wasm's functions)
import { spawn, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { launchChromium } from "../scripts/lib/chromium.mjs";
const pkg = process.argv[2] || "pkg";
// bench.js's throughput() loads the glue's classes for its floor rows from bench/www/gen, which
// only bench/run.mjs made: made here the same way (a run without it failed to fetch them).
rmSync("bench/www/gen", { recursive: true, force: true });
mkdirSync("bench/www/gen");
copyFileSync("src/web/js/glue.js", "bench/www/gen/glue.js");
execFileSync(process.execPath, ["scripts/minify.mjs", "bench/www/gen"], { stdio: "inherit" });
const sim = spawn("target/release/agentwire-sim", ["--port", "0", "-q", "--www", "bench/www", "--pkg", pkg, "--generate-agents", "4"], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((res) => { let b = ""; sim.stdout.on("data", (d) => { b += d; const m = b.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/); if (m) res(m[1]); }); });
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(base + "/");
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
await page.evaluate(async () => (await import("/bench.js")).throughput({ channels: 100, entries: 100, frames: 20000, rounds: 1 }));
await cdp.send("Profiler.start");
const only = process.argv[3] || null;
const r = await page.evaluate(async (only) => (await import("/bench.js")).throughput({ channels: 100, entries: 100, frames: 50000, rounds: 3, only }), only);
const { profile } = await cdp.send("Profiler.stop");
console.log("aw", r.aw_eps | 0, "js", r.js_eps | 0, "ratio", (r.aw_eps / r.js_eps).toFixed(2));
const self = new Map(); const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; let total = 0;
profile.samples.forEach((id, i) => { const n = byId.get(id); const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) || 0) + dt[i]); total += dt[i]; });
const cat = {};
for (const [k, v] of self) { const c = k.includes(".wasm") ? "wasm" : k.includes("glue.js") ? "glue" : k.includes("agentwire.js") || k.includes("agentwire_wasm.js") || k.startsWith("wasm-to-js") || k.startsWith("js-to-wasm") ? "bindgen" /* and the glue: one module since scripts/bundle.mjs */ : k.includes("bench.js") ? "bench" : k.split(" ")[0]; cat[c] = (cat[c] || 0) + v; }
console.log(Object.entries(cat).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k} ${(v / total * 100).toFixed(1)}%`).join(" | "));
[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 45).forEach(([k, v]) => console.log((v / total * 100).toFixed(1).padStart(5) + "%", k.slice(0, 110)));
await browser.close(); sim.kill();
