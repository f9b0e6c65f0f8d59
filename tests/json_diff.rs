//! The reader accepts exactly the texts a browser's `JSON.parse` accepts (RFC 8259), checked
//! differentially: tens of thousands of texts made by mutating the protocol fixtures and
//! hand-written JSON (brackets, commas, colons, quotes, escapes, number parts, whitespace and
//! control characters inserted, deleted, swapped and repeated; texts cut short) are judged by
//! `Json::parse` and by `Reader::skip` (the receive path's validation) and by Node's
//! `JSON.parse`, which must all agree. The one rule of ours on top of JSON's, the nesting
//! bound (`MAX_DEPTH`), is left out by not nesting that deep.
//!
//! Needs `node` on the `PATH` (the project's set-up installs it); the test fails without it.

mod support;

use agentwire::proto::json::{Json, Reader, MAX_DEPTH};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use support::Rng;

/// What mutations insert: JSON's structure, number and literal parts, escapes, whitespace
/// and what is not whitespace to JSON.
const PALETTE: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "0", "1", "9", "-", "+", ".", "e", "E", " ", "\t", "\n", "\r", "\u{c}",
    "\u{b}", "\u{a0}", "\u{0}", "\u{1f}", "\u{7f}", "t", "f", "n", "u", "/", "a", "é", "😀", "true", "null", "false",
    "\\u", "\\ud800", "\\udc00", "\\u00e9", "\\n", "\\x", "\\'", "00", "-0", "1.", ".5", "1e", "1e+", "0x1",
    "Infinity", "NaN", "'", "{}", "[]", ",,", "::", "\"\"",
];

fn seeds() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol");
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "json").then(|| std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out.extend(
        [
            r#"{"a":[1,-0,0.5,-1.5e+3,2E-2,1e9,123456789012345678901234567890],"b":{"c":{"d":[[],{}]}},"e":"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","f":true,"g":false,"h":null}"#,
            r#"[ 1 , [ 2 , { "a" : [ ] } ] , "" , { } ]"#,
            r#""plain""#,
            "0",
            "-12.5e-7",
            r#"{"messageType":"objectEvent","target":"s-1.g.ch-0","name":"channel.infochanged","data":{"state":"ACTIVE","agentStatus":{"status":"not_ready","lastReasonCode":"12","lastReasonName":"Lunch"}}}"#,
            r#"{"k":"a","k":"b","":{"":[]}}"#,
        ]
        .map(str::to_owned),
    );
    out
}

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut c: Vec<String> = seed.chars().map(String::from).collect();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(c.len() + 1);
        match rng.below(6) {
            0 if !c.is_empty() => {
                let i = at.min(c.len() - 1);
                c.remove(i);
            }
            1 => c.insert(at, PALETTE[rng.below(PALETTE.len())].to_owned()),
            2 if at < c.len() => c[at] = PALETTE[rng.below(PALETTE.len())].to_owned(),
            3 if c.len() > 1 => {
                let (a, b) = (at.min(c.len() - 1), rng.below(c.len()));
                c.swap(a, b);
            }
            4 => {
                let end = (at + 1 + rng.below(12)).min(c.len());
                let piece: Vec<String> = c[at.min(end)..end].to_vec();
                for (i, p) in piece.into_iter().enumerate() {
                    c.insert(end + i, p);
                }
            }
            _ => c.truncate(at),
        }
    }
    c.concat()
}

/// `s` as a JSON string literal with everything but printable ASCII escaped (so the list
/// handed to Node does not depend on the writer under test).
fn literal(s: &str, out: &mut String) {
    out.push('"');
    for u in s.encode_utf16() {
        match u {
            0x20..=0x7e if u != 0x22 && u != 0x5c => out.push(u as u8 as char),
            _ => out.push_str(&format!("\\u{u:04x}")),
        }
    }
    out.push('"');
}

fn depth(s: &str) -> usize {
    s.bytes().filter(|b| matches!(b, b'{' | b'[')).count()
}

#[test]
fn the_reader_accepts_what_json_parse_accepts() {
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    let seeds = seeds();
    let mut texts: Vec<String> = Vec::new();
    while texts.len() < 40_000 {
        let seed = &seeds[rng.below(seeds.len())];
        let t = mutate(&mut rng, seed);
        if depth(&t) < MAX_DEPTH {
            texts.push(t);
        }
    }
    texts.extend(seeds.iter().cloned());

    let mut list = String::from("[");
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        literal(t, &mut list);
    }
    list.push(']');
    let script = "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{let o='';for(const t of JSON.parse(s)){try{JSON.parse(t);o+='1'}catch{o+='0'}}process.stdout.write(o)})";
    let mut node = Command::new("node")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node on the PATH (scripts/setup.sh installs it)");
    let mut stdin = node.stdin.take().expect("node's stdin");
    let writer = std::thread::spawn(move || stdin.write_all(list.as_bytes()).expect("write to node"));
    let out = node.wait_with_output().expect("node's verdicts");
    writer.join().expect("the writer");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    let verdicts = String::from_utf8(out.stdout).expect("ASCII");
    assert_eq!(verdicts.len(), texts.len(), "one verdict per text");

    let (mut accepted, mut differ) = (0, Vec::new());
    for (t, v) in texts.iter().zip(verdicts.bytes()) {
        let browser = v == b'1';
        let parsed = Json::parse(t).is_ok();
        let mut r = Reader::new(t);
        let skipped = r.skip().is_ok() && r.at_end();
        accepted += usize::from(browser);
        if parsed != browser || skipped != browser {
            differ.push(format!("JSON.parse {browser}, Json::parse {parsed}, Reader::skip {skipped}: {t:?}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} texts judged differently, e.g.:\n{}",
        differ.len(),
        texts.len(),
        differ[..differ.len().min(12)].join("\n")
    );
    // Both kinds are well represented.
    assert!(accepted > 2_000 && accepted < texts.len() - 2_000, "{accepted} of {} accepted", texts.len());
}
