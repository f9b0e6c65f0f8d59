//! Tests of the JSON codec: round trips, equality, errors, the string fast path, the depth
//! bound, spans, surrogates and output escaping.

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
fn integers_compare_by_value_other_numbers_by_text() {
    let n = |t: &str| Json::Number(t.into());
    assert_eq!(n("-0"), n("0"));
    assert_eq!(n("-0.0"), n("0"));
    assert_eq!(n("-12"), n("-12.0"));
    assert_ne!(n("-12"), n("12"));
    assert_ne!(n("12"), n("120"));
    // Past any fixed-width integer: still by value.
    let big = "123456789012345678901234567890123456789012345";
    assert_eq!(n(big), n(&format!("{big}.0")));
    assert_ne!(n(big), n(&format!("{big}1")));
    // Not integers: the same text only (no float parsing in the wasm).
    assert_eq!(n("1.5"), n("1.5"));
    assert_ne!(n("1.5"), n("1.50"));
    assert_ne!(n("1e2"), n("100"));
}

#[test]
fn equality_keeps_the_last_duplicate_and_scales_to_huge_objects() {
    let dup = Json::parse(r#"{"a":1,"a":2}"#).unwrap();
    assert_eq!(dup, Json::parse(r#"{"a":2}"#).unwrap());
    assert_ne!(dup, Json::parse(r#"{"a":1}"#).unwrap());
    assert_ne!(Json::parse(r#"{"a":1,"b":1}"#).unwrap(), Json::parse(r#"{"a":1,"c":1}"#).unwrap());
    // Issue 15, item 2: an object of 200,000 members compared with its reversed copy (a
    // lookup per key took minutes here; one sorted pass takes milliseconds).
    let n = 200_000;
    let a = Json::Object((0..n).map(|i| (format!("k{i}"), Json::int(i))).collect());
    let b = Json::Object((0..n).rev().map(|i| (format!("k{i}"), Json::int(i))).collect());
    assert_eq!(a, b);
    let mut c = b.clone();
    if let Json::Object(m) = &mut c {
        m[0].1 = Json::int(-1);
    }
    assert_ne!(a, c);
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
fn a_bracket_where_a_comma_belongs_is_an_error() {
    // Only the bracket that opened the object or array starts its first member.
    let cases: &[(&str, usize)] = &[
        (r#"{"state":"A"{"x":1}}"#, 12),
        (r#"{"a":{"b":1}{"c":2}}"#, 12),
        (r#"{"a":1 {"b":2}}"#, 7),
        ("[1[2]", 2),
        ("[[1][2]]", 4),
        ("[{}[]]", 3),
        (r#"{"a":[1]["b"]}"#, 8),
    ];
    for (t, at) in cases {
        let e = Json::parse(t).unwrap_err();
        assert_eq!(
            (e.kind, e.offset),
            (JsonErrorKind::UnexpectedCharacter(t[*at..].chars().next().unwrap()), *at),
            "{t:?}"
        );
        let mut r = Reader::new(t);
        assert!(r.skip().is_err(), "skip {t:?}");
    }
    for t in [r#"{"a":{"b":{}},"c":[[],[1,[2]],{}]}"#, "[ [ ] , { } ]", r#"{ "a" : { } }"#] {
        assert!(Json::parse(t).is_ok(), "{t:?}");
        assert!(Reader::new(t).skip().is_ok(), "skip {t:?}");
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
fn the_reader_walks_skips_and_borrows() {
    let t = r#"{ "a" : [1, 2] ,"d\u0061ta":{"x":"é"}, "s": "plain", "e": "es\ncaped" }"#;
    let mut r = Reader::new(t);
    assert!(r.object().unwrap());
    let mut seen = Vec::new();
    while let Some(k) = r.member().unwrap() {
        let start = r.pos();
        match &*k {
            "s" => assert!(matches!(r.string().unwrap(), Some(std::borrow::Cow::Borrowed("plain")))),
            "e" => assert!(matches!(r.string().unwrap(), Some(std::borrow::Cow::Owned(s)) if s == "es\ncaped")),
            _ => {
                r.skip().unwrap();
                assert_eq!(Json::parse(r.slice(start, r.pos())).unwrap(), *Json::parse(t).unwrap().get(&k).unwrap());
            }
        }
        seen.push(k.into_owned());
    }
    assert_eq!(seen, ["a", "data", "s", "e"]);
    assert!(r.at_end());
    // Skipping validates exactly as parsing does, and never allocates a tree.
    for bad in ["[1,]", "{\"a\" 1}", "\"\\q\"", "\"a\u{1}\"", "1.", "{", "[", "{\"a\":}", "{,}", "[,1]"] {
        let mut r = Reader::new(bad);
        assert_eq!(r.skip().map_err(|e| e.kind), Json::parse(bad).map(|_| ()).map_err(|e| e.kind), "{bad}");
    }
    for good in ["{}", "[]", "{ }", "[ ]", "[[],{}]", "{\"a\":{\"b\":[null,true,false,-1.5e3]}}"] {
        assert!(Reader::new(good).skip().is_ok(), "{good}");
        assert!(Json::parse(good).is_ok(), "{good}");
    }
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert_eq!(Reader::new(&deep).skip().unwrap_err().kind, JsonErrorKind::TooDeep);
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

/// `Reader::key` (words compared, overlapping) tells every key of 1 to 24 bytes from the same
/// key with any one byte changed, and takes the colon after any whitespace.
#[test]
fn key_compares_every_byte() {
    for n in 1..=24 {
        let key: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
        let text = format!("{{ \"{key}\" \t: 1}}");
        let mut r = Reader::new(&text);
        assert!(r.object().unwrap());
        assert_eq!(r.next_member(), Some(true));
        assert!(r.key(&key), "{key}");
        assert_eq!(r.number().unwrap(), "1");
        assert_eq!(r.next_member(), Some(false));
        for j in 0..n {
            let mut other = key.clone().into_bytes();
            other[j] = b'Z';
            let other = String::from_utf8(other).unwrap();
            let text = format!("{{\"{other}\":1}}");
            let mut r = Reader::new(&text);
            assert!(r.object().unwrap());
            assert_eq!(r.next_member(), Some(true));
            assert!(!r.key(&key), "{key} against {other}");
            assert_eq!(r.member_key().unwrap(), other);
        }
        // A longer or shorter key, and no colon after it.
        for text in [format!("{{\"{key}x\":1}}"), format!("{{\"{}\":1}}", &key[1..]), format!("{{\"{key}\" 1}}")] {
            let mut r = Reader::new(&text);
            assert!(r.object().unwrap());
            assert_eq!(r.next_member(), Some(true));
            assert!(!r.key(&key), "{text}");
        }
    }
}

/// `same` (the word comparison the receive path uses instead of `==`) answers as `==` for
/// every length up to 20 and a difference at every position, including UTF-8.
#[test]
fn same_compares_as_eq() {
    let base = "abcdefghijklmnopqrstu";
    for n in 0..=20 {
        let a = base.get(..n).unwrap();
        let copy = String::from(a);
        assert!(same(a, a) && same(a, &copy), "{a}");
        for i in 0..n {
            let mut b = a.as_bytes().to_vec();
            b[i] = b'Z';
            let b = String::from_utf8(b).unwrap();
            assert!(!same(a, &b) && !same(&b, a), "{a} {b}");
        }
        if n > 0 {
            assert!(!same(a, base.get(..n - 1).unwrap()) && !same(base.get(..n - 1).unwrap(), a), "{a}");
        }
    }
    assert!(same("état", "état") && !same("état", "etat") && !same("ab", "éb"));
}

/// `Reader::skip` validates an object's keys as strings (no `Cow` made): it accepts the text
/// that reading the value accepts, with the same error at the same offset, for keys and
/// values alike (escapes, surrogates, control characters, the colon, the end of the text).
#[test]
fn skip_answers_as_value_does() {
    let texts = [
        r#"{"a":1,"b":[true,null,{"c":"d"}]}"#,
        r#"{ "a" : 1 , "b\n\u00e9\ud83d\ude00" : {} }"#,
        r#"{"a\x":1}"#,
        r#"{"a\u12":1}"#,
        r#"{"a\u12G4":1}"#,
        r#"{"\ud800\u12":1}"#,
        r#"{"\ud800\uD800":1}"#,
        "{\"a\u{1}\":1}",
        r#"{"a" 1}"#,
        r#"{"a":}"#,
        r#"{"a""#,
        r#"{"a"#,
        r#"{"a\"#,
        r#"{"a":1,}"#,
        r#"{"a":1"b":2}"#,
        r#"{,"a":1}"#,
        r#"{"a":1}}"#,
        r#"{"a":{"b":"c\u0"}}"#,
        r#"{"a":{"b":"c"},"d":[1,2,{"e":"\t"}]}"#,
        "{\"a\":{\"b\":\"c\u{1f}\"}}",
        r#"{"é":"ü","a":-1.5e3}"#,
        "{}",
        "{ }",
        "{",
        "{\"",
    ];
    for t in texts {
        let (mut a, mut b) = (Reader::new(t), Reader::new(t));
        let skipped = a.skip().map(|()| a.pos());
        let read = b.value().map(|_| b.pos());
        assert_eq!(skipped, read, "{t}");
    }
}
