//! A small, strict JSON value, parser and writer for the wire codec.
//!
//! Why not `serde_json`: the whole npm package has a 60 KiB gzip budget and serde_json with
//! derived visitors for ~50 message types costs most of it (see `../shared/notes/toolchain.md`:
//! 37 KB gzip for one struct). This module is a few KiB of wasm, and it gives us exactly the
//! properties the protocol needs:
//!
//! - **Lossless**: object members keep their order (duplicates too) and numbers keep their
//!   original text, so a decoded frame re-encodes to an equal JSON value and unknown fields
//!   survive untouched (PROTOCOL.md 1.12, forward compatibility).
//! - **Bounded**: nesting depth is limited ([`MAX_DEPTH`]), so hostile input cannot exhaust the
//!   stack; the caller limits the frame length before parsing.
//! - **Never panics**: every failure is a [`JsonError`] naming what was wrong and where.
//!
//! One concern per file: [`Json`], [`Map`] and [`get`] in `value.rs`; value equality in
//! `compare.rs`; the one reader (validate and skip in place, borrowed strings, member walks) in `read.rs`, its byte scans in `scan.rs`,
//! [`Json::parse`] on it in `parse.rs`; the writer in `write.rs`; [`JsonError`] and the
//! nesting bound [`MAX_DEPTH`] in `error.rs`. This file only re-exports them; of the
//! files here only `tests.rs` imports it, so they form no cycle.

mod compare;
mod error;
mod parse;
mod read;
mod scan;
mod value;
mod write;

#[cfg(test)]
mod tests;

pub use error::{JsonError, JsonErrorKind, MAX_DEPTH};
pub use read::Reader;
pub use scan::same;
pub use value::{get, Json, Map};
pub use write::write_str;
