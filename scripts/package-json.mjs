// Writes pkg/package.json for the npm package from Cargo.toml (one source for name, version,
// description and license), with the fields bundlers and TypeScript need.
//   node scripts/package-json.mjs <out-dir> <web|bundler>
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const [out = "pkg", target = "web"] = process.argv.slice(2);
const cargo = readFileSync("Cargo.toml", "utf8");
const field = (k) => (cargo.match(new RegExp(`^${k} = "([^"]*)"`, "m")) || [])[1];
const files = readdirSync(out).filter((f) => /\.(js|js\.map|wasm|d\.ts)$/.test(f) || f === "README.md");
if (existsSync(join(out, "snippets"))) files.push("snippets");
const pkg = {
  name: "agentwire",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  type: "module",
  module: "agentwire.js",
  main: "agentwire.js",
  types: "agentwire.d.ts",
  exports: {
    ".": { types: "./agentwire.d.ts", default: "./agentwire.js" },
    // The React hooks (scripts/build.sh copies them for the web target only).
    ...(existsSync(join(out, "react.js")) ? { "./react": { types: "./react.d.ts", default: "./react.js" } } : {}),
    "./agentwire_bg.wasm": "./agentwire_bg.wasm",
  },
  files,
  // Only agentwire/react imports React; the SDK itself has no runtime dependency.
  ...(existsSync(join(out, "react.js")) ? { peerDependencies: { react: ">=18" }, peerDependenciesMeta: { react: { optional: true } } } : {}),
  // The web target's modules have no top-level side effects until init() is called; the
  // bundler target's agentwire.js (the entry bundled with wasm-bindgen's module, scripts/bundle.mjs)
  // instantiates the wasm on import.
  sideEffects: target === "bundler" ? ["./agentwire.js", "./snippets/*"] : false,
  keywords: ["contact-center", "cti", "agent-desktop", "webassembly", "websocket"],
};
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
