// Vite 6 needs the two settings of vite.config.js.
import * as sdk from "agentwire";
import { runInPage } from "./flow.js";

await runInPage(sdk); // top-level await, as `await init()` in a page's module
