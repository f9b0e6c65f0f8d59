// The built package's entry module (pkg/agentwire.js, src/web/js/entry.js), as an integrator
// imports it (issue 16): in headless Chromium against the simulator, a class used before the
// module is loaded throws a clear TypeError; `await AgentSession.create(options)` loads it on
// first use; `subscribe` and `getSnapshot` are bound; `init()` resolves nothing and is
// idempotent; `close()` is final. In Node, `initSync` with the wasm bytes loads it.
// Prints PASS/FAIL per check; exits non-zero when one failed.
//   scripts/build.sh && node tests/package/entry.test.mjs   ($AGENTWIRE_SIM: the simulator binary)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "../../scripts/lib/chromium.mjs";
import { ROOT, startSim } from "../e2e/sim.mjs";

let failures = 0;
function check(name, ok, detail = "") {
  console.log(`${ok ? "PASS" : "FAIL"} ${name}${ok || !detail ? "" : `: ${detail}`}`);
  if (!ok) failures++;
}

// ---- Node: initSync with the bytes --------------------------------------------------------
{
  const m = await import(pathToFileURL(join(ROOT, "pkg", "agentwire.js")).href);
  let before = null;
  try {
    m.AgentSession.eventNames();
  } catch (e) {
    before = e;
  }
  check("node: a static method before loading throws a TypeError", before instanceof TypeError, String(before));
  m.initSync({ module: readFileSync(join(ROOT, "pkg", "agentwire_bg.wasm")) });
  m.initSync({ module: new Uint8Array(0) }); // loaded: nothing to do
  const s = new m.AgentSession({ url: "ws://127.0.0.1:9/ws", agent: { id: "1" }, logLevel: "silent" });
  check("node: initSync(bytes) loads the module", s.connectionState === "idle" && m.AgentSession.eventNames().length > 20);
  check("node: init() after initSync resolves at once, with nothing", (await m.default()) === undefined);
  s.free();
}

// ---- Chromium, against the simulator -------------------------------------------------------
const sim = await startSim({ args: ["--quiet"] });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // A page of the simulator's origin that does not load the package itself.
  await page.goto(new URL("pkg/package.json", sim.url).href);
  const r = await page.evaluate(async (wsUrl) => {
    const out = {};
    const m = await import("/pkg/agentwire.js");
    const opts = { url: wsUrl, agent: { id: "4001", password: "pass" }, onExistingSession: "replace", logLevel: "silent" };
    try {
      new m.AgentSession(opts);
      out.early = "constructed";
    } catch (e) {
      out.early = `${e.name}: ${e.message}`;
    }
    out.exports = Object.keys(m).sort().join(",");
    const s = await m.AgentSession.create(opts);
    out.created = s instanceof m.AgentSession && s.connectionState === "idle";
    const { subscribe, getSnapshot } = s;
    let calls = 0;
    const unsubscribe = subscribe(() => calls++);
    // The on<event> properties and the model reads are JS over one export each too.
    const changes = [];
    s.onconnectionchange = (e) => changes.push(e.detail);
    await s.connect();
    out.bound = calls > 0 && getSnapshot() === s.getSnapshot() && getSnapshot().connectionState === "ready";
    const last = changes[changes.length - 1];
    out.handler = typeof s.onconnectionchange === "function" && last && last.state === "ready"
      && Object.keys(last).join(",") === "state,attempt,retryInMs,reason,cause,insecure";
    s.onconnectionchange = 42;
    out.handlerCleared = s.onconnectionchange === null;
    const ch = s.channels();
    out.reads = ch.length > 0 && s.channel(ch[0].target).target === ch[0].target
      && s.object(ch[0].target).target === ch[0].target && s.channel("s.none") === undefined
      && s.object("s.none") === null && Array.isArray(s.channelGroups()) && Array.isArray(s.interactions())
      && Array.isArray(s.addressBooks()) && s.notReadyReasons({ locale: "de" }).length > 0
      && Array.isArray(s.logoutReasons());
    try {
      s.notReadyReasons({ locale: 5 });
      out.badLocale = "accepted";
    } catch (e) {
      out.badLocale = e instanceof m.AgentwireError ? `${e.kind}:${e.argument}` : String(e);
    }
    unsubscribe();
    try {
      subscribe({ handleEvent() {} });
      out.classListener = "accepted";
    } catch (e) {
      out.classListener = e.name;
    }
    // The command methods and the listener methods are JS over one export each (issue 14):
    // methods of the class like wasm-bindgen's own (not enumerable, named), checked in JS as
    // before (a bad argument rejects as invalidArgument naming it), `protocolevent` reaching
    // a listener added with addEventListener and the `events` target.
    const proto = Object.getPrototypeOf(m.AgentSession.prototype);
    const methods = ["ready", "notReady", "dial", "signal", "send", "addEventListener", "removeEventListener", "dispatchEvent",
      "channels", "object", "notReadyReasons", "once", "on", "confirmOverride", "exportRecording", "takeOver"];
    const handlers = ["onconnectionchange", "onconfirm", "onprotocolerror", "onresynced", "oncommandcomplete"];
    out.shape = methods.every((n) => {
      const d = Object.getOwnPropertyDescriptor(proto, n);
      return d && typeof d.value === "function" && !d.enumerable && d.value.name === n;
    }) && handlers.every((n) => {
      const d = Object.getOwnPropertyDescriptor(proto, n);
      return d && typeof d.get === "function" && typeof d.set === "function" && !d.enumerable;
    }) && !Object.keys(s).concat(Object.keys(proto)).some((k) => methods.includes(k) || handlers.includes(k) || k === "events");
    const reason = async (p) => p.then(() => "resolved", (e) => (e instanceof m.AgentwireError ? `${e.kind}:${e.argument}` : String(e)));
    out.rejects = [
      await reason(s.ready(42)),
      await reason(s.notReady("s.x.ch.y", {})),
      await reason(s.dial("s.x.ch.y", { destination: "1", until: "never" })),
      await reason(s.signal("s.x.ix.y", [])),
      await reason(s.send({ target: "x" })),
      await reason(s.addressBook({ realtime: "yes" })),
    ].join(",");
    let seen = 0;
    const count = () => seen++;
    s.addEventListener("protocolevent", count);
    s.events.dispatchEvent(new CustomEvent("protocolevent"));
    s.dispatchEvent(new CustomEvent("protocolevent"));
    s.removeEventListener("protocolevent", count);
    s.dispatchEvent(new CustomEvent("protocolevent"));
    out.listeners = seen;
    out.initAgain = (await m.default()) === undefined;
    out.newAfterLoad = new m.AgentSession(opts).connectionState;
    try {
      await m.AgentSession.create({ ...opts, requestTimeOutMs: 1 });
      out.badOption = "accepted";
    } catch (e) {
      out.badOption = e instanceof m.AgentwireError && e instanceof Error ? `${e.kind}:${e.argument}` : String(e);
    }
    s.close();
    try {
      await s.connect();
      out.afterClose = "connected";
    } catch (e) {
      out.afterClose = `${e.kind}:${e.reason}`;
    }
    s.free();
    return out;
  }, sim.wsUrl);
  check(
    "a session made before the module is loaded: a TypeError that says what to do",
    /^TypeError: .*AgentSession\.create/.test(r.early),
    r.early,
  );
  check("the entry exports the API only", r.exports === "AgentSession,AgentwireError,default,initSync", r.exports);
  check("AgentSession.create(options) loads the module on first use", r.created === true);
  check("subscribe and getSnapshot are bound (destructured, they work)", r.bound === true);
  check("subscribe refuses a listener that is not a function", r.classListener === "TypeError", r.classListener);
  check("the command, listener and read methods and the on<event> properties are the class's, not enumerable", r.shape === true);
  check("an on<event> property is called with the detail; anything but a function clears it", r.handler === true && r.handlerCleared === true);
  check("the model reads answer as the class's methods did", r.reads === true);
  check("a read's bad option throws invalidArgument naming it", r.badLocale === "invalidArgument:locale", r.badLocale);
  check(
    "a command method's bad argument rejects as invalidArgument naming it",
    r.rejects === "invalidArgument:target,invalidArgument:reasonCode,invalidArgument:until,invalidArgument:params,invalidArgument:command,invalidArgument:realtime",
    r.rejects,
  );
  check("addEventListener, events, dispatchEvent and removeEventListener act on the session's events", r.listeners === 2, String(r.listeners));
  check("init() resolves nothing, and again once loaded", r.initAgain === true);
  check("new AgentSession() once loaded", r.newAfterLoad === "idle", r.newAfterLoad);
  check("create() rejects an unknown option as invalidArgument", r.badOption === "invalidArgument:requestTimeOutMs", r.badOption);
  check("close() is final: connect() rejects as closed", r.afterClose === "closed:closed", r.afterClose);
  check("no page errors", errors.length === 0, errors.join("; "));

  // The quick start of pkg/README.md, as written, on a first and a second page load (the
  // second takes the session over and finds the channel active already).
  const readme = readFileSync(join(ROOT, "pkg", "README.md"), "utf8");
  const script = /```html\n<script type="module">\n([\s\S]*?)<\/script>\n```/.exec(readme)?.[1];
  check("pkg/README.md has a quick start", !!script);
  const quick = script
    .replace('"./agentwire/agentwire.js"', '"/pkg/agentwire.js"')
    .replace('"ws://127.0.0.1:8787/ws"', JSON.stringify(sim.wsUrl));
  for (const load of ["first", "second"]) {
    const p = await browser.newPage();
    const problems = [];
    const lines = [];
    p.on("pageerror", (e) => problems.push(String(e)));
    p.on("console", (m) => (m.type() === "error" ? problems : lines).push(m.text()));
    await p.goto(new URL("pkg/package.json", sim.url).href);
    await p.addScriptTag({ type: "module", content: quick });
    // Its log: the agent went ready, then not ready (after what the start-up reported).
    const walked = () => {
      const ready = lines.findIndex((l) => / ready$/.test(l));
      return ready >= 0 && lines.slice(ready + 1).some((l) => / not_ready$/.test(l));
    };
    for (let i = 0; i < 100 && !walked() && problems.length === 0; i++) await p.waitForTimeout(100);
    await p.waitForTimeout(200);
    const ok = walked();
    check(`the README quick start works on the ${load} load`, ok && problems.length === 0, problems.join("; "));
    if (load === "second") await p.close();
  }
} finally {
  await browser.close();
  await sim.stop();
}
console.log(failures ? `entry: ${failures} failed` : "entry: all passed");
process.exit(failures ? 1 : 0);
