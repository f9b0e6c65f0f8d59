import { defineConfig } from "vite";
import wasm from "vite-plugin-wasm";
import { fileURLToPath } from "node:url";

// The package under test is the bundler build in target/pkg-bundler (scripts/test.sh).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [wasm()],
  // The package's SharedWorker (tabs: "share") is bundled too: in this build its wasm import
  // becomes a top-level await, which Vite's default worker format ("iife") cannot hold.
  worker: { format: "es", plugins: () => [wasm()] },
  resolve: { alias: { agentwire: fileURLToPath(new URL("../../target/pkg-bundler/agentwire.js", import.meta.url)) } },
  build: { target: "es2022", outDir: fileURLToPath(new URL("../../target/bundler-sample", import.meta.url)), emptyOutDir: true },
  logLevel: "warn",
});
