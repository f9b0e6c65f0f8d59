//! (0) No decoding: the blob's crossing into wasm, the split into frames and the tally, with
//! the allocator and wasm-bindgen's glue: what every blob variant pays besides its decoder,
//! in bytes and in time. Folds each frame's length only.

use codec_common::{frames, Fold, Tally};
use wasm_bindgen::prelude::*;

/// Splits `blob` into frames; returns `[frames, checksum of their lengths, 0, 0]`.
#[wasm_bindgen]
pub fn decode_all(blob: &str) -> Vec<u32> {
    let mut t = Tally::default();
    for f in frames(blob) {
        let mut h = Fold::default();
        h.num(f.len() as u64);
        t.add(h, false);
    }
    t.to_vec()
}
