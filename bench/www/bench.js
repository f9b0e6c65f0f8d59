// agentwire benchmarks, run inside headless Chromium by bench/run.mjs. Everything here is
// measured in the page; nothing asserts a time.
//
// The receive path is driven through a fake WebSocket class installed in place of the
// browser's, so agentwire's real path runs: the JS string frame crosses into wasm, is
// decoded, applied to the model, and dispatched as a CustomEvent to one listener. The
// plain-JS reference client does the same work the way a competent JS developer would:
// JSON.parse, a plain-object model keyed by target, CustomEvent dispatch with the same
// detail fields.

import init, { AgentSession } from "/pkg/agentwire.js";

// The wasm instance's exports (its memory, for the memory rows): the package's entry does not
// hand them out, so they are taken from the one instantiation init() makes (this module runs
// before any init()).
let wasmExports = null;
for (const k of ["instantiateStreaming", "instantiate"]) {
  const real = WebAssembly[k];
  WebAssembly[k] = async function (...args) {
    const r = await real.apply(this, args);
    wasmExports ??= (r.instance ?? r).exports;
    return r;
  };
}

const SID = "s-1";

// ---------------------------------------------------------------- realistic frames

export function makeWorld(channels, entries) {
  const groups = Math.max(1, Math.ceil(channels / 2));
  const list = [];
  for (let i = 0; i < channels; i++) {
    const g = `cg-${i % groups}`;
    list.push({ group: g, id: `ch-${i}`, target: `${SID}.${g}.ch-${i}`, type: i % 2 ? "CHAT" : "TELEPHONY" });
  }
  const book = { name: "Directory", groups: [], entries: [] };
  for (let i = 0; i < entries; i++) {
    book.entries.push(i % 3 === 2
      ? { name: `Skill ${i}`, type: "skill", destinations: [{ label: "Skill", value: `SK-${i}` }], properties: { mediaType: "PhoneCall", numAvailable: i % 7, numUnavailable: i % 5, ewt: "00:01:10" } }
      : { name: `Agent ${i}`, type: "agent", destinations: [{ label: "Agent", value: `${4000 + i}` }], properties: { state: i % 2 ? "Available" : "Unavailable" } });
  }
  return { groups, channels: list, book };
}

const ev = (target, name, data) => JSON.stringify({ messageType: "objectEvent", target, name, data });

export function initFrames(world) {
  const f = [];
  const seen = new Set();
  for (const c of world.channels) {
    if (!seen.has(c.group)) {
      seen.add(c.group);
      f.push(ev(SID, "channelgroup.created", { channelgroup: { id: c.group, name: c.group } }));
    }
    f.push(ev(`${SID}.${c.group}`, "channel.created", { channel: { id: c.id, name: c.id, type: c.type, modelType: c.type } }));
    f.push(ev(c.target, "channel.infochanged", { state: "ACTIVE", agentStatus: { status: "ready", lastReasonCode: "", lastReasonName: "" } }));
    f.push(ev(c.target, "channel.initialized", {}));
  }
  f.push(ev(SID, "session.externalnotreadyreasons.updated", { reasonCodes: [{ reasonCodeId: "rc-12", reasonCodeCode: "12", selectable: true, extensions: [], labels: [{ language: "en", country: "US", name: "Lunch", description: "Lunch break" }] }] }));
  return f;
}

/** A mixed stream: channel.infochanged, state.updated, interaction lifecycles, address-book updates. */
export function streamFrames(world, n, bookEvery) {
  const out = [];
  const statuses = ["ready", "not_ready", "after_call_work", "busy_ready"];
  const bookFrame = ev(SID, "session.incontact.addressbook.updated", { addressbooks: [world.book] });
  let ix = 0;
  for (let i = 0; out.length < n; i++) {
    const c = world.channels[i % world.channels.length];
    const k = i % 10;
    if (k < 5) {
      out.push(ev(c.target, "channel.infochanged", { state: "ACTIVE", agentStatus: { status: statuses[i % 4], lastReasonCode: i % 4 === 1 ? "12" : "", lastReasonName: i % 4 === 1 ? "Lunch" : "" } }));
    } else if (k < 7) {
      out.push(ev(c.target, "state.updated", { state: "ACTIVE" }));
    } else if (k === 7) {
      const t = `${c.target}.ix-${ix++}`;
      out.push(ev(t, "interaction.created", { interaction: { id: t.split(".").pop(), type: c.type, direction: "inbound" } }));
      out.push(ev(t, "state.updated", { state: "ALERTING" }));
      out.push(ev(t, "interaction.datachanged", { data: { ANI: "+15125550142", DNIS: "8005550100", accountNumber: String(i) } }));
      out.push(ev(t, "state.updated", { state: "STARTED" }));
      out.push(ev(t, "interaction.ended", {}));
      out.push(ev(t, "state.updated", { state: "COMPLETED" }));
    } else if (bookEvery && i % bookEvery === 0) {
      out.push(bookFrame);
    } else {
      out.push(ev(c.target, "channel.infochanged", { state: "ACTIVE", agentStatus: { status: "ready", lastReasonCode: "", lastReasonName: "" } }));
    }
  }
  return out.slice(0, n);
}

// ---------------------------------------------------------------- the fake socket + scripted server

/** Replaces WebSocket with a synchronous scripted server; `deliver(frame)` pushes a frame. */
function installFakeSocket(world) {
  const Real = globalThis.WebSocket;
  let current = null;
  class FakeSocket {
    static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
    constructor(url) {
      this.url = url; this.readyState = 0; this.binaryType = "blob";
      this.onopen = null; this.onmessage = null; this.onclose = null; this.onerror = null;
      current = this;
      setTimeout(() => { this.readyState = 1; this.onopen?.({}); }, 0);
    }
    send(text) {
      const m = JSON.parse(text);
      const reply = (o) => setTimeout(() => this.onmessage?.({ data: JSON.stringify(o) }), 0);
      if (m.messageType === "coreRequest") reply({ messageType: "coreResponse", requestId: m.requestId, command: m.command, result: "success" });
      else if (m.messageType === "serviceRequest") reply({ messageType: "serviceResponse", requestId: m.requestId, command: "prepareSession", result: "success", data: { resourceId: SID } });
      else if (m.command === "session.start" || m.command === "session.request.start") {
        reply({ command: m.command, target: SID, result: "success", data: {} });
        for (const f of initFrames(world)) setTimeout(() => this.onmessage?.({ data: f }), 0);
        setTimeout(() => this.onmessage?.({ data: ev(SID, "session.initialized", {}) }), 0);
      } else reply({ command: m.command, target: m.target, result: "success", data: m.data ?? {} });
    }
    close() { this.readyState = 3; }
  }
  globalThis.WebSocket = FakeSocket;
  return {
    deliver: (frame) => current.onmessage({ data: frame }),
    /** Hands the socket's handler `e`, a `MessageEvent` as a browser's WebSocket makes it. */
    deliverEvent: (e) => current.onmessage(e),
    restore: () => { globalThis.WebSocket = Real; },
  };
}

// ---------------------------------------------------------------- the plain-JS reference client

class PlainClient extends EventTarget {
  constructor() {
    super();
    this.channels = new Map();
    this.groups = new Map();
    this.interactions = new Map();
    this.conversations = new Map();
    this.reasons = [];
    this.addressBooks = [];
  }
  receive(text) {
    const m = JSON.parse(text);
    if (m.messageType !== "objectEvent") return;
    const { target, name, data } = m;
    let object = null;
    switch (name) {
      case "channelgroup.created": {
        const t = `${target}.${data.channelgroup.id}`;
        object = { id: data.channelgroup.id, target: t, name: data.channelgroup.name ?? null };
        this.groups.set(t, object);
        break;
      }
      case "channel.created": {
        const t = `${target}.${data.channel.id}`;
        object = { id: data.channel.id, target: t, group: target === SID ? null : target, name: data.channel.name ?? null, type: data.channel.type ?? null, state: "INACTIVE", agentStatus: null, lastReasonCode: null, lastReasonName: null };
        this.channels.set(t, object);
        break;
      }
      case "channel.infochanged": {
        object = this.channels.get(target);
        if (!object) break;
        if (data.state) object.state = data.state;
        if (data.agentStatus) {
          object.agentStatus = data.agentStatus.status;
          object.lastReasonCode = data.agentStatus.lastReasonCode ?? null;
          object.lastReasonName = data.agentStatus.lastReasonName ?? null;
        }
        break;
      }
      case "state.updated": {
        object = this.channels.get(target) ?? this.interactions.get(target) ?? this.conversations.get(target) ?? null;
        if (!object) break;
        if (this.interactions.has(target) && data.state === "COMPLETED") this.interactions.delete(target);
        else object.state = data.state;
        break;
      }
      case "interaction.created": {
        const channel = target.slice(0, target.lastIndexOf("."));
        object = { id: data.interaction.id, target, channel, type: data.interaction.type ?? null, state: null, data: {} };
        this.interactions.set(target, object);
        break;
      }
      case "interaction.datachanged": {
        object = this.interactions.get(target);
        if (object) Object.assign(object.data, data.data);
        break;
      }
      case "interaction.ended": {
        object = this.interactions.get(target);
        if (object) object.state = "ENDED";
        break;
      }
      case "session.externalnotreadyreasons.updated": this.reasons = data.reasonCodes; break;
      case "session.incontact.addressbook.updated": this.addressBooks = data.addressbooks; break;
      default: object = this.channels.get(target) ?? null;
    }
    this.dispatchEvent(new CustomEvent(name, { detail: { name, target, data, object } }));
  }
}

// ---------------------------------------------------------------- runs

const NAMES = ["channel.infochanged", "state.updated", "interaction.created", "interaction.datachanged", "interaction.ended", "session.incontact.addressbook.updated", "channel.created", "channelgroup.created", "channel.initialized", "session.initialized", "session.externalnotreadyreasons.updated"];

async function agentwireSession(world) {
  await init();
  const fake = installFakeSocket(world);
  // serviceId skips Service Monitor discovery: the scripted server only answers requests.
  const s = new AgentSession({ url: "ws://127.0.0.1:1/ws", agent: { id: "b", password: "b" }, serviceId: "proc", logLevel: "silent", keepAliveMs: 0, reconnect: false });
  await s.connect();
  return { s, fake };
}

/**
 * agentwire's own JS side with a core that costs nothing: the package's real glue classes
 * (`Inbox`, `Port`, `EventDetail`, from the snippet wasm-bindgen's module imports) run on every frame
 * (the length check and `encodeInto` into a buffer of wasm memory, then the `EventDetail`
 * sliced from the frame, the `ProtocolEvent` (a `CustomEvent`) and its dispatch, `data` parsed
 * lazily), and the core's answer (interned name, target and data ranges) is computed before
 * the clock starts. What is left is what this design pays whatever the core does: the floor
 * under agentwire's time. Returns `deliver(i)` for frame `i` of `stream` (arrived as
 * `events[i]`, its `MessageEvent`), and the `EventTarget`.
 */
async function zeroCoreClient(stream, events) {
  // The package bundles the glue into agentwire.js (scripts/bundle.mjs); bench/run.mjs makes
  // this module of the same source, minified as the package's JS is (scripts/minify.mjs).
  const { Port, Inbox } = await import("/gen/glue.js");
  const et = new EventTarget();
  const port = new Port(et, () => null, 0, NAMES.join(","));
  const mem = new WebAssembly.Memory({ initial: 1, maximum: 4096 });
  const grow = (cap) => {
    const pages = Math.ceil(cap / 65536) - mem.buffer.byteLength / 65536;
    if (pages > 0) mem.grow(pages);
    return 0;
  };
  const inbox = new Inbox(mem, grow, 4 << 20, 1024);
  // The core's answer for each frame (UTF-16 ranges, as src/web hands them to Port.event).
  const answers = stream.map((f) => {
    const m = JSON.parse(f);
    const ta = f.indexOf('"target":"') + 10;
    const a = f.indexOf('"data":') + 7;
    return [NAMES.indexOf(m.name) + 1, 0, 0, ta, f.indexOf('"', ta), a, f.length - 1];
  });
  let i = 0;
  const onText = () => {
    const x = answers[i];
    port.event(x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
  };
  // What the package's socket handler does with `events[k]` (openSocket in glue.js).
  const deliver = (k) => {
    i = k;
    const e = events[k];
    const d = e.data;
    const t = e.timeStamp;
    port.frame = d;
    try {
      inbox.take(d, typeof t === "number" && t > 0 ? t : performance.now(), onText);
    } finally {
      port.frame = null;
    }
  };
  return { deliver, et };
}

/**
 * The "copy + scan + dispatch" floor (docs/performance-log.md, "The floor with a scan, tenth
 * session"): `zeroCoreClient`'s glue on every frame (the same `Inbox`, `Port`, `EventDetail`,
 * `ProtocolEvent` and dispatch), with the core replaced by one call into a small wasm module
 * running the SDK's own JSON reader (bench/floor, built by bench/floor/build.sh from
 * `src/proto/json` with the package's release profile; `/gen/floor.wasm`). The `Inbox` writes
 * each frame into that module's memory (its `grow` through the module's allocator). `mode`
 * "scan": the module checks the bytes as UTF-8 and validates the whole frame (every byte read
 * and checked, as any correct core must), and the event goes out with the answers computed
 * before the clock (as the zero-cost row); "locate": it also locates the event's kind, name,
 * target and data with the reader and calls `Port.event` with them from inside wasm, as the
 * package's pump does. `null` when the module is not there (bench/run.mjs says so).
 */
async function scanCoreClient(stream, events, mode) {
  const res = await fetch("/gen/floor.wasm");
  if (!res.ok) return null;
  const bytes = await res.arrayBuffer();
  const { Port, Inbox } = await import("/gen/glue.js");
  const et = new EventTarget();
  let port = null;
  const { instance } = await WebAssembly.instantiate(bytes, {
    floor: { event: (k, na, nb, ta, tb, a, b) => port.event(k, na, nb, ta, tb, a, b) },
  });
  const x = instance.exports;
  const inbox = new Inbox(x.memory, x.grow, 4 << 20, 1024);
  // The names the Port interns, at the positions the module's kinds give them (`kind_of`: the
  // SDK's EventKind::lookup), as the package lays out its own names list.
  const names = [];
  for (const n of NAMES) inbox.take(n, 0, (_, w) => { const k = x.kind_of(w); if (k > 0) names[k - 1] = n; });
  port = new Port(et, () => null, 0, Array.from(names, (n) => n ?? "").join(","));
  let deliver;
  let errors = 0;
  if (mode === "locate") {
    const on = (c, w) => { if (x.locate(w) === 0) errors++; };
    deliver = (k) => {
      const e = events[k];
      const d = e.data;
      const t = e.timeStamp;
      port.frame = d;
      try {
        inbox.take(d, typeof t === "number" && t > 0 ? t : performance.now(), on);
      } finally {
        port.frame = null;
      }
    };
  } else {
    // The answers as zeroCoreClient computes them, interned by the kinds above (a name the
    // SDK does not know, none in this stream, by its span, as the package hands it).
    const answers = stream.map((f) => {
      const m = JSON.parse(f);
      const na = f.indexOf('"name":"') + 8;
      const ta = f.indexOf('"target":"') + 10;
      const a = f.indexOf('"data":') + 7;
      return [names.indexOf(m.name) + 1, na, f.indexOf('"', na), ta, f.indexOf('"', ta), a, f.length - 1];
    });
    let i = 0;
    const on = (c, w) => {
      if (x.scan(w) === 0) { errors++; return; }
      const y = answers[i];
      port.event(y[0], y[1], y[2], y[3], y[4], y[5], y[6]);
    };
    deliver = (k) => {
      i = k;
      const e = events[k];
      const d = e.data;
      const t = e.timeStamp;
      port.frame = d;
      try {
        inbox.take(d, typeof t === "number" && t > 0 ? t : performance.now(), on);
      } finally {
        port.frame = null;
      }
    };
  }
  return { deliver, et, errors: () => errors };
}

/**
 * The floor's parts without the events (no `Port`, nothing dispatched), µs per frame, best of
 * `rounds` over `bench.js`'s stream (real `MessageEvent`s, as `throughput()` hands them): `copy`,
 * the socket handler's part (the two getters and `Inbox.take` into the floor module's memory,
 * its `on` a no-op); `scan`, that and the module's `scan` (UTF-8 check and the SDK's reader
 * validating the frame); `locate`, that and `locate` (its `floor.event` import a no-op). The
 * differences are what the reader costs in the page, apart from the dispatch's noise. `null`
 * without bench/floor's module.
 */
export async function floorParts({ channels = 100, entries = 100, frames = 20_000, rounds = 5 } = {}) {
  const res = await fetch("/gen/floor.wasm");
  if (!res.ok) return null;
  const bytes = await res.arrayBuffer();
  const { Inbox } = await import("/gen/glue.js");
  const world = makeWorld(channels, entries);
  const enc = new TextEncoder(), dec = new TextDecoder();
  const events = streamFrames(world, frames, 0).map((f) => new MessageEvent("message", { data: dec.decode(enc.encode(f)) }));
  let sink = 0;
  const { instance } = await WebAssembly.instantiate(bytes, { floor: { event: (k, na, nb, ta, tb, a, b) => { sink += k + b; } } });
  const x = instance.exports;
  const inbox = new Inbox(x.memory, x.grow, 4 << 20, 1024);
  const ons = {
    copy: (c, w) => { sink += w; },
    scan: (c, w) => { sink += x.scan(w); },
    locate: (c, w) => { sink += x.locate(w); },
  };
  const run = (on) => {
    const t0 = performance.now();
    for (const e of events) {
      const t = e.timeStamp;
      inbox.take(e.data, typeof t === "number" && t > 0 ? t : performance.now(), on);
    }
    return performance.now() - t0;
  };
  const best = {};
  for (const k of Object.keys(ons)) run(ons[k]); // warm-up
  for (let r = 0; r < rounds; r++) for (const k of Object.keys(ons)) best[k] = Math.min(best[k] ?? Infinity, run(ons[k]));
  const out = { frames, rounds, sink: sink > 0 };
  for (const k of Object.keys(ons)) out[`${k}_us_per_frame`] = (1000 * best[k]) / frames;
  return out;
}

/**
 * The floor of another design, for comparison: the frame parsed once, by `JSON.parse` in JS
 * (then `detail.data` is the parsed `data`, never parsed again), and only the members a
 * core's schema names (a table per event, as Rust would export it) written with `encodeInto`
 * into a buffer of wasm memory for a zero-cost core; other events hand their whole `data`
 * over as text. Returns `deliver(frame)` and the `EventTarget`.
 */
function parseOnceClient() {
  const et = new EventTarget();
  const mem = new WebAssembly.Memory({ initial: 16 });
  const buf = new Uint8Array(mem.buffer);
  const utf8 = new TextEncoder();
  const schema = {
    "channel.infochanged": [["state"], ["agentStatus", "status"], ["agentStatus", "lastReasonCode"], ["agentStatus", "lastReasonName"]],
    "state.updated": [["state"]],
  };
  const deliver = (f) => {
    const m = JSON.parse(f);
    const name = m.name, data = m.data;
    let at = utf8.encodeInto(m.target, buf).written;
    const paths = schema[name];
    if (paths === undefined) at += utf8.encodeInto(JSON.stringify(data ?? {}), buf.subarray(at)).written;
    else for (const p of paths) {
      let v = data;
      for (const k of p) v = v == null ? undefined : v[k];
      if (typeof v === "string") at += utf8.encodeInto(v, buf.subarray(at)).written;
    }
    et.dispatchEvent(new CustomEvent(name, { detail: { name, target: m.target, data, object: null } }));
  };
  return { deliver, et };
}

/**
 * Events per second through each client's receive path, with one listener. `reads` is what
 * the listener reads: "data" (`detail.target` and `detail.data`: both clients then hold the
 * parsed data) or "target" (only `detail.target`: agentwire never parses `data` then, the
 * plain client parses it anyway to update its model). Also measures the DOM floor: the same
 * CustomEvents dispatched to the same listener with no decoding and no model at all, which is
 * what any client pays for DOM-style events.
 */
export async function throughput({ channels = 100, entries = 100, frames = 50_000, bookEvery = 0, rounds = 3, only = null, reads = "data" }) {
  const world = makeWorld(channels, entries);
  // Frames as a WebSocket delivers them: flat strings decoded from UTF-8 bytes (what
  // `TextDecoder` makes), not the concatenated strings JSON.stringify builds, which V8 stores
  // differently; both clients get the very same strings.
  const enc = new TextEncoder(), dec = new TextDecoder();
  const stream = streamFrames(world, frames, bookEvery).map((f) => dec.decode(enc.encode(f)));
  // What a browser's WebSocket hands agentwire's socket handler: a MessageEvent, made before the
  // handler runs (so before the clock here), whose `data` and `timeStamp` the handler reads
  // through the browser's getters. A plain `{ data }`, as before the eighth session, made the
  // glue read the clock instead (it does only for an event without a timestamp), which a real
  // socket never makes it do: `performance.now()` costs 1.0 µs in Firefox ESR against 0.1 for
  // the `timeStamp` getter (Chromium 0.17 against 0.06). The plain client is still handed the
  // string itself (in a page it would read `e.data` too).
  const events = stream.map((f) => new MessageEvent("message", { data: f }));
  const { s, fake } = await agentwireSession(world);
  let sink = 0;
  const listener = reads === "data"
    ? (e) => { sink += e.detail.target.length + (e.detail.data ? 1 : 0); }
    : (e) => { sink += e.detail.target.length; };
  for (const n of NAMES) s.addEventListener(n, listener);
  const plain = new PlainClient();
  for (const f of initFrames(world)) plain.receive(f);
  for (const n of NAMES) plain.addEventListener(n, listener);
  // The floor: names and targets precomputed, one shared detail shape, nothing parsed.
  const floor = new EventTarget();
  for (const n of NAMES) floor.addEventListener(n, listener);
  const pre = stream.map((f) => { const m = JSON.parse(f); return { name: m.name, target: m.target, data: m.data }; });
  const zero = await zeroCoreClient(stream, events);
  for (const n of NAMES) zero.et.addEventListener(n, listener);
  // The ladder's two rungs between the zero-cost core and agentwire: copy + scan, copy + scan +
  // locate (null without bench/floor's module).
  const scan = await scanCoreClient(stream, events, "scan");
  const locate = await scanCoreClient(stream, events, "locate");
  for (const c of [scan, locate]) if (c) for (const n of NAMES) c.et.addEventListener(n, listener);
  const runScan = (c) => () => { const t0 = performance.now(); for (let k = 0; k < stream.length; k++) c.deliver(k); return performance.now() - t0; };
  const runSc = scan ? runScan(scan) : null, runLo = locate ? runScan(locate) : null;
  const once = parseOnceClient();
  for (const n of NAMES) once.et.addEventListener(n, listener);
  const runOnce = () => { const t0 = performance.now(); for (const f of stream) once.deliver(f); return performance.now() - t0; };
  const runZero = () => { const t0 = performance.now(); for (let k = 0; k < stream.length; k++) zero.deliver(k); return performance.now() - t0; };
  const runAw = () => { const t0 = performance.now(); for (const e of events) fake.deliverEvent(e); return performance.now() - t0; };
  const runJs = () => { const t0 = performance.now(); for (const f of stream) plain.receive(f); return performance.now() - t0; };
  const runFloor = () => {
    const t0 = performance.now();
    for (const m of pre) floor.dispatchEvent(new CustomEvent(m.name, { detail: { name: m.name, target: m.target, data: m.data, object: null } }));
    return performance.now() - t0;
  };
  if (only !== "js") runAw(); if (only !== "aw") { runJs(); runFloor(); runZero(); runOnce(); runSc?.(); runLo?.(); } // warm-up (JIT, caches)
  const aw = [], js = [], fl = [], zc = [], po = [], sc = [], lo = [];
  // `only` (profiling) runs one client's rounds.
  for (let r = 0; r < rounds; r++) {
    if (only !== "js") aw.push(runAw());
    if (only !== "aw") {
      js.push(runJs()); fl.push(runFloor()); zc.push(runZero()); po.push(runOnce());
      if (runSc) sc.push(runSc());
      if (runLo) lo.push(runLo());
    }
  }
  const best = (a) => Math.min(...a);
  s.close();
  fake.restore();
  return { channels, entries, frames, reads, aw_eps: frames / best(aw) * 1000, js_eps: frames / best(js) * 1000, floor_eps: frames / best(fl) * 1000, zero_core_eps: zc.length ? frames / best(zc) * 1000 : null, parse_once_eps: po.length ? frames / best(po) * 1000 : null,
    // Frames the floor module found malformed (0: every frame was scanned and went out).
    scan_eps: sc.length ? frames / best(sc) * 1000 : null, locate_eps: lo.length ? frames / best(lo) * 1000 : null,
    floor_module_errors: (scan?.errors() ?? 0) + (locate?.errors() ?? 0), sink };
}

/**
 * Frames delivered one per task (docs/performance-log.md, "Frames one per task"): what an isolated frame costs,
 * where the back-to-back `throughput()` keeps every cache warm. Each client gets `frames` frames
 * of the same mixed stream, in blocks of `block` alternated between the clients, one frame per
 * task: `spacing` 0 posts the next frame's task on a `MessageChannel` at once (back-to-back
 * tasks), `spacing` > 0 waits that many ms first (`setTimeout`, armed from the channel's task so
 * the browser's clamp of nested timeouts never applies). The same listener reads `target` and
 * `data`. Two estimates per client, µs per frame: `us`, the sum over frames of
 * `performance.now()` read around the handler, divided by the frames (the clock's 100 µs steps
 * in Chromium, up to 1 ms in Firefox, are jittered by the browser, so the sum of many readings
 * is unbiased: it averages out); and `chain_us`, the block's whole time (many ms, read once at
 * each end) divided by its frames, less the same for the `empty` client (a handler that does
 * nothing: the tasks' and timers' own time), which the granularity does not touch. `empty`'s
 * `us` is what the two clock reads cost. Run after `throughput()` in the same page (the JIT and
 * the wasm warm) unless `warm` is 0. With bench/floor's module, the copy + scan and copy + scan +
 * locate clients (`scanCoreClient`) run beside them too (`copy_scan`, `copy_scan_locate`).
 */
export async function isolated({ channels = 100, entries = 100, frames = 2000, block = 100, spacing = 0, warm = 20_000 }) {
  const world = makeWorld(channels, entries);
  const enc = new TextEncoder(), dec = new TextDecoder();
  const stream = streamFrames(world, Math.max(frames, warm, 1), 0).map((f) => dec.decode(enc.encode(f)));
  const events = stream.map((f) => new MessageEvent("message", { data: f }));
  const { s, fake } = await agentwireSession(world);
  let sink = 0;
  const listener = (e) => { sink += e.detail.target.length + (e.detail.data ? 1 : 0); };
  for (const n of NAMES) s.addEventListener(n, listener);
  const plain = new PlainClient();
  for (const f of initFrames(world)) plain.receive(f);
  for (const n of NAMES) plain.addEventListener(n, listener);
  const zero = await zeroCoreClient(stream, events);
  for (const n of NAMES) zero.et.addEventListener(n, listener);
  const clients = {
    agentwire: (k) => fake.deliverEvent(events[k]),
    plain_js: (k) => plain.receive(stream[k]),
    zero_core: (k) => zero.deliver(k),
    empty: () => {},
  };
  // The copy + scan floors (bench/floor's module; left out without it): the reader alone, cold.
  for (const mode of ["scan", "locate"]) {
    const c = await scanCoreClient(stream, events, mode);
    if (!c) continue;
    for (const n of NAMES) c.et.addEventListener(n, listener);
    clients[mode === "scan" ? "copy_scan" : "copy_scan_locate"] = (k) => c.deliver(k);
  }
  // Warm, back to back (as throughput() would have left them).
  for (let k = 0; k < warm; k++) for (const c of Object.keys(clients)) if (c !== "empty") clients[c](k);
  const chan = new MessageChannel();
  let step = null;
  chan.port2.onmessage = () => step();
  const next = spacing > 0 ? () => setTimeout(() => chan.port1.postMessage(null), spacing) : () => chan.port1.postMessage(null);
  const sum = {}, chain = {};
  // One block of `n` frames from `from`, one per task, for one client.
  const run = (deliver, from, n) => new Promise((done) => {
    let i = 0, us = 0;
    const t0 = performance.now();
    step = () => {
      const a = performance.now();
      deliver(from + i);
      us += performance.now() - a;
      if (++i < n) next();
      else done([us, performance.now() - t0]);
    };
    next();
  });
  const names = Object.keys(clients);
  for (let from = 0, b = 0; from < frames; from += block, b++) {
    const n = Math.min(block, frames - from);
    // The order rotates per block, so no client always follows the same one.
    for (let j = 0; j < names.length; j++) {
      const c = names[(j + b) % names.length];
      const [us, whole] = await run(clients[c], from, n);
      sum[c] = (sum[c] ?? 0) + us;
      chain[c] = (chain[c] ?? 0) + whole;
    }
  }
  chan.port1.close();
  s.close();
  fake.restore();
  const out = { spacing, frames, block, sink: sink > 0 };
  for (const c of names) {
    out[c] = { us: (1000 * sum[c]) / frames, chain_us: (1000 * (chain[c] - chain.empty)) / frames };
  }
  return out;
}

/** JS heap and wasm memory before and after `frames` events (the model stays the same size). */
export async function memory({ frames = 1_000_000, channels = 100 }) {
  const world = makeWorld(channels, 10);
  const stream = streamFrames(world, 10_000, 0);
  await init();
  const wasm = wasmExports;
  const { s, fake } = await agentwireSession(world);
  s.addEventListener("channel.infochanged", (e) => e.detail.data);
  const snap = () => { globalThis.gc?.(); return { heap: performance.memory.usedJSHeapSize, wasm: wasm.memory.buffer.byteLength }; };
  for (const f of stream) fake.deliver(f);
  const before = snap();
  for (let i = 0; i < frames; i++) fake.deliver(stream[i % stream.length]);
  const after = snap();
  s.close();
  fake.restore();
  return { frames, before, after };
}

/**
 * Time from init() (module already fetched) to a ready session against the real simulator,
 * split where the page can see it: the wasm's fetch (init() to the response's headers), its
 * streaming compile and instantiation (to `instantiateStreaming`'s result; the body's download
 * overlaps it), the rest of init() (the start function, the glue), the constructor, `connect()`
 * to the socket's creation, the socket's opening, and the protocol handshake (socket open to
 * ready, WIRE-PROFILE §3), that handshake again split at the arrival of `session.start`'s answer
 * (the requests' round trips before it; the burst of the session's objects after it, which the
 * server sends without waiting, so that part is the page's own work). V8 compiles a wasm
 * function on its first call, so the compile of what start-up runs is in the last four, not in
 * init(). `agent`: an agent with no session yet (the simulator keeps a session after its socket
 * closes, and meeting one costs the `prepareSession` confirm round trip, WIRE-PROFILE §3.4, which
 * the plain-JS floor, asking `override: true` at once, never pays); `again`: another, for the
 * second `connect()` in the same page and the plain-JS handshake after it.
 */
export async function startup(url, agent = "4001", again = agent) {
  const at = {};
  const realFetch = globalThis.fetch;
  const realStream = WebAssembly.instantiateStreaming;
  globalThis.fetch = function (...args) {
    const p = realFetch.apply(this, args);
    p.then(() => (at.headers ??= performance.now()), () => {});
    return p;
  };
  WebAssembly.instantiateStreaming = async function (...args) {
    const r = await realStream.apply(this, args);
    at.instantiated ??= performance.now();
    return r;
  };
  const Real = globalThis.WebSocket;
  // Registered before agentwire's handlers: the open mark is the event's, not agentwire's.
  globalThis.WebSocket = class extends Real {
    constructor(u, p) {
      at.socket ??= performance.now();
      super(u, p);
      this.addEventListener("open", () => (at.open ??= performance.now()));
      // The session.start answer's arrival (`session.request.start` in the current dialect):
      // what follows is the session's objects, sent in a burst (WIRE-PROFILE §3), so the time
      // from it to ready is the SDK's own work.
      this.addEventListener("message", (m) => {
        if (at.start === undefined && /"session\.(?:request\.)?start"/.test(m.data)) at.start = performance.now();
      });
    }
  };
  let s;
  const t0 = performance.now();
  let t1, tc;
  try {
    await init();
    t1 = performance.now();
    s = new AgentSession({ url, agent: { id: agent, password: "pass" }, onExistingSession: "replace", logLevel: "silent" });
    tc = performance.now();
    await s.connect();
  } finally {
    globalThis.fetch = realFetch;
    WebAssembly.instantiateStreaming = realStream;
    globalThis.WebSocket = Real;
  }
  const t2 = performance.now();
  s.close();
  // The same again in the same page: the wasm's functions are compiled now (V8 compiles a
  // wasm function on its first call), so the difference is what first calls cost.
  await new Promise((r) => setTimeout(r, 50));
  const t3 = performance.now();
  const second = new AgentSession({ url, agent: { id: again, password: "pass" }, onExistingSession: "replace", logLevel: "silent" });
  await second.connect();
  const t4 = performance.now();
  second.close();
  await new Promise((r) => setTimeout(r, 50));
  // The floor: the same handshake by a plain-JS client (no model, no checks) in the same page.
  const t5 = performance.now();
  await plainHandshake(url, again);
  const t6 = performance.now();
  // init(): fetch, compile and instantiate the wasm; connect(): the socket and the protocol
  // handshake (WIRE-PROFILE §3) up to the initialized session.
  return {
    ms: t2 - t0, init_ms: t1 - t0, connect_ms: t2 - t1, warm_connect_ms: t4 - t3, plain_handshake_ms: t6 - t5,
    fetch_ms: at.headers - t0, compile_ms: at.instantiated - at.headers, init_rest_ms: t1 - at.instantiated,
    construct_ms: tc - t1, to_socket_ms: at.socket - tc, socket_open_ms: at.open - at.socket, handshake_ms: t2 - at.open,
    start_answer_ms: at.start - at.open, burst_ms: t2 - at.start,
  };
}

/**
 * Start-up's floor in a fresh page, what the page and the server cost with no SDK: the same
 * wasm fetched and compiled (`WebAssembly.compileStreaming`, as init() does it, without the
 * instance), then the handshake by the plain-JS client on the page's first socket (as
 * agentwire's first connect() is), with its socket's opening apart.
 */
export async function startupFloor(url, agent = "4001") {
  const t0 = performance.now();
  await WebAssembly.compileStreaming(fetch(new URL("/pkg/agentwire_bg.wasm", location.href)));
  const t1 = performance.now();
  const Real = globalThis.WebSocket;
  let opened = 0;
  let made = 0;
  globalThis.WebSocket = class extends Real {
    constructor(u, p) {
      made ||= performance.now();
      super(u, p);
      this.addEventListener("open", () => (opened ||= performance.now()));
    }
  };
  const marks = {};
  try {
    await plainHandshake(url, agent, marks);
  } finally {
    globalThis.WebSocket = Real;
  }
  const t2 = performance.now();
  return {
    wasm_ms: t1 - t0, handshake_ms: t2 - t1, open_ms: opened - made,
    start_answer_ms: marks.start - opened, burst_ms: t2 - marks.start,
  };
}

/**
 * The start-up floor: WIRE-PROFILE §3's handshake as a minimal plain-JS client does it against
 * the same server (open the socket, bind the service monitor, wait for the service list, bind
 * the interaction processor, prepare the session replacing any other, bind the resource,
 * `session.start`, wait for `session.initialized`), keeping nothing. What the server and the
 * socket cost on their own.
 */
async function plainHandshake(url, agent, marks = {}) {
  const ws = new WebSocket(url);
  let n = 0;
  const waiting = new Map();
  let until = null;
  ws.onmessage = (m) => {
    const f = JSON.parse(m.data);
    const key = f.requestId ?? (f.command === "session.start" && f.result ? "start" : null);
    const w = key && waiting.get(key);
    if (w) {
      waiting.delete(key);
      w(f);
    } else if (until && until.test(f)) until.done(f);
  };
  const ask = (frame, key) => new Promise((resolve) => {
    waiting.set(key, resolve);
    ws.send(JSON.stringify(frame));
  });
  const event = (test) => new Promise((done) => (until = { test, done }));
  await new Promise((r, j) => ((ws.onopen = r), (ws.onerror = j)));
  const core = (command, extra) => {
    const requestId = `js-${++n}`;
    return ask({ messageType: "coreRequest", requestId, command, ...extra }, requestId);
  };
  const list = event((f) => f.messageType === "serviceEvent" && f.data?.eventType === "serviceList");
  await core("bindService", { serviceId: "ServiceMonitor" });
  const services = (await list).data.services;
  const ip = services.find((x) => x.type === "InteractionProcessor" && x.serviceStatus?.status === "InService");
  await core("bindService", { serviceId: ip.id });
  const requestId = `js-${++n}`;
  const prepared = await ask({ messageType: "serviceRequest", requestId, serviceId: ip.id, command: "prepareSession", data: { override: true, agent: { id: agent, password: "pass" } } }, requestId);
  const resource = prepared.data.resourceId;
  await core("bindResource", { resourceId: resource });
  const initialized = event((f) => f.messageType === "objectEvent" && f.name === "session.initialized");
  await ask({ command: "session.start", target: resource, data: {} }, "start");
  marks.start = performance.now();
  await initialized;
  ws.close();
}

/**
 * Frame arrival on a real loopback WebSocket (simulator flood) → listener: latency percentiles.
 * `control`: `{ base, token }`, the simulator's URL and control token (this page is the
 * simulator's own origin).
 */
export async function latency(url, control, agent, rate, seconds) {
  const flood = (r) => fetch(`${control.base}/control/flood`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-agentwire-control": control.token },
    body: JSON.stringify({ agent, rate: r }),
  }).then(async (res) => { if (!res.ok) throw new Error(`control/flood: ${res.status} ${await res.text()}`); });
  await init();
  const Real = globalThis.WebSocket;
  let arrival = 0;
  class Timed extends Real {
    constructor(u) {
      super(u);
      // Registered before agentwire sets onmessage, so it runs first for each frame.
      this.addEventListener("message", () => { arrival = performance.now(); });
    }
  }
  globalThis.WebSocket = Timed;
  const s = new AgentSession({ url, agent: { id: agent, password: "pass" }, onExistingSession: "replace", logLevel: "silent" });
  await s.connect();
  const samples = [];
  const on = () => { samples.push(performance.now() - arrival); };
  s.addEventListener("channel.infochanged", on);
  s.addEventListener("state.updated", on);
  await flood(rate);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await flood(0);
  s.close();
  globalThis.WebSocket = Real;
  samples.sort((a, b) => a - b);
  const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? NaN;
  return { rate, events: samples.length, p50: q(0.5), p99: q(0.99), max: samples[samples.length - 1] ?? NaN };
}

export { init };
