//! Benchmark only (nothing here enters `pkg/`): the wasm module of the "copy + scan +
//! dispatch" floor of issue 14 (`bench/www/bench.js`, `scanCoreClient`; built by
//! `bench/floor/build.sh`, which `bench/run.sh` runs). The page's `Inbox` (the package's own
//! glue class) copies each frame into this module's buffer, grown through [`grow`] as the
//! package's inbox grows (`src/web/inbox.rs`), then makes one call:
//!
//! - [`scan`]`(written)`: the bytes checked as UTF-8 and read as `&str` as the package's inbox
//!   reads them (`Inbox::read`), then the whole frame validated by the SDK's JSON reader
//!   (`frame::scan`); 1 when valid. The page then dispatches the event from answers computed
//!   before the clock, as the zero-cost-core row does.
//! - [`locate`]`(written)`: the same, and the event's kind, name, target and data located with
//!   the reader (`frame::locate`), handed to the page by calling its imported
//!   `floor.event(k, na, nb, ta, tb, a, b)` from inside wasm, the arguments of the package's
//!   `Port.event` (as the package's pump calls it); 1 when an event went out.
//! - [`kind_of`]`(written)`: the kind (`EventKind` + 1, 0 for none) of the name in the buffer,
//!   for the page to lay out the names it interns at set-up.
//!
//! agentwire's `src/proto/{json,wire,text,order}` are compiled here from their own files, as
//! `bench/codec/a_reader` compiles them; of `wire`, only `EventKind::lookup` is linked.

use std::cell::RefCell;

/// The allocator of the agentwire package (src/web/mod.rs).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[allow(clippy::all, missing_docs)]
#[path = "../../../src/proto/json/mod.rs"]
pub mod json;
#[allow(clippy::all, missing_docs, dead_code)]
#[path = "../../../src/proto/order.rs"]
pub mod order;
#[allow(clippy::all, missing_docs, dead_code)]
#[path = "../../../src/proto/text.rs"]
pub mod text;
#[allow(clippy::all, missing_docs, dead_code)]
#[path = "../../../src/proto/wire/mod.rs"]
pub mod wire;

/// agentwire's reader and wire tables, from their sources, at the paths their code names
/// (`crate::proto::…`).
pub mod proto {
    pub use super::json;
    pub use super::order;
    pub use super::text;
    pub use super::wire;
}

pub mod frame;

thread_local! {
    /// The inbox's buffer (the package's is a `Vec<u8>` behind a `RefCell` too).
    static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "floor")]
extern "C" {
    /// The page's `Port.event(k, na, nb, ta, tb, a, b)`.
    fn event(k: u32, na: u32, nb: u32, ta: u32, tb: u32, a: u32, b: u32);
}

/// At least `n` bytes of buffer; its address.
#[no_mangle]
pub extern "C" fn grow(n: u32) -> u32 {
    BUF.with(|b| {
        let mut b = b.borrow_mut();
        if b.len() < n as usize {
            b.resize(n as usize, 0);
        }
        b.as_ptr() as usize as u32
    })
}

/// `f` of the first `written` bytes of the buffer as text (as `src/web/inbox.rs` reads it:
/// `from_utf8`, empty when not UTF-8).
fn with_text<T>(written: u32, f: impl FnOnce(&str) -> T) -> T {
    BUF.with(|b| {
        let b = b.borrow();
        f(std::str::from_utf8(b.get(..written as usize).unwrap_or_default()).unwrap_or_default())
    })
}

/// 1 when the frame of `written` bytes is valid JSON, else 0.
#[no_mangle]
pub extern "C" fn scan(written: u32) -> u32 {
    with_text(written, |t| u32::from(frame::scan(t)))
}

/// Validates the frame of `written` bytes and, for an object event, calls the page's
/// `floor.event` with its kind and spans (the frame is ASCII in the bench: byte offsets are
/// its UTF-16 indices, as the package's inbox knows from its JS half); 1 when it did.
#[no_mangle]
pub extern "C" fn locate(written: u32) -> u32 {
    match with_text(written, frame::locate) {
        Some(a) => {
            #[cfg(target_arch = "wasm32")]
            // SAFETY: a plain import of numbers, given by the page at instantiation.
            unsafe {
                event(a.kind, a.name.0, a.name.1, a.target.0, a.target.1, a.data.0, a.data.1)
            };
            #[cfg(not(target_arch = "wasm32"))]
            let _ = a;
            1
        }
        None => 0,
    }
}

/// The kind of the event name in the first `written` bytes (`EventKind` + 1), or 0.
#[no_mangle]
pub extern "C" fn kind_of(written: u32) -> u32 {
    with_text(written, |t| wire::EventKind::lookup(t).map_or(0, |(k, _)| k as u32 + 1))
}

#[cfg(test)]
mod tests;
