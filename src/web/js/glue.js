// agentwire's hand-written JS glue: the few things that are cheaper or only possible on the JS
// side. Everything here is called from src/web/*.rs; protocol logic stays in Rust. The SDK's
// own events and the core's message texts are events.js's (the other half of the glue).

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
 * The event a protocol event is dispatched as: a `CustomEvent` (an instance of it, with the same
 * `type`, `bubbles`, `cancelable` and `composed` as `new CustomEvent(type, { detail })`) whose
 * `detail` getter returns the `EventDetail` from a private field. Made with no init
 * dictionary, which the browser converts member by member: in Chromium that conversion was
 * about a fifth of making and dispatching the event (docs/performance-log.md, "The page's
 * per-frame path, eighth session").
 */
export class ProtocolEvent extends (typeof CustomEvent === "function" ? CustomEvent : Object) {
  #d;
  constructor(type, detail) {
    super(type);
    this.#d = detail;
  }
  get detail() {
    return this.#d;
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
    this.et.dispatchEvent(new ProtocolEvent(name, detail));
    if (this.all) this.et.dispatchEvent(new ProtocolEvent("protocolevent", detail));
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
    // A short frame's ASCII units one byte each by this loop: up to ≈ 190 units it takes a third
    // to a half of `encodeInto`'s time in Firefox ESR and the same in Chromium; a longer frame's
    // `encodeInto` is faster in both (docs/performance-log.md, "The page's per-frame path in
    // Firefox").
    let read = 0, written = 0;
    if (n <= 192) {
      for (let c; read < n && (c = d.charCodeAt(read)) < 0x80; read++) v[read] = c;
      written = read;
    } else ({ read, written } = utf8.encodeInto(d, v));
    if (read < n) {
      // Not ASCII: the rest, up to 3 bytes a unit.
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
      // Read once: on a browser's MessageEvent each read is a call into the browser.
      const t = e.timeStamp;
      port.frame = d;
      try {
        inbox.take(d, typeof t === "number" && t > 0 ? t : performance.now(), on);
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

/**
 * Starts closing a socket with `code` (browsers accept only 1000 and 3000–4999 from scripts:
 * else 1000) and the first 60 characters of `reason` (plainly if the browser refuses them).
 */
export function closeSocket(ws, code, reason) {
  try {
    ws.close(code === 1000 || (code >= 3000 && code < 5000) ? code : 1000, [...reason].slice(0, 60).join(""));
  } catch (_) {
    ws.close();
  }
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

/** The log levels, by their index (`LEVELS` of src/web/options.rs; tests/tables.rs). */
export const LEVELS = ["debug", "info", "warn", "error", "silent"];

/** Calls a logger method (`level` an index of `LEVELS`) without letting a broken logger break the SDK. */
export function callLogger(logger, level, message) {
  try {
    const sink = typeof logger === "object" && logger !== null ? logger : globalThis.console;
    const f = sink && sink[LEVELS[level]];
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
