// src/web/js/parking.js, the registry wasm-bindgen's JS frees wasm objects through: nothing is
// cleaned up while the page is in the back/forward cache (a cleanup running there gets the
// page evicted), and what was collected meanwhile is cleaned up at `pageshow`.
//   node --expose-gc tests/package/parking.test.mjs
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";

if (typeof gc !== "function") throw new Error("run with node --expose-gc");
const page = new EventTarget();
const show = (type, persisted) => {
  const e = new Event(type);
  Object.defineProperty(e, "persisted", { value: persisted });
  page.dispatchEvent(e);
};
// The module's source, run with a page's globals (a document, window's event listeners).
const source = readFileSync(new URL("../../src/web/js/parking.js", import.meta.url), "utf8");
const ParkingRegistry = new Function("document", "addEventListener", `${source}\nreturn ParkingRegistry;`)(
  {},
  page.addEventListener.bind(page),
);
assert.notEqual(ParkingRegistry, FinalizationRegistry, "a page gets the parking registry");

const cleaned = [];
const registry = new ParkingRegistry((held) => cleaned.push(held));
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    gc();
  }
};

// Registered before and while the page is cached, then dropped: nothing runs while cached.
(() => registry.register({ a: 1 }, "before", {}))();
show("pagehide", true);
(() => registry.register({ b: 2 }, "while cached", {}))();
await settle();
assert.deepEqual(cleaned, [], "no cleanup while the page is cached");

// Shown again: both are cleaned up then.
show("pageshow", true);
assert.deepEqual(cleaned.sort(), ["before", "while cached"]);

// An object still alive is registered again, and an unregistered one is never cleaned up.
const kept = { c: 3 };
const token = {};
registry.register(kept, "kept", token);
show("pagehide", true);
show("pageshow", true);
assert.equal(registry.unregister(token), true);
assert.equal(registry.unregister(token), false, "a token unregisters once");
assert.equal(registry.entries.size, 0, "nothing left registered");

console.log(`parking: nothing cleaned up while cached, ${cleaned.length} cleaned up when shown again, an object still alive registered again, unregister once`);
console.log("parking: passed");
