// The benchmark suite (issue 9): size, receive-path throughput against a plain-JS client,
// latency on a real loopback WebSocket, start-up, memory, and cost as the model grows.
// Prints a table and writes bench/results/latest.json. Measures; asserts nothing.
//   node bench/run.mjs [--quick]        (bench/run.sh builds what it needs first)
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync, rmSync, mkdirSync, copyFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { join } from "node:path";
import os from "node:os";
import { launchChromium } from "../scripts/lib/chromium.mjs";
import { launchFirefox, findGeckodriver } from "./lib/webdriver.mjs";

const quick = process.argv.includes("--quick");
const results = { quick, date: new Date().toISOString(), machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}` };

// ---- size
const files = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? files(p) : [p];
});
// Every file the package ships, agentwire/react (pkg/react.js, loaded only by React apps)
// included: the budget is the whole package's.
const pkgFiles = files("pkg").filter((f) => /\.(js|wasm)$/.test(f));
const gz = (b) => gzipSync(b, { level: 9 }).length;
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const wasm = readFileSync("pkg/agentwire_bg.wasm");
const js = pkgFiles.filter((f) => f.endsWith(".js")).map((f) => readFileSync(f));
results.size = {
  wasm_raw: wasm.length, wasm_gzip: gz(wasm), wasm_brotli: br(wasm),
  js_raw: js.reduce((a, b) => a + b.length, 0), js_gzip: js.reduce((a, b) => a + gz(b), 0),
};
results.size_gzip_bytes = results.size.wasm_gzip + results.size.js_gzip;
results.size_brotli_bytes = results.size.wasm_brotli + js.reduce((a, b) => a + br(b), 0);

// ---- start-up's medians (Chromium's and Firefox's runs alike)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The medians of `startup()`'s runs and of `startupFloor()`'s (bench/www/bench.js). */
function startupSummary(starts, floors) {
  const med = (list, k) => median(list.map((x) => x[k]));
  return {
    init_ms: med(starts, "init_ms"),
    connect_ms: med(starts, "connect_ms"),
    warm_connect_ms: med(starts, "warm_connect_ms"),
    plain_handshake_ms: med(starts, "plain_handshake_ms"),
    runs: starts.length,
    // The split of the same runs (medians of each part, so they need not add up exactly).
    fetch_ms: med(starts, "fetch_ms"),
    compile_ms: med(starts, "compile_ms"),
    init_rest_ms: med(starts, "init_rest_ms"),
    construct_ms: med(starts, "construct_ms"),
    to_socket_ms: med(starts, "to_socket_ms"),
    socket_open_ms: med(starts, "socket_open_ms"),
    handshake_ms: med(starts, "handshake_ms"),
    // The handshake split at session.start's answer: the round trips before it, the burst of
    // the session's objects after it (the page's own work; the floor's is its plain JSON.parse).
    start_answer_ms: med(starts, "start_answer_ms"),
    burst_ms: med(starts, "burst_ms"),
    // The floor, in fresh pages of its own.
    floor_wasm_ms: med(floors, "wasm_ms"),
    floor_handshake_ms: med(floors, "handshake_ms"),
    floor_open_ms: med(floors, "open_ms"),
    floor_start_answer_ms: med(floors, "start_answer_ms"),
    floor_burst_ms: med(floors, "burst_ms"),
    floor_ms: median(floors.map((x) => x.wasm_ms + x.handshake_ms)),
  };
}

// The copy + scan and copy + scan + locate floors of one browser's two throughput() calls
// (listener reads data / only target): µs per event and best ratios, null when not measured.
function ladderKeys(d, t) {
  const us = (eps) => (eps ? 1e6 / eps : null);
  const ratio = (eps, js) => (eps ? eps / js : null);
  if (d.floor_module_errors || t.floor_module_errors) console.error(`bench: the floor module rejected ${d.floor_module_errors + t.floor_module_errors} frames`);
  return {
    copy_scan_us_per_event: us(d.scan_eps), copy_scan_ratio: ratio(d.scan_eps, d.js_eps),
    copy_scan_locate_us_per_event: us(d.locate_eps), copy_scan_locate_ratio: ratio(d.locate_eps, d.js_eps),
    copy_scan_target_only: {
      copy_scan_us_per_event: us(t.scan_eps), copy_scan_ratio: ratio(t.scan_eps, t.js_eps),
      copy_scan_locate_us_per_event: us(t.locate_eps), copy_scan_locate_ratio: ratio(t.locate_eps, t.js_eps),
      zero_core_us_per_event: us(t.zero_core_eps), agentwire_us_per_event: us(t.aw_eps), plain_js_us_per_event: us(t.js_eps), dom_floor_us_per_event: us(t.floor_eps),
    },
  };
}

// ---- simulator + browser
// The glue's classes for the "floor of the design" rows (bench.js zeroCoreClient): the package
// bundles them into agentwire.js, so bench/www/gen/glue.js is made of the same source,
// minified as the package's JS is.
rmSync("bench/www/gen", { recursive: true, force: true });
mkdirSync("bench/www/gen");
copyFileSync("src/web/js/glue.js", "bench/www/gen/glue.js");
execFileSync(process.execPath, ["scripts/minify.mjs", "bench/www/gen"], { stdio: "inherit" });
// The "copy + scan + dispatch" floor's module (bench.js scanCoreClient; bench/floor/build.sh,
// which bench/run.sh runs): the SDK's JSON reader alone. Without it those rows are left out.
const floorWasm = "bench/floor/pkg/floor.wasm";
if (existsSync(floorWasm)) copyFileSync(floorWasm, "bench/www/gen/floor.wasm");
else console.error(`bench: ${floorWasm} not built (bench/floor/build.sh): the copy + scan floor rows are not measured`);
const simBin = existsSync("target/release/agentwire-sim") ? "target/release/agentwire-sim" : "target/debug/agentwire-sim";
const sim = spawn(simBin, ["--port", "0", "-q", "--www", "bench/www", "--pkg", "pkg", "--generate-agents", "40"], { stdio: ["ignore", "pipe", "inherit"] });
// The first stdout line names the URL, the second the control token (the latency page sends it).
const [base, token] = await new Promise((resolve, reject) => {
  let buf = "";
  sim.stdout.on("data", (d) => { buf += d; const m = buf.match(/listening on (http:\/\/127\.0\.0\.1:\d+).*\n.*control token: (\S+)\n/); if (m) resolve([m[1], m[2]]); });
  sim.on("exit", (c) => reject(new Error(`simulator exited ${c}`)));
});
const wsUrl = `${base.replace("http", "ws")}/ws`;
const browser = await launchChromium(["--js-flags=--expose-gc", "--enable-precise-memory-info"]);
const fresh = async () => {
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e}`));
  await page.goto(`${base}/`);
  return page;
};
try {
  // Frames one per task: [spacing in ms (0: back-to-back tasks), frames per client].
  const isolatedRuns = quick ? [[0, 1000], [2, 400]] : [[0, 5000], [2, 2000], [10, 400]];
  const isolatedRow = (r) => ({
    spacing_ms: r.spacing, frames: r.frames,
    ...Object.fromEntries(["agentwire", "plain_js", "zero_core", "empty", "copy_scan", "copy_scan_locate"].filter((c) => r[c]).flatMap((c) => [[`${c}_us_per_frame`, r[c].us], [`${c}_chain_us_per_frame`, r[c].chain_us]])),
  });
  // Start-up: init() to ready against the simulator (median of 5 fresh pages), each followed
  // by a fresh page that measures the floor: the same wasm fetched and compiled with no SDK,
  // and the plain-JS handshake on the page's first socket.
  const starts = [];
  const floors = [];
  // Each page its own agents with no session yet (generated agents 100005…; 100001–100004 are
  // the latency runs'): a session the simulator kept from an earlier connection would add the
  // override prompt's round trip (WIRE-PROFILE §3.4) to agentwire's start-up and not to the
  // floor's plain-JS client, which asks `override: true` at once. The second connect() in the
  // start-up page takes another agent than the first, for the same reason.
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    const [mine, again, floor] = [0, 1, 2].map((k) => `${100005 + 3 * i + k}`);
    let page = await fresh();
    starts.push(await page.evaluate(async ([url, a, b]) => (await import("/bench.js")).startup(url, a, b), [wsUrl, mine, again]));
    await page.close();
    page = await fresh();
    floors.push(await page.evaluate(async ([url, a]) => (await import("/bench.js")).startupFloor(url, a), [wsUrl, floor]));
    await page.close();
  }
  results.startup_ms = median(starts.map((x) => x.ms));
  results.startup = startupSummary(starts, floors);

  // Throughput, side by side in one page, and as the model grows.
  const page = await fresh();
  const tp = (o) => page.evaluate(async (o) => (await import("/bench.js")).throughput(o), o);
  const frames = quick ? 20_000 : 100_000;
  const main = await tp({ channels: 100, entries: 100, frames, rounds: quick ? 2 : 5 });
  const lazy = await tp({ channels: 100, entries: 100, frames, rounds: quick ? 2 : 5, reads: "target" });
  results.throughput = {
    listener: "reads detail.target and detail.data",
    agentwire_eps: main.aw_eps, plain_js_eps: main.js_eps, dom_floor_eps: main.floor_eps,
    agentwire_us_per_event: 1e6 / main.aw_eps, plain_js_us_per_event: 1e6 / main.js_eps, dom_floor_us_per_event: 1e6 / main.floor_eps,
    target_only: { agentwire_eps: lazy.aw_eps, plain_js_eps: lazy.js_eps, ratio: lazy.aw_eps / lazy.js_eps, zero_core_eps: lazy.zero_core_eps, zero_core_ratio: lazy.zero_core_eps / lazy.js_eps, parse_once_ratio: lazy.parse_once_eps / lazy.js_eps },
    // agentwire's JS side (copy in, events out) with a core that costs nothing: the floor of
    // this design, and the best ratio any core could reach under it.
    zero_core_eps: main.zero_core_eps, zero_core_us_per_event: 1e6 / main.zero_core_eps, zero_core_ratio: main.zero_core_eps / main.js_eps,
    // Another design's floor: JSON.parse once in JS, the schema's members handed to the core.
    parse_once_eps: main.parse_once_eps, parse_once_us_per_event: 1e6 / main.parse_once_eps, parse_once_ratio: main.parse_once_eps / main.js_eps,
    // The ladder's next rungs (bench.js scanCoreClient): the same JS side with the core replaced
    // by the SDK's JSON reader validating each frame (copy + scan), then also locating the
    // event's kind, name, target and data (copy + scan + locate).
    ...ladderKeys(main, lazy),
  };
  // The floor's parts without events (bench.js floorParts): copy, + scan, + scan + locate.
  results.floor_parts = await page.evaluate(async (o) => (await import("/bench.js")).floorParts(o), { frames, rounds: quick ? 5 : 10 });
  results.throughput_ratio = main.aw_eps / main.js_eps;
  results.throughput_ratio_target_only = lazy.aw_eps / lazy.js_eps;
  results.scaling = [];
  const shapes = quick
    ? [[10, 10, 0], [1000, 10, 0], [100, 1000, 50]]
    : [[10, 10, 0], [100, 10, 0], [1000, 10, 0], [100, 10, 50], [100, 1000, 50], [100, 10000, 50]];
  for (const [channels, entries, bookEvery] of shapes) {
    const r = await tp({ channels, entries, frames: quick ? 5_000 : 30_000, bookEvery, rounds: quick ? 1 : 3 });
    results.scaling.push({ channels, entries, bookEvery, agentwire_eps: r.aw_eps, plain_js_eps: r.js_eps, agentwire_us_per_event: 1e6 / r.aw_eps, plain_js_us_per_event: 1e6 / r.js_eps });
  }
  // Memory after many events (the model does not grow).
  const mem = await page.evaluate(async (n) => (await import("/bench.js")).memory({ frames: n }), quick ? 200_000 : 1_000_000);
  results.memory = mem;
  // Frames one per task (isolated frames), after the runs above in the same page (warm).
  results.isolated = [];
  for (const [spacing, n] of isolatedRuns) results.isolated.push(isolatedRow(await page.evaluate(async (o) => (await import("/bench.js")).isolated(o), { frames: n, spacing })));
  await page.close();

  // Latency on a real loopback WebSocket from the simulator's flood.
  results.latency = [];
  for (const [rate, agent] of [[1000, "100001"], [10000, "100002"]]) {
    const p = await fresh();
    results.latency.push(await p.evaluate(async ([url, control, agent, rate, s]) =>
      (await import("/bench.js")).latency(url, control, agent, rate, s), [wsUrl, { base, token }, agent, rate, quick ? 2 : 5]));
    await p.close();
  }
  results.latency_p99_ms_10k = results.latency.find((l) => l.rate === 10000)?.p99;

  // The same two receive-path ratios in Firefox ESR (through geckodriver).
  if (findGeckodriver()) {
    const ff = await launchFirefox();
    try {
      await ff.goto(`${base}/`);
      const run = (o) => ff.run("async (o) => (await import('/bench.js')).throughput(o)", o);
      const rounds = quick ? 2 : 5;
      const d = await run({ channels: 100, entries: 100, frames, rounds });
      const t = await run({ channels: 100, entries: 100, frames, rounds, reads: "target" });
      results.firefox = {
        agentwire_us_per_event: 1e6 / d.aw_eps, plain_js_us_per_event: 1e6 / d.js_eps, dom_floor_us_per_event: 1e6 / d.floor_eps,
        target_only: { agentwire_eps: t.aw_eps, plain_js_eps: t.js_eps, ratio: t.aw_eps / t.js_eps, zero_core_eps: t.zero_core_eps, zero_core_ratio: t.zero_core_eps / t.js_eps },
        // agentwire's JS side with a zero-cost core (bench.js zeroCoreClient), as in Chromium.
        zero_core_us_per_event: 1e6 / d.zero_core_eps, zero_core_ratio: d.zero_core_eps / d.js_eps,
        ...ladderKeys(d, t),
        isolated: [],
      };
      // Frames one per task in a Firefox of its own whose clock is not coarsened to 1 ms
      // (`privacy.reduceTimerPrecision` off: 20 µs steps left): the throughput rows above keep
      // the default profile, so they stay comparable with earlier runs.
      const ffi = await launchFirefox({ prefs: { "privacy.reduceTimerPrecision": false } });
      try {
        await ffi.goto(`${base}/`);
        for (const [spacing, n] of isolatedRuns) {
          const r = await ffi.run("async (o) => (await import('/bench.js')).isolated(o)", { frames: n, spacing });
          results.firefox.isolated.push(isolatedRow(r));
        }
      } finally {
        await ffi.close();
      }
      results.firefox.floor_parts = await ff.run("async (o) => (await import('/bench.js')).floorParts(o)", { frames, rounds: quick ? 5 : 10 });
      results.throughput_ratio_firefox = d.aw_eps / d.js_eps;
      results.throughput_ratio_target_only_firefox = t.aw_eps / t.js_eps;
    } finally {
      await ff.close();
    }
    // Start-up in Firefox ESR: startup() and startupFloor() as in Chromium above, the same
    // number of runs, each in a new tab (closed after it) on agents of its own (100021…;
    // Chromium's are 100005–100019), in a Firefox of its own (the one above closed) with one
    // pref changed: its clock not coarsened to 1 ms, as the isolated rows' Firefox (the
    // phases are 1–10 ms). `network.websocket.delay-failed-reconnects` keeps Firefox's default:
    // since the ninth session the simulator answers a client's close (RFC 6455 §5.5.1); before,
    // it dropped the connection, the page saw 1006, and Firefox delayed the next socket to the
    // same host and port by 100–400 ms as after a failed connection.
    const ffs = await launchFirefox({ prefs: { "privacy.reduceTimerPrecision": false } });
    try {
      await ffs.goto(`${base}/`);
      const home = await ffs.handle();
      const inTab = async (fn, arg) => {
        await ffs.switchTo(await ffs.newTab());
        try {
          await ffs.goto(`${base}/`);
          return await ffs.run(fn, arg);
        } finally {
          await ffs.closeWindow();
          await ffs.switchTo(home);
        }
      };
      const ffStarts = [];
      const ffFloors = [];
      for (let i = 0; i < (quick ? 3 : 5); i++) {
        const [mine, again, floor] = [0, 1, 2].map((k) => `${100021 + 3 * i + k}`);
        ffStarts.push(await inTab("async ([url, a, b]) => (await import('/bench.js')).startup(url, a, b)", [wsUrl, mine, again]));
        ffFloors.push(await inTab("async ([url, a]) => (await import('/bench.js')).startupFloor(url, a)", [wsUrl, floor]));
      }
      results.firefox.startup_ms = median(ffStarts.map((x) => x.ms));
      results.firefox.startup = startupSummary(ffStarts, ffFloors);
    } finally {
      await ffs.close();
    }
  } else {
    console.error("bench: geckodriver not found: the Firefox figures are not measured (scripts/setup.sh installs it)");
  }
} finally {
  await browser.close();
  sim.kill();
}

// ---- report
const f = (n, d = 0) => Number(n).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
// The start-up rows, Chromium's (`ff` false) or Firefox's: the same keys, the notes where the
// engines differ (Chromium compiles a wasm function on its first call, Firefox the whole
// module at instantiation).
const startupRows = (ff, ms, s) => [
  [`${ff ? "Firefox ESR: " : ""}start-up: init() → ready`, `${f(ms, 1)} ms`, `median, against the simulator${ff ? ", a new tab per run" : ""}`],
  ["  init() (wasm fetch + compile + instantiate) / connect() → ready", `${f(s.init_ms, 1)} / ${f(s.connect_ms, 1)} ms`, "medians of the same runs"],
  ["  wasm: fetch / compile + instantiate / rest of init()", `${f(s.fetch_ms, 1)} / ${f(s.compile_ms, 1)} / ${f(s.init_rest_ms, 1)} ms`, `to the headers / streaming compile (${ff ? "the whole module" : "lazy: validation"}) / start + glue`],
  ["  constructor / connect() → socket / socket open / handshake", `${f(s.construct_ms, 1)} / ${f(s.to_socket_ms, 1)} / ${f(s.socket_open_ms, 1)} / ${f(s.handshake_ms, 1)} ms`, ff ? "the module compiled at init(): no compile on a first call" : "first calls compile their wasm functions"],
  ["  handshake: to session.start's answer / the session's objects", `${f(s.start_answer_ms, 1)} / ${f(s.burst_ms, 1)} ms; floor ${f(s.floor_start_answer_ms, 1)} / ${f(s.floor_burst_ms, 1)} ms`, "the requests' round trips / the burst after the answer"],
  ["  floor, fresh pages: wasm fetch + compile / plain-JS handshake", `${f(s.floor_ms, 1)} ms: ${f(s.floor_wasm_ms, 1)} / ${f(s.floor_handshake_ms, 1)} ms`, `no SDK; the first socket, its opening ${f(s.floor_open_ms, 1)} ms`],
  ["  connect() again in the same page / plain-JS handshake", `${f(s.warm_connect_ms, 1)} / ${f(s.plain_handshake_ms, 1)} ms`, `${ff ? "warm" : "functions compiled"} / the same page's later socket`],
];
// The floor ladder's rows of one browser (`x`: results.throughput or results.firefox).
const ladderRows = (b, x) => (x.copy_scan_us_per_event == null ? [] : [
  ...(x.floor_parts ? [["  the floor's parts, no events: copy / + scan / + scan + locate", `${f(x.floor_parts.copy_us_per_frame, 2)} / ${f(x.floor_parts.scan_us_per_frame, 2)} / ${f(x.floor_parts.locate_us_per_frame, 2)} µs`, `${b}per frame, best of ${x.floor_parts.rounds} rounds`]] : []),
  ["  floor + the SDK's reader: copy + scan", `${f(x.copy_scan_us_per_event, 2)} µs; best ratio ${f(x.copy_scan_ratio, 2)} / ${f(x.copy_scan_target_only.copy_scan_ratio, 2)}`, `${b}every frame validated in wasm; reads data / only target`],
  ["  floor + the SDK's reader: copy + scan + locate", `${f(x.copy_scan_locate_us_per_event, 2)} µs; best ratio ${f(x.copy_scan_locate_ratio, 2)} / ${f(x.copy_scan_target_only.copy_scan_locate_ratio, 2)}`, `${b}and kind, name, target, data located`],
  ["  ladder, reads data: DOM → zero core → scan → locate → agentwire", [x.dom_floor_us_per_event, x.zero_core_us_per_event, x.copy_scan_us_per_event, x.copy_scan_locate_us_per_event, x.agentwire_us_per_event].map((v) => f(v, 2)).join(" → ") + " µs", `${b}plain JS ${f(x.plain_js_us_per_event, 2)} µs`],
  ["  ladder, reads only target", (({ dom_floor_us_per_event: a, zero_core_us_per_event: z, copy_scan_us_per_event: s, copy_scan_locate_us_per_event: l, agentwire_us_per_event: w }) => [a, z, s, l, w])(x.copy_scan_target_only).map((v) => f(v, 2)).join(" → ") + " µs", `${b}plain JS ${f(x.copy_scan_target_only.plain_js_us_per_event, 2)} µs`],
]);
const rows = [
  ["package (wasm + JS glue), gzip -9", `${f(results.size_gzip_bytes)} B`, "budget 61,440 B"],
  ["  wasm raw / gzip / brotli", `${f(results.size.wasm_raw)} / ${f(results.size.wasm_gzip)} / ${f(results.size.wasm_brotli)} B`, ""],
  ["  JS glue raw / gzip", `${f(results.size.js_raw)} / ${f(results.size.js_gzip)} B`, ""],
  ["receive path, agentwire", `${f(results.throughput.agentwire_eps)} events/s`, "100 channels, mixed stream"],
  ["receive path, plain JS", `${f(results.throughput.plain_js_eps)} events/s`, "same page, same run"],
  ["throughput ratio (agentwire ÷ plain JS)", f(results.throughput_ratio, 2), "goal ≥ 1.00; listener reads data"],
  ["  per event: agentwire / plain JS / DOM floor", `${f(results.throughput.agentwire_us_per_event, 2)} / ${f(results.throughput.plain_js_us_per_event, 2)} / ${f(results.throughput.dom_floor_us_per_event, 2)} µs`, "floor: CustomEvent + dispatch only"],
  ["  ratio when the listener reads only target", f(results.throughput_ratio_target_only, 2), "agentwire's data stays unparsed"],
  ["  floor of the design: its JS side, zero-cost core", `${f(results.throughput.zero_core_us_per_event, 2)} µs; best ratio ${f(results.throughput.zero_core_ratio, 2)} / ${f(results.throughput.target_only.zero_core_ratio, 2)}`, "copy in + events out; reads data / only target"],
  ...ladderRows("", { ...results.throughput, floor_parts: results.floor_parts }),
  ["  floor of parse-once-in-JS (zero-cost core)", `${f(results.throughput.parse_once_us_per_event, 2)} µs; best ratio ${f(results.throughput.parse_once_ratio, 2)} / ${f(results.throughput.target_only.parse_once_ratio, 2)}`, "another design, measured for comparison"],
  ...(results.firefox ? [
    ["Firefox ESR: ratio, reads data / only target", `${f(results.throughput_ratio_firefox, 2)} / ${f(results.throughput_ratio_target_only_firefox, 2)}`, "same page and clients, through geckodriver"],
    ["  per event: agentwire / plain JS / DOM floor", `${f(results.firefox.agentwire_us_per_event, 2)} / ${f(results.firefox.plain_js_us_per_event, 2)} / ${f(results.firefox.dom_floor_us_per_event, 2)} µs`, "Firefox ESR"],
    ["  floor of the design: its JS side, zero-cost core", `${f(results.firefox.zero_core_us_per_event, 2)} µs; best ratio ${f(results.firefox.zero_core_ratio, 2)} / ${f(results.firefox.target_only.zero_core_ratio, 2)}`, "Firefox ESR; reads data / only target"],
    ...ladderRows("Firefox ESR; ", results.firefox),
  ] : [["Firefox ESR", "not measured", "no geckodriver"]]),
  ...[["", results.isolated], ["Firefox ESR: ", results.firefox?.isolated ?? []]].flatMap(([b, list]) => list.map((r) => [
    `${b}frames one per task, ${r.spacing_ms ? `${r.spacing_ms} ms apart` : "back to back"}`,
    // The chain estimate only back to back: 2 ms timers' own jitter (tens of µs) swamps it.
    `${f(r.agentwire_us_per_frame, 1)} / ${f(r.plain_js_us_per_frame, 1)} / ${f(r.zero_core_us_per_frame, 1)}${r.copy_scan_us_per_frame == null ? "" : ` / ${f(r.copy_scan_us_per_frame, 1)} / ${f(r.copy_scan_locate_us_per_frame, 1)}`} µs${r.spacing_ms ? "" : ` (chain ${f(r.agentwire_chain_us_per_frame, 1)} / ${f(r.plain_js_chain_us_per_frame, 1)} / ${f(r.zero_core_chain_us_per_frame, 1)})`}`,
    `agentwire / plain JS / zero-cost core${r.copy_scan_us_per_frame == null ? "" : " / copy + scan / + locate"}, ${f(r.frames)} frames each; clock reads ${f(r.empty_us_per_frame, 1)} µs`,
  ])),
  ...results.latency.map((l) => [`latency at ${f(l.rate)} ev/s (p50 / p99 / max)`, `${f(l.p50, 3)} / ${f(l.p99, 3)} / ${f(l.max, 3)} ms`, `${f(l.events)} events`]),
  ...startupRows(false, results.startup_ms, results.startup),
  ...(results.firefox?.startup ? startupRows(true, results.firefox.startup_ms, results.firefox.startup) : []),
  [`memory after ${f(results.memory.frames)} events`, `heap ${f(results.memory.before.heap / 1048576, 2)} → ${f(results.memory.after.heap / 1048576, 2)} MiB, wasm ${f(results.memory.before.wasm / 1048576, 2)} → ${f(results.memory.after.wasm / 1048576, 2)} MiB`, ""],
  ...results.scaling.map((s) => [`  ${s.channels} channels, book ${s.entries}${s.bookEvery ? ` (update every ~${s.bookEvery})` : ""}`, `${f(s.agentwire_us_per_event, 2)} µs vs ${f(s.plain_js_us_per_event, 2)} µs per event`, "agentwire vs plain JS"]),
];
const w = Math.max(...rows.map((r) => r[0].length));
const w2 = Math.max(...rows.map((r) => r[1].length));
console.log(`agentwire benchmarks${quick ? " (quick)" : ""} — ${results.machine}`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w)}  ${b.padEnd(w2)}  ${c}`);
writeFileSync("bench/results/latest.json", JSON.stringify(results, null, 2) + "\n");
console.log("wrote bench/results/latest.json");
