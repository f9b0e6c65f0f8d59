// agentwire's hand-written JS glue: the few things that are cheaper or only possible on the JS
// side. Everything here is called from src/web/*.rs; protocol logic stays in Rust.

/**
 * `event.detail` of every protocol event. `data` is parsed lazily from the frame the page
 * already received (only the `data` part, when its byte range is known), so listeners that do
 * not read it cost nothing; `object` is the model object the event touched, read from the SDK's
 * model on first access.
 */
export class EventDetail {
  constructor(lookup, name, target, frame, a, b) {
    this.name = name;
    this.target = target;
    this._lookup = lookup;
    this._frame = frame;
    this._a = a;
    this._b = b;
    this._data = undefined;
    this._object = undefined;
  }
  get data() {
    if (this._data === undefined) {
      const f = this._frame;
      this._data = this._a >= 0 ? JSON.parse(f.slice(this._a, this._b)) : JSON.parse(f).data ?? {};
      this._frame = null;
    }
    return this._data;
  }
  get object() {
    if (this._object === undefined) this._object = this._lookup(this.target) ?? null;
    return this._object;
  }
  toJSON() {
    return { name: this.name, target: this.target, data: this.data, object: this.object };
  }
}

/**
 * Builds and dispatches a protocol event. `name` and `target` come as strings, or (the fast
 * path, for ASCII frames) as `undefined` with their index ranges in `frame`, so nothing is
 * copied back out of wasm memory.
 */
export function dispatchProtocolEvent(et, lookup, frame, a, b, name, na, nb, target, ta, tb, handler) {
  if (name === undefined) name = frame.slice(na, nb);
  if (target === undefined) target = frame.slice(ta, tb);
  const detail = new EventDetail(lookup, name, target, frame, a, b);
  et.dispatchEvent(new CustomEvent(name, { detail }));
  if (typeof handler === "function") callHandler(handler, name, detail);
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
