//! (d-ev) Today's tree codec restricted to object events, for a like-for-like size with the
//! serde variants (which decode object events only): the same tree parse and typed event
//! decoding as `decode_spanned`, without the classification of the other message classes
//! (core, service, request and response frames and their command data), which the linker then
//! drops. Sources compiled from agentwire's files, as in (d).

use codec_common::{frames, Tally};
use proto::json::Json;
use proto::wire::{Event, FromJson};
use wasm_bindgen::prelude::*;

#[allow(clippy::all, missing_docs)]
#[path = "../../d_tree/src/tree/json/mod.rs"]
pub mod json;
#[allow(clippy::all, missing_docs)]
#[path = "../../d_tree/src/tree/wire/mod.rs"]
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
        let event = match Json::parse_spanned(f) {
            Ok((v, _spans)) if v.get("messageType").and_then(Json::as_str) == Some("objectEvent") => {
                Event::from_json(&v)
            }
            _ => {
                t.error();
                continue;
            }
        };
        match event {
            Ok(e) => {
                let (h, untyped) = fold::event(&e);
                t.add(h, untyped);
            }
            Err(_) => t.error(),
        }
    }
    t.to_vec()
}
