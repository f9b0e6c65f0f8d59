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
  constructor(et, lookup, names) {
    this.et = et;
    this.lookup = lookup;
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
   * Writes frame `d`, then `onText(written, at, len)`: `len` UTF-8 bytes, `written` of them in
   * the buffer. More UTF-16 units than the limit has bytes is over it for certain: only its
   * `head` is copied. Any other frame is copied whole, for the core to judge.
   */
  take(d, at, onText) {
    const n = d.length;
    if (n > this.max) {
      const v = this.room(this.head).subarray(0, this.head);
      onText(utf8.encodeInto(d.slice(0, this.head), v).written, at, utf8Length(d));
      return;
    }
    let v = this.room(n);
    let { read, written } = utf8.encodeInto(d, v);
    if (read < n) {
      // Not ASCII: up to 3 bytes a unit.
      v = this.room(written + 3 * (n - read));
      written += utf8.encodeInto(d.slice(read), v.subarray(written)).written;
    }
    onText(written, at, written);
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
 * Opens the browser WebSocket with its handlers. A text frame goes through `inbox` with the
 * event's timestamp (the `performance.now()` clock), readable as `port.frame` meanwhile.
 * Binary frames report their length.
 */
export function openSocket(url, port, inbox, onOpen, onText, onBinary, onClose) {
  const ws = new WebSocket(url);
  ws.binaryType = "arraybuffer";
  ws.onopen = () => onOpen();
  ws.onmessage = (e) => {
    const d = e.data;
    if (typeof d === "string") {
      port.frame = d;
      try {
        inbox.take(d, typeof e.timeStamp === "number" && e.timeStamp > 0 ? e.timeStamp : performance.now(), onText);
      } finally {
        port.frame = null;
      }
    } else {
      onBinary(d && typeof d.byteLength === "number" ? d.byteLength : d && typeof d.size === "number" ? d.size : 0);
    }
  };
  ws.onclose = (e) => onClose(e.code, e.reason);
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

/** Makes `AgentwireError` instances real `Error`s (instanceof Error, stack, name). */
export function adoptErrorPrototype(proto) {
  if (Object.getPrototypeOf(proto) !== Error.prototype) Object.setPrototypeOf(proto, Error.prototype);
}

export function captureStack(obj, message) {
  try {
    Object.defineProperty(obj, "stack", { value: new Error(message).stack, configurable: true, writable: true });
  } catch (_) {
    /* frozen or exotic: no stack */
  }
}

/** Calls a logger method without letting a broken logger break the SDK. */
/** The browser's reading of a URL's host (WHATWG rules), or null when it is no URL. */
export function urlHost(url) {
  try {
    return new URL(url).hostname;
  } catch (_) {
    return null;
  }
}

export function callLogger(logger, level, message, context) {
  try {
    const f = logger && logger[level];
    if (typeof f !== "function") return;
    if (context === undefined) f.call(logger, message);
    else f.call(logger, message, context);
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
