//! (a) The SDK's decoder as its receive path runs it today: `agentwire::proto::wire::
//! decode_borrowed`, the call `Engine::on_text` makes (`src/proto/engine/mod.rs`). One pass
//! validates the whole frame in place, allocating nothing, notes where the top-level members
//! are and, for the common object event (`messageType`, `name`, `target`, `data` only, name
//! before data), reads its data by kind in that same pass: the hot kinds
//! (`channel.infochanged`, `state.updated`, `interaction.focuschanged`) as views borrowed
//! from the text (`wire/view.rs`), every other kind with a table (creations, member added,
//! CRM data, the reason/logout/disposition lists, address books) as a validated `Json` tree
//! checked by the one schema decoder (`wire/schema.rs`), `Empty` and the rest typed. That
//! event comes back borrowed (`Decoded::Event(Received)`); any other frame owned
//! (`Decoded::Frame`), an object event among them read again from the noted ranges.
//!
//! agentwire's `src/proto/{json,wire,text,order}` are compiled here from their own files, as
//! in (d), so the build is a minimal receive path. (d) keeps a frozen copy of the tree codec
//! the one reader replaced (`../d_tree/src/tree/`), so both are measured in the same run.

use codec_common::{frames, Tally};
use proto::wire::{decode_borrowed, Decoded, Frame, DEFAULT_MAX_FRAME_BYTES};
use wasm_bindgen::prelude::*;

#[allow(clippy::all, missing_docs)]
#[path = "../../../../src/proto/json/mod.rs"]
pub mod json;
#[allow(clippy::all, missing_docs, dead_code)]
#[path = "../../../../src/proto/order.rs"]
pub mod order;
#[allow(clippy::all, missing_docs, dead_code)]
#[path = "../../../../src/proto/text.rs"]
pub mod text;
#[allow(clippy::all, missing_docs)]
#[path = "../../../../src/proto/wire/mod.rs"]
pub mod wire;

/// agentwire's codec, from its sources, at the paths its code names (`crate::proto::…`).
pub mod proto {
    pub use super::json;
    pub use super::order;
    pub use super::text;
    pub use super::wire;
}

pub mod fold;

/// Decodes every frame of `blob` (one per line); returns `[frames, checksum, untyped, errors]`.
#[wasm_bindgen]
pub fn decode_all(blob: &str) -> Vec<u32> {
    let mut t = Tally::default();
    for f in frames(blob) {
        match decode_borrowed(f, DEFAULT_MAX_FRAME_BYTES) {
            // The common event, borrowed: the view the model reads (`Received::view`).
            Ok((Decoded::Event(e), _spans)) => {
                let (h, untyped) = fold::event(&e.view());
                t.add(h, untyped);
            }
            // Any other object event, owned: viewed as the engine does (`Incoming::view`).
            Ok((Decoded::Frame(Frame::Event(e)), _spans)) => {
                let hot = e.hot();
                let (h, untyped) = fold::event(&e.as_ref(&hot));
                t.add(h, untyped);
            }
            _ => t.error(),
        }
    }
    t.to_vec()
}
