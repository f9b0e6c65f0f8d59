//! (d) The tree codec the SDK had until issue 14's one reader replaced it (commit 408d125):
//! `wire::decode_spanned` parsing into a `Json` tree, classifying the frame among every
//! message class of both layers, then decoding typed values from the tree, unknown members
//! kept. Its `src/proto/json` and `src/proto/wire` are frozen in `tree/` (copies of that
//! commit's files, kept only for this comparison), compiled here from their own files
//! (they depend on nothing else in the crate) instead of through a dependency on the
//! `agentwire` crate: for wasm32 that crate links its whole web layer (every
//! `#[wasm_bindgen]` export of the SDK), which would not be a minimal receive-path build
//! (measured: this same `decode_all` over a path dependency on `agentwire` is 110,144 B of
//! wasm and 10,141 B of JS glue gzip, against 37,215 B and 1,973 B compiled this way).

use codec_common::{frames, Tally};
use proto::wire::{decode_spanned, Frame, DEFAULT_MAX_FRAME_BYTES};
use wasm_bindgen::prelude::*;

#[allow(clippy::all, missing_docs)]
#[path = "tree/json/mod.rs"]
pub mod json;
#[allow(clippy::all, missing_docs)]
#[path = "tree/wire/mod.rs"]
pub mod wire;

/// agentwire's codec, from its sources, at the paths its code names (`crate::proto::…`).
pub mod proto {
    pub use super::json;
    pub use super::wire;
}

pub mod fold;

/// Decodes every frame of `blob` (one per line); returns `[frames, checksum, untyped, errors]`.
#[wasm_bindgen]
pub fn decode_all(blob: &str) -> Vec<u32> {
    let mut t = Tally::default();
    for f in frames(blob) {
        match decode_spanned(f, DEFAULT_MAX_FRAME_BYTES) {
            Ok((Frame::Event(e), _spans)) => {
                let (h, untyped) = fold::event(&e);
                t.add(h, untyped);
            }
            _ => t.error(),
        }
    }
    t.to_vec()
}
