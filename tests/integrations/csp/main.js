// A plain <script type="module"> page: the package folder is served at /agentwire/ (here
// node_modules/agentwire), imported by URL; init() fetches agentwire_bg.wasm next to it.
import * as sdk from "./agentwire/agentwire.js";
import { runInPage } from "./flow.js";

await runInPage(sdk);
