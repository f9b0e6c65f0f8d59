// Serves probe.js and the built probe (target/crossing-probe/pkg) and runs it in headless
// Chromium, `pages` fresh pages in a row.   node bench/crossing/run.mjs [pages]
import http from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../../scripts/lib/chromium.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const files = { "/probe.js": `${root}bench/crossing/probe.js`, "/": null };
const types = { js: "text/javascript", wasm: "application/wasm" };
const server = http.createServer((req, res) => {
  const path = req.url.startsWith("/pkg/") ? `${root}target/crossing-probe/pkg/${req.url.slice(5)}` : files[req.url];
  try {
    const body = path ? readFileSync(path) : "<!doctype html><title>crossing</title>";
    res.writeHead(200, { "content-type": path ? types[path.split(".").pop()] ?? "text/plain" : "text/html" });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
}).listen(0, "127.0.0.1");
await new Promise((r) => server.on("listening", r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
try {
  for (let k = 0; k < Number(process.argv[2] || 2); k++) {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    for (const [n, pad, nonAscii] of [[50_000, 0, false], [50_000, 200, false], [10_000, 1800, false], [50_000, 0, true]]) {
      const r = await page.evaluate(async (a) => (await import("/probe.js")).run(...a), [n, pad, nonAscii]);
      console.log(`${String(r.chars).padStart(5)} chars${r.nonAscii ? " (non-ASCII)" : "            "}: string ${r.string.toFixed(3)} µs, inbox ${r.inbox.toFixed(3)} µs per frame`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
