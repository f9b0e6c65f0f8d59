// One agent, several tabs (`tabs: "share"`, issue 17) in Firefox ESR, driven through geckodriver
// (W3C WebDriver: playwright cannot drive Debian's Firefox), on both paths of src/web/js/tabs.js:
//   - through the SharedWorker (src/web/js/worker.js): three tabs share one WebSocket at the
//     simulator, every tab `via: "worker"`; a command from each tab settles in that tab (a bad
//     argument rejects there as a typed AgentwireError); the first tab closed, the others stay
//     ready with no reconnect; every tab closed, the socket closes at the simulator; the
//     browser offline 3 s (its own switch, which reaches the worker): no attempt, every tab
//     told OFFLINE, online → ready within 2 s in every tab;
//   - by election (each page removes SharedWorker first: Web Locks + BroadcastChannel): three
//     tabs, one socket, a command per tab; closing the leader's tab gives a new leader within
//     2 s, still one socket, ready.
// The Chromium tests (tests/e2e/tabs-worker.test.mjs, tabs.test.mjs) cover the rest (crashes,
// commands in flight, the loop of losses, the back/forward cache, the demo).
//   node tests/e2e/tabs-firefox.test.mjs
import { launchFirefox } from "../../bench/lib/webdriver.mjs";
import { check, runner, socketsOf, until } from "./helpers.mjs";
import { startSim } from "./sim.mjs";

let AGENT = "4004";
const BOUND_MS = 2_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const sim = await startSim({ args: ["--quiet"] });
// The browser's own offline switch (chrome context) reaches the SharedWorker too.
const ff = await launchFirefox({ systemAccess: true, prefs: { "network.manage-offline-status": false } });
const t = runner("tabs-firefox", () => null);
let tabs = []; // window handles

/** The simulator's sockets of the agent's session. */
const sockets = () => socketsOf(sim, AGENT);


/** Runs `fn(arg)` in tab `handle`. */
async function inTab(handle, fn, arg = null) {
  await ff.switchTo(handle);
  return ff.run(fn.toString(), arg);
}

/** Opens a tab with a shared session of AGENT, connected (`locks`: SharedWorker removed first). */
async function openTab(locks = false) {
  const handle = tabs.length === 0 && !opened ? await ff.handle() : await ff.newTab();
  opened = true;
  await ff.switchTo(handle);
  await ff.goto(sim.url);
  await ff.run(
    (async ({ url, agent, locks }) => {
      if (locks) delete window.SharedWorker;
      const m = await import("/pkg/agentwire.js");
      const s = await m.AgentSession.create({ url, agent: { id: agent, password: "pass" }, tabs: "share", onExistingSession: "fail" });
      window.t = { s, m, events: 0, log: [] };
      s.addEventListener("protocolevent", () => window.t.events++);
      s.addEventListener("connectionchange", (e) => window.t.log.push({ wall: Date.now(), state: e.detail.state, cause: e.detail.cause?.code ?? null }));
      await s.connect();
      return s.connectionState;
    }).toString(),
    { url: sim.wsUrl, agent: AGENT, locks },
  );
  tabs.push(handle);
  return handle;
}
let opened = false;

const role = (h) => inTab(h, async () => window.t.s.tabs);

/** A command and a bad argument in each tab settle there. */
async function commandInEachTab() {
  for (const h of tabs) {
    const r = await inTab(h, async () => {
      const books = await window.t.s.addressBook();
      const bad = await window.t.s.ready("no-such-target").then(() => "resolved", (e) => `${e instanceof window.t.m.AgentwireError}:${e.name}:${e.kind}`);
      return { books: Array.isArray(books?.addressbooks), bad, state: window.t.s.connectionState };
    });
    check(r.books && r.state === "ready", `address book in a tab: ${JSON.stringify(r)}`);
    check(r.bad === "true:AgentwireError:invalidArgument", `a bad argument rejects as a typed error in that tab: ${r.bad}`);
  }
}

try {
  await t.step("three Firefox tabs share one WebSocket through the SharedWorker", async () => {
    const before = (await sim.control("state")).connectionsOpened;
    for (let i = 0; i < 3; i++) await openTab();
    await until(async () => (await sockets()) === 1, "one socket at the simulator");
    await until(async () => (await role(tabs[2])).count === 3, "three tabs counted");
    const roles = [];
    for (const h of tabs) roles.push(await role(h));
    check(roles.every((r) => r.via === "worker" && r.role === "follower"), `every tab a follower of the worker: ${JSON.stringify(roles)}`);
    check((await sim.control("state")).connectionsOpened - before === 1, "one connection opened for three tabs");
    console.log(`  roles: ${roles.map((r) => `${r.via}/${r.role}`).join(", ")}; sockets at the simulator: ${await sockets()}`);
  });

  await t.step("a command from each tab settles in that tab (SharedWorker)", commandInEachTab);

  await t.step("offline 3 s: the worker's session makes no attempt, every tab is told OFFLINE; online → ready within 2 s in every tab", async () => {
    const opened = (await sim.control("state")).connectionsOpened;
    const off = Date.now();
    await ff.runChrome("Services.io.offline = true;");
    let openedOffline;
    try {
      await sleep(3000);
      openedOffline = (await sim.control("state")).connectionsOpened - opened;
    } finally {
      var on = Date.now();
      await ff.runChrome("Services.io.offline = false;");
    }
    let slowest = 0;
    for (const h of tabs) {
      const ms = await until(async () => {
        const log = await inTab(h, async () => window.t.log);
        const during = log.filter((e) => e.wall >= off && e.wall < on);
        check(during.some((e) => e.state === "reconnecting" && e.cause === "OFFLINE"), `the tab was told OFFLINE: ${JSON.stringify(during)}`);
        check(!during.some((e) => e.state === "connecting"), `no attempt while offline: ${JSON.stringify(during)}`);
        const ready = log.find((e) => e.state === "ready" && e.wall >= on);
        return ready ? Math.max(1, ready.wall - on) : null;
      }, "ready after online", 10_000);
      slowest = Math.max(slowest, ms);
    }
    console.log(`  offline 3 s: ${openedOffline} connection(s) opened meanwhile; every tab ready ≤ ${slowest} ms after online (the tabs' clocks)`);
    check(openedOffline === 0, `no connection opened while offline: ${openedOffline}`);
    check(slowest <= BOUND_MS, `ready within ${BOUND_MS} ms of online: ${slowest} ms`);
    await until(async () => (await sockets()) === 1, "one socket at the simulator");
  });

  await t.step("the first tab closed: the others stay ready, no reconnect; all closed: the socket closes", async () => {
    const before = (await sim.control("state")).connectionsOpened;
    await ff.switchTo(tabs[0]);
    await ff.closeWindow();
    tabs.shift();
    await until(async () => (await role(tabs[0])).count === 2, "two tabs counted");
    for (const h of tabs) {
      const r = await inTab(h, async () => ({ state: window.t.s.connectionState, book: Array.isArray((await window.t.s.addressBook())?.addressbooks) }));
      check(r.state === "ready" && r.book, `the others go on: ${JSON.stringify(r)}`);
    }
    check((await sim.control("state")).connectionsOpened === before && (await sockets()) === 1, "no new connection, one socket");
    // A window stays open (WebDriver's session ends with its last window): a blank tab.
    const blank = await ff.newTab();
    for (const h of tabs) {
      await ff.switchTo(h);
      await ff.closeWindow();
    }
    tabs = [];
    await ff.switchTo(blank);
    const t0 = Date.now();
    await until(async () => (await sockets()) === 0, "the socket closed at the simulator");
    console.log(`  every tab closed → the socket closed at the simulator after ${Date.now() - t0} ms (polled)`);
  });

  await t.step("three Firefox tabs share one WebSocket by election (no SharedWorker)", async () => {
    AGENT = "4005";
    for (let i = 0; i < 3; i++) await openTab(true);
    await until(async () => (await sockets()) === 1, "one socket at the simulator");
    const roles = [];
    for (const h of tabs) roles.push(await role(h));
    const leaders = roles.filter((r) => r.role === "leader").length;
    check(leaders === 1 && roles.every((r) => r.via === "locks"), `one leader: ${JSON.stringify(roles)}`);
    await until(async () => (await role(tabs[0])).count === 3, "the leader counts three tabs");
    console.log(`  roles: ${roles.map((r) => r.role).join(", ")}; sockets at the simulator: ${await sockets()}`);
  });

  await t.step("a command from each tab settles in that tab (election)", commandInEachTab);

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
