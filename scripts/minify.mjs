// Minifies the package's JavaScript in place (issue 14: the whole package counts against the
// 61,440 B gzip budget, and wasm-bindgen's output, the glue and the hooks are half comments and
// whitespace). Each file gets a source map beside it (`<file>.js.map`, with the original text
// inside), so a page's devtools still show the readable code; pages never download the maps.
// agentwire.js, bundled by scripts/bundle.mjs, already has a map (to the entry, wasm-bindgen's
// module and the glue): the minified file's map goes through it to those three texts.
// rolldown's minifier (oxc), a devDependency: nothing new at run time.
//   node scripts/minify.mjs <out-dir>
import { minifySync } from "rolldown/utils";
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, basename } from "node:path";

const [out = "pkg"] = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (f.endsWith(".js")) files.push(p);
  }
})(out);

// The names a module's functions keep (mangle's `reserved`): its exports' local names
// (`export function f`, `export default function f`, `export { f, g as h }`) and its named
// function expressions.
function kept(source) {
  const names = [...source.matchAll(/^export (?:default )?(?:async )?function\*? ?([\w$]+)/gm)].map((m) => m[1]);
  for (const [, list] of source.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const item of list.split(",")) {
      const local = item.trim().split(/\s+as\s+/)[0];
      if (local) names.push(local);
    }
  }
  // Named function expressions: their names are seen (methods put on a prototype by
  // defineProperty, `addEventListener`); only declarations' names are internal.
  for (const m of source.matchAll(/[:=(,?]\s*(?:async\s+)?function\*?\s*([\w$]+)\s*\(/g)) names.push(m[1]);
  return names;
}

// The tab coordinator's own state and methods (`class Tabs` of src/web/js/tabs.js, inside
// agentwire.js since scripts/bundle.mjs bundles it): property names the minifier mangles in
// agentwire.js only (−195 B gzip). Each is a member of `Tabs` and nothing else in the bundle:
// not a public member or key (`via`, `count`, `mode`, `role` of `tabs`; event details; errors),
// not a key of the messages tabs and the worker exchange (`t`, `from`, `snap`, …: the same in
// every build, so tabs of two builds still understand each other), not a member of a browser
// object (`abort`, `request`, `call`, `close`, `postMessage`, `done`) nor of the glue's
// (`et`, `fire` of `Port`), and never read by worker.js or react.js (checked below, as is the
// public `.d.ts`). Since the eighth session also `ParkingRegistry`'s own members
// (src/web/js/parking.js: `cleanup`, `tokens`, `real`, `park`, `unpark`, `held`) and
// wasm-bindgen's closures' `_wbg_cb_unref` (set and read by its module only), none seen by a page.
// Since the eleventh session also the glue's `Port` and `Inbox` members (src/web/js/glue.js:
// `et`, `fire`, `names`, `lookup`, `event`, `eventText`, `all`; `cap`, `view`, `room`, `take`,
// `ptr`, `head`, `grow`), called only by the glue and wasm-bindgen's import functions in the
// same file (`Tabs` has an `et` and a `fire` of its own: mangled alike); not `frame` (a key of
// `protocolerror`'s detail), `memory` (the wasm's export) nor `max` (`Math.max`): -19 B gzip.
const TABS_PRIVATE = ["leader", "me", "pending", "ch", "follower", "peers", "hosted", "bc", "asked", "waiting", "settle",
  "leaving", "epoch", "acks", "hiTimer", "exec", "werr", "subs", "stale", "seen", "notify", "echo", "defer", "confirming",
  "bye", "back", "toLocks", "tick", "stateOf", "recount", "pinged", "hold", "gate", "fwd", "forward", "follow", "fallback",
  "viaLocks", "viaWorker", "lead", "relay", "heard", "serve", "idOf", "AE", "post", "queue", "run", "log", "wait", "level", "timer", "cleanup", "tokens", "real", "park", "unpark", "held", "_wbg_cb_unref",
  "fire", "et", "names", "lookup", "eventText", "event", "all", "cap", "view", "room", "take", "ptr", "head", "grow"];
// worker.js's own members, mangled in worker.js only: its group's (`hub`, `tabs`, `ready`,
// `release`, `lock`, `suspended`, `ended`) and `Hub`'s `away`; not `ports` (a `MessageEvent`'s)
// nor `postMessage`, `close` (the host in agentwire.js calls them on the hub) or `onMessage`.
const WORKER_PRIVATE = ["hub", "tabs", "ready", "release", "lock", "suspended", "ended", "away"];
// A member read or written (`.x`, `?.x`, `x:` in a literal or pattern) in a module, or declared
// (`x:`, `x?:`, `x(`) in the public types.
const member = (n, types) => new RegExp(types ? `^\\s*(?:readonly\\s+)?${n}\\??\\s*[:(]` : `(?:\\.${n}(?![\\w$])|(?<![\\w$.])${n}\\s*:)`, "m");
for (const f of ["worker.js", "react.js", "agentwire.d.ts"]) {
  const p = join(out, f);
  if (!existsSync(p)) continue;
  const text = readFileSync(p, "utf8");
  const seen = TABS_PRIVATE.filter((n) => member(n, f.endsWith(".d.ts")).test(text));
  if (seen.length) throw new Error(`scripts/minify.mjs: ${f} names ${seen.join(", ")}, which agentwire.js's minifier mangles`);
}

for (const file of files) {
  const source = readFileSync(file, "utf8");
  // A map already beside the file is scripts/bundle.mjs's (build.sh deletes older ones): the
  // minified file then maps through it to the bundled modules' own text.
  const inputMap = existsSync(`${file}.map`) ? JSON.parse(readFileSync(`${file}.map`, "utf8")) : undefined;
  const result = minifySync(basename(file), source, {
    inputMap,
    module: true,
    compress: { target: "es2022", keepNames: { function: true, class: true } },
    // Top-level names are mangled too (exports keep their public names); `.name` of classes
    // stays (AgentwireError, AgentSession in stack traces and logs), and so does that of the
    // exported functions (init, the React hooks: React's devtools name hooks by it); other
    // function declarations' names (wasm-bindgen's helpers, the glue's, once bundled all
    // top-level locals of agentwire.js) are mangled like any other local (−298 B gzip over the
    // package's JS; the source maps give the names back). Named function expressions keep
    // theirs (`kept` lists them): the public methods' `name`s are unchanged.
    mangle: { toplevel: true, keepNames: { function: false, class: true }, reserved: kept(source) },
    ...(basename(file) === "agentwire.js" ? { mangleProps: { include: new RegExp(`^(?:${TABS_PRIVATE.join("|")})$`) } } : {}),
    ...(basename(file) === "worker.js" ? { mangleProps: { include: new RegExp(`^(?:${WORKER_PRIVATE.join("|")})$`) } } : {}),
    sourcemap: true,
  });
  if (result.errors.length) {
    throw new Error(`scripts/minify.mjs: ${file}: ${result.errors.map((e) => e.message).join("; ")}`);
  }
  // The readable source under a path of its own (not the minified file's own URL).
  const map = inputMap
    ? { ...result.map, file: basename(file) }
    : { ...result.map, file: basename(file), sources: [`agentwire-src/${basename(file)}`], sourcesContent: [source] };
  writeFileSync(`${file}.map`, JSON.stringify(map));
  writeFileSync(file, `${result.code.trimEnd()}\n//# sourceMappingURL=${basename(file)}.map\n`);
}
