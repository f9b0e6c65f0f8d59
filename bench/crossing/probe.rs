//! Both ways for a text frame to reach Rust, each through a `Closure` as the SDK's socket
//! handler calls it, with the SDK's allocator and release profile: `old_closure` takes the
//! frame as a `String` (wasm-bindgen's passing), `new_closures` gives the SDK's pair (`grow`
//! the buffer, `take` a frame written into it: `from_utf8` and the ASCII test, as
//! `src/web/inbox.rs` does). Measured by `probe.js`; nothing here is part of the package.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

thread_local! {
    static SINK: Cell<usize> = const { Cell::new(0) };
}

/// What a frame is used for here: enough that nothing is optimized away.
fn consume(s: &str, ascii: bool) {
    SINK.with(|c| c.set(c.get() + s.len() + usize::from(ascii) + usize::from(s.as_bytes().first() == Some(&b'{'))));
}

/// The sum of what was consumed (read once, so the work counts).
#[wasm_bindgen]
pub fn sink() -> usize {
    SINK.with(Cell::get)
}

/// `(frame, at)`: the frame as a `String`, the way the SDK took it before.
#[wasm_bindgen]
pub fn old_closure() -> JsValue {
    Closure::<dyn FnMut(String, f64)>::new(move |s: String, _at: f64| consume(&s, false)).into_js_value()
}

/// The SDK's two callbacks over one buffer.
#[wasm_bindgen]
pub struct Pair {
    grow: JsValue,
    take: JsValue,
}

#[wasm_bindgen]
impl Pair {
    /// `grow(n)`: the buffer at least `n` bytes; its address.
    #[wasm_bindgen(getter)]
    pub fn grow(&self) -> JsValue {
        self.grow.clone()
    }
    /// `take(written, at, len)`: the frame in the buffer's first `written` bytes.
    #[wasm_bindgen(getter)]
    pub fn take(&self) -> JsValue {
        self.take.clone()
    }
}

/// The SDK's pair of callbacks over a fresh buffer.
#[wasm_bindgen]
pub fn new_closures() -> Pair {
    let buf = Rc::new(RefCell::new(Vec::<u8>::new()));
    let b = buf.clone();
    let grow = Closure::<dyn FnMut(u32) -> u32>::new(move |n: u32| {
        let mut b = b.borrow_mut();
        if b.len() < n as usize {
            b.resize(n as usize, 0);
        }
        b.as_ptr() as usize as u32
    })
    .into_js_value();
    let take = Closure::<dyn FnMut(u32, f64, u32)>::new(move |written: u32, _at: f64, _len: u32| {
        let b = buf.borrow();
        let s = std::str::from_utf8(b.get(..written as usize).unwrap_or_default()).unwrap_or_default();
        consume(s, s.is_ascii());
    })
    .into_js_value();
    Pair { grow, take }
}
