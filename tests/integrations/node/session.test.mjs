// agentwire in a Node unit test: initSync with the wasm bytes (init() would fetch them, and
// Node's fetch does not read files), and a WebSocket: Node's own from version 22, the `ws`
// package's before. Drives a real session against the simulator the runner started
// (tests/integrations/run.mjs sets the AGENTWIRE_* variables).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as sdk from "agentwire";
import { agentFlow } from "./flow.js";

const { AGENTWIRE_SIM_WS: url, AGENTWIRE_SIM_HTTP: http, AGENTWIRE_SIM_CONTROL_TOKEN: token, AGENTWIRE_AGENT: agent } = process.env;

const socketFrom = typeof globalThis.WebSocket === "function" ? "Node's own" : "the ws package";
if (typeof globalThis.WebSocket !== "function") globalThis.WebSocket = (await import("ws")).WebSocket;

test("a session logs in, goes ready and not ready, and receives an event", { timeout: 30_000 }, async () => {
  assert.ok(url && http && token && agent, "run me from tests/integrations/run.mjs (AGENTWIRE_SIM_* and AGENTWIRE_AGENT)");
  sdk.initSync({ module: readFileSync(new URL(import.meta.resolve("agentwire/agentwire_bg.wasm"))) });
  const session = new sdk.AgentSession({ url, agent: { id: agent, password: "pass" }, onExistingSession: "replace" });
  const lines = [];
  try {
    await agentFlow(session, (line) => lines.push(line), async () => {
      const res = await fetch(new URL("control/inbound", http), {
        method: "POST",
        headers: { "content-type": "application/json", "x-agentwire-control": token },
        body: JSON.stringify({ agent, media: "telephony" }),
      });
      assert.equal(res.status, 200, `control/inbound: ${await res.text()}`);
    });
  } finally {
    session.close();
  }
  console.log(`# node ${process.version}, WebSocket: ${socketFrom}; ${lines.join("; ")}`);
  assert.ok(lines.includes("connected ready"), lines.join("\n"));
  assert.ok(lines.includes("ready ready"), lines.join("\n"));
  assert.match(lines.join("\n"), /^notready not_ready (\S+) \(\1\)$/m);
  assert.match(lines.join("\n"), /^event channel\.infochanged not_ready$/m);
  assert.match(lines.join("\n"), /^event interaction\.created \S+$/m);
});
