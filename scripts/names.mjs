// Shortens the names between the wasm and wasm-bindgen's JS (issue 14, size). Imports:
// wasm-bindgen names each `__wbg_<name>_<16 hex digits>` (`__wbg_call_a410eb4b59ed5965`), and
// each name is written twice, in the wasm's import section and as a key of the JS module's
// import object (or, for the bundler target, as an exported function): random hashes that gzip
// cannot shrink. Each becomes `$<n>` in both files; the snippet imports (glue.js's own
// exports) keep their names here, and scripts/bundle.mjs shortens them later (`g`/`0`–`5`), when
// it makes one module of the entry, wasm-bindgen's JS and the glue. Exports (`agentsession_connect`, `__wbindgen_malloc`, …, all but
// `memory`), written in the export section and as `wasm.<name>` in the JS (and the bundler
// target's `agentwire_bg.wasm.d.ts`), become `_<n>`. They are internal: the package's public
// types never name them (scripts/entry.mjs checks). Run by scripts/build.sh after wasm-opt,
// before minifying.
//   node scripts/names.mjs DIR    (DIR/agentwire_bg.wasm and the wasm-bindgen JS beside it)
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { leb, encLeb } from "./lib/leb.mjs";

const dir = process.argv[2];
const wasmPath = join(dir, "agentwire_bg.wasm");
// --target web: agentwire_wasm.js holds the import object; --target bundler: agentwire_bg.js
// exports the imported functions.
const jsPaths = ["agentwire_wasm.js", "agentwire_bg.js", "agentwire.js", "agentwire_bg.wasm.d.ts", "agentwire.d.ts"].map((f) => join(dir, f)).filter(existsSync);
const bytes = readFileSync(wasmPath);

const utf8 = new TextDecoder();
const enc = new TextEncoder();
const name = (buf, at) => {
  const [len, p] = leb(buf, at);
  return [utf8.decode(buf.subarray(p, p + len)), p + len];
};
const encName = (s) => {
  const b = enc.encode(s);
  return [...encLeb(b.length), ...b];
};

// One pass over the sections; the import section (id 2) is rewritten, the rest copied.
const renames = new Map();
const exports = new Map();
const out = [bytes.subarray(0, 8)];
let at = 8;
while (at < bytes.length) {
  const id = bytes[at];
  const [size, body] = leb(bytes, at + 1);
  const end = body + size;
  if (id === 7) {
    let [count, p] = leb(bytes, body);
    const section = [...encLeb(count)];
    for (let i = 0; i < count; i++) {
      const [field, p1] = name(bytes, p);
      const q = leb(bytes, p1 + 1)[1];
      let short = field;
      if (field.includes("_")) {
        short = `_${exports.size.toString(36)}`;
        exports.set(field, short);
      }
      section.push(...encName(short), ...bytes.subarray(p1, q));
      p = q;
    }
    if (p !== end) throw new Error("names.mjs: export section not read to its end");
    out.push(Uint8Array.from([7, ...encLeb(section.length), ...section]));
    at = end;
    continue;
  }
  if (id !== 2) {
    out.push(bytes.subarray(at, end));
    at = end;
    continue;
  }
  let [count, p] = leb(bytes, body);
  const section = [...encLeb(count)];
  for (let i = 0; i < count; i++) {
    const [module, p1] = name(bytes, p);
    const [field, p2] = name(bytes, p1);
    // The import's description: a kind byte then its type (function: a type index; the other
    // kinds are not imported from JS modules by wasm-bindgen, but are copied as they are).
    const kind = bytes[p2];
    let q = p2 + 1;
    if (kind === 0) q = leb(bytes, q)[1];
    else if (kind === 1) { q += 1; const flags = bytes[q]; q = leb(bytes, q + 1)[1]; if (flags & 1) q = leb(bytes, q)[1]; }
    else if (kind === 2) { const flags = bytes[q]; q = leb(bytes, q + 1)[1]; if (flags & 1) q = leb(bytes, q)[1]; }
    else if (kind === 3) q += 2;
    else throw new Error(`names.mjs: import kind ${kind} not handled`);
    let short = field;
    if (module === "./agentwire_bg.js" && /^__wbg_|^__wbindgen_/.test(field)) {
      if (!renames.has(field)) renames.set(field, `$${renames.size.toString(36)}`);
      short = renames.get(field);
    }
    section.push(...encName(module), ...encName(short), ...bytes.subarray(p2, q));
    p = q;
  }
  if (p !== end) throw new Error("names.mjs: import section not read to its end");
  out.push(Uint8Array.from([2, ...encLeb(section.length), ...section]));
  at = end;
}

// The JS: every occurrence of an old name is the import's key (or exported function).
for (const path of jsPaths) {
  let js = readFileSync(path, "utf8");
  let hits = 0;
  js = js.replace(/\b__wb(?:g|indgen)_[A-Za-z0-9_$]+/g, (m) => {
    const r = renames.get(m);
    if (r === undefined) return m;
    hits++;
    return r;
  });
  // Exports: whole identifiers only (after `wasm.`, or declared in the bundler's wasm d.ts).
  js = js.replace(/(?<![A-Za-z0-9_$])[A-Za-z_$][A-Za-z0-9_$]*_[A-Za-z0-9_$]*(?![A-Za-z0-9_$])/g, (m) => {
    const r = exports.get(m);
    if (r === undefined) return m;
    hits++;
    return r;
  });
  if (hits) writeFileSync(path, js);
}
for (const [old] of exports) {
  if (jsPaths.some((p) => readFileSync(p, "utf8").includes(old))) throw new Error(`names.mjs: export ${old} still named in the JS`);
}
// Every renamed import must be defined by the JS, or instantiation fails: check it here.
const all = jsPaths.map((p) => readFileSync(p, "utf8")).join("\n");
for (const [old, short] of renames) {
  if (all.includes(old) || !new RegExp(`(^|[^A-Za-z0-9_$])\\${short}\\s*[:(]`, "m").test(all)) {
    throw new Error(`names.mjs: ${old} (now ${short}) is not defined once in the JS`);
  }
}
writeFileSync(wasmPath, Buffer.concat(out));
