//! Dotted targets (PROTOCOL.md 1.8, WIRE-PROFILE §7).
//!
//! A target is `<session>[.<parent>…].<object>`: the first segment is the session id, the
//! last the addressed object's id, each one between a parent. Ids never contain `.`.
//! A target's *meaning* is never inferred from its number of segments (a 3-segment path may
//! be a grouped channel or a stand-alone channel's interaction): it is resolved against the
//! model's object registry ([`crate::proto::model::Model::resolve`]).

use crate::proto::text::{rsplit_byte, Code, Msg};

/// Longest target accepted, in bytes. Real targets are a few ids long; a bound keeps a
/// hostile one from costing memory wherever targets are kept.
pub const MAX_TARGET_BYTES: usize = 1024;

/// Most segments in a target (the deepest documented object, a conversation, has five).
pub const MAX_SEGMENTS: usize = 16;

/// Longest object id accepted, in bytes.
pub const MAX_ID_BYTES: usize = 256;

/// Why a target or id is not acceptable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetError {
    /// The target or id is empty.
    Empty,
    /// The target has an empty segment (`s..c`, `.c`, `s.`).
    EmptySegment {
        /// The target.
        target: String,
    },
    /// The target or id is longer than [`MAX_TARGET_BYTES`] / [`MAX_ID_BYTES`], or has more
    /// than [`MAX_SEGMENTS`] segments (the value itself is not kept: it may be huge).
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// An id contains `.`, which would make targets ambiguous.
    IdWithDot {
        /// The id.
        id: String,
    },
    /// No object with this target is known.
    Unknown {
        /// The target.
        target: String,
    },
    /// The target names an object of another kind than the command needs.
    WrongKind {
        /// The target.
        target: String,
        /// The kind needed.
        expected: &'static str,
        /// The kind found.
        found: &'static str,
    },
}

impl TargetError {
    /// What was wrong, as a message for people.
    pub fn msg(&self) -> Msg {
        match self {
            TargetError::Empty => Msg::new(Code::TargetEmpty),
            TargetError::TooLong { len } => {
                Msg::new(Code::TargetTooLong).arg(*len).arg(MAX_TARGET_BYTES).arg(MAX_SEGMENTS).arg(MAX_ID_BYTES)
            }
            TargetError::EmptySegment { target } => Msg::new(Code::TargetEmptySegment).arg(target.as_str()),
            TargetError::IdWithDot { id } => Msg::new(Code::IdWithDot).arg(id.as_str()),
            TargetError::Unknown { target } => Msg::new(Code::NoObject).arg(target.as_str()),
            TargetError::WrongKind { target, expected, found } => {
                Msg::new(Code::WrongKind).arg(target.as_str()).arg(*found).arg(*expected)
            }
        }
    }
}

impl std::fmt::Display for TargetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.msg().fmt(f)
    }
}

impl std::error::Error for TargetError {}

/// Checks an object id: non-empty, no `.`.
///
/// # Errors
/// [`TargetError::Empty`] or [`TargetError::IdWithDot`].
pub fn validate_id(id: &str) -> Result<(), TargetError> {
    if id.is_empty() {
        Err(TargetError::Empty)
    } else if id.len() > MAX_ID_BYTES {
        Err(TargetError::TooLong { len: id.len() })
    } else if id.bytes().any(|b| b == b'.') {
        Err(TargetError::IdWithDot { id: id.to_owned() })
    } else {
        Ok(())
    }
}

/// Checks a target's syntax: non-empty segments separated by single dots, within
/// [`MAX_TARGET_BYTES`] and [`MAX_SEGMENTS`].
///
/// # Errors
/// [`TargetError::Empty`], [`TargetError::TooLong`] or [`TargetError::EmptySegment`].
pub fn validate(target: &str) -> Result<(), TargetError> {
    if target.is_empty() {
        return Err(TargetError::Empty);
    }
    if target.len() > MAX_TARGET_BYTES {
        return Err(TargetError::TooLong { len: target.len() });
    }
    // One pass over the bytes (every frame's target is checked): the dots, and whether two
    // of them (or an end) enclose nothing.
    let (mut dots, mut empty, mut prev) = (0, false, b'.');
    for &b in target.as_bytes() {
        if b == b'.' {
            dots += 1;
            empty |= prev == b'.';
        }
        prev = b;
    }
    if dots >= MAX_SEGMENTS {
        return Err(TargetError::TooLong { len: target.len() });
    }
    if empty || prev == b'.' {
        return Err(TargetError::EmptySegment { target: target.to_owned() });
    }
    Ok(())
}

/// The target of the child `id` of `parent`.
///
/// # Errors
/// When `id` is not a valid id.
pub fn child(parent: &str, id: &str) -> Result<String, TargetError> {
    validate_id(id)?;
    let mut t = String::with_capacity(parent.len() + 1 + id.len());
    t.push_str(parent);
    t.push('.');
    t.push_str(id);
    Ok(t)
}

/// The parent's target (everything before the last `.`), or `None` for a session target.
pub fn parent(target: &str) -> Option<&str> {
    rsplit_byte(target, b'.').map(|(p, _)| p)
}

/// The last segment: the addressed object's own id.
pub fn last(target: &str) -> &str {
    rsplit_byte(target, b'.').map_or(target, |(_, l)| l)
}

/// The first segment: the session id.
pub fn session_id(target: &str) -> &str {
    match target.bytes().position(|b| b == b'.') {
        Some(i) => target.get(..i).unwrap_or(target),
        None => target,
    }
}

/// The segments, outermost first.
pub fn segments(target: &str) -> impl Iterator<Item = &str> {
    target.split('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let t = child("s-1001.cg-1", "ch-tel").unwrap();
        assert_eq!(t, "s-1001.cg-1.ch-tel");
        assert_eq!(parent(&t), Some("s-1001.cg-1"));
        assert_eq!(last(&t), "ch-tel");
        assert_eq!(session_id(&t), "s-1001");
        assert_eq!(parent("s-1001"), None);
        assert_eq!(segments(&t).count(), 3);
    }

    #[test]
    fn rejects_dotted_ids_and_empty_segments() {
        assert_eq!(child("s", "a.b"), Err(TargetError::IdWithDot { id: "a.b".into() }));
        assert_eq!(child("s", ""), Err(TargetError::Empty));
        assert!(validate("s..c").is_err());
        assert!(validate(".c").is_err());
        assert!(validate("s.").is_err());
        assert!(validate("").is_err());
        assert!(validate("s.cg.c").is_ok());
        assert_eq!(
            TargetError::IdWithDot { id: "a.b".into() }.to_string(),
            "id \"a.b\" contains '.', which targets use as separator"
        );
    }
}
