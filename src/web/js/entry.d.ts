
/** What {@link init} loads the wasm module from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the wasm module, once (later calls resolve at once). Optional:
 * {@link AgentSession.create} calls it. Call it yourself to preload, or to load the wasm from
 * somewhere else than `agentwire_bg.wasm` next to the package's JS
 * (`init({ module_or_path: url })`).
 */
export default function init(input?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<void>;

/**
 * Instantiates the wasm module at once from its bytes or a compiled `WebAssembly.Module`
 * (`initSync({ module: bytes })`): for Node, tests and workers, where fetching by URL does
 * not work. Does nothing when the module is loaded already.
 */
export function initSync(module: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): void;
