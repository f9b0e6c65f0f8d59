// Serves probe.js, the built probe (target/crossing-probe/pkg) and a WebSocket that sends the
// frames (a minimal server: handshake and unmasked text frames, nothing else), and runs the
// probe in headless Chromium on `pages` fresh pages.   node bench/crossing/run.mjs [pages]
import http from "node:http";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../../scripts/lib/chromium.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const types = { js: "text/javascript", wasm: "application/wasm" };
const server = http.createServer((req, res) => {
  const path = req.url.startsWith("/pkg/") ? `${root}target/crossing-probe/pkg/${req.url.slice(5)}` : req.url === "/probe.js" ? `${root}bench/crossing/probe.js` : null;
  try {
    const body = path ? readFileSync(path) : "<!doctype html><title>crossing</title>";
    res.writeHead(200, { "content-type": path ? types[path.split(".").pop()] ?? "text/plain" : "text/html" });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
const frame = (i, pad, nonAscii) =>
  JSON.stringify({ messageType: "objectEvent", target: `s-1.cg-${i % 50}.ch-${i % 100}`, name: "channel.infochanged", data: { state: "ACTIVE", agentStatus: { status: ["ready", "not_ready"][i % 2], lastReasonCode: "", lastReasonName: (nonAscii ? "Déjeuner 🥐 " : "") + "x".repeat(pad) } } });
server.on("upgrade", (req, socket) => {
  const accept = createHash("sha1").update(`${req.headers["sec-websocket-key"]}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  const q = new URL(req.url, "http://x").searchParams;
  const chunks = [];
  for (let i = 0; i < Number(q.get("n")); i++) {
    const payload = Buffer.from(frame(i, Number(q.get("pad")), q.get("nonAscii") === "1"));
    const head = payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 255]);
    chunks.push(head, payload);
  }
  socket.write(Buffer.concat(chunks));
  socket.on("error", () => {});
  socket.on("data", () => {}); // the client's close frame; the socket ends with the page
});
server.listen(0, "127.0.0.1");
await new Promise((r) => server.on("listening", r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
try {
  for (let k = 0; k < Number(process.argv[2] || 2); k++) {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    for (const [n, pad, nonAscii] of [[20_000, 0, false], [20_000, 200, false], [5_000, 1800, false], [20_000, 0, true]]) {
      const r = await page.evaluate(async (a) => (await import("/probe.js")).run(...a), [base.replace("http", "ws") + "/ws", n, pad, nonAscii]);
      const w = (s) => `String ${r[`${s}_string`].toFixed(3)}, inbox ${r[`${s}_inbox`].toFixed(3)}, loop ${r[`${s}_loop`].toFixed(3)}`;
      console.log(`${String(r.chars).padStart(5)} chars${r.nonAscii ? ", non-ASCII" : "           "} | socket strings: ${w("socket")} | JS strings: ${w("js")}  (µs per frame)`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
