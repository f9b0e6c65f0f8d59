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

use std::fmt;

/// Deepest nesting of arrays and objects the parser accepts. Real protocol frames nest at
/// most ~8 levels (address-book groups); 64 leaves room for vendor extensions.
pub const MAX_DEPTH: usize = 64;

/// An ordered list of object members. Kept as a vector: protocol objects have a handful of
/// members, order is preserved for faithful re-encoding, and lookups return the last
/// duplicate, as `JSON.parse` does.
pub type Map = Vec<(String, Json)>;

/// A JSON value.
#[derive(Clone, Debug, Default)]
pub enum Json {
    /// `null`
    #[default]
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, kept as its validated source text (no precision is lost, no float
    /// formatting code is linked).
    Number(Box<str>),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in source order.
    Object(Map),
}

impl PartialEq for Json {
    /// JSON value equality: objects compare as sets of members (order does not matter; for a
    /// duplicated key the last one counts), numbers compare by value.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Json::Null, Json::Null) => true,
            (Json::Bool(a), Json::Bool(b)) => a == b,
            (Json::Number(a), Json::Number(b)) => a == b || number_value(a).is_some_and(|x| Some(x) == number_value(b)),
            (Json::String(a), Json::String(b)) => a == b,
            (Json::Array(a), Json::Array(b)) => a == b,
            (Json::Object(a), Json::Object(b)) => {
                fn keys(m: &Map) -> Vec<&str> {
                    let mut k: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
                    k.sort_unstable();
                    k.dedup();
                    k
                }
                let ka = keys(a);
                ka == keys(b) && ka.iter().all(|k| get(a, k) == get(b, k))
            }
            _ => false,
        }
    }
}

/// A number's value for equality: integers compare exactly; other numbers compare by a
/// normalised text (no float parsing code in the wasm build).
fn number_value(text: &str) -> Option<i128> {
    text.parse::<i128>().ok().or_else(|| {
        let t = text.strip_suffix(".0").unwrap_or(text);
        t.parse::<i128>().ok()
    })
}

/// The last member named `key` (the one `JSON.parse` keeps).
#[inline(never)]
pub fn get<'a>(map: &'a Map, key: &str) -> Option<&'a Json> {
    map.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

impl Json {
    /// An empty object, `{}`.
    pub fn object() -> Json {
        Json::Object(Vec::new())
    }

    /// A string value.
    pub fn str(s: impl Into<String>) -> Json {
        Json::String(s.into())
    }

    /// An integer value.
    pub fn int(n: i64) -> Json {
        Json::Number(n.to_string().into_boxed_str())
    }

    /// The member `key` when this is an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(m) => get(m, key),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, when this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The number as a non-negative integer, when it is one that fits.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(t) => t.parse().ok(),
            _ => None,
        }
    }

    /// The name of this value's JSON type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }

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

    /// Compact JSON text of this value.
    pub fn to_json_string(&self) -> String {
        let mut out = String::with_capacity(64);
        self.write(&mut out);
        out
    }

    /// Appends compact JSON text of this value to `out`.
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_str(s, out),
            Json::Array(a) => {
                out.push('[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Json::Object(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json_string())
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..=0x1f => None,
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or(""));
        match esc {
            Some(e) => out.push_str(e),
            None => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xf) as usize] as char);
            }
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_order_and_number_text() {
        let t = r#"{"b":1,"a":[true,false,null,-0.5e+3,"x\"\\\/\n\u00e9\ud83d\ude00"],"c":{}}"#;
        let v = Json::parse(t).unwrap();
        let out = v.to_json_string();
        assert_eq!(out, "{\"b\":1,\"a\":[true,false,null,-0.5e+3,\"x\\\"\\\\/\\né😀\"],\"c\":{}}");
        assert_eq!(Json::parse(&out).unwrap(), v);
    }

    #[test]
    fn equality_ignores_member_order_and_number_spelling() {
        assert_eq!(Json::parse(r#"{"a":1,"b":2}"#).unwrap(), Json::parse(r#"{"b":2.0,"a":1}"#).unwrap());
        assert_ne!(Json::parse(r#"{"a":1}"#).unwrap(), Json::parse(r#"{"a":1,"b":2}"#).unwrap());
    }

    #[test]
    fn errors_name_what_was_wrong() {
        let cases: &[(&str, JsonErrorKind)] = &[
            ("", JsonErrorKind::UnexpectedEnd),
            ("{", JsonErrorKind::UnexpectedEnd),
            ("{\"a\" 1}", JsonErrorKind::UnexpectedCharacter('1')),
            ("[1,]", JsonErrorKind::UnexpectedCharacter(']')),
            ("01", JsonErrorKind::TrailingCharacters),
            ("1.", JsonErrorKind::InvalidNumber),
            ("-", JsonErrorKind::InvalidNumber),
            ("\"\\q\"", JsonErrorKind::InvalidEscape),
            ("\"\\u12\"", JsonErrorKind::InvalidEscape),
            ("\"a\nb\"", JsonErrorKind::ControlCharacterInString),
            ("{} x", JsonErrorKind::TrailingCharacters),
            ("tru", JsonErrorKind::UnexpectedCharacter('t')),
            ("é", JsonErrorKind::UnexpectedCharacter('é')),
        ];
        for (t, k) in cases {
            assert_eq!(Json::parse(t).unwrap_err().kind, *k, "{t:?}");
        }
    }

    #[test]
    fn long_strings_end_and_escape_at_every_position() {
        // The 8-byte scan must stop at a quote, a backslash or a control byte wherever it is.
        for len in 0..40 {
            let body: String = "ab€c".chars().cycle().take(len).collect();
            assert_eq!(Json::parse(&format!("\"{body}\"")).unwrap(), Json::str(body.as_str()));
            for at in 0..=len {
                let head: String = body.chars().take(at).collect();
                let tail: String = body.chars().skip(at).collect();
                let t = format!("\"{head}\\n{tail}\"");
                assert_eq!(Json::parse(&t).unwrap(), Json::str(format!("{head}\n{tail}")), "{t}");
                let bad = format!("\"{head}\u{1}{tail}\"");
                assert!(Json::parse(&bad).is_err(), "control byte at {at} of {len}");
            }
        }
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(Json::parse(&deep).unwrap_err().kind, JsonErrorKind::TooDeep);
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(Json::parse(&ok).is_ok());
        let huge = "[".repeat(1_000_000);
        assert_eq!(Json::parse(&huge).unwrap_err().kind, JsonErrorKind::TooDeep);
    }

    #[test]
    fn spans_locate_top_level_values() {
        let t = r#"{ "a" : [1, 2] ,"data":{"x":"é"} }"#;
        let (v, spans) = Json::parse_spanned(t).unwrap();
        assert_eq!(spans.len(), 2);
        assert_eq!(&t[spans[0].0..spans[0].1], "[1, 2]");
        assert_eq!(&t[spans[1].0..spans[1].1], r#"{"x":"é"}"#);
        assert_eq!(Json::parse(&t[spans[1].0..spans[1].1]).unwrap(), *v.get("data").unwrap());
    }

    #[test]
    fn lone_surrogate_becomes_replacement_character() {
        assert_eq!(Json::parse(r#""\ud800x""#).unwrap(), Json::str("\u{FFFD}x"));
        assert_eq!(Json::parse(r#""\ud800\u0041""#).unwrap(), Json::str("\u{FFFD}A"));
    }

    #[test]
    fn control_characters_are_escaped_on_output() {
        assert_eq!(Json::str("a\u{1}b\"").to_json_string(), r#""a\u0001b\"""#);
    }
}
