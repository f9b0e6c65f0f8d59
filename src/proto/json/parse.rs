//! [`Json::parse`]: one JSON text into a tree, through the one [`Reader`].

use super::error::{JsonError, JsonErrorKind};
use super::read::Reader;
use super::value::Json;

impl Json {
    /// Parses one JSON text (surrounding whitespace allowed, nothing else after it).
    ///
    /// # Errors
    /// A [`JsonError`] with what was wrong and the byte offset where it was found.
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        let mut r = Reader::new(text);
        let v = r.value()?;
        if !r.at_end() {
            return Err(JsonError { kind: JsonErrorKind::TrailingCharacters, offset: r.pos() });
        }
        Ok(v)
    }
}
