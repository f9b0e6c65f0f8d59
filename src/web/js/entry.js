// The package's entry (scripts/entry.mjs puts it before wasm-bindgen's agentwire_wasm.js).
import load, { initSync as loadSync, AgentSession as Session } from "./agentwire_wasm.js";
// The error class is the glue's (scripts/entry.mjs points this at wasm-bindgen's copy of it).
import { AgentwireError } from "./glue.js";

import { share, host, COMMANDS } from "./tabs.js";

export { AgentwireError };

// tabs.js is bundled into this module (scripts/bundle.mjs: one file, one gzip, −680 B), and the
// SharedWorker (worker.js) imports this module: in a SharedWorker, and only there, the entry
// hands it tabs.js's `host` under a registered symbol (not an export: the module's exports are
// the public API), so the worker runs the one copy of tabs.js this module holds.
if (typeof SharedWorkerGlobalScope === "function" && globalThis instanceof SharedWorkerGlobalScope) {
  globalThis[Symbol.for("agentwire.host")] = host;
}

const OWN = Object.freeze({ mode: "own", via: null, role: null, count: 1 });

// The command methods (issue 14): each calls the one wasm export, `__call` of
// src/web/session.rs, with 64 + its index in `COMMANDS`
// (src/web/js/tabs.js, which forwards the same list in a shared tab), the `methods!` table of
// src/web/commands.rs in the same order (tests/tables.rs); their types are
// src/web/js/commands.d.ts. On wasm-bindgen's class, like its own methods (not enumerable).
COMMANDS.forEach((n, i) => Object.defineProperty(Session.prototype, n, {
  value: { [n](a, b, c) { return this.__call(64 + i, "", a, b, c); } }[n],
  writable: true,
  configurable: true,
}));
// The session's JS members are over one wasm export, `__call(which, name, a, b, c)` of
// src/web/session.rs (`invoke`), by their position in these lists (tests/tables.rs).
// The model reads (issue 14), `which` 8 + their index (src/web/reads.rs): the first two take
// a target, the others their options, if any. Their types are src/web/js/reads.d.ts.
const READS = ["channel", "object", "channels", "channelGroups", "interactions", "notReadyReasons", "logoutReasons",
  "addressBooks", "getSnapshot"];
READS.forEach((n, i) => Object.defineProperty(Session.prototype, n, {
  value: { [n](a) { return i < 2 ? this.__call(8 + i, a) : this.__call(8 + i, "", a); } }[n],
  writable: true,
  configurable: true,
}));
// Its other methods, `which` their index: `once` and `on` take the event type, `subscribe` a
// function (checked here: the wasm's arm takes it as one), `confirmOverride` a boolean as
// wasm-bindgen read one (ToInt32, non-zero), the others their one argument.
const CALLS = ["once", "on", "subscribe", "confirmOverride", "exportRecording", "takeOver"];
CALLS.forEach((n, i) => Object.defineProperty(Session.prototype, n, {
  value: { [n](a, b) {
    if (i === 2 && typeof a !== "function") throw new TypeError("agentwire: subscribe(listener) needs a function");
    return i < 2 ? this.__call(i, a, b) : this.__call(i, "", i === 3 ? (a | 0) !== 0 : a);
  } }[n],
  writable: true,
  configurable: true,
}));
// The `on<event>` handler properties (called after the event's listeners; anything but a
// function removes one), each a slot of the session's array of handlers (`which` 24): their
// order is `HANDLER_EVENTS` of src/web/events.rs (tests/tables.rs); their types are
// src/web/js/events.d.ts.
const HANDLERS = ["onconnectionchange", "onconfirm", "onprotocolerror", "onresynced", "oncommandcomplete"];
HANDLERS.forEach((n, i) => Object.defineProperty(Session.prototype, n, {
  get() { return this.__call(24, "")[i]; },
  set(f) { this.__call(24, "")[i] = typeof f === "function" ? f : null; },
  configurable: true,
}));
// Like `EventTarget`'s, on the session's target, `which` 40 (`protocolevent` listeners turn its
// copies on).
Object.defineProperties(Session.prototype, {
  addEventListener: { value: function addEventListener(k, l, o) { this.__call(40, "", k === "protocolevent").addEventListener(k, l, o); }, writable: true, configurable: true },
  removeEventListener: { value: function removeEventListener(k, l, o) { this.__call(40, "", false).removeEventListener(k, l, o); }, writable: true, configurable: true },
  dispatchEvent: { value: function dispatchEvent(e) { return this.__call(40, "", false).dispatchEvent(e); }, writable: true, configurable: true },
  events: { get() { return this.__call(40, "", true); }, configurable: true },
  // The session's own properties, `which` 41–43, and `connect()` and `close()`, 44 and 45
  // (src/web/session.rs; js/calls.d.ts).
  agentId: { get() { return this.__call(41, ""); }, configurable: true },
  id: { get() { return this.__call(42, ""); }, configurable: true },
  connectionState: { get() { return this.__call(43, ""); }, configurable: true },
  // (As methods, like the class's own: not constructors.)
  connect: { value: { connect() { return this.__call(44, ""); } }.connect, writable: true, configurable: true },
  close: { value: { close() { this.__call(45, ""); } }.close, writable: true, configurable: true },
});

let ready = false;
let loading = null;

function check() {
  if (!ready) {
    throw new TypeError(
      "agentwire is not loaded: use `await AgentSession.create(options)`, or `await init()` before `new AgentSession()`",
    );
  }
}

export default function init(input) {
  if (ready) return Promise.resolve();
  if (!loading) loading = load(input).then(
    () => void (ready = true),
    (e) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

export function initSync(module) {
  if (!ready) {
    loadSync(module);
    ready = true;
  }
}

export class AgentSession extends Session {
  constructor(options) {
    check();
    super(options);
    // `tabs: "share"` or `"share-locks"` (the options are valid: the constructor checked them).
    this._tabs = /^share/.test(options.tabs ?? "") ? share(this, Session.prototype, AgentwireError, options) : null;
    // Bound, for `useSyncExternalStore(session.subscribe, session.getSnapshot)`.
    this.subscribe = this.subscribe.bind(this);
    this.getSnapshot = this.getSnapshot.bind(this);
  }
  get tabs() {
    return this._tabs ? this._tabs.info() : OWN;
  }
  static async create(options) {
    await init();
    return new AgentSession(options);
  }
  static eventNames() {
    check();
    return super.eventNames();
  }
  static replay(recording) {
    check();
    return super.replay(recording);
  }
}
