//! The parser: [`Json::parse`] and [`Json::parse_spanned`], strict and bounded, with a fast
//! path for strings without escapes.

use super::error::{JsonError, JsonErrorKind, MAX_DEPTH};
use super::value::Json;

impl Json {
    /// Parses one JSON text (surrounding whitespace allowed, nothing else after it).
    ///
    /// # Errors
    /// A [`JsonError`] with what was wrong and the byte offset where it was found.
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        Json::parse_spanned(text).map(|(v, _)| v)
    }

    /// Parses like [`Json::parse`] and also returns, for a top-level object, the byte range
    /// of each member's value in `text` (in member order). The web layer uses the range of
    /// `data` to let the page parse only that part, lazily, from the frame it already holds.
    ///
    /// # Errors
    /// As [`Json::parse`].
    pub fn parse_spanned(text: &str) -> Result<(Json, Vec<(usize, usize)>), JsonError> {
        let mut p = Parser { s: text.as_bytes(), i: 0, text, spans: Vec::new() };
        p.ws();
        let v = p.value(0)?;
        p.ws();
        if p.i < p.s.len() {
            return Err(p.err(JsonErrorKind::TrailingCharacters));
        }
        Ok((v, p.spans))
    }
}

/// From `i`, skips 8 bytes at a time while none is `"`, `\\` or a control character (the
/// bytes that end the plain part of a string); returns where the byte-wise scan goes on.
fn plain_run(s: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    while let Some(chunk) = s.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Bytes below 0x20: (w - 0x20…) borrows into the high bit only where a byte is below
        // 0x20 (bytes ≥ 0x80 are UTF-8 and never end a run, so they are masked out).
        let control = w.wrapping_sub(0x2020_2020_2020_2020) & !w & HIGHS;
        if has_zero(w ^ 0x2222_2222_2222_2222) | has_zero(w ^ 0x5c5c_5c5c_5c5c_5c5c) | control != 0 {
            break;
        }
        i += 8;
    }
    i
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
    spans: Vec<(usize, usize)>,
}

impl Parser<'_> {
    fn err(&self, kind: JsonErrorKind) -> JsonError {
        JsonError { kind, offset: self.i }
    }

    fn unexpected(&self) -> JsonError {
        match self.text.get(self.i..).and_then(|r| r.chars().next()) {
            Some(c) => self.err(JsonErrorKind::UnexpectedCharacter(c)),
            None => self.err(JsonErrorKind::UnexpectedEnd),
        }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
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

    fn literal(&mut self, word: &[u8], v: Json) -> Result<Json, JsonError> {
        if self.s.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.unexpected())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        match self.peek() {
            None => Err(self.err(JsonErrorKind::UnexpectedEnd)),
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err(JsonErrorKind::TooDeep));
                }
                self.i += 1;
                let mut m = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Json::Object(m));
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(self.unexpected());
                    }
                    let k = self.string()?;
                    self.ws();
                    self.expect(b':')?;
                    self.ws();
                    let start = self.i;
                    let v = self.value(depth + 1)?;
                    if depth == 0 {
                        self.spans.push((start, self.i));
                    }
                    m.push((k, v));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Object(m));
                        }
                        _ => return Err(self.unexpected()),
                    }
                }
            }
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err(JsonErrorKind::TooDeep));
                }
                self.i += 1;
                let mut a = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(Json::Array(a));
                }
                loop {
                    self.ws();
                    a.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Array(a));
                        }
                        _ => return Err(self.unexpected()),
                    }
                }
            }
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b't') => self.literal(b"true", Json::Bool(true)),
            Some(b'f') => self.literal(b"false", Json::Bool(false)),
            Some(b'n') => self.literal(b"null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
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

    fn number(&mut self) -> Result<Json, JsonError> {
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
        let t = self.text.get(start..self.i).unwrap_or("0");
        Ok(Json::Number(t.into()))
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

    /// Parses a string starting at the opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1;
        // Fast path: a string without escapes is one copy.
        let mut end = plain_run(self.s, self.i);
        while let Some(&b) = self.s.get(end) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            end += 1;
        }
        if self.s.get(end) == Some(&b'"') {
            let out = self.text.get(self.i..end).unwrap_or("").to_owned();
            self.i = end + 1;
            return Ok(out);
        }
        let mut out = String::new();
        let mut run = self.i;
        self.i = end;
        loop {
            match self.peek() {
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(b'"') => {
                    out.push_str(self.text.get(run..self.i).unwrap_or(""));
                    self.i += 1;
                    return Ok(out);
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
                Some(_) => self.i += 1,
            }
        }
    }
}
