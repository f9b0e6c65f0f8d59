//! The thin web layer (wasm32 only): moves bytes and time into the sans-IO engine and
//! events out to the page. No protocol decision lives here: spellings, defaults and the
//! reading of event data are the core's (`src/proto`).
//!
//! One file per concern; uses go one way, from the class down to the resources, with no
//! cycle (`session` uses `pump`, never the reverse; the shared state sits in `state`):
//!
//! | file | holds |
//! |---|---|
//! | `session.rs` | the `AgentSession` class: construction, connect/close, listeners, and `invoke`, the one export (`__call`) of its JS members: `connect`/`close`, the command methods, the model reads, the `on<event>` properties, the listener methods, `once`/`on`/`subscribe`/`confirmOverride`/`exportRecording`/`takeOver` |
//! | `reads.rs` | the model reads (`channels()`, `getSnapshot()`, …: JS methods over `__call`) |
//! | `commands.rs` | the command methods (the `methods!` table, whose index `__call` takes for the JS methods of `js/entry.js`), and the submit path they share |
//! | `pump.rs` | the drive loop: input → engine, transmits out, events settled and dispatched, the timer re-armed; the session's one callback from JS (`new_waker`: timer, page life, `confirm` answers, unsubscribing, the events' `object`) |
//! | `state.rs` | `Inner`, the state a session shares with its callbacks (no behaviour; recording is the engine's, `record: true` turns it on) |
//! | `events.rs` | event `detail`s, the `on<event>` handler table, dispatch, `subscribe()` listeners |
//! | `promises.rs` | command Promises by request id, `connect()` waiters |
//! | `socket.rs` | the owned WebSocket and its generation |
//! | `inbox.rs` | the one buffer text frames are encoded into, read as the engine's `&str`; spans as UTF-16 indices |
//! | `timer.rs` | the host clock and the one re-armable timeout (and how late it fired) |
//! | `lifecycle.rs` | the `online`/`offline`, `pagehide`/`pageshow`, `freeze`/`resume`/`visibilitychange` listeners |
//! | `log.rs` | log levels, the page's logger, the SDK's log lines |
//! | `options.rs` | the constructor's options |
//! | `cell.rs` | `RefCell` borrows whose failure panics without `core::fmt` |
//! | `convert.rs` | JS ⇄ Rust conversions (uses `error.rs`, not the reverse) |
//! | `error.rs` | the errors the page gets (the `AgentwireError` class is `js/glue.js`'s) |
//! | `glue.rs` | the one binding of the JS glue, `js/glue.js` and `js/events.js` |
//! | `types.rs` | the hand-written TypeScript (`types.d.ts`) |
//!
//! `js/tabs.js` (imported by the package's entry, `js/entry.js`) shares one session between
//! the tabs of an agent (`tabs: "share"`); its only Rust part is `takeOver()` in
//! `session.rs` (`AgentwireError.fromJSON` is `js/glue.js`'s).

mod cell;
mod commands;
mod convert;
mod error;
mod events;
mod glue;
mod inbox;
mod lifecycle;
mod log;
mod options;
mod promises;
mod pump;
mod reads;
mod session;
mod socket;
mod state;
mod text;
mod timer;
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
/// message instead of an opaque `unreachable` trap).
#[wasm_bindgen(start)]
pub fn start() {
    // The message and place as they are, without `core::fmt` (issue 14): a static message's
    // text, the file and the line (a number the console writes).
    std::panic::set_hook(Box::new(|info| {
        let what = info.payload().downcast_ref::<&str>().copied().unwrap_or("");
        let (file, line) = info.location().map_or(("", 0), |l| (l.file(), l.line()));
        web_sys::console::error_4(
            &JsValue::from_str("agentwire panicked (a bug, please report it):"),
            &JsValue::from_str(what),
            &JsValue::from_str(file),
            &JsValue::from(line),
        );
    }));
}
