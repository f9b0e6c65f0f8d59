// Prepended to wasm-bindgen's JS module by scripts/registry.mjs, which makes its
// `new FinalizationRegistry(…)` a `new ParkingRegistry(…)`.
//
// A page in the back/forward cache must run no JavaScript: Chromium evicts it if it does
// (measured: `JavaScriptExecution`, the page loaded anew on return, when a wasm object the page
// had dropped was collected while the page was cached and its registry's cleanup ran there).
// So at `pagehide` (persisted) every registration is taken out of the real registry and kept
// (the object only weakly), and at `pageshow` put back; what was collected meanwhile is
// cleaned up then. What is registered in between (an error made by the session's own
// `pagehide` handling, which runs after this one) is kept the same way. Without a document (the SharedWorker), or without WeakRef, it is the
// plain FinalizationRegistry.
const parkingRegistries = [];
let parked = false;
const parkingOn = typeof document !== "undefined" && typeof WeakRef === "function" && typeof addEventListener === "function";
const ParkingRegistry = !parkingOn ? FinalizationRegistry : class {
  constructor(cleanup) {
    this.cleanup = cleanup;
    this.entries = new Set();
    this.tokens = new WeakMap();
    this.real = new FinalizationRegistry((entry) => {
      this.entries.delete(entry);
      cleanup(entry.held);
    });
    parkingRegistries.push(this);
  }
  register(target, held, token) {
    const entry = { target: new WeakRef(target), held };
    this.entries.add(entry);
    if (token !== undefined) this.tokens.set(token, entry);
    if (!parked) this.real.register(target, entry, entry);
  }
  unregister(token) {
    const entry = this.tokens.get(token);
    if (entry === undefined) return false;
    this.tokens.delete(token);
    this.entries.delete(entry);
    this.real.unregister(entry);
    return true;
  }
  park() {
    for (const entry of this.entries) this.real.unregister(entry);
  }
  unpark() {
    for (const entry of this.entries) {
      const target = entry.target.deref();
      if (target === undefined) {
        this.entries.delete(entry);
        this.cleanup(entry.held);
      } else this.real.register(target, entry, entry);
    }
  }
};
if (parkingOn) {
  addEventListener("pagehide", (e) => {
    if (!e.persisted || parked) return;
    parked = true;
    parkingRegistries.forEach((r) => r.park());
  });
  addEventListener("pageshow", (e) => {
    if (!e.persisted || !parked) return;
    parked = false;
    parkingRegistries.forEach((r) => r.unpark());
  });
}
