// webpack 5 needs nothing special for the package (built with wasm-bindgen's `--target web`):
// its `new URL("agentwire_bg.wasm", import.meta.url)` is an asset reference webpack emits as a
// file of its own and rewrites (no `experiments.asyncWebAssembly`: the package instantiates
// the wasm itself), and top-level await is on by default since webpack 5.83.
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  entry: "./src/main.js",
  output: { path: fileURLToPath(new URL("dist", import.meta.url)), clean: true },
};
