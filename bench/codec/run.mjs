// The codec comparison of issue 14: every variant decodes the same frame mix in the same
// headless Chromium page; prints size (gzip -9 of wasm + JS glue) and µs per frame, checks
// that the variants agree, and writes bench/results/codec.json. Measures; asserts nothing
// about time.
//   node bench/codec/run.mjs [--frames N] [--reps N] [--seed N] [VARIANT…]
// (bench/codec/run.sh builds the packages first.) With variant ids, runs only those and
// writes no results file.
import { createServer } from "node:http";
import { readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { join, extname, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import os from "node:os";
import { launchChromium } from "../../scripts/lib/chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");

// The variants, by id. `dir` is the crate's directory and the package's name under
// bench/codec/pkg/; `mode` how the page drives it (www/codec.mjs). To add the new decoder:
// a crate in bench/codec/a_…/ exporting `decode_all(blob: &str) -> Vec<u32>` like (b), its
// directory in Cargo.toml's members, and `dir` and `mode: "blob"` below instead of `pending`.
// `reference` rows are timed but decode nothing comparable; `sizeOnly` rows are only sized.
export const VARIANTS = [
  { id: "a", label: "today's SDK: wire::decode_borrowed (hot views, schema tables)", dir: "a_reader", mode: "blob" },
  { id: "b", label: "serde_json, derived borrowed structs", dir: "b_serde_json", mode: "blob" },
  { id: "c", label: "JSON.parse + serde_wasm_bindgen::from_value", dir: "c_serde_wasm_bindgen", mode: "values" },
  { id: "b1", label: "(b)'s floor: envelope + channel.infochanged", dir: "b1_serde_json_floor", sizeOnly: true },
  { id: "c1", label: "(c)'s floor: envelope + channel.infochanged", dir: "c1_serde_wasm_bindgen_floor", sizeOnly: true },
  { id: "d", label: "the tree codec it replaced (frozen at 408d125)", dir: "d_tree", mode: "blob" },
  { id: "d-ev", label: "(d) for object events only", dir: "d_tree_events", mode: "blob" },
  { id: "0", label: "no decoding: crossing + split + tally", dir: "baseline", mode: "blob", reference: true },
  { id: "js", label: "JSON.parse alone, in JS (no wasm)", mode: "js-parse", reference: true },
];
const BASE = "d";

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(argv[i + 1]);
  argv.splice(i, 2);
  return v;
};
const n = opt("--frames", 200_000);
const reps = opt("--reps", 3);
const seed = opt("--seed", 14);
const only = argv;
for (const id of only) if (!VARIANTS.some((v) => v.id === id)) throw new Error(`unknown variant ${id} (${VARIANTS.map((v) => v.id).join(", ")})`);
const chosen = VARIANTS.filter((v) => !v.pending && (only.length === 0 || only.includes(v.id)));
const timed = chosen.filter((v) => !v.sizeOnly);
const full = only.length === 0;

// ---- sizes: gzip -9 of the wasm (after wasm-opt -Oz) plus the JS glue
const gz = (b) => gzipSync(b, { level: 9 }).length;
for (const v of chosen) {
  if (!v.dir) continue;
  const wasm = join(here, "pkg", v.dir, `${v.dir}_bg.wasm`);
  const js = join(here, "pkg", v.dir, `${v.dir}.js`);
  if (!existsSync(wasm)) throw new Error(`${wasm} is missing: run bench/codec/run.sh`);
  const w = readFileSync(wasm);
  const j = readFileSync(js);
  v.size = { wasm_raw: w.length, wasm_gzip: gz(w), js_raw: j.length, js_gzip: gz(j) };
  v.size.total_gzip = v.size.wasm_gzip + v.size.js_gzip;
}

// ---- a static server on 127.0.0.1 for the page, the generator and the packages
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
const server = createServer((req, res) => {
  const url = new URL(req.url, "http://x").pathname;
  const file = url.startsWith("/pkg/") ? join(here, url) : join(here, "www", url === "/" ? "index.html" : url);
  if (!file.startsWith(here) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const loadBefore = os.loadavg()[0];
const browser = await launchChromium(["--headless=new", "--js-flags=--expose-gc"]);
const browserVersion = `Chromium ${browser.version()}`;
let mix;
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e}`));
  await page.goto(`${base}/`);
  const call = (fn, arg) => page.evaluate(async ([fn, arg]) => (await import("/codec.mjs"))[fn](arg), [fn, arg]);
  mix = await call("setup", { n, seed });
  for (const v of timed) {
    await call("load", { id: v.id, dir: v.dir });
    v.warm = await call("warm", { id: v.id, mode: v.mode });
    v.times_ms = [];
  }
  // Repetitions interleaved (each rotates the order), so the machine's drift is shared.
  for (let r = 0; r < reps; r++) {
    for (let k = 0; k < timed.length; k++) {
      const v = timed[(k + r) % timed.length];
      const { ms, result } = await call("run", { id: v.id, mode: v.mode });
      v.times_ms.push(ms);
      v.result = { frames: result[0], checksum: result[1], untyped: result[2], errors: result[3] };
      process.stderr.write(`  ${v.id.padEnd(4)} rep ${r + 1}: ${ms.toFixed(0)} ms\n`);
    }
  }
} finally {
  await browser.close();
  server.close();
}

// ---- results
const loadAfter = os.loadavg()[0];
for (const v of timed) {
  const t = [...v.times_ms].sort((a, b) => a - b);
  v.median_ms = t[Math.floor(t.length / 2)];
  v.us_per_frame = (v.median_ms * 1000) / n;
}
const decoders = timed.filter((v) => !v.reference);
const agree = decoders.length > 0 && decoders.every((v) =>
  v.result.frames === n && v.result.errors === 0 &&
  v.result.checksum === decoders[0].result.checksum && v.result.untyped === decoders[0].result.untyped);
const ref = chosen.find((v) => v.id === BASE);
// The time above what a variant pays to bring the text in: (0) for the blob variants, and
// `JSON.parse` (js) for the variant that takes parsed values.
const floorOf = (v) => chosen.find((x) => x.id === (v.mode === "values" ? "js" : "0"));
for (const v of timed) {
  const fl = floorOf(v);
  v.us_per_frame_net = v.reference || !fl ? null : v.us_per_frame - fl.us_per_frame;
}

const f = (x, d = 0) => Number(x).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const cpu = (() => {
  try {
    return readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model;
  } catch {
    return os.cpus()[0]?.model;
  }
})();
const machine = `${os.cpus().length} cores (nproc), ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`;

const rows = [["", "variant", "size gzip", "wasm raw", "µs/frame", "net µs", "× (d) time", "× (d) size", "frames", "checksum"]];
for (const v of VARIANTS) {
  if (v.pending) {
    rows.push([`(${v.id})`, v.label, "pending", "", "", "", "", "", "", ""]);
    continue;
  }
  if (!chosen.includes(v)) continue;
  const t = !v.sizeOnly;
  rows.push([
    `(${v.id})`,
    v.label,
    v.size ? `${f(v.size.total_gzip)} B` : "—",
    v.size ? `${f(v.size.wasm_raw)} B` : "—",
    t ? f(v.us_per_frame, 2) : "—",
    t && v.us_per_frame_net != null ? f(v.us_per_frame_net, 2) : "",
    t && ref ? f(v.us_per_frame / ref.us_per_frame, 2) : "",
    ref?.size && v.size ? f(v.size.total_gzip / ref.size.total_gzip, 2) : "",
    t ? f(v.result.frames) : "",
    !t ? "(sized only)" : v.reference ? "(not comparable)" : `${v.result.checksum.toString(16).padStart(8, "0")}${v.result.errors ? ` ${v.result.errors} errors` : ""}`,
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`codec comparison (issue 14) — ${f(n)} frames, seed ${seed}, median of ${reps}, headless ${browserVersion}; ${machine}`);
const mixLine = Object.entries(mix.counts).sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} ${((100 * c) / n).toFixed(1)}%`);
console.log(`load average (1 min, this run included): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (other work on the machine skews the times)`);
console.log(`mix (${f(mix.utf16_units / 1e6, 1)} M characters): ${mixLine.slice(0, 6).join(", ")}, … (${mixLine.length} event names)`);
for (const r of rows) console.log(r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  "));
console.log("net µs: above (0) for the blob variants, above (js) for (c), which takes JSON.parse's objects");
console.log(VARIANTS.filter((v) => v.pending).map((v) => v.pending).join("\n"));
console.log(agree
  ? `decoders agree: ${f(n)} frames each, checksum ${decoders[0].result.checksum.toString(16).padStart(8, "0")}, ${f(decoders[0].result.untyped)} untyped (unknown events), no errors`
  : "DECODERS DISAGREE (see the frames and checksum columns)");

if (full) {
  const out = {
    date: new Date().toISOString(),
    command: "bench/codec/run.sh",
    machine,
    load_average_1min: { before: loadBefore, after: loadAfter },
    browser: browserVersion,
    frames: n,
    seed,
    repetitions: reps,
    warm_up: "one untimed pass over every frame per variant",
    mix: { utf16_units: mix.utf16_units, counts: mix.counts },
    size_method: "gzip -9 (zlib level 9) of the wasm after wasm-bindgen --target web and wasm-opt -Oz (scripts/build.sh's flags), plus gzip -9 of the JS glue",
    time_method: "median of the repetitions of one pass over every frame, timed in the page around the call(s), crossing included; us_per_frame_net subtracts (0) for the blob variants and (js) for (c)",
    reference: BASE,
    decoders_agree: agree,
    variants: VARIANTS.map((v) => v.pending
      ? { id: v.id, label: v.label, pending: true, note: v.pending }
      : v.sizeOnly
      ? { id: v.id, label: v.label, crate: v.dir, size_only: true, size: v.size, size_ratio_to_d: ref?.size ? v.size.total_gzip / ref.size.total_gzip : null }
      : {
        id: v.id, label: v.label, crate: v.dir ?? null, mode: v.mode, size: v.size ?? null,
        times_ms: v.times_ms, median_ms: v.median_ms, us_per_frame: v.us_per_frame, us_per_frame_net: v.us_per_frame_net,
        time_ratio_to_d: ref ? v.us_per_frame / ref.us_per_frame : null,
        size_ratio_to_d: ref?.size && v.size ? v.size.total_gzip / ref.size.total_gzip : null,
        result: v.result, checksum_comparable: !v.reference,
      }),
  };
  writeFileSync(join(root, "bench/results/codec.json"), JSON.stringify(out, null, 2) + "\n");
  console.log("wrote bench/results/codec.json");
} else {
  console.log("(a subset of the variants: bench/results/codec.json not written)");
}
