// Serves the Vite build of the sample app and checks, in headless Chromium, that the bundled
// package instantiates and works: exits non-zero otherwise.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { launchChromium } from "../../scripts/lib/chromium.mjs";

const root = new URL("../../target/bundler-sample/", import.meta.url).pathname;
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  const file = join(root, path === "/" ? "index.html" : path);
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
let failed = false;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("out").textContent.startsWith("events:"), null, { timeout: 10_000 });
  const text = await page.textContent("#out");
  const error = await page.getAttribute("#out", "data-error");
  if (!/^events:\d+ state:idle$/.test(text) || error !== "invalidArgument:url" || errors.length) {
    console.error(`bundler sample: unexpected page state: ${text} / ${error} / ${errors.join("; ")}`);
    failed = true;
  } else {
    console.log(`bundler sample: Vite build runs in Chromium (${text}, bad URL rejected as ${error})`);
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
