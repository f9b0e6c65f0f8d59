//! The thin web layer (wasm32 only): moves bytes and time into the sans-IO engine and
//! events out to the page. No protocol decision lives here.

mod commands;
mod convert;
mod error;
mod options;
mod pump;
mod record;
mod session;
mod socket;
mod types;

pub use error::AgentwireError;
pub use session::AgentSession;

use wasm_bindgen::prelude::*;

/// The allocator: talc instead of the default dlmalloc, smaller in the module and faster for
/// the receive path's many short-lived allocations (measured in `bench/run.sh`).
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Installs the panic hook (a panic is a bug: it is reported to the console with its
/// message instead of an opaque `unreachable` trap) and makes `AgentwireError` an `Error`.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!("agentwire panicked (a bug, please report it): {info}")));
    }));
    error::install_prototype();
}
