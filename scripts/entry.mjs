// Puts the package's own entry module in front of wasm-bindgen's output (issue 16):
//   <out>/agentwire.js       → <out>/agentwire_wasm.js (wasm-bindgen's module, internal)
//   src/web/js/entry.js      → <out>/agentwire.js (the entry: lazy init, bound methods)
//   <out>/agentwire.d.ts     rewritten as the entry's types: no wasm-bindgen internals
//                            (InitOutput, start()), no `[Symbol.dispose]` (an ESNext lib
//                            name: TS2550 under lib ES2023), `create()` and `free()` documented,
//                            `init`/`initSync` as the entry declares them.
// Every edit names the text it expects and fails when it is not there, so a wasm-bindgen
// upgrade that changes its output stops the build instead of shipping wrong types.
//   node scripts/entry.mjs <out-dir> <web|bundler>
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [out = "pkg", target = "web"] = process.argv.slice(2);
const at = (f) => join(out, f);

function edit(text, what, from, to) {
  if (!text.includes(from)) throw new Error(`scripts/entry.mjs: ${what}: expected text not found: ${from.slice(0, 80)}`);
  return text.replace(from, to);
}

// ---- the JS -------------------------------------------------------------------------------
if (readFileSync(at("agentwire.js"), "utf8").includes('from "./agentwire_wasm.js"')) {
  throw new Error("scripts/entry.mjs: already applied (run scripts/build.sh)");
}
let raw = readFileSync(at("agentwire.js"), "utf8");
raw = raw.replace(/^\/\* @ts-self-types="\.\/agentwire\.d\.ts" \*\/\n/, "");
writeFileSync(at("agentwire_wasm.js"), raw);

let entry = readFileSync("src/web/js/entry.js", "utf8");
if (target === "bundler") {
  // The bundler target instantiates the wasm when it is imported: nothing to load.
  entry = edit(
    entry,
    "bundler import",
    'import load, { initSync as loadSync, AgentSession as Session } from "./agentwire_wasm.js";',
    'import { AgentSession as Session } from "./agentwire_wasm.js";\nconst load = async () => {}, loadSync = () => {};',
  );
  entry = edit(entry, "bundler ready", "let ready = false;", "let ready = true;");
}
// The glue (its `AgentwireError`) is the module wasm-bindgen copied into snippets/.
const snippets = readdirSync(at("snippets")).filter((d) => d.startsWith("agentwire-"));
if (snippets.length !== 1) throw new Error(`scripts/entry.mjs: expected one snippets/agentwire-* directory, found ${snippets.length}`);
entry = edit(entry, "glue import", 'from "./glue.js";', `from "./snippets/${snippets[0]}/src/web/js/glue.js";`);
writeFileSync(at("agentwire.js"), entry);

// ---- the types ----------------------------------------------------------------------------
let dts = readFileSync(at("agentwire.d.ts"), "utf8");
dts = dts.replace(/^\/\* @ts-self-types[^\n]*\n/, "");
const disposeLines = dts.split("\n").filter((l) => l.trim() === "[Symbol.dispose](): void;").length;
if (disposeLines !== 1) throw new Error(`scripts/entry.mjs: expected 1 [Symbol.dispose] line, found ${disposeLines}`);
dts = dts.split("\n").filter((l) => l.trim() !== "[Symbol.dispose](): void;").join("\n");
dts = edit(
  dts,
  "start()",
  /\n\/\*\*\n \* Installs the panic hook[\s\S]*?\*\/\nexport function start\(\): void;\n/.exec(dts)?.[0] ?? "<start()>",
  "\n",
);
const tail = dts.indexOf("\nexport type InitInput");
if (target === "web" && tail < 0) throw new Error("scripts/entry.mjs: no InitInput section in the web target's types");
if (tail >= 0) dts = dts.slice(0, tail + 1);
// The command methods, the model reads, the other methods over `__call`, dispatchEvent, the
// events property and the `on<event>` properties are JS (src/web/js/entry.js): their
// declarations (src/web/js/commands.d.ts, events.d.ts, reads.d.ts, calls.d.ts) go into the
// class where wasm-bindgen puts a member of that name
// (its order: methods, then properties, each by name followed by "_", the constructor as
// "new"; free() stays first).
{
  const member = /(    \/\*\*\n(?:     \*[^\n]*\n)*?     \*\/\n)?    ([^\n]*)\n/g;
  const key = (decl) => {
    const m = /^(?:static )?(constructor|\w+)\(/.exec(decl);
    if (m) return `0${m[1] === "constructor" ? "new" : m[1]}_`;
    const f = /^(?:readonly )?(\w+)\??: /.exec(decl);
    return f && `1${f[1]}_`;
  };
  const blocks = [];
  for (const f of ["commands.d.ts", "events.d.ts", "reads.d.ts", "calls.d.ts"]) {
    const frag = readFileSync(`src/web/js/${f}`, "utf8");
    const found = [...frag.slice(frag.indexOf("    /**")).matchAll(member)].map((m) => [key(m[2]), m[0]]);
    if (!found.length || found.some(([k]) => !k)) throw new Error(`scripts/entry.mjs: ${f}: no method blocks`);
    blocks.push(...found);
  }
  const open = "export class AgentSession {\n";
  const start = dts.indexOf(open) + open.length;
  const end = dts.indexOf("\n}\n", start) + 1;
  if (start < open.length || end <= 0) throw new Error("scripts/entry.mjs: no class AgentSession in the types");
  const members = [...dts.slice(start, end).matchAll(member)].map((m) => [key(m[2]), m[0]]);
  if (members.map((m) => m[1]).join("") !== dts.slice(start, end) || members.some(([m]) => !m)) {
    throw new Error("scripts/entry.mjs: class AgentSession not read whole");
  }
  for (const [k, text] of blocks) {
    if (members.some(([m]) => m === k)) throw new Error(`scripts/entry.mjs: ${k.slice(1, -1)} is declared twice`);
    let at = members.findIndex(([m], i) => i > 0 && m > k);
    if (at < 0) at = members.length;
    members.splice(at, 0, [k, text]);
  }
  dts = dts.slice(0, start) + members.map((m) => m[1]).join("") + dts.slice(end);
}
dts = edit(
  dts,
  "create()",
  "export class AgentSession {\n    free(): void;\n",
  `export class AgentSession {
    /**
     * Loads the wasm module on first use (as {@link init} does), then creates the session:
     * the one call a page needs (\`new AgentSession(options)\` works too once the module is
     * loaded, and throws a \`TypeError\` saying so before).
     *
     * # Errors
     * Rejects with an \`AgentwireError\` (\`invalidArgument\`) for bad options, like the
     * constructor, or with the loading error when the wasm cannot be fetched.
     *
     * @example
     * const session = await AgentSession.create({ url: "wss://cti.example.com/his", agent: { id: "4001", password } });
     */
    static create(options: AgentSessionOptions): Promise<AgentSession>;
    /**
     * Frees the session's wasm memory now instead of at garbage collection. A session that is
     * still open is closed first, as by {@link AgentSession.close}: every pending Promise
     * settles (commands and \`connect()\` reject with kind \`closed\`), the socket closes.
     * Use it when a page drops a session it made and wants the memory back at once (tests,
     * single-page apps that log in and out); without it, the memory goes when the session is
     * garbage collected. Where the runtime has \`Symbol.dispose\`, the session has it as an
     * alias of \`free()\` (not declared here, so that no ESNext lib is needed). The object is
     * unusable afterwards.
     */
    free(): void;
`,
);
// The error class is JS (src/web/js/glue.js): its declaration (src/web/js/error.d.ts, without
// its header comment) goes after the session's class, where wasm-bindgen put it when it was Rust's.
{
  const cls = readFileSync("src/web/js/error.d.ts", "utf8").replace(/^(\/\/[^\n]*\n)+/, "");
  const open = "export class AgentSession {\n";
  const end = dts.indexOf("\n}\n", dts.indexOf(open)) + 3;
  if (end < 3 || dts.includes("export class AgentwireError")) throw new Error("scripts/entry.mjs: AgentwireError: no place for it");
  dts = `${dts.slice(0, end)}\n${cls}${dts.slice(end)}`;
}
dts += readFileSync("src/web/js/entry.d.ts", "utf8");
for (const internal of ["InitOutput", "__wbg", "__wbindgen", "export function start", "[Symbol.dispose]"]) {
  if (dts.includes(internal)) throw new Error(`scripts/entry.mjs: the public types still name ${internal}`);
}
writeFileSync(at("agentwire.d.ts"), dts);
