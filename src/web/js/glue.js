// agentwire's hand-written JS glue: the few things that are cheaper or only possible on the JS
// side. Everything here is called from src/web/*.rs; protocol logic stays in Rust.

/**
 * `event.detail` of every protocol event. `data` is parsed lazily from the frame the page
 * already received (only the `data` part, `[a, b)`), or, with `a` < 0, from the JSON text the
 * SDK gave (its own reading of the event, e.g. `{}` for absent or `null` data), so listeners
 * that do not read it cost nothing; `object` is the model object the event touched, read
 * from the SDK's model on first access.
 */
export class EventDetail {
  constructor(port, name, target, frame, a, b) {
    this.name = name;
    this.target = target;
    this._port = port;
    this._frame = frame;
    this._a = a;
    this._b = b;
    this._data = undefined;
    this._object = undefined;
  }
  get data() {
    if (this._data === undefined) {
      const f = this._frame;
      this._data = JSON.parse(this._a < 0 ? f : f.slice(this._a, this._b));
      this._frame = null;
    }
    return this._data;
  }
  get object() {
    if (this._object === undefined) this._object = this._port.lookup(this.target) ?? null;
    return this._object;
  }
  toJSON() {
    return { name: this.name, target: this.target, data: this.data, object: this.object };
  }
}

/**
 * One session's link between wasm and the page: its `EventTarget`, the model lookup, the
 * interned event names, and the text frame being handled (`frame`), so protocol events are
 * built from index ranges into the string the page already holds and nothing is copied back
 * out of wasm memory. Known event types come from `names` (one string per known event, made
 * once) instead of a slice of each frame.
 */
export class Port {
  constructor(et, wake, lookup, names) {
    this.et = et;
    this.lookup = (target) => wake(lookup, target);
    this.names = names.split(",");
    this.frame = null;
    this.all = false;
  }
  /** Dispatches a protocol event by its name, then (once asked for) as `protocolevent`. */
  fire(name, detail) {
    this.et.dispatchEvent(new CustomEvent(name, { detail }));
    if (this.all) this.et.dispatchEvent(new CustomEvent("protocolevent", { detail }));
  }
  /**
   * A protocol event of the frame being handled. `k` > 0 picks an interned name, else the
   * name is `frame[na, nb)`; the target is `frame[ta, tb)`; `data` is `frame[a, b)`.
   */
  event(k, na, nb, ta, tb, a, b) {
    const f = this.frame;
    const name = k > 0 ? this.names[k - 1] : f.slice(na, nb);
    this.fire(name, new EventDetail(this, name, f.slice(ta, tb), f, a, b));
  }
  /**
   * A protocol event whose parts cannot be sliced from the frame being handled (a listener's
   * command re-entered the pump before the frame's other events went out, an escaped name or
   * target, or no `data` in the frame): `data` is the SDK's JSON text of it.
   */
  eventText(name, target, data) {
    this.fire(name, new EventDetail(this, name, target, data, -1, -1));
  }
}

const utf8 = new TextEncoder();

/**
 * The JS half of a session's inbox (src/web/inbox.rs): the buffer in wasm memory text frames
 * are encoded into. `grow(n)`: at least `n` bytes, returns the address.
 */
export class Inbox {
  constructor(memory, grow, max, head) {
    this.memory = memory;
    this.grow = grow;
    this.max = max;
    this.head = head;
    this.ptr = 0;
    this.cap = 0;
    this.view = null;
  }
  /**
   * A view of at least `n` bytes, re-made after the buffer moved or wasm memory grew (which
   * detaches the old `memory.buffer`: a view of it is then 0 bytes long, a cheaper test).
   */
  room(n) {
    if (n > this.cap) {
      const cap = Math.max(n, 4096, Math.min(2 * this.cap, this.max));
      this.ptr = this.grow(cap);
      this.cap = cap;
      this.view = null;
    }
    let v = this.view;
    if (v === null || v.byteLength === 0) v = this.view = new Uint8Array(this.memory.buffer, this.ptr, this.cap);
    return v;
  }
  /**
   * Writes frame `d`, then (the socket's handler) `on(1, written, at, units)`: the whole frame,
   * `written` UTF-8 bytes for `units` UTF-16 units (equal when it is ASCII: its byte offsets are
   * then its UTF-16 indices, and the core need not scan it again to know). More UTF-16 units
   * than the limit has bytes is over it for certain: only its `head` is copied, and
   * `on(4, written, at, len)` gives the frame's UTF-8 length. Any other frame is copied whole,
   * for the core to judge.
   */
  take(d, at, on) {
    const n = d.length;
    if (n > this.max) {
      const v = this.room(this.head).subarray(0, this.head);
      on(4, utf8.encodeInto(d.slice(0, this.head), v).written, at, utf8Length(d));
      return;
    }
    let v = this.room(n);
    let { read, written } = utf8.encodeInto(d, v);
    if (read < n) {
      // Not ASCII: up to 3 bytes a unit.
      v = this.room(written + 3 * (n - read));
      written += utf8.encodeInto(d.slice(read), v.subarray(written)).written;
    }
    on(1, written, at, n);
  }
}

/** UTF-8 length of `s` as TextEncoder writes it (a lone surrogate: U+FFFD). */
function utf8Length(s) {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c < 0xdc00 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

/**
 * Opens the browser WebSocket with its one handler, `on(kind, a, at, b, reason)` (socket.rs): 0
 * opened; 1 a text frame (4 one too long to copy), through `inbox` with the event's timestamp
 * (the `performance.now()` clock), readable as `port.frame` meanwhile; 2 a binary frame's
 * length; 3 closed.
 */
export function openSocket(url, port, inbox, on) {
  const ws = new WebSocket(url);
  ws.binaryType = "arraybuffer";
  ws.onopen = () => on(0, 0, 0, 0);
  ws.onmessage = (e) => {
    const d = e.data;
    if (typeof d === "string") {
      port.frame = d;
      try {
        inbox.take(d, typeof e.timeStamp === "number" && e.timeStamp > 0 ? e.timeStamp : performance.now(), on);
      } finally {
        port.frame = null;
      }
    } else {
      on(2, 0, d && typeof d.byteLength === "number" ? d.byteLength : d && typeof d.size === "number" ? d.size : 0, 0);
    }
  };
  ws.onclose = (e) => on(3, e.code, 0, 0, e.reason);
  return ws;
}

/** Detaches a socket's handlers and closes it (a replaced socket never feeds wasm again). */
export function dropSocket(ws) {
  ws.onopen = ws.onmessage = ws.onclose = null;
  if (ws.readyState <= 1) {
    try {
      ws.close();
    } catch (_) {
      /* already closing */
    }
  }
}

/** Dispatches one of the SDK's own events (`connectionchange`, `confirm`, …). */
export function dispatchCustom(et, name, detail, handler) {
  et.dispatchEvent(new CustomEvent(name, { detail }));
  if (typeof handler === "function") callHandler(handler, name, detail);
}

// The details of the SDK's own events, made from the values `src/web/events.rs` passes (a
// message as `[code, ...args]`), in the order of their members in `types.d.ts`.

export function connectionChange(et, handler, state, attempt, retry, reasonKind, reasonCode, reasonMessage,
  causeCode, causeMessage, insecure) {
  dispatchCustom(et, "connectionchange", {
    state,
    attempt,
    retryInMs: retry ?? null,
    reason: reasonKind == null ? null : { kind: reasonKind, code: reasonCode, message: compose(reasonMessage) },
    cause: causeCode == null ? null : { code: causeCode, message: compose(causeMessage) },
    insecure,
  }, handler);
}

export function commandComplete(et, handler, id, command, target, elapsedMs, e) {
  dispatchCustom(et, "commandcomplete", {
    id,
    command,
    target: target ?? null,
    ok: e == null,
    elapsedMs,
    error: e == null ? null : { kind: e.kind, code: e.code, message: e.message },
  }, handler);
}

export function protocolError(et, handler, kind, message, frame) {
  dispatchCustom(et, "protocolerror", { kind, message: compose(message), frame: frame ?? null }, handler);
}

export function confirm(et, handler, message, wake, accept, decline) {
  dispatchCustom(et, "confirm", { message, accept: () => wake(accept), decline: () => wake(decline) }, handler);
}

/** The session's one timeout: `wake(kind)` after `ms`. */
export function setTimer(wake, kind, ms) {
  return setTimeout(() => wake(kind), ms);
}

export function clearTimer(handle) {
  clearTimeout(handle);
}

/** `() => wake(kind)`: the function `subscribe()` returns (kind: the listener's id). */
export function bindWake(wake, kind) {
  return () => void wake(kind);
}

export function memberNames(obj) {
  return JSON.stringify(Object.keys(obj));
}

export function language() {
  const n = globalThis.navigator;
  return n && typeof n.language === "string" ? n.language : undefined;
}

export function resynced(et, handler, removed) {
  dispatchCustom(et, "resynced", { removed }, handler);
}

function callHandler(handler, name, detail) {
  try {
    handler(new CustomEvent(name, { detail }));
  } catch (e) {
    // Like dispatchEvent: a throwing handler is reported and does not break the SDK.
    reportError(e);
  }
}

function reportError(e) {
  if (typeof globalThis.reportError === "function") globalThis.reportError(e);
  else setTimeout(() => { throw e; });
}

/**
 * `session.once(type, { signal, timeoutMs })`: the next `type` event; rejects with
 * `signal.reason` on abort, with `timeoutError` after `ms`; the listener goes either way.
 */
export function once(et, type, signal, ms, timeoutError) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(signal.reason);
    let t;
    const done = (settle, v) => {
      et.removeEventListener(type, on);
      if (signal) signal.removeEventListener("abort", abort);
      clearTimeout(t);
      settle(v);
    };
    const on = (e) => done(resolve, e);
    const abort = () => done(reject, signal.reason);
    et.addEventListener(type, on);
    if (signal) signal.addEventListener("abort", abort);
    if (ms !== undefined) t = setTimeout(() => done(reject, timeoutError), ms);
  });
}

/**
 * `session.on(type, { signal })`: an async iterator of `type` events, buffered (none is lost
 * between two `next()` calls); it ends (after what it buffered) when the session closes, when
 * `signal` aborts, on `return()` (`break` out of `for await`), or at once when `ended`.
 */
export function stream(et, type, signal, ended) {
  const queue = [];
  const waits = [];
  let done = false;
  const push = (e) => (waits.length ? waits.shift()({ value: e, done: false }) : queue.push(e));
  const change = (e) => e.detail.state === "closed" && end();
  const end = () => {
    if (done) return;
    done = true;
    et.removeEventListener(type, push);
    et.removeEventListener("connectionchange", change);
    if (signal) signal.removeEventListener("abort", end);
    while (waits.length) waits.shift()({ value: undefined, done: true });
  };
  if (ended || (signal && signal.aborted)) done = true;
  else {
    et.addEventListener(type, push);
    et.addEventListener("connectionchange", change);
    if (signal) signal.addEventListener("abort", end);
  }
  return {
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((r) => waits.push(r));
    },
    return() {
      end();
      queue.length = 0;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Deep-freezes a snapshot so pages cannot mutate what other subscribers see. */
export function deepFreeze(v) {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze(v[k]);
  }
  return v;
}

const KINDS = ["failure", "timeout", "disconnected", "invalidArgument", "closed"];
const REASONS = ["closed", "loggedOut", "replaced", "declined", "refused", "noProcessor", "connectFailed",
  "reconnectExhausted"];

/**
 * The error every agentwire Promise rejects with, and constructors throw (its types:
 * src/web/js/error.d.ts). The wasm makes one through `agentwireError` from the core's error:
 * `kind` and `reason` by their index in `KINDS` and `REASONS` (`src/web/error.rs`), `original`
 * as JSON text (parsed on each read). Instances are real `Error`s: the prototype chain reaches
 * `Error.prototype` and each carries a `stack`.
 */
export class AgentwireError {
  #k; #c; #m; #a; #o; #r;
  constructor(kind, code, message, argument, original, reason) {
    this.#k = kind;
    this.#c = code;
    this.#m = message;
    this.#a = argument;
    this.#o = original;
    this.#r = reason;
    try {
      Object.defineProperty(this, "stack", { value: new Error(this.toString()).stack, configurable: true, writable: true });
    } catch (_) {
      /* no stack */
    }
  }
  get kind() { return this.#k; }
  get code() { return this.#c; }
  get message() { return this.#m; }
  get name() { return "AgentwireError"; }
  get argument() { return this.#a; }
  get original() { return this.#o === undefined ? undefined : JSON.parse(this.#o); }
  get reason() { return this.#r; }
  toJSON() {
    const o = { name: this.name, kind: this.#k, code: this.#c, message: this.#m };
    if (this.#a !== undefined) o.argument = this.#a;
    if (this.#r !== undefined) o.reason = this.#r;
    if (this.#o !== undefined) o.original = this.original;
    return o;
  }
  toString() {
    return `AgentwireError [${this.#k}/${this.#c}]: ${this.#m}`;
  }
  /** Nothing to free (the error holds no wasm memory); kept from the class wasm-bindgen made. */
  free() {}
  /**
   * The error another tab's session settled a command with, from what its `toJSON()` wrote
   * (`tabs: "share"`). An unknown `kind` or `reason` is read as `disconnected` / none: the
   * fields are this package's own, from another copy of it.
   */
  static fromJSON(v) {
    const text = (k) => {
      try {
        const x = Reflect.get(v, k);
        return typeof x === "string" ? x : undefined;
      } catch (_) {
        return undefined;
      }
    };
    let original;
    try {
      const o = Reflect.get(v, "original");
      if (typeof o === "object" && o !== null) original = JSON.stringify(o);
    } catch (_) {
      /* not an object, or not serialisable: none */
    }
    const kind = text("kind");
    const reason = text("reason");
    return new AgentwireError(KINDS.includes(kind) ? kind : "disconnected", text("code") ?? "DISCONNECTED",
      text("message") ?? "", text("argument"), typeof original === "string" ? original : undefined,
      REASONS.includes(reason) ? reason : undefined);
  }
}
Object.setPrototypeOf(AgentwireError.prototype, Error.prototype);
if (Symbol.dispose) AgentwireError.prototype[Symbol.dispose] = AgentwireError.prototype.free;

/** An `AgentwireError` for the wasm: `kind` and `reason` (`-1`: none) by their index. */
export function agentwireError(kind, code, message, argument, original, reason) {
  return new AgentwireError(KINDS[kind], code, message, argument ?? undefined, original ?? undefined, REASONS[reason]);
}

/** The browser's reading of a URL's host (WHATWG rules), or null when it is no URL. */
export function urlHost(url) {
  try {
    return new URL(url).hostname;
  } catch (_) {
    return null;
  }
}

/** Calls a logger method without letting a broken logger break the SDK. */
export function callLogger(logger, level, message) {
  try {
    const sink = typeof logger === "object" && logger !== null ? logger : globalThis.console;
    const f = sink && sink[level];
    if (typeof f === "function") f.call(sink, message);
  } catch (_) {
    /* a logger that throws is ignored */
  }
}

export function nowMs() {
  return performance.now();
}

/**
 * Listens for what the browser says about the network and the page's life, and calls
 * `on(kind)`: 0 `offline`, 1 `online` (window), 2 `pagehide` into the back/forward cache,
 * 3 `pageshow` from it (window, `persisted` only), 4 `freeze`, 5 `resume`, 6 hidden, 7 visible
 * (document). Returns the function that removes every listener (src/web/lifecycle.rs owns it).
 * In a worker (`tabs: "share"`'s SharedWorker) `globalThis` is the worker's scope: `online`
 * and `offline` fire there, there is no `document` (its listeners are left out), and the
 * page-life events come from the tabs (worker.js dispatches `pagehide`/`pageshow` there when
 * every tab is in the back/forward cache or one comes back).
 */
export function listenLifecycle(on) {
  const w = globalThis;
  const d = w.document;
  const all = [
    [w, "offline", () => on(0)],
    [w, "online", () => on(1)],
    [w, "pagehide", (e) => e.persisted && on(2)],
    [w, "pageshow", (e) => e.persisted && on(3)],
    [d, "freeze", () => on(4)],
    [d, "resume", () => on(5)],
    [d, "visibilitychange", () => on(d.visibilityState === "hidden" ? 6 : 7)],
  ].filter(([t]) => t && typeof t.addEventListener === "function");
  for (const [t, name, f] of all) t.addEventListener(name, f);
  return () => {
    for (const [t, name, f] of all) t.removeEventListener(name, f);
  };
}

/** The wall clock (`Date.now()`): it counts a system sleep that `performance.now()` may not. */
export function wallMs() {
  return Date.now();
}

// The text of every message the core reports (src/proto/text.rs: `Code`, in its order; a
// template's {0}, {1}… are its arguments). The wasm has no formatting code: it hands over a
// code and its arguments, and the text is composed here. `cargo test --test tables` checks
// that this table and the core's templates agree.
const TEXTS = [
  "{0}",
  "server failure {0}: {1}",
  "no answer within {0} ms",
  "disconnected before the answer: {0}",
  "invalid {0}: {1}",
  "session closed: {0}",
  "closed by the page",
  "logged out",
  "session replaced by another client",
  "the existing session was kept (override declined)",
  "refused by the server ({0}): {1}",
  "no interaction processor is in service and accepting clients",
  "could not connect: {0}",
  "gave up reconnecting after {0} attempts",
  "the browser is offline",
  "no answer from the server within {0} ms after the page woke up",
  "the page was put in the back/forward cache",
  "connection lost: {0}",
  "socket closed ({0})",
  "socket closed ({0} {1})",
  "timed out {0}",
  "JSON text ends unexpectedly",
  "unexpected character '{0}' in JSON at byte {1}",
  "invalid escape in JSON string at byte {0}",
  "invalid JSON number at byte {0}",
  "raw control character in JSON string at byte {0}",
  "JSON nested deeper than {0} levels at byte {1}",
  "characters after the JSON value at byte {0}",
  "frame of {0} bytes exceeds the {1}-byte limit",
  "binary frame of {0} bytes (the protocol uses text frames)",
  "frame is not JSON: {0}",
  "frame is a JSON {0}, not an object",
  "frame has neither `messageType`, `result` nor `command`",
  "{0}: {1}",
  "`{0}` is missing",
  "`{0}` should be {1}, found {2}",
  "`{0}` is invalid: {1}",
  "target is empty",
  "target or id of {0} bytes is too long (at most {1} bytes, {2} segments, ids {3} bytes)",
  "target \"{0}\" has an empty segment",
  "id \"{0}\" contains '.', which targets use as separator",
  "no object with target \"{0}\"",
  "target \"{0}\" is a {1}, not a {2}",
  "event before any session was bound",
  "target \"{0}\" belongs to another session",
  "id \"{0}\" in data does not match target \"{1}\"",
  "more than {0} {1}",
  "{0} must be \"{1}\" or \"{2}\", not \"{3}\"",
  "{0} must be \"{1}\", \"{2}\" or \"{3}\", not \"{4}\"",
  "{0} must be positive",
  "{0} must be an object or false",
  "url \"{0}\" must start with wss:// (or ws:// for loopback)",
  "url \"{0}\" must start with wss:// or ws:// (exactly two slashes)",
  "url \"{0}\" has a malformed IPv6 host",
  "url \"{0}\" has no host",
  "url \"{0}\" uses ws:// to a non-loopback host; use wss:// or set allowInsecure",
  "url \"{0}\" does not name a loopback host for the browser; use wss:// or set allowInsecure",
  "{0} is not JSON-serialisable",
  "{0} must be an object",
  "{0} must be a string",
  "{0} must not be empty",
  "{0} is required",
  "{0} must be a non-negative number",
  "{0} must be a boolean",
  "{0} must be a target string or a {0} object from the model",
  "no \"{0}\" event within {1} ms",
  "unknown option \"{0}\"",
  "options must be an object with url and agent",
  "agent must be an object { id, password }",
  "logLevel must be debug, info, warn, error or silent",
  "logger must be an object with debug/info/warn/error methods",
  "{0} is sent by agentwire itself while connecting",
  "no session yet",
  "a {0} target is required",
  "\"{0}\" is a {1}, {2} needs a {3}",
  "no {0} with target \"{1}\"",
  "\"{0}\" is not in the server's not-ready reasons",
  "\"{0}\" is not selectable",
  "\"{0}\" is not in the server's logout reasons",
  "at least one of p1…p20 is needed",
  "p{0} is empty (send only parameters with a value)",
  "more than {0} commands pending",
  "{0} {1} on {2}",
  "a second response to",
  "a response after the timeout of",
  "a response to no pending",
  "(no target)",
  "failure of {0} carries the original of {1} on {2}",
  "{0} {1} → {2} in {3} ms",
  "protocol error ({0}): {1}",
  "recording has no config",
  "recording has no inputs",
  "input {0} is not an array",
  "input {0} has no time",
  "input {0}: {1}",
  "input {0}: unknown kind {1}",
  "only p1 … p20 are allowed",
  "keep-alive ping unanswered",
  "not connected",
  "no interaction processor available",
  "opening the socket",
  "binding the Service Monitor",
  "binding the interaction processor",
  "preparing the session",
  "binding the session resource",
  "starting the session",
  "coreResponse to unknown requestId \"{0}\"",
  "{0} failed",
  "prepareSession result \"{0}\"",
  "prepareSession succeeded without data.resourceId",
  "unexpected prepareSession response",
  "unknown messageType \"{0}\" ignored",
  "{0} ignored: session-resource messages travel top-level (WIRE-PROFILE §2)",
  "not a submission",
  "a request-class message sent to the client was ignored",
  "{0} before the session was started",
  "a server event named \"{0}\" was not dispatched: the SDK's own events use that name",
  "{0} more protocol errors were not reported (rate limit)",
  "the server's data passed the model's byte budget ({0} bytes): {1} bytes of the oldest attached data, dispositions, scripts, address books or members were dropped",
];

/** The text of `[code, ...args]`; an argument is a string, a number or such an array. */
export function compose(m) {
  return (TEXTS[m[0]] ?? "").replace(/\{(\d)\}/g, (_, i) => {
    const v = m[+i + 1];
    return Array.isArray(v) ? compose(v) : String(v);
  });
}
