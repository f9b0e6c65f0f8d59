// The SharedWorker of `tabs: "share"` (issue 17): one per group (its name is the group's key,
// `agentwire:<origin>:<url>:<agent>`, given by the tab that starts it). It loads the wasm
// through the package's entry, runs the group's one `AgentSession` (the socket and the
// engine) and hosts every tab that connects, over the tab's `MessagePort`, with the protocol
// of tabs.js (its message list is at its top): the worker is the group's leader for good, so
// there is no election and no takeover. The first tab's `hello` gives the options (without
// its `logger`, a function: the session's log lines go to every tab, which writes them with
// its own). A tab's port is dropped when it says `bye` (its page went or it called close());
// when the last one has, the session closes (the socket with 1000) and the next tab starts a
// new one. Before it connects, the worker takes the group's Web Lock, the one an elected
// leader tab holds, so a worker and an elected tab never both hold a socket.
// Nothing here touches `window` or `document`: the session's web layer listens for
// `online`/`offline` on the worker's global scope; the page-life events are the tabs'.
import init, { AgentSession, AgentwireError } from "./agentwire.js";

// tabs.js's `host`: tabs.js is inside agentwire.js (scripts/bundle.mjs), which hands it to its
// SharedWorker under this symbol when evaluated here (src/web/js/entry.js).
const host = globalThis[Symbol.for("agentwire.host")];

/** The group this worker hosts: `{ hub, ready, tabs, release }`, or null before a `hello`. */
let group = null;

/**
 * The tabs' ports by tab id: what the host posts goes to one (`to`) or to all. A tab in the
 * back/forward cache (`away`) gets nothing (a message would evict it): what is addressed to it
 * waits until it says `hello` again, the rest it reads in the snapshot it then gets.
 */
class Hub {
  constructor() {
    this.ports = new Map();
    this.away = new Map();
  }
  postMessage(m) {
    if (m.to !== undefined) {
      if (this.away.has(m.to)) this.away.get(m.to).push(m);
      else this.ports.get(m.to)?.postMessage(m);
      return;
    }
    for (const [id, port] of this.ports) if (!this.away.has(id)) port.postMessage(m);
  }
  close() {
    for (const port of this.ports.values()) port.close();
    this.ports.clear();
  }
}

globalThis.addEventListener("connect", (e) => {
  const port = e.ports[0];
  // One tab's messages are handled in order, the first ones once the wasm is loaded.
  let queue = Promise.resolve();
  port.onmessage = (ev) => {
    queue = queue.then(() => deliver(port, ev.data)).catch(report);
  };
  port.postMessage({ t: "hi" });
});

async function deliver(port, m) {
  if (!m || typeof m !== "object" || typeof m.from !== "string") return;
  if (!group) {
    // A tab of a group that ended (it said nothing since) hears nothing until it says hello.
    if (m.t !== "hello") return;
    group = start(m.o);
  }
  const g = group;
  try {
    await g.ready;
  } catch (e) {
    // The wasm or the session cannot be made here (a CSP of the worker's script, a fetch
    // refused): every tab that asks hears `fail` and elects instead.
    if (group === g) group = null;
    port.postMessage({ t: "fail", e: String((e && e.message) || e) });
    return;
  }
  if (g !== group) return;
  const hub = g.hub;
  if (m.t === "bye") hub.ports.delete(m.from), hub.away.delete(m.from);
  else hub.ports.set(m.from, port);
  if (m.t === "away") hub.away.set(m.from, []);
  else if (hub.away.has(m.from)) {
    const held = hub.away.get(m.from);
    hub.away.delete(m.from);
    for (const x of held) port.postMessage(x);
  }
  suspend(g, hub.ports.size > 0 && hub.away.size === hub.ports.size);
  g.tabs.onMessage(m);
  if (m.t === "bye") port.close();
  if (hub.ports.size === 0) end(g);
}

/**
 * Every tab in the back/forward cache: the session leaves as a page's does into the cache
 * (the socket closed with 1000, no ghost client at the server), and comes back with the first
 * tab shown again; the same events as a page's, dispatched on the worker's scope, where the
 * session's web layer listens.
 */
function suspend(g, all) {
  if (all === !!g.suspended) return;
  g.suspended = all;
  const e = new Event(all ? "pagehide" : "pageshow");
  Object.defineProperty(e, "persisted", { value: true });
  globalThis.dispatchEvent(e);
}

/** Loads the wasm and makes the group's session from the first tab's options. */
function start(o) {
  const hub = new Hub();
  const g = { hub, tabs: null, release: null };
  const line = (l) => (message) => hub.postMessage({ t: "log", l, m: String(message) });
  const logger = { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
  g.ready = init().then(() => {
    const s = new AgentSession({ ...o, logger });
    g.tabs = host(s, Object.getPrototypeOf(AgentSession.prototype), AgentwireError, hub, () => (g.lock ??= lock(g)), o);
  });
  return g;
}

/** Takes the group's Web Lock (held until the group ends); resolves once held. */
function lock(g) {
  const locks = globalThis.navigator?.locks;
  if (!locks || typeof locks.request !== "function") return Promise.resolve();
  return new Promise((held) => {
    locks
      .request(globalThis.name, () => {
        held();
        if (g.ended) return undefined;
        return new Promise((r) => (g.release = r));
      })
      .catch(() => held());
  });
}

/** The last tab left: the session closes (the socket with 1000) and the lock is released. */
function end(g) {
  if (group === g) group = null;
  g.ended = true;
  g.tabs.close(true);
  g.release?.();
}

function report(e) {
  if (typeof globalThis.reportError === "function") globalThis.reportError(e);
}
