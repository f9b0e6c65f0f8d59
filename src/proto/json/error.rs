//! JSON syntax errors ([`JsonError`], [`JsonErrorKind`]) and the nesting bound
//! [`MAX_DEPTH`] that one of them names.

use crate::proto::text::{Code, Msg};

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

impl JsonError {
    /// What was wrong, as a message for people.
    pub fn msg(&self) -> Msg {
        let at = self.offset;
        // The kinds that say only where: one `Msg` built for them.
        let code = match self.kind {
            JsonErrorKind::UnexpectedEnd => return Msg::new(Code::JsonEnd),
            JsonErrorKind::UnexpectedCharacter(c) => {
                return Msg::new(Code::JsonCharacter).arg(String::from(c.encode_utf8(&mut [0; 4]) as &str)).arg(at)
            }
            JsonErrorKind::TooDeep => return Msg::new(Code::JsonDeep).arg(MAX_DEPTH).arg(at),
            JsonErrorKind::InvalidEscape => Code::JsonEscape,
            JsonErrorKind::InvalidNumber => Code::JsonNumber,
            JsonErrorKind::ControlCharacterInString => Code::JsonControl,
            JsonErrorKind::TrailingCharacters => Code::JsonTrailing,
        };
        Msg::new(code).arg(at)
    }
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.msg().fmt(f)
    }
}

impl std::error::Error for JsonError {}
