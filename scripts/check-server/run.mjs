// scripts/check-server.sh: checks that an interaction processor works with agentwire.
// Serves the built package (pkg/) and steps.js from a private local HTTP server, opens them
// in headless Chromium (playwright-core driving /usr/bin/chromium), and runs one real session
// through the package's public API, printing `PASS step`, `SKIP step: why` or
// `FAIL step: why` per step, then `N passed, M failed`. Exit status: 0 when nothing failed,
// 1 when a step failed, 2 on bad usage or when the check could not run at all.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { dirname, join, normalize, sep, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HERE = dirname(fileURLToPath(import.meta.url));
// A reader that stops early (`| head`) is not an error of the check.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});
const ROOT = join(HERE, "..", "..");

const USAGE = `usage: scripts/check-server.sh --url URL --agent ID --password PW [options]

Runs a real agentwire session against an interaction processor in headless Chromium and
prints PASS/FAIL per step.

  --url URL             the processor's WebSocket URL (ws://host:port/ws, wss://…)
  --agent ID            agent id
  --password PW         agent password
  --dialect D           legacy (default) or current command names
  --service-id ID       the processor's service id (skips Service Monitor discovery)
  --destination NUM     number to dial in the dial step (default +15555550100, a fictional number)
  --call-wait SECS      how long to wait for the dialled call to end before logging out (default 15)
  --timeout-ms MS       request timeout (default 10000)
  --locale TAG          locale for reason labels (default en-US)
  --replace             replace the agent's existing session instead of failing
  --allow-insecure      allow ws:// to a non-loopback host
  --page-port N         port of the local page the check runs in (default: a free one); its
                        origin http://127.0.0.1:N is what a server that checks Origin sees
                        (agentwire-sim: start it with --allow-origin http://127.0.0.1:N)
  --pkg DIR             the built package (default pkg/)
  --chromium PATH       browser executable (default /usr/bin/chromium)
  --verbose             print the session's event log after the steps
  -h, --help            this text`;

function usage(msg) {
  if (msg) console.error(`check-server: ${msg}`);
  console.error(USAGE);
  process.exit(2);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      url: { type: "string" },
      agent: { type: "string" },
      password: { type: "string" },
      dialect: { type: "string", default: "legacy" },
      "service-id": { type: "string" },
      destination: { type: "string", default: "+15555550100" },
      "call-wait": { type: "string", default: "15" },
      "timeout-ms": { type: "string", default: "10000" },
      locale: { type: "string", default: "en-US" },
      replace: { type: "boolean", default: false },
      "allow-insecure": { type: "boolean", default: false },
      "page-port": { type: "string", default: "0" },
      pkg: { type: "string", default: join(ROOT, "pkg") },
      chromium: { type: "string", default: "/usr/bin/chromium" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (e) {
  usage(e.message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
for (const k of ["url", "agent", "password"]) if (args[k] === undefined) usage(`--${k} is required`);
if (!["legacy", "current"].includes(args.dialect)) usage(`--dialect must be legacy or current, not ${args.dialect}`);
const num = (k) => {
  const n = Number(args[k]);
  if (!Number.isFinite(n) || n < 0) usage(`--${k} must be a non-negative number`);
  return n;
};
const options = {
  url: args.url,
  agent: args.agent,
  password: args.password,
  dialect: args.dialect,
  serviceId: args["service-id"],
  destination: args.destination,
  callWaitMs: num("call-wait") * 1000,
  timeoutMs: num("timeout-ms"),
  locale: args.locale,
  replace: args.replace,
  allowInsecure: args["allow-insecure"],
};

try {
  await stat(join(args.pkg, "agentwire.js"));
  await stat(join(args.pkg, "agentwire_bg.wasm"));
} catch {
  console.error(`check-server: no built package in ${args.pkg} (run scripts/build.sh first)`);
  process.exit(2);
}

let launchChromium;
try {
  ({ launchChromium } = await import("../lib/chromium.mjs"));
} catch {
  console.error("check-server: playwright-core is missing (run npm install in the repository)");
  process.exit(2);
}

// ---- a private static server for the package and the step script ----------------------

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm" };
const PAGE = `<!doctype html><meta charset="utf-8"><title>agentwire server check</title>
<script type="module" src="/steps.js"></script>`;

function fileFor(urlPath) {
  if (urlPath === "/steps.js") return join(HERE, "steps.js");
  if (!urlPath.startsWith("/pkg/")) return null;
  const rel = normalize(decodeURIComponent(urlPath.slice(5)));
  if (rel.startsWith("..") || rel.includes(`${sep}..`) || rel.includes("\0")) return null;
  return join(args.pkg, rel);
}

const server = createServer(async (req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  if (path === "/") {
    res.writeHead(200, { "content-type": TYPES[".html"] });
    res.end(PAGE);
    return;
  }
  const file = fileFor(path);
  try {
    if (!file) throw new Error("not found");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  }
});
const pagePort = Number(args["page-port"]);
if (!Number.isInteger(pagePort) || pagePort < 0 || pagePort > 65535) usage(`--page-port must be a port number, not ${args["page-port"]}`);
try {
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(pagePort, "127.0.0.1", resolve);
  });
} catch (e) {
  console.error(`check-server: cannot serve the check page on 127.0.0.1:${pagePort}: ${e.message}`);
  process.exit(2);
}
const origin = `http://127.0.0.1:${server.address().port}/`;

// ---- the run ------------------------------------------------------------------------

let browser;
let passed = 0;
let failed = 0;
try {
  browser = await launchChromium([], args.chromium);
  const page = await browser.newPage({ locale: options.locale });
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(origin);
  await page.waitForFunction(() => window.agentwireCheck !== undefined, null, { timeout: 15000 });
  await page.evaluate((o) => window.agentwireCheck.start(o), options);
  const steps = await page.evaluate(() => window.agentwireCheck.steps);
  for (const name of steps) {
    const r = await page.evaluate((n) => window.agentwireCheck.run(n), name);
    if (r.ok && r.skip) {
      console.log(`SKIP ${name}: ${r.skip}`);
    } else if (r.ok) {
      passed += 1;
      console.log(`PASS ${name}${r.detail ? ` (${r.detail})` : ""}`);
    } else {
      failed += 1;
      console.log(`FAIL ${name}: ${r.why}`);
    }
  }
  const { events } = await page.evaluate(() => window.agentwireCheck.finish());
  if (pageErrors.length) {
    failed += 1;
    console.log(`FAIL no uncaught page errors: ${pageErrors.join(" | ")}`);
  }
  if (args.verbose || (failed && process.env.CHECK_SERVER_LOG_ON_FAILURE)) {
    console.log("--- session log ---");
    for (const line of events) console.log(line);
  }
} catch (e) {
  console.log(`FAIL check could not run: ${e.message.split("\n")[0]}`);
  failed += 1;
} finally {
  await browser?.close().catch(() => {});
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
