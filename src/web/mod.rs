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

/// Installs the panic hook (a panic is a bug: it is reported to the console with its
/// message instead of an opaque `unreachable` trap) and makes `AgentwireError` an `Error`.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!("agentwire panicked (a bug, please report it): {info}")));
    }));
    error::install_prototype();
}
