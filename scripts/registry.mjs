// Makes wasm-bindgen's JS module free wasm objects through src/web/js/parking.js's
// ParkingRegistry instead of a bare FinalizationRegistry, so no cleanup runs in a page while
// it is in the back/forward cache (which would evict it). Run by scripts/build.sh on
// wasm-bindgen's output, every profile and target, before the entry module renames it.
//   node scripts/registry.mjs DIR
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const parking = readFileSync(new URL("../src/web/js/parking.js", import.meta.url), "utf8");
let patched = 0;
for (const f of ["agentwire.js", "agentwire_bg.js"]) {
  const path = join(dir, f);
  if (!existsSync(path)) continue;
  const js = readFileSync(path, "utf8");
  const n = js.split("new FinalizationRegistry(").length - 1;
  if (n === 0) continue;
  writeFileSync(path, `${parking}\n${js.replaceAll("new FinalizationRegistry(", "new ParkingRegistry(")}`);
  patched += n;
}
if (patched === 0) throw new Error("registry.mjs: no FinalizationRegistry in wasm-bindgen's JS (did its output change?)");
