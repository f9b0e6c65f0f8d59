// Bundles the modules a page always loads together into one ES module (issue 14, size):
//   --target web:     the entry (agentwire.js, from src/web/js/entry.js), wasm-bindgen's
//                     module (agentwire_wasm.js) and the glue it imports
//                     (snippets/agentwire-*/src/web/js/glue.js and events.js) become
//                     agentwire.js alone;
//                     the wasm's imports of the glue are renamed (module `g`, fields `0`…)
//                     in agentwire_bg.wasm and the import object alike (names.mjs, before,
//                     renames the others).
//   --target bundler: the entry and agentwire_wasm.js become agentwire.js; the wasm itself
//                     imports agentwire_bg.js and the glue (ES module integration), so those
//                     stay modules of their own, and `import "./agentwire_bg.wasm"` stays an
//                     import for the page's bundler.
// Loaded separately, so kept separate: tabs.js (imported by the entry and by worker.js: one
// module instance for both), worker.js (a SharedWorker's script URL) and react.js (its own
// entry, importing ./agentwire.js: the same instance as the page's). The wasm's URL stays
// `new URL('agentwire_bg.wasm', import.meta.url)`, which Vite and webpack find as an asset.
// One module gzips once (one header, one dictionary) and the names between the three files
// (imports, exports, wasm-bindgen's helpers) become locals that scripts/minify.mjs mangles.
// The bundle's source map (agentwire.js.map) maps back to the modules' text, which
// minify.mjs chains. Run by scripts/build.sh after entry.mjs (and names.mjs, registry.mjs,
// which rewrite agentwire_wasm.js), before minify.mjs; every profile, so that a --dev package
// has the same files.
//   node scripts/bundle.mjs <out-dir> <web|bundler>
import { rolldown } from "rolldown";
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { leb as lebAt, encLeb } from "./lib/leb.mjs";
import { trim } from "./lib/trim.mjs";

const [out = "pkg", target = "web"] = process.argv.slice(2);
const dir = resolve(out);
const entry = join(dir, "agentwire.js");
if (!existsSync(join(dir, "agentwire_wasm.js"))) throw new Error("scripts/bundle.mjs: no agentwire_wasm.js (already bundled? run scripts/build.sh)");
// The wasm with the imports from the modules `from` accepts renamed: module `to`, each field by
// `field`.
function renameImports(bytes, from, to, field) {
  const leb = (at) => lebAt(bytes, at);
  const str = (at) => {
    const [len, p] = leb(at);
    return [Buffer.from(bytes.subarray(p, p + len)).toString("utf8"), p + len];
  };
  const encStr = (t) => [...encLeb(Buffer.byteLength(t)), ...Buffer.from(t)];
  const parts = [bytes.subarray(0, 8)];
  let at = 8, renamed = 0;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(at + 1);
    const end = body + size;
    if (id !== 2) {
      parts.push(bytes.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = leb(body);
    const section = [...encLeb(count)];
    for (let i = 0; i < count; i++) {
      const [module, p1] = str(p);
      const [name, p2] = str(p1);
      // Only functions are imported from the glue (checked by the caller); other kinds are
      // copied whole by their encoding.
      const kind = bytes[p2];
      let q = p2 + 1;
      if (kind === 0) q = leb(q)[1];
      else if (kind === 1) { q += 1; const flags = bytes[q]; q = leb(q + 1)[1]; if (flags & 1) q = leb(q)[1]; }
      else if (kind === 2) { const flags = bytes[q]; q = leb(q + 1)[1]; if (flags & 1) q = leb(q)[1]; }
      else if (kind === 3) q += 2;
      else throw new Error(`scripts/bundle.mjs: import kind ${kind} not handled`);
      if (from(module)) renamed++;
      section.push(...(from(module) ? [...encStr(to), ...encStr(field(name))] : [...encStr(module), ...encStr(name)]), ...bytes.subarray(p2, q));
      p = q;
    }
    if (p !== end) throw new Error("scripts/bundle.mjs: import section not read to its end");
    parts.push(Uint8Array.from([2, ...encLeb(section.length), ...section]));
    at = end;
  }
  if (!renamed) throw new Error("scripts/bundle.mjs: no import from the glue in the wasm");
  return Buffer.concat(parts);
}

// tabs.js imports the glue's helpers as the sources lie (`./glue.js`, `./events.js`): in the
// package they are the modules wasm-bindgen copied into snippets/ (one instance with the wasm's).
{
  const path = join(dir, "tabs.js");
  const snippets = readdirSync(join(dir, "snippets")).filter((d) => d.startsWith("agentwire-"));
  if (snippets.length !== 1) throw new Error(`scripts/bundle.mjs: expected one snippets/agentwire-* directory, found ${snippets.length}`);
  let js = readFileSync(path, "utf8");
  let n = 0;
  js = js.replace(/^(import [^;]+ from )"\.\/(glue|events)\.js";$/gm, (_m, head, f) => (n++, `${head}"./snippets/${snippets[0]}/src/web/js/${f}.js";`));
  if (n !== 2 || /^import .* from "\.\/(?!snippets\/)/m.test(js)) throw new Error(`scripts/bundle.mjs: tabs.js's imports of the glue not as expected (${n})`);
  writeFileSync(path, js);
}

// wasm-bindgen's code that the package never runs, cut (scripts/lib/trim.mjs): in its module
// (--target web) or in agentwire_bg.js (--target bundler), whichever holds it. Not in a --dev
// build: wasm-bindgen's --debug output checks every argument (`logError`, `_assertNum`, …) and
// is left as it is, readable.
{
  const holders = ["agentwire_wasm.js", "agentwire_bg.js"].map((f) => join(dir, f)).filter((p) => existsSync(p) && readFileSync(p, "utf8").includes("function passStringToWasm0("));
  if (holders.length !== 1) throw new Error(`scripts/bundle.mjs: expected wasm-bindgen's passStringToWasm0 in one module, found ${holders.length}`);
  const js = readFileSync(holders[0], "utf8");
  if (!/^function (?:logError|_assertNum)\(/m.test(js)) writeFileSync(holders[0], trim(js, target === "web"));
}

// --target web: wasm-bindgen's module hands the glue (src/web/js/glue.js and events.js, each
// a snippet of its own) to the wasm as module namespaces (`import * as import1 from
// "./snippets/…/glue.js"`, one per function the wasm imports from it, each a key of the import
// object). A namespace that is a value keeps, once bundled, every export of the glue behind a
// getter; an object of the functions the wasm imports from the glue (read from the wasm's
// import section) is the same import object and lets the bundle mangle the rest. Checked: the
// wasm's glue imports are exactly those keys. Once the glue is inside the bundle its paths
// mean nothing: in the wasm and the import object the modules are one, `g`, and its functions
// `0`, `1`, … (their names, written in both, do not gzip).
if (target === "web") {
  const path = join(dir, "agentwire_wasm.js");
  let js = readFileSync(path, "utf8");
  const wasm = new WebAssembly.Module(readFileSync(join(dir, "agentwire_bg.wasm")));
  const isGlue = (module) => /^\.\/snippets\/[^/]+\/src\/web\/js\/[\w-]+\.js$/.test(module);
  const fromGlue = WebAssembly.Module.imports(wasm).filter((i) => isGlue(i.module));
  const glue = [...new Set(fromGlue.map((i) => i.module))];
  const fields = [...new Set(fromGlue.map((i) => i.name))];
  if (!glue.length || fromGlue.some((i) => i.kind !== "function")) {
    throw new Error(`scripts/bundle.mjs: expected functions imported from the glue modules, found ${glue.join(", ")}`);
  }
  // One namespace `g` holds every glue module's functions: two modules may not export one name.
  if (fields.length !== new Set(fromGlue.map((i) => `${i.module}\n${i.name}`)).size) {
    throw new Error("scripts/bundle.mjs: two glue modules export a function of the same name");
  }
  const spaces = [...js.matchAll(/^import \* as (import\d+) from "([^"]+)";?\n/gm)];
  const keys = [...js.matchAll(/^( *)"([^"]+)": (import\d+),\n/gm)].filter((m) => glue.includes(m[2]));
  const named = [...js.matchAll(/^import \{([^}]*)\} from '([^']+)';\n/gm)].filter((m) => glue.includes(m[2]));
  if (spaces.length !== fields.length || spaces.some((m) => !glue.includes(m[2])) || keys.length !== spaces.length) {
    throw new Error(`scripts/bundle.mjs: wasm-bindgen's imports of the glue are not as expected (${spaces.length} namespaces, ${keys.length} keys, ${fields.length} functions)`);
  }
  for (const m of spaces) js = js.replace(m[0], "");
  const short = (name) => fields.indexOf(name).toString(36);
  const object = fields.map((f) => `${short(f)}: ${f}`).join(", ");
  if (js.includes('"g":') || /^\s*g:/m.test(js)) throw new Error("scripts/bundle.mjs: the import object already has a module g");
  keys.forEach((m, i) => (js = js.replace(m[0], i === 0 ? `${m[1]}g: { ${object} },\n` : "")));
  const wasmPath = join(dir, "agentwire_bg.wasm");
  const renamed = renameImports(readFileSync(wasmPath), isGlue, "g", short);
  const check = WebAssembly.Module.imports(new WebAssembly.Module(renamed));
  if (check.filter((i) => i.module === "g").map((i) => i.name).join() !== fromGlue.map((i) => short(i.name)).join() || check.some((i) => isGlue(i.module))) {
    throw new Error("scripts/bundle.mjs: the wasm's glue imports were not renamed as planned");
  }
  writeFileSync(wasmPath, renamed);
  // wasm-bindgen's named imports of each glue module (the functions its own shims call), if
  // any, get the wasm's direct imports from that module too.
  for (const module of glue) {
    const m = named.find((n) => n[2] === module);
    const have = m ? m[1].split(",").map((n) => n.trim()).filter(Boolean) : [];
    const own = [...new Set(fromGlue.filter((i) => i.module === module).map((i) => i.name))];
    const line = `import { ${[...new Set([...have, ...own])].join(", ")} } from '${module}';\n`;
    js = m ? js.replace(m[0], line) : line + js;
  }
  writeFileSync(path, js);
}

// The modules that stay files of the package (relative specifiers as the sources write them).
const external = new Set(["./agentwire_bg.wasm", ...(target === "bundler" ? ["./agentwire_bg.js"] : [])]);
const inside = [];
const bundle = await rolldown({
  input: entry,
  external: (id, importer) => {
    if (external.has(id)) return true;
    // The bundler target's glue: imported by the wasm too, so not inlined.
    return target === "bundler" && /^\.\/snippets\//.test(id) && importer !== undefined;
  },
  // Every statement of the bundled modules stays as it is (wasm-bindgen's bundler module starts
  // the wasm on import): no module is taken as free of side effects, whatever a package.json
  // of an earlier build in <out-dir> says.
  treeshake: { moduleSideEffects: () => true },
  plugins: [{ name: "agentwire-inside", load(id) { inside.push(id); return null; } }],
  onwarn(w) {
    throw new Error(`scripts/bundle.mjs: ${w.message}`);
  },
});
// Functions and classes keep their `name` where the bundle renames them (as minify.mjs keeps
// it where it mangles): AgentwireError, AgentSession in stack traces and logs.
const { output } = await bundle.generate({ dir, format: "es", sourcemap: true, minify: false, keepNames: true });
await bundle.close();
const chunks = output.filter((o) => o.type === "chunk");
if (chunks.length !== 1) {
  throw new Error(`scripts/bundle.mjs: expected one module, rolldown wrote ${output.map((o) => o.fileName).join(", ")}`);
}
const [chunk] = chunks;
const expected = target === "web" ? 5 : 3;
if (inside.length !== expected) {
  throw new Error(`scripts/bundle.mjs: expected ${expected} modules in the bundle, found ${inside.map((p) => relative(dir, p)).join(", ")}`);
}
// The map's sources as minify.mjs names them: agentwire-src/<path in the package before bundling>.
const map = chunk.map;
map.file = "agentwire.js";
map.sources = map.sources.map((s) => `agentwire-src/${relative(dir, resolve(dir, s)).split(sep).join("/")}`);
if (!map.sourcesContent || map.sourcesContent.length !== map.sources.length) throw new Error("scripts/bundle.mjs: the map lacks its sources' text");
writeFileSync(entry, chunk.code);
writeFileSync(`${entry}.map`, JSON.stringify(map));
rmSync(join(dir, "agentwire_wasm.js"));
rmSync(join(dir, "tabs.js"));
if (target === "web") rmSync(join(dir, "snippets"), { recursive: true, force: true });
// Nothing may still name a module that is gone.
for (const f of readdirSync(dir)) {
  const p = join(dir, f);
  if (!f.endsWith(".js") || statSync(p).isDirectory()) continue;
  const js = readFileSync(p, "utf8");
  // (The bundler target's glue stays a module, which agentwire_bg.js and the entry import.)
  const gone = target === "bundler" ? /\b(?:from|import)\s*\(?\s*["']\.\/(?:agentwire_wasm|tabs)\.js/ : /\b(?:from|import)\s*\(?\s*["']\.\/(?:agentwire_wasm\.js|tabs\.js|snippets\/)/;
  if (gone.test(js)) {
    throw new Error(`scripts/bundle.mjs: ${f} still imports a bundled module`);
  }
}
