//! (a) The one-reader codec of issue 14: `agentwire::proto::wire::decode_spanned` as the SDK
//! has it now. A first pass validates the whole frame and skips it in place, allocating
//! nothing, and notes where the top-level members are; a second reads the members the SDK
//! uses straight from the text into their typed values (no `Json` tree for object events;
//! strings borrowed until stored; one table-driven loop shared by every struct's decoder).
//!
//! agentwire's `src/proto/json` and `src/proto/wire` are compiled here from their own files,
//! as in (d), so the build is a minimal receive path. (d) keeps a frozen copy of the tree
//! codec this replaced (`../d_tree/src/tree/`), so both are measured in the same run.

use codec_common::{frames, Tally};
use proto::wire::{decode_spanned, Frame, DEFAULT_MAX_FRAME_BYTES};
use wasm_bindgen::prelude::*;

#[allow(clippy::all, missing_docs)]
#[path = "../../../../src/proto/json/mod.rs"]
pub mod json;
#[allow(clippy::all, missing_docs)]
#[path = "../../../../src/proto/wire/mod.rs"]
pub mod wire;

/// agentwire's codec, from its sources, at the paths its code names (`crate::proto::…`).
pub mod proto {
    pub use super::json;
    pub use super::wire;
}

#[path = "../../d_tree/src/fold.rs"]
mod fold;

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
