import { defineConfig } from "vite";

export default defineConfig({
  // Vite 6's dev server pre-bundles dependencies into node_modules/.vite/deps/, where
  // `new URL("agentwire_bg.wasm", import.meta.url)` no longer names the wasm file: the page
  // gets index.html instead and init() fails ("expected magic word 00 61 73 6d, found
  // 3c 21 64 6f"). Excluded, the package is served from its own folder.
  // (AGENTWIRE_NO_EXCLUDE=1 is for tests/integrations/run.mjs, which checks that failure.)
  optimizeDeps: { exclude: process.env.AGENTWIRE_NO_EXCLUDE ? [] : ["agentwire"] },
  // Top-level await (`await init()` in a module) needs an ES2022 build target; Vite 6's
  // default ("modules": Chrome 87, Safari 14, …) refuses it.
  // (AGENTWIRE_DEFAULT_TARGET=1 leaves the default, for run.mjs to check that failure.)
  build: process.env.AGENTWIRE_DEFAULT_TARGET ? {} : { target: "es2022" },
});
