// No vite.config: current Vite serves and bundles the package as it is (the wasm file is
// found through `new URL("agentwire_bg.wasm", import.meta.url)` in both modes).
import * as sdk from "agentwire";
import { runInPage } from "./flow.js";

await runInPage(sdk); // top-level await, as `await init()` in a page's module
