//! Keeping the password out of everything that leaves the SDK: logs, recordings, the frame
//! excerpts of protocol errors, the `original` a failure echoes, refusal messages.
//!
//! Redaction is structural, not a search for the SDK's own spelling: every JSON string in a
//! text is read as JSON reads it (so `p\/ss`, `p\u0061ss` and `pass` are one value), and
//! any string that holds the password is written again with it blanked. A text that is not
//! JSON at all is redacted the same way where it has string literals, and the password's
//! plain spelling is blanked anywhere else. (Issue 15, item 8.)

use crate::proto::json::Json;
use crate::proto::text::{Arg, Msg};
use crate::proto::wire::{Request, ToJson};
use std::borrow::Cow;

/// What the password is replaced by.
pub const REDACTED: &str = "<redacted>";

/// Where `needle` first occurs in `hay` (a plain byte search: `str::contains`/`replace` would
/// link the two-way substring searcher into the wasm).
fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h.get(i..i + n.len()) == Some(n))
}

/// `s` with every `password` replaced by [`REDACTED`] (borrowed when there is none).
fn blank<'a>(s: &'a str, password: &str) -> Cow<'a, str> {
    let Some(first) = find(s, password) else { return Cow::Borrowed(s) };
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut at = Some(first);
    while let Some(i) = at {
        out.push_str(rest.get(..i).unwrap_or(""));
        out.push_str(REDACTED);
        rest = rest.get(i + password.len()..).unwrap_or("");
        at = find(rest, password);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The literal at `i` (an opening quote) of `s`: its end (just past the closing quote, or the
/// text's end) and its contents read as JSON reads them (lenient: a bad escape is kept).
fn literal(s: &str, i: usize) -> (usize, String) {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut j = i + 1;
    let mut run = j;
    while let Some(&c) = b.get(j) {
        match c {
            b'"' => {
                out.push_str(s.get(run..j).unwrap_or(""));
                return (j + 1, out);
            }
            b'\\' => {
                out.push_str(s.get(run..j).unwrap_or(""));
                let (c, len) = escape(s, j);
                out.extend(c);
                j += len;
                run = j;
            }
            _ => j += 1,
        }
    }
    out.push_str(s.get(run..).unwrap_or(""));
    (b.len(), out)
}

/// The escape at `j` (a backslash): the character it stands for and its length in the text.
/// A bad escape stands for its backslash (length 1: what follows is read as text), the
/// text's last byte for nothing.
fn escape(s: &str, j: usize) -> (Option<char>, usize) {
    let b = s.as_bytes();
    let simple = |c: char| (Some(c), 2);
    match b.get(j + 1) {
        Some(b'"') => simple('"'),
        Some(b'\\') => simple('\\'),
        Some(b'/') => simple('/'),
        Some(b'b') => simple('\u{8}'),
        Some(b'f') => simple('\u{c}'),
        Some(b'n') => simple('\n'),
        Some(b'r') => simple('\r'),
        Some(b't') => simple('\t'),
        Some(b'u') => {
            // Four hex digits, read as `u32::from_str_radix(_, 16)` reads them (a leading `+`
            // allowed), by one small loop.
            let hex = |at: usize| {
                let h = s.get(at..at + 4)?;
                h.strip_prefix('+').unwrap_or(h).bytes().try_fold(0, |n, c| Some(n * 16 + char::from(c).to_digit(16)?))
            };
            let Some(hi) = hex(j + 2) else { return (Some('\\'), 1) };
            if (0xD800..0xDC00).contains(&hi) && s.get(j + 6..j + 8) == Some("\\u") {
                if let Some(lo) = hex(j + 8).filter(|lo| (0xDC00..0xE000).contains(lo)) {
                    let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).unwrap_or('\u{FFFD}');
                    return (Some(c), 12);
                }
            }
            (Some(char::from_u32(hi).unwrap_or('\u{FFFD}')), 6)
        }
        Some(_) => (Some('\\'), 1),
        None => (None, 1),
    }
}

/// Where the literal whose opening quote is at `i` ends (just past its closing quote, or the
/// text's end), and whether it has escapes.
fn literal_end(b: &[u8], i: usize) -> (usize, bool) {
    let mut j = i + 1;
    let mut escaped = false;
    while let Some(&c) = b.get(j) {
        match c {
            b'"' => return (j + 1, escaped),
            b'\\' => {
                escaped = true;
                j += 2;
            }
            _ => j += 1,
        }
    }
    (b.len(), escaped)
}

/// `text` with the password blanked: every JSON string literal whose value is the password
/// (however escaped: the value is read as JSON reads it) becomes `"<redacted>"`, and a plain
/// spelling outside literals (a text that is not JSON) is blanked too. Only whole values:
/// other strings are left as they are, so a recording still replays as it was received.
/// Borrowed when there is nothing to blank.
pub fn redact<'a>(text: &'a str, password: &str) -> Cow<'a, str> {
    if password.is_empty() {
        return Cow::Borrowed(text);
    }
    let b = text.as_bytes();
    let mut out = String::new();
    let (mut copied, mut i, mut changed) = (0, 0, false);
    loop {
        // The text outside literals, up to the next quote or the end: its plain spelling blanked.
        let q = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'"')).map_or(b.len(), |p| i + p);
        if let Cow::Owned(blanked) = blank(text.get(i..q).unwrap_or(""), password) {
            out.push_str(text.get(copied..i).unwrap_or(""));
            out.push_str(&blanked);
            copied = q;
            changed = true;
        }
        if q >= b.len() {
            break;
        }
        // The literal at `q`: the whole of it when its value is the password.
        let (end, escaped) = literal_end(b, q);
        let inner = text.get(q + 1..end.saturating_sub(1).max(q + 1)).unwrap_or("");
        let is_password = if escaped { literal(text, q).1 == password } else { inner == password };
        if is_password {
            out.push_str(text.get(copied..q).unwrap_or(""));
            out.push_str("\"<redacted>\"");
            copied = end;
            changed = true;
        }
        i = end;
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Cow::Owned(out)
}

/// Blanks every string of `v` whose value is the password; returns whether any was.
pub fn redact_json(v: &mut Json, password: &str) -> bool {
    if password.is_empty() {
        return false;
    }
    match v {
        Json::String(s) if s == password => {
            *s = REDACTED.to_owned();
            true
        }
        Json::Array(a) => a.iter_mut().fold(false, |h, x| redact_json(x, password) | h),
        Json::Object(m) => m.iter_mut().fold(false, |h, (_, x)| redact_json(x, password) | h),
        _ => false,
    }
}

/// Blanks the password in a request a server echoed (a failure's `original`).
pub fn redact_request(r: &mut Request, password: &str) {
    let mut j = r.to_json();
    if redact_json(&mut j, password) {
        // The lenient reading is the strict one whenever that succeeds (it differs only in
        // keeping data that does not fit its command as `Command::Unknown`).
        if let Some(clean) = Request::from_json_lenient(&j) {
            *r = clean;
        }
    }
}

/// `m` with the password blanked in every text argument, nested messages included.
pub fn redact_msg(mut m: Msg, password: &str) -> Msg {
    for a in &mut m.args {
        match a {
            Arg::Str(s) => {
                if let Cow::Owned(r) = redact(s, password) {
                    *s = r;
                }
            }
            Arg::Msg(inner) => **inner = redact_msg(std::mem::replace(&mut **inner, Msg::new(m.code)), password),
            Arg::Num(_) => {}
        }
    }
    m
}

/// `message` (human text from the server) with every occurrence of the password blanked.
pub fn redact_message(message: String, password: &str) -> String {
    match blank(&message, password) {
        Cow::Borrowed(_) => message,
        Cow::Owned(m) => m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_blanked_however_the_server_escapes_it() {
        let pw = "s3cr/t=é";
        for spelled in [r#"s3cr/t=é"#, r#"s3cr\/t=é"#, r#"s3cr/t\u003d\u00e9"#, r#"\u0073\u0033cr\/t\u003D\u00E9"#] {
            let frame = format!(
                r#"{{"original":{{"data":{{"agent":{{"id":"4001","password":"{spelled}"}}}}}},"x":"a {spelled} b","passwordy":1}}"#
            );
            let out = redact(&frame, pw);
            let v = Json::parse(&out).unwrap();
            let got = v
                .get("original")
                .and_then(|o| o.get("data"))
                .and_then(|d| d.get("agent"))
                .and_then(|a| a.get("password"));
            assert_eq!(got, Some(&Json::str(REDACTED)), "{out}");
            // Whole values only: other strings and member names stay as they came.
            assert_eq!(Json::parse(&frame).unwrap().get("x"), v.get("x"));
            assert!(v.get("passwordy").is_some());
        }
        // Not JSON at all: literals and the plain spelling outside them are still blanked.
        let broken = r#"{"password":"s3cr\/t=é", oops s3cr/t=é"#;
        let out = redact(broken, pw);
        assert!(!out.contains("s3cr"), "{out}");
        // Nothing to blank: no copy.
        assert!(matches!(redact(r#"{"a":"b"}"#, pw), Cow::Borrowed(_)));
        assert!(matches!(redact("anything", ""), Cow::Borrowed(_)));
        // Messages (human text) are blanked wherever the password occurs.
        assert_eq!(redact_message("bad s3cr/t=é!".into(), pw), "bad <redacted>!");
    }

    #[test]
    fn bad_escapes_are_read_as_their_text() {
        // A bad escape, a short `\u` and a text ending in a backslash stand for themselves.
        for (text, pw) in [(r#"["\q1"]"#, r"\q1"), (r#"["\u12"]"#, r"\u12"), (r#"["a\u00"#, r"a\u00")] {
            assert_eq!(redact(text, pw).matches("<redacted>").count(), 1, "{text}");
        }
        // A surrogate pair is one character; a lone surrogate is U+FFFD.
        assert!(redact(r#"["\ud83d\ude00"]"#, "\u{1F600}").contains("<redacted>"));
        assert!(redact(r#"["\ud83dx"]"#, "\u{FFFD}x").contains("<redacted>"));
    }

    #[test]
    fn json_values_are_blanked_in_place() {
        let mut v = Json::parse(r#"{"a":["s3cret",{"s3cret":"s3cret"}],"b":"x s3cret"}"#).unwrap();
        assert!(redact_json(&mut v, "s3cret"));
        assert_eq!(v, Json::parse(r#"{"a":["<redacted>",{"s3cret":"<redacted>"}],"b":"x s3cret"}"#).unwrap());
        assert!(!redact_json(&mut v, "s3cret"));
    }
}
