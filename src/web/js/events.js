// The SDK's own events and the text of the core's messages: the half of the JS glue that
// makes what a page receives from the SDK itself (`connectionchange`, `commandcomplete`,
// `protocolerror`, `confirm`, `resynced`, `once()`, `on()`) and composes messages from the
// codes the wasm hands over. Bound by src/web/glue.rs beside glue.js (wasm-bindgen copies each
// snippet alone, so the two import nothing from each other); scripts/bundle.mjs puts both
// into the package's one module.

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

export function resynced(et, handler, removed) {
  dispatchCustom(et, "resynced", { removed }, handler);
}

export function callHandler(handler, name, detail) {
  try {
    handler(new CustomEvent(name, { detail }));
  } catch (e) {
    // Like dispatchEvent: a throwing handler is reported and does not break the SDK.
    reportError(e);
  }
}

export function reportError(e) {
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
