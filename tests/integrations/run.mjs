// Runs every sample app of tests/integrations/ against the simulator and prints one line per
// check (PASS/FAIL name, seconds), then "N passed, M failed". Each app logs in, activates the
// telephony channel, goes ready, goes not ready with a reason code, and receives an inbound
// call's `interaction.created` (common/flow.js; the React app does the same with the hooks).
// Browser apps run in headless Debian Chromium (playwright-core); the Node app under node:test.
// Four checks expect a failure, and pass only when it is the documented one: Vite 6's dev
// server without `optimizeDeps.exclude`, Vite 6's build without an ES2022 target, and the
// plain page under a CSP without 'wasm-unsafe-eval', or whose connect-src lacks 'self' (the
// wasm file is fetched). Their error texts are printed.
//
//   node tests/integrations/run.mjs            every check (needs pkg/ built: scripts/build.sh)
//   node tests/integrations/run.mjs --quick    without the expected-failure checks and React 18
//   node tests/integrations/run.mjs vite csp   only the checks whose name starts so
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as netServer } from "node:net";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../../scripts/lib/chromium.mjs";
import { startSim } from "../e2e/sim.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const only = argv.filter((a) => !a.startsWith("--"));

/** The strict policy the plain page is served with (the guide quotes it). */
const CSP = "script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ws://127.0.0.1:*";

// ---- set-up: npm packages of each app, and the SDK from `npm pack` of pkg/ ----------------
const setup = spawnSync("bash", [join(HERE, "setup.sh"), "--sdk"], { stdio: "inherit" });
if (setup.status !== 0) process.exit(2);
// The shared flow, as each app's own source file (git-ignored copies).
for (const to of ["node/flow.js", "csp/flow.js", "vite/src/flow.js", "vite6/src/flow.js", "webpack/src/flow.js"]) {
  copyFileSync(join(HERE, "common", "flow.js"), join(HERE, to));
}

const freePort = () =>
  new Promise((resolve) => {
    const s = netServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
// Every page's origin must be allowed by the simulator: pages get ports picked here.
const ports = await Promise.all(Array.from({ length: 16 }, freePort));
let nextPort = 0;
const takePort = () => ports[nextPort++];
let nextAgent = 100001;
const takeAgent = () => String(nextAgent++);

const sim = await startSim({
  args: ["--generate-agents", "40", "--quiet", ...ports.flatMap((p) => ["--allow-origin", `http://127.0.0.1:${p}`])],
});
const browser = await launchChromium();
const children = new Set();
const servers = new Set();

// ---- helpers ----------------------------------------------------------------------------------
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json", ".map": "application/json" };

/** Serves `dir` on 127.0.0.1:`port` (`/` is index.html), plus `mounts` ({ "/prefix/": dir }) and `headers`. */
function serve(dir, port, { headers = {}, mounts = {} } = {}) {
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    let base = dir;
    for (const [prefix, d] of Object.entries(mounts)) {
      if (path.startsWith(prefix)) {
        base = d;
        path = path.slice(prefix.length - 1);
      }
    }
    const file = join(base, path === "/" ? "index.html" : path);
    if (!file.startsWith(base + sep)) return res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", ...headers }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  servers.add(server);
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(`http://127.0.0.1:${port}/`)));
}

/** Runs a command in an app folder; throws with its output when it fails. Returns the output. */
function run(app, cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: join(HERE, app), encoding: "utf8", env: { ...process.env, ...env }, timeout: 180_000 });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.status !== 0) throw Object.assign(new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal}):\n${out.trim()}`), { output: out });
  return out;
}

/** Starts Vite's dev server in `app` on `port`; resolves with its URL once it listens. */
function viteDev(app, port, env = {}) {
  const child = spawn(process.execPath, ["node_modules/vite/bin/vite.js", "--host", "127.0.0.1", "--port", String(port), "--strictPort", "--force", "--clearScreen", "false"], {
    cwd: join(HERE, app),
    // No colours: with CI set, Vite colours its banner, and the escapes split the port digits.
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite dev server did not start:\n${out}`)), 30_000);
    const seen = (chunk) => {
      out += chunk.replace(/\x1b\[[0-9;]*m/g, "");
      if (out.includes(`127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}/`, stop: () => stop(child) });
      }
    };
    child.stdout.setEncoding("utf8").on("data", seen);
    child.stderr.setEncoding("utf8").on("data", seen);
    child.on("exit", (code) => reject(new Error(`vite dev server exited (${code}):\n${out}`)));
  });
}

function stop(child) {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once("exit", done);
    child.kill("SIGTERM");
  });
}

/**
 * Opens `url?ws=…&agent=…` in a fresh browser context, waits for the flow to reach "waiting",
 * has the simulator offer the agent a call, waits for "done" (or "error"), and returns the
 * page's lines, the errors it logged and the WebSockets it opened. `react` (the React app)
 * additionally unmounts the session's component and reports whether the session closed.
 */
async function pageFlow(url, { react = false, query = "" } = {}) {
  const agent = takeAgent();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && errors.push(`console error: ${m.text()}`));
    // Counts the WebSockets the page opens to the simulator (not a dev server's own).
    await page.addInitScript((ws) => {
      window.__sockets = 0;
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url, ...rest) {
          super(url, ...rest);
          if (String(url) === ws) window.__sockets += 1;
        }
      };
    }, sim.wsUrl);
    const target = `${url}?ws=${encodeURIComponent(sim.wsUrl)}&agent=${agent}${query}`;
    await page.goto(target);
    const step = (want) =>
      page
        .waitForFunction((w) => w.includes(document.getElementById("out")?.dataset.step), want, { timeout: 20_000 })
        .then(() => page.evaluate(() => document.getElementById("out").dataset.step))
        .catch(() => "timeout");
    let reached = await step(["waiting", "error", "done"]);
    if (reached === "waiting") {
      await sim.control("inbound", { agent, media: "telephony" });
      reached = await step(["error", "done"]);
    }
    const lines = (await page.evaluate(() => document.getElementById("out")?.textContent ?? "")).split("\n").filter(Boolean);
    const result = { reached, lines, errors, sockets: await page.evaluate(() => window.__sockets) };
    if (react) {
      result.react = await page.textContent("#react");
      result.status = await page.textContent("#status").catch(() => null);
      result.mounts = await page.evaluate(() => window.__mounts);
      await page.click("#unmount");
      result.closedAfterUnmount = await page
        .waitForFunction(() => window.__session?.connectionState === "closed", null, { timeout: 5_000 })
        .then(() => true, () => false);
    }
    return result;
  } finally {
    await context.close();
  }
}

/**
 * The flow with `tabs: "share"`: the session runs in the package's SharedWorker, which the
 * bundler emitted; the page itself opens no WebSocket, one connection reaches the simulator.
 */
async function workerFlow(url, name) {
  const opened = (await sim.control("state")).connectionsOpened;
  const r = await pageFlow(url, { query: "&tabs=share" });
  if (!r.lines.includes("tabs via worker")) throw new Error(`${name}: the session is not in the SharedWorker: ${r.lines.join(" | ")} ${r.errors.join(" | ")}`);
  const count = (await sim.control("state")).connectionsOpened - opened;
  if (count !== 1) throw new Error(`${name}: ${count} connections at the simulator, expected 1`);
  expectFlow({ ...r, sockets: r.sockets + 1 }, name);
  if (r.sockets !== 0) throw new Error(`${name}: the page opened ${r.sockets} WebSocket(s) itself`);
}

/** Fails unless the flow went through login, ready, not ready with a reason, and the call event. */
function expectFlow(r, name) {
  const text = r.lines.join("\n");
  const why = [];
  if (r.reached !== "done") why.push(`the flow ended at "${r.reached}"`);
  if (!r.lines.includes("connected ready")) why.push("no 'connected ready'");
  if (!r.lines.includes("ready ready")) why.push("no 'ready ready'");
  if (!/^notready not_ready (\S+) \(\1\)$/m.test(text)) why.push("no 'notready not_ready CODE (CODE)'");
  if (!/^event channel\.infochanged not_ready$/m.test(text)) why.push("no channel.infochanged event to not_ready");
  if (!/^event interaction\.created \S+$/m.test(text)) why.push("no interaction.created event");
  if (r.errors.length) why.push(`errors on the page: ${r.errors.join(" | ")}`);
  if (r.sockets !== 1) why.push(`${r.sockets} WebSockets opened, expected 1`);
  if (why.length) throw new Error(`${name}: ${why.join("; ")}\n    page: ${text.replace(/\n/g, "\n          ")}`);
}

// ---- the checks -------------------------------------------------------------------------------
const checks = [];
const check = (name, fn, { slow = false } = {}) => checks.push({ name, fn, slow });

check("node: node:test, ws package", () => nodeTest([]));
check("node: node:test, Node's own WebSocket (--experimental-websocket; Node 22+ has it by default)", () =>
  nodeTest(process.versions.node.split(".")[0] >= 22 ? [] : ["--experimental-websocket"]),
);

async function nodeTest(flags) {
  const out = run("node", process.execPath, [...flags, "--test"], {
    AGENTWIRE_SIM_WS: sim.wsUrl,
    AGENTWIRE_SIM_HTTP: sim.url,
    AGENTWIRE_SIM_CONTROL_TOKEN: sim.token,
    AGENTWIRE_AGENT: takeAgent(),
  });
  if (!/^# pass 1$/m.test(out) || !/^# fail 0$/m.test(out)) throw new Error(`node --test:\n${out}`);
  return /WebSocket: ([^;]+);/.exec(out)?.[1];
}

check("csp: plain <script type=module> page, strict CSP", async () => {
  const url = await serve(join(HERE, "csp"), takePort(), { headers: { "content-security-policy": CSP }, mounts: { "/agentwire/": join(HERE, "csp", "node_modules", "agentwire") } });
  expectFlow(await pageFlow(url), "csp");
  return CSP;
});

check("csp: without 'wasm-unsafe-eval' init() fails (expected)", async () => {
  const policy = CSP.replace(" 'wasm-unsafe-eval'", "");
  const url = await serve(join(HERE, "csp"), takePort(), { headers: { "content-security-policy": policy }, mounts: { "/agentwire/": join(HERE, "csp", "node_modules", "agentwire") } });
  const r = await pageFlow(url);
  const error = r.lines.find((l) => l.startsWith("error"));
  if (r.reached !== "error" || !/wasm-unsafe-eval|unsafe-eval/.test(error ?? "")) throw new Error(`expected the CSP error, got: ${r.lines.join(" | ")}`);
  return error;
}, { slow: true });

check("csp: connect-src without 'self' blocks the wasm fetch (expected)", async () => {
  const policy = CSP.replace("connect-src 'self' ", "connect-src ");
  const url = await serve(join(HERE, "csp"), takePort(), { headers: { "content-security-policy": policy }, mounts: { "/agentwire/": join(HERE, "csp", "node_modules", "agentwire") } });
  const r = await pageFlow(url);
  const blocked = r.errors.find((l) => /agentwire_bg\.wasm' violates the following Content Security Policy directive/.test(l));
  if (r.reached !== "error" || !blocked) throw new Error(`expected the blocked fetch, got: ${r.lines.join(" | ")} / ${r.errors.join(" | ")}`);
  return `${blocked.replace(/^console error: /, "").replace(/127\.0\.0\.1:\d+/, "127.0.0.1:PORT")} (page: ${r.lines.find((l) => l.startsWith("error"))})`;
}, { slow: true });

check("vite (8): dev server", async () => {
  const dev = await viteDev("vite", takePort());
  try {
    expectFlow(await pageFlow(dev.url), "vite dev");
    await workerFlow(dev.url, "vite dev, tabs: share");
    return 'also tabs: "share" through the SharedWorker the dev server serves';
  } finally {
    await dev.stop();
  }
});

check("vite (8): build", async () => {
  run("vite", process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"]);
  const url = await serve(join(HERE, "vite", "dist"), takePort());
  expectFlow(await pageFlow(url), "vite build");
  await workerFlow(url, "vite build, tabs: share");
  return 'also tabs: "share" through the emitted SharedWorker';
});

check("vite 6: dev server without optimizeDeps.exclude fails (expected)", async () => {
  const dev = await viteDev("vite6", takePort(), { AGENTWIRE_NO_EXCLUDE: "1" });
  try {
    const r = await pageFlow(dev.url);
    const error = r.lines.find((l) => l.startsWith("error"));
    if (r.reached !== "error" || !/expected magic word 00 61 73 6d, found 3c 21 64 6f/.test(error ?? "")) throw new Error(`expected the magic-word error, got: ${r.lines.join(" | ")}`);
    return error;
  } finally {
    await dev.stop();
  }
}, { slow: true });

check("vite 6: dev server with optimizeDeps.exclude", async () => {
  const dev = await viteDev("vite6", takePort());
  try {
    expectFlow(await pageFlow(dev.url), "vite6 dev");
  } finally {
    await dev.stop();
  }
});

check("vite 6: build without target es2022 fails (expected)", async () => {
  try {
    run("vite6", process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn", "--outDir", "dist-default"], { AGENTWIRE_DEFAULT_TARGET: "1" });
  } catch (e) {
    const line = e.output.split("\n").find((l) => /Top-level await is not available/.test(l));
    if (line) return line.trim();
    throw e;
  }
  throw new Error("the build succeeded with Vite 6's default target");
}, { slow: true });

check("vite 6: build (target es2022)", async () => {
  run("vite6", process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"]);
  expectFlow(await pageFlow(await serve(join(HERE, "vite6", "dist"), takePort())), "vite6 build");
});

check("webpack 5: build", async () => {
  run("webpack", process.execPath, ["node_modules/webpack-cli/bin/cli.js"]);
  const url = await serve(join(HERE, "webpack"), takePort());
  expectFlow(await pageFlow(url), "webpack");
  await workerFlow(url, "webpack, tabs: share");
  return 'also tabs: "share" through the emitted SharedWorker';
});

/** The React app's own checks on top of the flow's. */
function expectReact(r, version, mounts) {
  const why = [];
  if (!r.react?.startsWith(`react ${version}.`)) why.push(`ran ${r.react}`);
  if (r.mounts !== mounts) why.push(`the session's component ran its mount effect ${r.mounts} times, expected ${mounts}`);
  if (!/^snapshot ready ACTIVE (busy_)?not_ready \S+$/.test(r.status ?? "")) why.push(`status rendered from the snapshot: ${r.status}`);
  if (!r.closedAfterUnmount) why.push("the session was not closed after its component unmounted");
  if (why.length) throw new Error(`react ${version}: ${why.join("; ")}`);
  return `${r.react}, effects run ${r.mounts}×, ${r.sockets} WebSocket, closed on unmount`;
}

// StrictMode runs effects twice in development only: the dev server is where it is tested.
for (const version of ["19", "18"]) {
  check(`react ${version}: agentwire/react under <StrictMode>, dev server`, async () => {
    const dev = await viteDev("react", takePort(), { REACT: version });
    try {
      const r = await pageFlow(dev.url, { react: true });
      expectFlow(r, `react ${version} dev`);
      return expectReact(r, version, 2);
    } finally {
      await dev.stop();
    }
  }, { slow: version === "18" });
}

check("react 19: agentwire/react, build", async () => {
  run("react", process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"]);
  const r = await pageFlow(await serve(join(HERE, "react", "dist"), takePort()), { react: true });
  expectFlow(r, "react 19 build");
  return expectReact(r, "19", 1);
});

// ---- run -----------------------------------------------------------------------------------
let passed = 0;
let failed = 0;
const t0 = Date.now();
try {
  for (const { name, fn, slow } of checks) {
    if (only.length && !only.some((o) => name.startsWith(o))) continue;
    if (QUICK && slow) continue;
    const t = Date.now();
    try {
      const note = await fn();
      passed += 1;
      console.log(`PASS ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)${note ? `: ${note}` : ""}`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${name} (${((Date.now() - t) / 1000).toFixed(1)} s): ${e.message}`);
    }
  }
} finally {
  await browser.close();
  for (const c of [...children]) await stop(c);
  for (const s of servers) s.close();
  await sim.stop();
}
console.log(`integrations: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
