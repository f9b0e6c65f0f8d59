// Where the package's JavaScript bytes are, by original module (issue 14): reads a minified file
// and its source map (scripts/minify.mjs writes `<file>.js.map` beside it; agentwire.js's maps
// through the bundle to the entry, wasm-bindgen's module, the glue and the tab coordinator) and
// gives each module the minified bytes its mappings cover. Per module: raw bytes, gzip -9 of its
// bytes alone, and what it costs in the file's gzip (the file's gzip minus the gzip of the file
// without that module's bytes; the file is not valid JS then, only measured). Bytes before the
// first mapping of a line count as "(unmapped)". gzip here is node's zlib at level 9, which
// differs from GNU `gzip -9` (scripts/build.sh's figure) by tens of bytes on the whole file.
//   node bench/js-parts.mjs [pkg/agentwire.js ...]     (after scripts/build.sh)
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// One mapping segment's fields (base64 VLQ).
function segment(text) {
  const out = [];
  let value = 0, shift = 0;
  for (const c of text) {
    const digit = B64.indexOf(c);
    if (digit < 0) throw new Error(`bench/js-parts.mjs: bad mapping character ${c}`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >> 1) : value >> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}
const gz = (text) => gzipSync(text, { level: 9 }).length;

const files = process.argv.slice(2);
for (const file of files.length ? files : ["pkg/agentwire.js", "pkg/worker.js", "pkg/react.js"]) {
  const code = readFileSync(file, "utf8");
  const map = JSON.parse(readFileSync(`${file}.map`, "utf8"));
  const lines = code.split("\n");
  // Per module, the kept text of the file with that module's bytes taken out, and its own bytes.
  const own = new Map();
  const spans = []; // [line, start, end, module]
  let source = 0;
  map.mappings.split(";").forEach((line, li) => {
    const text = lines[li] ?? "";
    const segs = line ? line.split(",").map(segment) : [];
    let col = 0;
    if (segs.length === 0 && text.length) spans.push([li, 0, text.length, "(unmapped)"]);
    segs.forEach((s, i) => {
      if (i === 0 && s[0] > 0) spans.push([li, 0, s[0], "(unmapped)"]);
      col += s[0];
      if (s.length > 1) source += s[1];
      const end = i + 1 < segs.length ? col + segs[i + 1][0] : text.length;
      spans.push([li, col, end, s.length > 1 ? map.sources[source] : "(unmapped)"]);
    });
  });
  for (const [li, start, end, name] of spans) own.set(name, (own.get(name) ?? "") + lines[li].slice(start, end));
  const whole = gz(code);
  console.log(`${file}: ${code.length} B raw, ${whole} B gzip`);
  console.log("  module                                   raw    gzip alone  in the file's gzip");
  for (const [name, text] of [...own].sort((a, b) => b[1].length - a[1].length)) {
    const without = lines.map((line, li) => spans.filter((s) => s[0] === li && s[3] !== name).map((s) => line.slice(s[1], s[2])).join("")).join("\n");
    const label = name.replace(/^agentwire-src\//, "").replace(/snippets\/[^/]+\/src\/web\/js\//, "glue: ");
    console.log(`  ${label.padEnd(38)} ${String(text.length).padStart(6)} ${String(gz(text)).padStart(11)} ${String(whole - gz(without)).padStart(18)}`);
  }
}
