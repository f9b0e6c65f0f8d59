//! The two passes of the "copy + scan + dispatch" floor (issue 14), over one frame's text, with
//! the SDK's own JSON reader (`src/proto/json`, `crate::proto::json::Reader`) and nothing else
//! of the core. Shared, from this one file, by the floor's wasm module (`bench/floor/src/lib.rs`,
//! the browsers' rows of `bench/run.mjs`) and the native rows of `examples/core_receive`
//! (`scan`, `locate`), which each provide `crate::proto` (`json`, `wire`).
//!
//! - [`scan`]: validates the whole frame (every byte read and checked, as any correct core
//!   must read it: a malformed frame is a protocol error), building nothing.
//! - [`locate`]: the same pass, walking the envelope's members with the reader as the core's
//!   envelope decoder does (`next_member`, then `key`, which compares a key in place), and
//!   noting what the core's answer to the page needs: the event's kind (the SDK's own
//!   `EventKind::lookup`) and the byte spans of its name, target and data. Each member's value
//!   is validated as it is passed, so this is [`scan`] plus the locating.
//!
//! What neither does, and the core does: decode `data` by kind (views, schema tables), apply
//! it to the model, queue the event. So the gap between these rows and agentwire's is that.

use crate::proto::json::Reader;
use crate::proto::wire::EventKind;

/// Whether `text` is one JSON value and nothing else.
pub fn scan(text: &str) -> bool {
    let mut r = Reader::new(text);
    r.skip().is_ok() && r.at_end()
}

/// What the core hands the page for an object event of a frame: the event's kind (its index
/// in `EventKind::ALL` + 1; 0 for a name the SDK does not know, which the page then slices
/// from the frame) and byte spans `[start, end)` of its name and target (inside the quotes)
/// and its data (the whole value).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Answer {
    /// `EventKind` + 1, or 0.
    pub kind: u32,
    /// The name's span.
    pub name: (u32, u32),
    /// The target's span.
    pub target: (u32, u32),
    /// The data's span.
    pub data: (u32, u32),
}

/// The span of the plain (unescaped) string at the reader's cursor, read and validated;
/// `None` for any other value (one with escapes too: the SDK's page path then gets the text
/// from the core instead of slicing the frame, which this floor does not model).
fn plain_string<'a>(r: &mut Reader<'a>) -> Option<(&'a str, (u32, u32))> {
    r.ws();
    let a = r.pos();
    let s = r.string().ok()??;
    let b = r.pos();
    // Borrowed (no escapes) exactly when the text between the quotes is the string.
    (b - a == s.len() + 2).then(|| (r.slice(a + 1, b - 1), (a as u32 + 1, b as u32 - 1)))
}

/// Validates `text` as [`scan`] does and locates the object event's members in the same pass;
/// `None` for text that is not JSON, or not an object event with a plain name and target and
/// a `data` member.
pub fn locate(text: &str) -> Option<Answer> {
    let mut r = Reader::new(text);
    if !r.object().ok()? {
        return None;
    }
    let (mut event, mut name, mut target, mut data) = (false, None, None, None);
    while r.next_member()? {
        if r.key("messageType") {
            event = plain_string(&mut r)?.0 == "objectEvent";
        } else if r.key("name") {
            name = Some(plain_string(&mut r)?);
        } else if r.key("target") {
            target = Some(plain_string(&mut r)?.1);
        } else if r.key("data") {
            let a = r.pos();
            r.skip().ok()?;
            data = Some((a as u32, r.pos() as u32));
        } else {
            r.member_key().ok()?;
            r.skip().ok()?;
        }
    }
    let ((n, name), target, data) = (name?, target?, data?);
    if !event || !r.at_end() {
        return None;
    }
    let kind = EventKind::lookup(n).map_or(0, |(k, _)| k as u32 + 1);
    Some(Answer { kind, name, target, data })
}
