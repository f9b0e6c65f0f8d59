// One agent, several tabs (`tabs: "share"`, issue 17) in Firefox ESR, driven through geckodriver
// (W3C WebDriver: playwright cannot drive Debian's Firefox): three tabs of one Firefox share
// one WebSocket at the simulator (Web Locks + BroadcastChannel, src/web/js/tabs.js); a command
// from each tab settles in that tab; closing the leader's tab gives a new leader within 2 s,
// still one socket, ready. The Chromium test (tests/e2e/tabs.test.mjs) covers the rest
// (crashes, commands in flight, the loop of losses, the demo).
//   node tests/e2e/tabs-firefox.test.mjs
import { launchFirefox } from "../../bench/lib/webdriver.mjs";
import { check, runner } from "./helpers.mjs";
import { startSim } from "./sim.mjs";

const AGENT = "4005";
const BOUND_MS = 2_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const sim = await startSim({ args: ["--quiet"] });
const ff = await launchFirefox();
const t = runner("tabs-firefox", () => null);
const tabs = []; // window handles

/** The simulator's sockets of the agent's session. */
async function sockets() {
  const state = await sim.control("state");
  const sid = state.agents.find((x) => x.agent === AGENT)?.session?.id;
  return state.connections.filter((c) => c.session === sid).length;
}

/** Waits until `f()` is truthy (polling), or fails with `what`. */
async function until(f, what, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
}

/** Runs `fn(arg)` in tab `handle`. */
async function inTab(handle, fn, arg = null) {
  await ff.switchTo(handle);
  return ff.run(fn.toString(), arg);
}

async function openTab() {
  const handle = tabs.length === 0 ? await ff.handle() : await ff.newTab();
  await ff.switchTo(handle);
  await ff.goto(sim.url);
  await ff.run(
    (async ({ url, agent }) => {
      const m = await import("/pkg/agentwire.js");
      const s = await m.AgentSession.create({ url, agent: { id: agent, password: "pass" }, tabs: "share", onExistingSession: "fail" });
      window.t = { s, m, events: 0 };
      s.addEventListener("protocolevent", () => window.t.events++);
      await s.connect();
      return s.connectionState;
    }).toString(),
    { url: sim.wsUrl, agent: AGENT },
  );
  tabs.push(handle);
  return handle;
}

const role = (h) => inTab(h, async () => window.t.s.tabs);

try {
  await t.step("three Firefox tabs share one WebSocket", async () => {
    for (let i = 0; i < 3; i++) await openTab();
    await until(async () => (await sockets()) === 1, "one socket at the simulator");
    const roles = [];
    for (const h of tabs) roles.push(await role(h));
    const leaders = roles.filter((r) => r.role === "leader").length;
    check(leaders === 1, `one leader: ${JSON.stringify(roles)}`);
    await until(async () => (await role(tabs[0])).count === 3, "the leader counts three tabs");
    console.log(`  roles: ${roles.map((r) => r.role).join(", ")}; sockets at the simulator: ${await sockets()}`);
  });

  await t.step("a command from each tab settles in that tab", async () => {
    for (const h of tabs) {
      const r = await inTab(h, async () => {
        const books = await window.t.s.addressBook();
        const bad = await window.t.s.ready("no-such-target").then(() => "resolved", (e) => `${e.name}:${e.kind}`);
        return { books: Array.isArray(books?.addressbooks), bad, state: window.t.s.connectionState };
      });
      check(r.books && r.state === "ready", `address book in a tab: ${JSON.stringify(r)}`);
      check(r.bad === "AgentwireError:invalidArgument", `a bad argument rejects as a typed error in that tab: ${r.bad}`);
    }
  });

  await t.step("the leader's tab closed: a new leader within 2 s, one socket, ready", async () => {
    const roles = [];
    for (const h of tabs) roles.push(await role(h));
    const leader = tabs[roles.findIndex((r) => r.role === "leader")];
    await ff.switchTo(leader);
    const t0 = Date.now();
    await ff.closeWindow();
    tabs.splice(tabs.indexOf(leader), 1);
    let ms = null;
    await until(async () => {
      for (const h of tabs) if ((await role(h)).role === "leader") return (ms = Date.now() - t0);
      return null;
    }, "a new leader", 10_000);
    await until(async () => (await inTab(tabs[0], async () => window.t.s.connectionState)) === "ready", "ready again", 10_000);
    const ready = Date.now() - t0;
    await until(async () => (await sockets()) === 1, "one socket at the simulator");
    console.log(`  leader's tab closed → new leader after ${ms} ms, ready after ${ready} ms (polled through WebDriver)`);
    check(ms <= BOUND_MS, `a new leader within ${BOUND_MS} ms: ${ms} ms`);
    for (const h of tabs) {
      const r = await inTab(h, async () => Array.isArray((await window.t.s.addressBook())?.addressbooks));
      check(r === true, "a command from each remaining tab settles");
    }
  });
} finally {
  t.summary();
  await ff.close().catch(() => {});
  sim.process.kill();
}
process.exit(t.failed ? 1 : 0);
