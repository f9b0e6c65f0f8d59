//! The inbox: how a text frame enters wasm (issue 14, "frame in, one crossing"). A session
//! owns one buffer in wasm memory, a `Vec<u8>` whose address its JS half (`Inbox` in
//! `js/glue.js`) knows. The socket's message handler checks the frame's length against the
//! limit before any copy, encodes it with `TextEncoder.encodeInto` straight into the buffer
//! (grown, through one call here, only for a larger frame; its view re-made when wasm memory
//! grew), and makes one call into wasm with numbers only: no string crosses, nothing is
//! allocated per frame. Here the bytes become the `&str` the engine reads, and the engine's
//! byte spans become the UTF-16 indices the page slices its own copy of the frame with.
//!
//! The size decision has one source, the core: the JS half skips the copy only when the
//! frame is longer than the limit for certain (more UTF-16 units than the limit has bytes:
//! every unit is at least one byte), and then gives the engine the frame's UTF-8 length and
//! beginning (`Input::Oversized`), which the engine judges as it judges the whole frame.
//! Every other frame is copied whole and the engine decides, as before.

use super::cell;
use super::glue;
use crate::proto::engine::OVERSIZED_HEAD;
use crate::proto::wire::Spans;
use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A session's inbox: the buffer, its JS half, and the callback that grows it.
pub struct Inbox {
    buf: Rc<RefCell<Vec<u8>>>,
    /// The last whole frame the engine took (still in `buf` until the next one is written).
    last: Cell<Option<InFrame>>,
    js: glue::Inbox,
    _grow: Closure<dyn FnMut(u32) -> u32>,
}

impl std::fmt::Debug for Inbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inbox").finish_non_exhaustive()
    }
}

/// The text frame whose events are going out: its length in the buffer, and whether it is
/// ASCII (its byte offsets are then its UTF-16 indices).
#[derive(Clone, Copy, Debug)]
pub struct InFrame {
    len: usize,
    ascii: bool,
}

impl InFrame {
    /// The frame `text`, just read from the inbox; `ascii` as the JS half found it (it wrote
    /// one byte per UTF-16 unit), so the frame is not scanned again here.
    pub fn of(text: &str, ascii: bool) -> InFrame {
        InFrame { len: text.len(), ascii }
    }
}

impl Inbox {
    /// The inbox of a session whose frames may be `max_frame_bytes` long.
    pub fn new(max_frame_bytes: usize) -> Inbox {
        let buf = Rc::new(RefCell::new(Vec::new()));
        let b = buf.clone();
        // The buffer is borrowed only inside one call into wasm that calls no JS, so the JS
        // half never writes into it while Rust reads it, and growing it never finds it borrowed.
        let grow = Closure::<dyn FnMut(u32) -> u32>::new(move |n: u32| {
            let mut b = cell::write(&b);
            if b.len() < n as usize {
                b.resize(n as usize, 0);
            }
            b.as_ptr() as usize as u32
        });
        let js = glue::Inbox::new(&wasm_bindgen::memory(), &grow, clamp(max_frame_bytes), OVERSIZED_HEAD as u32);
        Inbox { buf, last: Cell::new(None), js, _grow: grow }
    }

    /// The JS half, for the socket's message handler.
    pub fn js(&self) -> &JsValue {
        &self.js
    }

    /// The text in the first `written` bytes of the buffer: a whole frame, or the beginning of
    /// one too long to copy. `encodeInto` writes valid UTF-8, whole characters only, so the
    /// check (`from_utf8`, ≈ 18 ns for a 180-byte frame) never fails; were it to, the text
    /// would be empty (for the engine, not JSON).
    pub fn read(&self, written: usize) -> Ref<'_, str> {
        Ref::map(cell::read(&self.buf), |b| {
            std::str::from_utf8(b.get(..written).unwrap_or_default()).unwrap_or_default()
        })
    }

    /// Notes `frame` as the one whose events go out now (until the next frame is written).
    pub fn took(&self, frame: InFrame) {
        self.last.set(Some(frame));
    }

    /// The frame noted by [`Inbox::took`].
    pub fn last(&self) -> Option<InFrame> {
        self.last.get()
    }

    /// An event's `name`, `target` and `data` spans in `frame` (still in the buffer: the
    /// pump asks before the next frame can arrive) as UTF-16 indices into the page's string,
    /// or `None` when one of them has no span.
    pub fn js_spans(&self, frame: InFrame, spans: &Spans) -> Option<[u32; 6]> {
        let ((na, nb), (ta, tb), (a, b)) = (spans.name?, spans.target?, spans.data?);
        let mut at = [na, nb, ta, tb, a, b];
        if !frame.ascii {
            let buf = cell::read(&self.buf);
            let text = buf.get(..frame.len)?;
            for x in &mut at {
                *x = utf16_index(text, *x as usize);
            }
        }
        Some(at)
    }
}

/// The limit as the JS half compares it (a frame longer than 4 GiB is not a frame).
fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The UTF-16 index of byte offset `at` of the UTF-8 text `utf8`: one unit per character,
/// two for a character of four bytes (a surrogate pair).
fn utf16_index(utf8: &[u8], at: usize) -> u32 {
    let head = utf8.get(..at).unwrap_or(utf8);
    head.iter().map(|&c| u32::from(c & 0xC0 != 0x80) + u32::from(c >= 0xF0)).sum()
}
