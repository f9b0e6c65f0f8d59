//! JSON syntax errors ([`JsonError`], [`JsonErrorKind`]) and the nesting bound
//! [`MAX_DEPTH`] that one of them names.

use std::fmt;

/// Deepest nesting of arrays and objects the parser accepts. Real protocol frames nest at
/// most ~8 levels (address-book groups); 64 leaves room for vendor extensions.
pub const MAX_DEPTH: usize = 64;

/// What was wrong with a JSON text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// The text ended in the middle of a value.
    UnexpectedEnd,
    /// A character that cannot start or continue a value here.
    UnexpectedCharacter(char),
    /// A backslash escape that JSON does not define, or a bad `\u` escape.
    InvalidEscape,
    /// A number that does not follow JSON's grammar.
    InvalidNumber,
    /// A raw control character inside a string.
    ControlCharacterInString,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Something other than whitespace after the value.
    TrailingCharacters,
}

/// A JSON syntax error: what and where (byte offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// What was wrong.
    pub kind: JsonErrorKind,
    /// Byte offset in the text.
    pub offset: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            JsonErrorKind::UnexpectedEnd => write!(f, "JSON text ends unexpectedly"),
            JsonErrorKind::UnexpectedCharacter(c) => {
                write!(f, "unexpected character '{c}' in JSON at byte {}", self.offset)
            }
            JsonErrorKind::InvalidEscape => {
                write!(f, "invalid escape in JSON string at byte {}", self.offset)
            }
            JsonErrorKind::InvalidNumber => {
                write!(f, "invalid JSON number at byte {}", self.offset)
            }
            JsonErrorKind::ControlCharacterInString => {
                write!(f, "raw control character in JSON string at byte {}", self.offset)
            }
            JsonErrorKind::TooDeep => write!(f, "JSON nested deeper than {MAX_DEPTH} levels at byte {}", self.offset),
            JsonErrorKind::TrailingCharacters => {
                write!(f, "characters after the JSON value at byte {}", self.offset)
            }
        }
    }
}

impl std::error::Error for JsonError {}
