// Bundles the modules a page always loads together into one ES module (issue 14, size):
//   --target web:     the entry (agentwire.js, from src/web/js/entry.js), wasm-bindgen's
//                     module (agentwire_wasm.js) and the glue it imports
//                     (snippets/agentwire-*/src/web/js/glue.js) become agentwire.js alone.
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
// The bundle's source map (agentwire.js.map) maps back to the three modules' text, which
// minify.mjs chains. Run by scripts/build.sh after entry.mjs (and names.mjs, registry.mjs,
// which rewrite agentwire_wasm.js), before minify.mjs; every profile, so that a --dev package
// has the same files.
//   node scripts/bundle.mjs <out-dir> <web|bundler>
import { rolldown } from "rolldown";
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";

const [out = "pkg", target = "web"] = process.argv.slice(2);
const dir = resolve(out);
const entry = join(dir, "agentwire.js");
if (!existsSync(join(dir, "agentwire_wasm.js"))) throw new Error("scripts/bundle.mjs: no agentwire_wasm.js (already bundled? run scripts/build.sh)");
// The modules that stay files of the package (relative specifiers as the sources write them).
const external = new Set(["./tabs.js", "./agentwire_bg.wasm", ...(target === "bundler" ? ["./agentwire_bg.js"] : [])]);
const inside = [];
const bundle = await rolldown({
  input: entry,
  external: (id, importer) => {
    if (external.has(id)) return true;
    // The bundler target's glue: imported by the wasm too, so not inlined.
    return target === "bundler" && /^\.\/snippets\//.test(id) && importer !== undefined;
  },
  // Every statement of the three modules stays as it is (wasm-bindgen's bundler module starts
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
const expected = target === "web" ? 3 : 2;
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
if (target === "web") rmSync(join(dir, "snippets"), { recursive: true, force: true });
// Nothing may still name a module that is gone.
for (const f of readdirSync(dir)) {
  const p = join(dir, f);
  if (!f.endsWith(".js") || statSync(p).isDirectory()) continue;
  const js = readFileSync(p, "utf8");
  if (/\b(?:from|import)\s*\(?\s*["']\.\/(?:agentwire_wasm\.js|snippets\/)/.test(js) && !(target === "bundler" && f === "agentwire_bg.js")) {
    throw new Error(`scripts/bundle.mjs: ${f} still imports a bundled module`);
  }
}
