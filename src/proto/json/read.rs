//! The one JSON reader: a strict, bounded pull parser over the frame's text. It validates
//! and skips a value in place ([`Reader::skip`], no allocation), reads strings borrowed from
//! the text when they have no escapes ([`Reader::string`]), walks objects and arrays member by
//! member for the typed decoders of `wire/`, and builds a [`Json`] tree only where one is
//! wanted ([`Reader::value`]: free-form data, members this version does not know).
//!
//! Every method returns a [`JsonError`] for text that is not JSON and never panics.

use super::error::{JsonError, JsonErrorKind, MAX_DEPTH};
use super::scan::{plain_run, same_bytes};
use super::value::Json;
use std::borrow::Cow;

/// A cursor over one JSON text.
#[derive(Debug)]
pub struct Reader<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    depth: usize,
    /// Where the last object or array opened ([`Reader::object`], [`Reader::array`]): the
    /// only place [`Reader::next_member`] and [`Reader::element`] take a `{` or `[` for the
    /// start of the first member (anywhere else one is an error: `{"a":1{"b":2}}`).
    opened: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader { s: text.as_bytes(), text, i: 0, depth: 0, opened: usize::MAX }
    }

    /// The byte offset of the cursor.
    pub fn pos(&self) -> usize {
        self.i
    }

    /// Moves the cursor to byte offset `i` (one [`Reader::pos`] returned).
    pub fn seek(&mut self, i: usize) {
        self.i = i;
    }

    /// The text between two offsets (empty when they are not a valid range).
    pub fn slice(&self, a: usize, b: usize) -> &'a str {
        self.text.get(a..b).unwrap_or("")
    }

    fn err(&self, kind: JsonErrorKind) -> JsonError {
        JsonError { kind, offset: self.i }
    }

    /// The error for the character at the cursor (or the text's end): what
    /// [`Reader::member`] gives where [`Reader::next_member`] answered `None`.
    pub fn unexpected(&self) -> JsonError {
        match self.text.get(self.i..).and_then(|r| r.chars().next()) {
            Some(c) => self.err(JsonErrorKind::UnexpectedCharacter(c)),
            None => self.err(JsonErrorKind::UnexpectedEnd),
        }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// Skips whitespace.
    #[inline(always)]
    pub fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Whether only whitespace is left.
    pub fn at_end(&mut self) -> bool {
        self.ws();
        self.i >= self.s.len()
    }

    /// The JSON type of the value at the cursor, for error messages (after whitespace).
    pub fn peek_type(&mut self) -> &'static str {
        self.ws();
        match self.peek() {
            Some(b'{') => "object",
            Some(b'[') => "array",
            Some(b'"') => "string",
            Some(b't' | b'f') => "boolean",
            Some(b'n') => "null",
            _ => "number",
        }
    }

    /// Consumes a `null` at the cursor, if there is one.
    pub fn null(&mut self) -> bool {
        self.ws();
        if let Some(b"null") = self.s.get(self.i..self.i + 4) {
            self.i += 4;
            true
        } else {
            false
        }
    }

    /// Consumes `true` or `false`, if the cursor is at one.
    pub fn boolean(&mut self) -> Option<bool> {
        self.ws();
        if let Some(b"true") = self.s.get(self.i..self.i + 4) {
            self.i += 4;
            Some(true)
        } else if let Some(b"false") = self.s.get(self.i..self.i + 5) {
            self.i += 5;
            Some(false)
        } else {
            None
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), JsonError> {
        if self.peek() == Some(b) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// Opens the object at the cursor; `false` (nothing consumed) when the value there is not
    /// an object. Then [`Reader::member`] until it returns `None`.
    ///
    /// # Errors
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    pub fn object(&mut self) -> Result<bool, JsonError> {
        self.open(b'{')
    }

    /// Checks the opening bracket at the cursor and the depth, leaving the cursor on the
    /// bracket (the first [`Reader::member`] or [`Reader::element`] consumes it).
    fn open(&mut self, b: u8) -> Result<bool, JsonError> {
        self.ws();
        if self.peek() != Some(b) {
            return Ok(false);
        }
        if self.depth >= MAX_DEPTH {
            return Err(self.err(JsonErrorKind::TooDeep));
        }
        self.depth += 1;
        self.opened = self.i;
        Ok(true)
    }

    /// Where the cursor is and how deep, to come back to with [`Reader::reset`].
    pub fn mark(&self) -> (usize, usize) {
        (self.i, self.depth)
    }

    /// Back to a [`Reader::mark`].
    pub fn reset(&mut self, (i, depth): (usize, usize)) {
        self.i = i;
        self.depth = depth;
    }

    /// The next member's key of the object being walked, leaving the cursor at its value (which
    /// the caller must read or skip), or `None` after the closing brace.
    ///
    /// # Errors
    /// Text that is not JSON.
    pub fn member(&mut self) -> Result<Option<Cow<'a, str>>, JsonError> {
        match self.next_member() {
            Some(true) => self.member_key().map(Some),
            Some(false) => Ok(None),
            None => Err(self.unexpected()),
        }
    }

    /// [`Reader::member`] in steps, for a decoder that knows which keys it expects (the table
    /// loop, `codec::read_object`, and the frame's envelope): past the separator before the
    /// next member, `Some(true)` with the cursor on its key, `Some(false)` past the closing
    /// brace, `None` for text that is not JSON ([`Reader::unexpected`] is the error
    /// [`Reader::member`] gives). The key is then compared in place by [`Reader::key`], or
    /// read by [`Reader::member_key`].
    pub fn next_member(&mut self) -> Option<bool> {
        self.ws();
        // (The closing brace is taken right after the opening one, or where a comma belongs.)
        let closing = match self.peek() {
            Some(b',') => false,
            Some(b'{') if self.i == self.opened => true,
            Some(b'}') => {
                self.i += 1;
                self.depth = self.depth.saturating_sub(1);
                return Some(false);
            }
            _ => return None,
        };
        self.i += 1;
        self.ws();
        match self.peek() {
            Some(b'"') => Some(true),
            Some(b'}') if closing => {
                self.i += 1;
                self.depth = self.depth.saturating_sub(1);
                Some(false)
            }
            _ => None,
        }
    }

    /// The first byte of the key at the cursor (on its opening quote).
    pub fn key_start(&self) -> Option<u8> {
        self.s.get(self.i + 1).copied()
    }

    /// The key at the cursor, read (borrowed unless written with escapes), and the colon
    /// after it: the rest of [`Reader::member`].
    ///
    /// # Errors
    /// Text that is not JSON.
    pub fn member_key(&mut self) -> Result<Cow<'a, str>, JsonError> {
        let k = match self.plain_string() {
            Some(k) => Cow::Borrowed(k),
            None if self.peek() == Some(b'"') => self.escaped_string()?,
            None => return Err(self.unexpected()),
        };
        self.ws();
        self.expect(b':')?;
        self.ws();
        Ok(k)
    }

    /// Whether the key at the cursor (on its opening quote) is `key` written without escapes,
    /// then consumed with the colon after it (any whitespace); `false`, nothing consumed, for
    /// any other key (one written with escapes too: [`Reader::member_key`] then reads it).
    pub fn key(&mut self, key: &str) -> bool {
        // (The closing quote first: it tells most other keys apart without a comparison.)
        let (k, at) = (key.as_bytes(), self.i + 1);
        let end = at + k.len();
        if self.s.get(end) != Some(&b'"') {
            return false;
        }
        match self.s.get(at..end) {
            Some(got) if same_bytes(got, k) => {}
            _ => return false,
        }
        // (The colon looked for ahead: nothing is consumed unless it is there.)
        let mut j = end + 1;
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(j) {
            j += 1;
        }
        if self.s.get(j) != Some(&b':') {
            return false;
        }
        self.i = j + 1;
        self.ws();
        true
    }

    /// Opens the array at the cursor; `false` (nothing consumed) when the value there is not
    /// an array. Then [`Reader::element`] until it returns `false`.
    ///
    /// # Errors
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    pub fn array(&mut self) -> Result<bool, JsonError> {
        self.open(b'[')
    }

    /// Moves to the next element of the array being walked (`true`, the cursor at it) or past
    /// the closing bracket (`false`).
    ///
    /// # Errors
    /// Text that is not JSON.
    pub fn element(&mut self) -> Result<bool, JsonError> {
        self.ws();
        let opening = self.peek() == Some(b'[') && self.i == self.opened;
        match self.peek() {
            Some(b',') => self.i += 1,
            Some(b'[') if opening => self.i += 1,
            Some(b']') => {
                self.i += 1;
                self.depth = self.depth.saturating_sub(1);
                return Ok(false);
            }
            _ => return Err(self.unexpected()),
        }
        self.ws();
        if opening && self.peek() == Some(b']') {
            self.i += 1;
            self.depth = self.depth.saturating_sub(1);
            return Ok(false);
        }
        Ok(true)
    }

    /// Validates and skips the value at the cursor, allocating nothing.
    ///
    /// # Errors
    /// Text that is not JSON, or nested deeper than [`MAX_DEPTH`].
    pub fn skip(&mut self) -> Result<(), JsonError> {
        self.ws();
        match self.peek() {
            None => Err(self.err(JsonErrorKind::UnexpectedEnd)),
            Some(b'{') => {
                self.object()?;
                // Each key validated as the string value it is (`next_member` left the cursor
                // on its quote: the same text accepted and the same errors as `member`'s read,
                // no `Cow` made and dropped), then its colon and value.
                loop {
                    match self.next_member() {
                        Some(true) => {
                            self.skip()?;
                            self.ws();
                            self.expect(b':')?;
                            self.skip()?;
                        }
                        Some(false) => return Ok(()),
                        None => return Err(self.unexpected()),
                    }
                }
            }
            Some(b'[') => {
                self.array()?;
                while self.element()? {
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'"') => self.skip_string(),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number().map(|_| ()),
            Some(_) => Err(self.unexpected()),
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), JsonError> {
        if self.s.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// Reads the value at the cursor into a tree.
    ///
    /// # Errors
    /// Text that is not JSON, or nested deeper than [`MAX_DEPTH`].
    pub fn value(&mut self) -> Result<Json, JsonError> {
        self.ws();
        match self.peek() {
            None => Err(self.err(JsonErrorKind::UnexpectedEnd)),
            Some(b'{') => {
                self.object()?;
                let mut m = Vec::new();
                while let Some(k) = self.member()? {
                    let v = self.value()?;
                    m.push((k.into_owned(), v));
                }
                Ok(Json::Object(m))
            }
            Some(b'[') => {
                self.array()?;
                let mut a = Vec::new();
                while self.element()? {
                    a.push(self.value()?);
                }
                Ok(Json::Array(a))
            }
            Some(b'"') => Ok(Json::String(self.string()?.map(Cow::into_owned).unwrap_or_default())),
            Some(b't') => self.literal(b"true").map(|()| Json::Bool(true)),
            Some(b'f') => self.literal(b"false").map(|()| Json::Bool(false)),
            Some(b'n') => self.literal(b"null").map(|()| Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(|t| Json::Number(t.into())),
            Some(_) => Err(self.unexpected()),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    /// Reads the number at the cursor, returning its text.
    ///
    /// # Errors
    /// A number that does not follow JSON's grammar.
    pub fn number(&mut self) -> Result<&'a str, JsonError> {
        self.ws();
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err(JsonErrorKind::InvalidNumber)),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err(JsonErrorKind::InvalidNumber));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err(JsonErrorKind::InvalidNumber));
            }
        }
        // The grammar above only accepts ASCII, so the slice is on char boundaries.
        Ok(self.text.get(start..self.i).unwrap_or("0"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err(JsonErrorKind::InvalidEscape)),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    fn skip_string(&mut self) -> Result<(), JsonError> {
        self.i += 1;
        loop {
            self.i = plain_run(self.s, self.i);
            match self.peek() {
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                        Some(b'u') => {
                            self.i += 1;
                            self.hex4()?;
                        }
                        None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                        Some(_) => return Err(self.err(JsonErrorKind::InvalidEscape)),
                    }
                }
                Some(_) => return Err(self.err(JsonErrorKind::ControlCharacterInString)),
            }
        }
    }

    /// Reads the string at the cursor (after whitespace): borrowed from the text when it has
    /// no escapes; `None`, nothing consumed, when the value there is not a string (one call
    /// where a decoder asked "is it a string?" and then read it).
    ///
    /// # Errors
    /// A bad escape, a raw control character, or the end of the text.
    pub fn string(&mut self) -> Result<Option<Cow<'a, str>>, JsonError> {
        self.ws();
        match self.plain_string() {
            Some(s) => Ok(Some(Cow::Borrowed(s))),
            None if self.peek() == Some(b'"') => self.escaped_string().map(Some),
            None => Ok(None),
        }
    }

    /// The common string, without escapes, at the cursor: borrowed in place, in one scan
    /// (inlined into [`Reader::member`], which reads every key of every frame); `None`, the
    /// cursor unmoved, for anything else.
    #[inline(always)]
    fn plain_string(&mut self) -> Option<&'a str> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let end = plain_run(self.s, self.i + 1);
        match (self.s.get(end), self.text.get(self.i + 1..end)) {
            (Some(b'"'), Some(out)) => {
                self.i = end + 1;
                Some(out)
            }
            _ => None,
        }
    }

    /// [`Reader::string`] for a string with escapes.
    #[inline(never)]
    fn escaped_string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected());
        }
        self.i += 1;
        let end = plain_run(self.s, self.i);
        let mut out = String::new();
        let mut run = self.i;
        self.i = end;
        loop {
            match self.peek() {
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(b'"') => {
                    out.push_str(self.text.get(run..self.i).unwrap_or(""));
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(run..self.i).unwrap_or(""));
                    self.i += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let hi = self.hex4()?;
                            self.i -= 1;
                            let code = if (0xD800..0xDC00).contains(&hi)
                                && self.s.get(self.i + 1..self.i + 3) == Some(b"\\u")
                            {
                                let save = self.i;
                                self.i += 3;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    self.i -= 1;
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    self.i = save;
                                    hi
                                }
                            } else {
                                hi
                            };
                            // A lone surrogate (legal in JSON, not in UTF-8) becomes U+FFFD,
                            // as TextDecoder would do; the frame is not lost for it.
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                        Some(_) => return Err(self.err(JsonErrorKind::InvalidEscape)),
                    };
                    out.push(c);
                    self.i += 1;
                    run = self.i;
                }
                Some(0..=0x1f) => return Err(self.err(JsonErrorKind::ControlCharacterInString)),
                Some(_) => {
                    self.i += 1;
                    self.i = plain_run(self.s, self.i);
                }
            }
        }
    }
}
