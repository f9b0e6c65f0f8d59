// One agent, several tabs (`tabs: "share"`, issue 17): browser plumbing, no protocol decision.
// Where the browser has a `SharedWorker` and it starts, the connection lives there: `worker.js`
// (one worker per group, named by the group's key `agentwire:<origin>:<url>:<agent>`) runs the
// engine and the socket and hosts the group for good, and every tab is a follower talking to
// it over the worker's `MessagePort`. Else (`tabs: "share-locks"`, no `SharedWorker`, its
// `error` event, a refusal by the page's CSP, no `hi` within HELLO_MS, a `fail` from the
// worker, or the worker ending under the tabs: see `queue`) the tabs elect a leader:
// the tab holding the Web Lock of the group's key runs the engine and the socket as with
// `"own"`; the others (followers) run no socket: their commands go to the leader over a
// BroadcastChannel of the same name and settle in the tab that sent them; the leader posts
// every event it dispatches and every snapshot. The browser releases the lock of a tab that
// closed or crashed; the next tab in the lock's queue becomes the leader and resumes the
// session with `takeOver(id)` (the engine's reconnect of that session). The worker takes the
// same lock before it connects, so a worker and an elected tab never both hold a socket.
// The host side (serve commands, relay events, count tabs) is one code for a leader tab and
// for the worker ({@link host}).
//
// Messages, `{ t, from, ep, … }` (`ep`: the sender's leadership, ordered; 0 from a follower):
// hello (a tab joined; to the worker with `o`, its options without `logger` and `tabs`), bye
// (it left), ping (the leader, each second) / beat (the answer), leader (`snap`, `n`: who
// leads, its snapshot, the tab count), count (`n`), snap (`s`), ev (`n` name, `d` detail as
// JSON, `p` a protocol event), cmd (`to` the leader, `id`, `m` method, `a` arguments), sent
// (`to`, `id`: it goes out on the leader's socket now), res (`to`, `id`, `ok`, `v` value or
// `e` error as its toJSON()), confirm (`ok`), away (to the worker: this tab went into the
// back/forward cache; its next `hello` brings it back). From the worker only: hi (it runs: sent on
// connect, before the wasm loads), fail (`e`: it cannot host the group; the tabs elect), log
// (`l` level, `m` message: a line of the worker's session, written by each tab's logger).

// The glue's helpers (one copy in the package's module: scripts/bundle.mjs points these at the
// modules wasm-bindgen copied into snippets/).
import { LEVELS, callLogger, deepFreeze } from "./glue.js";
import { callHandler, dispatchCustom, reportError } from "./events.js";

// How long a tab waits for the worker's `hi` before it elects instead.
const HELLO_MS = 3000;
const SDK = ["connectionchange", "confirm", "protocolerror", "resynced", "commandcomplete"];
// The command methods, forwarded to the leader (every other method a tab runs itself): the
// entry defines them on wasm-bindgen's class from this list, whose positions are the wasm's
// indices (the `methods!` table of src/web/commands.rs, checked by tests/tables.rs).
export const COMMANDS = ["ready", "notReady", "afterCallWork", "activate", "deactivate", "dial", "getScripts",
  "activateGroup", "activateAll", "deactivateAll", "addChannel", "addChannelGroup", "requestNotReadyReasons",
  "requestLogoutReasons", "addressBook", "agentLegConnect", "agentLegDisconnect", "accept", "answer", "consult",
  "consultTransfer", "consultConference", "startRecording", "stopRecording", "pauseRecording", "resumeRecording",
  "signal", "logout", "send"];
// The model reads a follower serves from the leader's last snapshot (copies, as the engine's are).
const READS = {
  channels: (s) => s.channels,
  channel: (s, t) => s.channels.find((c) => c.target === t),
  channelGroups: (s) => s.channelGroups,
  interactions: (s) => s.interactions,
  object: (s, t) => [s.session, ...s.channelGroups, ...s.channels, ...s.interactions, ...s.conversations]
    .find((o) => o && o.target === t) ?? null,
  notReadyReasons: (s) => s.notReadyReasons,
  logoutReasons: (s) => s.logoutReasons,
  addressBooks: (s) => s.addressBooks,
};
const GONE = { kind: "disconnected", code: "DISCONNECTED",
  message: "the tab holding the connection closed as or after it sent the command; it was not resent" };
const CLOSED = { kind: "closed", code: "CLOSED", reason: "closed", message: "closed by the page" };

/**
 * Makes `s` (a new `AgentSession` of class prototype `proto`) share its agent's connection with
 * the other tabs, when the browser can; returns the coordinator, or null (then `"own"`).
 */
export function share(s, proto, AE, options) {
  const nav = globalThis.navigator;
  const locks = !!(nav && nav.locks && typeof nav.locks.request === "function" && typeof BroadcastChannel === "function");
  // `"share-locks"`: always by election (the measured first connect is faster, no worker).
  const worker = options.tabs === "share" && typeof SharedWorker === "function";
  if (!locks && !worker) return null;
  const origin = globalThis.location ? globalThis.location.origin : "";
  const tabs = new Tabs(s, proto, AE, `agentwire:${origin}:${options.url}:${options.agent.id}`);
  tabs.wait = options.requestTimeoutMs ?? 30000;
  tabs.logger = options.logger;
  tabs.level = Math.max(0, LEVELS.indexOf(options.logLevel ?? "warn"));
  tabs.locks = locks;
  if (!(worker && tabs.viaWorker(options))) tabs.viaLocks();
  return tabs;
}

/**
 * Makes `s`, the worker's session, the host of a group for good (`worker.js`): `hub` posts to
 * the tabs' ports; `gate()` resolves when the session may connect (the group's lock is held);
 * `options`, the session's (`requestTimeoutMs` bounds how long a command waits for a session).
 */
export function host(s, proto, AE, hub, gate, options) {
  const tabs = new Tabs(s, proto, AE, globalThis.name ?? "");
  Object.assign(tabs, { ch: hub, hosted: true, gate, via: "worker", wait: options.requestTimeoutMs ?? 30000 });
  tabs.lead();
  return tabs;
}

export class Tabs {
  constructor(s, proto, AE, name) {
    const get = (n) => Object.getOwnPropertyDescriptor(proto, n).get;
    Object.assign(this, { s, p: proto, AE, name, me: Math.random().toString(36).slice(2), leader: null, done: false,
      asked: false, snap: null, seen: "idle", subs: new Set(), pending: new Map(), next: 1, peers: new Map(), count: 1, waiting: [], defer: false, epoch: 0, acks: new Map(),
      et: get("events").call(s), stateOf: get("connectionState"), idOf: get("id"), hold: null, timer: 0, confirming: false,
      via: null, hosted: false, ch: null });
    // A page going away may still run a command it gets while what it posts is already lost
    // (measured: a command sent on the socket whose report never arrived, then resent): from
    // `pagehide` on, it takes no command; the other tabs give theirs to the next leader.
    // Into the back/forward cache, a tab of the worker says `away` (a message from a shared
    // worker to a cached page evicts it: measured, Chromium's `sharedworker-message`) and,
    // when shown again, `hello` (it then takes the worker's snapshot as a joining tab does).
    this.bye = (e) => (e.persisted ? this.via === "worker" && this.post({ t: "away" }) : (this.post({ t: "bye" }), (this.leaving = true)));
    this.back = (e) => e.persisted && this.via === "worker" && ((this.stale = true), this.post({ t: "hello" }));
    globalThis.addEventListener?.("pagehide", this.bye);
    globalThis.addEventListener?.("pageshow", this.back);
    // The page's API: commands forwarded, reads from the leader's snapshot in a follower.
    for (const m of COMMANDS) s[m] = (...a) => this.call(m, a);
    for (const [m, f] of Object.entries(READS)) {
      s[m] = (...a) => (this.follower ? clone(f(this.snap, ...a)) : proto[m].apply(s, a));
    }
    const own = (n, f) => Object.defineProperty(s, n, { configurable: true, get: f });
    own("connectionState", () => (this.follower ? this.snap.connectionState : this.stateOf.call(s)));
    own("id", () => (this.follower ? this.snap.id : this.idOf.call(s)));
    s.connect = () => this.connect();
    s.close = () => this.close(true);
    s.free = () => {
      this.close(false);
      proto.free.call(s);
    };
    s.confirmOverride = (ok) => {
      if (!this.follower) return proto.confirmOverride.call(s, ok);
      const was = this.confirming;
      if (was) this.post({ t: "confirm", ok: !!ok });
      this.confirming = false;
      return was;
    };
    s.getSnapshot = () => (this.follower ? this.snap : proto.getSnapshot.call(s));
    s.subscribe = (f) => {
      if (typeof f !== "function") return proto.subscribe.call(s, f); // its TypeError
      this.subs.add(f);
      return () => this.subs.delete(f);
    };
    proto.subscribe.call(s, () => {
      if (this.leader === this.me) this.post({ t: "snap", s: proto.getSnapshot.call(s) });
      if (!this.follower) this.notify();
    });
  }

  /**
   * Joins the group through its SharedWorker (`worker.js`, started by the pattern bundlers
   * recognise); false when the browser has none or refuses it at once (then the tabs elect).
   */
  viaWorker(options) {
    if (typeof SharedWorker !== "function") return false;
    let w, o;
    try {
      // What crosses to the worker: the options but the functions (the page's logger).
      const { logger: _l, tabs: _t, ...rest } = options;
      o = structuredClone(rest);
      w = new SharedWorker(new URL("./worker.js", import.meta.url), { type: "module", name: this.name });
    } catch {
      return false;
    }
    this.via = "worker";
    this.ch = w.port;
    this.ch.onmessage = (e) => this.onMessage(e.data);
    // If the worker ends under the tabs (killed, crashed: nothing tells a tab), its lock is
    // released: a tab that connected queues for it once the worker holds it (see `follow`), and
    // the first to get it leads by election; the others hear its `leader` on this channel.
    if (this.locks) {
      this.bc = new BroadcastChannel(this.name);
      this.bc.onmessage = (e) => e.data && e.data.t === "leader" && this.toLocks() && this.onMessage(e.data);
    }
    this.werr = () => this.fallback();
    w.addEventListener("error", this.werr);
    this.hiTimer = setTimeout(this.werr, HELLO_MS);
    this.post({ t: "hello", o });
    return true;
  }

  /** Joins the group by election (Web Locks + BroadcastChannel); without them, as `"own"`. */
  viaLocks() {
    if (!this.locks) {
      this.via = null;
      this.done = true;
      // Commands waiting for a worker that never came run here, as with `"own"`.
      for (const c of [...this.pending.values()]) this.pending.delete(c.id), this.run(c.m, c.a).then(c.resolve, c.reject);
      return;
    }
    this.via = "locks";
    this.ch = this.bc ?? new BroadcastChannel(this.name);
    this.ch.onmessage = (e) => this.onMessage(e.data);
    this.post({ t: "hello" });
    if (this.asked) this.request();
  }

  /**
   * The worker that held the connection ended (this tab got the group's lock, or heard a tab
   * that did): from now on this tab takes part in the election, as when a leader tab goes; the
   * new leader resumes the worker's session (`takeOver`), commands sent on the worker's socket
   * reject `disconnected`, the others go out once through the new leader.
   */
  toLocks() {
    if (this.via !== "worker" || this.hosted || this.done || !this.bc) return false;
    this.ch.close();
    this.via = "locks";
    this.ch = this.bc;
    this.ch.onmessage = (e) => this.onMessage(e.data);
    // A tab that asked to connect but had not queued yet (the worker went first) queues now.
    if (this.asked && !this.abort) this.request();
    return true;
  }

  /** The worker did not start or cannot host: this tab elects instead (never once it serves). */
  fallback() {
    clearTimeout(this.hiTimer);
    if (this.via !== "worker" || this.hosted || this.done || this.leader !== null) return;
    this.ch.close();
    this.viaLocks();
  }

  get follower() {
    return this.leader !== null && this.leader !== this.me && this.snap !== null && !this.done;
  }

  info() {
    if (this.via === null) return { mode: "own", via: null, role: null, count: 1 };
    return { mode: "share", via: this.via, role: this.leader === null || this.done ? null : this.leader === this.me ? "leader" : "follower", count: this.count };
  }

  post(m) {
    if (!this.done && this.ch) this.ch.postMessage({ ...m, from: this.me, ep: this.leader === this.me ? this.epoch : 0 });
  }

  notify() {
    for (const f of [...this.subs]) {
      try {
        f();
      } catch (e) {
        reportError(e);
      }
    }
  }

  connect() {
    if (this.done) return this.p.connect.call(this.s);
    if (!this.asked) {
      this.asked = true;
      if (this.via === "locks") this.request();
      else this.queue();
    }
    return this.call("connect", []);
  }

  /**
   * With the worker: a tab that asked to connect queues for the group's lock behind the
   * worker, once the worker holds it (its session left `idle`: it takes the lock before it
   * connects), so the lock's release is the browser's word that the worker went.
   */
  queue() {
    if (this.via === "worker" && this.asked && this.locks && !this.abort && this.snap && this.snap.connectionState !== "idle") this.request();
  }

  /** Queues for the group's lock; held for the leader's life: released by close(), or by the browser when the tab goes. */
  request() {
    this.abort = new AbortController();
    globalThis.navigator.locks
      .request(this.name, { signal: this.abort.signal }, () => this.lead())
      .catch(() => {});
  }

  /** A command (or `connect`): run here when leading, else sent to the leader (or kept until one is known). */
  call(m, a) {
    if (this.leader === this.me && !this.done) return this.exec(m, a);
    if (this.done || (this.leader === null && !this.asked)) return this.p[m].apply(this.s, a);
    return new Promise((resolve, reject) => {
      const c = { id: this.next++, m, a, resolve, reject, sent: false };
      this.pending.set(c.id, c);
      this.forward(c);
    });
  }

  forward(c) {
    if (this.leader === null) return;
    try {
      // Addressed: a tab that became leader before this one heard of it ignores a command
      // meant for the dead one, which this tab forwards to it again (so it runs once).
      this.post({ t: "cmd", to: this.leader, id: c.id, m: c.m, a: c.a });
    } catch (e) {
      // Arguments that cannot cross to another tab (a function, a DOM node): nothing was sent.
      this.settle(c.id, false, undefined, { kind: "invalidArgument", code: "INVALID_ARGUMENT", argument: "args", message: String(e.message) });
    }
  }

  settle(id, ok, v, e) {
    const c = this.pending.get(id);
    if (!c) return;
    this.pending.delete(id);
    if (ok) c.resolve(v);
    else c.reject(e && e.plain ? new (e.name === "TypeError" ? TypeError : Error)(e.message) : this.AE.fromJSON(e));
  }

  /** This tab got the lock: it connects (resuming the dead leader's session) and serves the others. */
  lead() {
    if (this.done || this.leaving) return;
    this.toLocks();
    const takeover = this.leader !== null;
    this.leader = this.me;
    // Leaderships are ordered (the lock passes on only after the last holder let go): what a
    // leader that went posts late (a snapshot, a hello's answer) is ignored, never followed back.
    this.epoch = Math.max(Date.now(), this.epoch + 1);
    if (!this.hosted) {
      this.echo = new BroadcastChannel(this.name);
      this.echo.onmessage = (e) => this.heard(e.data ?? {});
    }
    this.post({ t: "leader", snap: null, n: this.count });
    this.fwd = SDK.concat("protocolevent").map((n) => {
      const f = (e) => this.relay(n, e.detail);
      this.et.addEventListener(n, f);
      return [n, f];
    });
    // After a takeover the engine here starts with no model: commands wait for the session.
    this.defer = takeover;
    // The worker connects when a tab asks it to (a `connect` command).
    if (!this.hosted) (takeover ? this.s.takeOver(this.snap ? this.snap.id : null) : this.p.connect.call(this.s)).catch(() => {});
    this.notify();
    // This tab's own commands: those that went out on the dead leader's socket reject, the others run here.
    for (const c of [...this.pending.values()]) {
      if (c.sent) this.settle(c.id, false, undefined, GONE);
      else {
        this.pending.delete(c.id);
        this.exec(c.m, c.a).then(c.resolve, c.reject);
      }
    }
    this.peers.clear();
    this.tick();
    this.timer = setInterval(() => this.tick(), 1000);
    return new Promise((r) => (this.hold = r));
  }

  /** The leader's heartbeat: tabs that did not answer the last ping are gone; ping again. */
  tick() {
    const t = this.pinged ?? 0;
    for (const [tab, seen] of this.peers) if (seen < t) this.peers.delete(tab);
    this.recount();
    this.pinged = Date.now();
    this.post({ t: "ping" });
  }

  recount() {
    const n = this.peers.size + (this.hosted ? 0 : 1);
    if (n !== this.count) {
      this.count = n;
      this.post({ t: "count", n });
    }
  }

  relay(n, d) {
    if (this.leader !== this.me) return;
    const p = n === "protocolevent";
    const detail = JSON.parse(JSON.stringify(d));
    this.post({ t: "ev", n: p ? d.name : n, d: detail, p });
    if (n === "connectionchange" && (d.state === "ready" || d.state === "closed")) {
      this.defer = false;
      for (const w of this.waiting.splice(0)) clearTimeout(w.timer), w.go();
    }
  }

  /**
   * Runs a command here (the leader). Another tab's (`to`, `id`) is reported `sent` *before*
   * it goes on the socket (a page closing may be stopped between two statements: a report
   * after it could be lost, and the command then run twice); so it never waits in the
   * engine's queue: while the session is not ready (and after a takeover, until it is) it
   * waits here, at most its `timeoutMs` (else `requestTimeoutMs`), and then rejects as
   * `timeout`.
   */
  exec(m, a, to, id) {
    if (this.leaving) return Promise.reject(this.AE.fromJSON(CLOSED));
    // The worker connects once it holds the group's lock (no elected tab holds a socket then).
    if (m === "connect" && this.gate) return this.gate().then(() => this.run(m, a));
    const fwd = to !== undefined && m !== "connect";
    const st = this.stateOf.call(this.s);
    if ((this.defer || (fwd && /^(connecting|open|initializing|reconnecting)$/.test(st))) && m !== "connect") {
      return new Promise((res, rej) => {
        const o = a[a.length - 1];
        const ms = (o && typeof o === "object" && typeof o.timeoutMs === "number" && o.timeoutMs) || this.wait;
        const w = { go: () => this.exec(m, a, to, id).then(res, rej), rej };
        w.timer = setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(w), 1);
          rej(this.AE.fromJSON({ kind: "timeout", code: "TIMEOUT", message: `no session to send ${m} on within ${ms} ms` }));
        }, ms);
        this.waiting.push(w);
      });
    }
    if (!fwd || st !== "ready") return this.run(m, a);
    // The worker outlives any tab: its report and the send cannot be split by a crash.
    if (this.hosted) {
      this.post({ t: "sent", to, id });
      return this.run(m, a);
    }
    // `sent` must reach the other tabs even if this one dies right after the socket send: a
    // crash can drop a message still queued in this renderer while socket data it wrote after
    // it has left (measured: a command then ran twice). So the socket send waits until this
    // tab's own second channel object hears the report: the browser has it, and passes it on.
    return new Promise((res, rej) => {
      this.acks.set(`${to}:${id}`, [() => this.run(m, a).then(res, rej), rej]);
      this.post({ t: "sent", to, id });
    });
  }

  /** This tab's report that it sends `to`'s command `id` came back through the browser. */
  heard({ t, from, to, id }) {
    const k = `${to}:${id}`;
    const f = t === "sent" && from === this.me && this.acks.get(k);
    if (!f) return;
    this.acks.delete(k);
    if (this.leader === this.me && !this.leaving && !this.done) f[0]();
    else f[1](this.AE.fromJSON(CLOSED));
  }

  /** Runs a method of the class here (the leader), as a Promise. */
  run(m, a) {
    try {
      return Promise.resolve(this.p[m].apply(this.s, a));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  onMessage(m) {
    if (this.done || this.leaving || !m || m.from === this.me) return;
    if (m.t === "hi" && this.via === "worker") return clearTimeout(this.hiTimer);
    if (m.t === "fail" && this.via === "worker") return this.fallback();
    if (m.t === "log") return this.log(m.l, m.m);
    const lead = this.leader === this.me;
    if (lead) {
      if (m.t === "bye" || m.t === "away") this.peers.delete(m.from);
      else this.peers.set(m.from, Date.now());
      this.recount();
      if (m.t === "hello") this.post({ t: "leader", snap: this.p.getSnapshot.call(this.s), n: this.count });
      else if (m.t === "confirm") this.p.confirmOverride.call(this.s, m.ok);
      else if (m.t === "cmd" && m.to === this.me) this.serve(m);
      return;
    }
    // What a leader says of this tab's commands counts whoever sent it (a late `sent` included).
    if (m.to === this.me && m.t === "sent") {
      const c = this.pending.get(m.id);
      if (c) c.sent = true;
      return;
    }
    if (m.to === this.me && m.t === "res") return this.settle(m.id, m.ok, m.v, m.e);
    if (m.ep && m.ep < this.epoch) return;
    if (m.ep) this.epoch = m.ep;
    // A leader answering another tab's hello repeats the snapshot this tab has: no new identity.
    if (m.t === "leader") this.follow(m.from, this.leader === m.from && this.snap && !this.stale ? null : m.snap, m.n);
    else if (m.t === "ping") this.post({ t: "beat" });
    else if (m.t === "count") this.count = m.n;
    else if (m.t === "snap" && m.from === this.leader) this.follow(m.from, m.s);
    else if (m.t === "ev") this.fire(m.n, m.d, m.p);
  }

  /** A line of the worker's session, written as this tab's `logger` (else the console) and `logLevel` say. */
  log(l, msg) {
    // The session's own writer (a logger that throws is ignored, as there).
    const i = LEVELS.indexOf(l);
    if (i >= this.level) callLogger(this.logger, i, msg);
  }

  /** The leader runs a follower's command and reports when it went out and how it ended. */
  serve({ from: to, id, m, a }) {
    const p = this.exec(m, a, to, id);
    const e2j = (e) => (e instanceof this.AE ? e.toJSON() : { plain: true, name: e && e.name, message: String(e && e.message) });
    p.then(
      (v) => this.leader === this.me && this.post({ t: "res", to, id, ok: true, v }),
      (e) => this.leader === this.me && this.post({ t: "res", to, id, ok: false, e: e2j(e) }),
    );
  }

  /** A leader spoke (`snap`: its snapshot, when it sent one): a new one gets the commands not yet sent. */
  follow(from, snap, n) {
    if (from !== this.leader) {
      const old = this.leader;
      this.leader = from;
      if (old !== null) {
        for (const c of [...this.pending.values()]) {
          if (c.sent) this.settle(c.id, false, undefined, GONE);
        }
      }
      for (const c of this.pending.values()) this.forward(c);
    }
    if (n) this.count = n;
    if (snap) {
      this.stale = false;
      this.snap = deepFreeze(snap);
      this.queue();
      // A tab that joins (or outlived its leader) sees its own state change to the session's.
      const state = snap.connectionState;
      if (state !== this.seen) this.fire("connectionchange", { state, attempt: 0, retryInMs: null, reason: null, cause: null, insecure: false });
      this.notify();
    }
  }

  /** Dispatches an event the leader dispatched, as the engine would have here. */
  fire(name, detail, protocol) {
    if (name === "connectionchange") this.seen = detail.state;
    if (name === "confirm") {
      this.confirming = true;
      detail.accept = () => this.s.confirmOverride(true);
      detail.decline = () => this.s.confirmOverride(false);
    }
    dispatchCustom(this.et, name, detail);
    if (protocol) dispatchCustom(this.et, "protocolevent", detail);
    else {
      const h = this.s[`on${name}`];
      if (typeof h === "function") callHandler(h, name, detail);
    }
  }

  /** Leaves the tab group (`close()`, `free()`); `end`: then closes the engine here as `"own"` does. */
  close(end) {
    // A follower's engine never connected: its page still sees the session end here.
    if (end && this.follower && this.seen !== "closed") {
      this.fire("connectionchange", { state: "closed", attempt: 0, retryInMs: null, reason: { kind: "closed", code: "CLOSED", message: "closed by the page" }, cause: null, insecure: false });
    }
    if (!this.done) {
      this.post({ t: "bye" });
      this.done = true;
      clearTimeout(this.hiTimer);
      clearInterval(this.timer);
      for (const w of this.waiting.splice(0)) clearTimeout(w.timer), w.rej(this.AE.fromJSON(CLOSED));
      globalThis.removeEventListener?.("pagehide", this.bye);
      globalThis.removeEventListener?.("pageshow", this.back);
      for (const [n, f] of this.fwd ?? []) this.et.removeEventListener(n, f);
      // Commands waiting on another tab end as the session does here.
      for (const id of [...this.pending.keys()]) this.settle(id, false, undefined, CLOSED);
      this.ch.close();
      this.bc?.close();
      this.echo?.close();
      for (const [, f] of this.acks) f[1](this.AE.fromJSON(CLOSED));
      this.acks.clear();
      this.abort?.abort();
      this.hold?.();
    }
    if (end) this.p.close.call(this.s);
  }
}

function clone(v) {
  return v === undefined ? v : structuredClone(v);
}

