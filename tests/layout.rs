//! The receive path does not depend on how a server lays its JSON out (issue 14): members in
//! any order, any whitespace between tokens, any character of a string written as a `\u`
//! escape (or `/` as `\/`). Servers that are not ours write JSON their own way; a fast path
//! that reads only compact frames with the documented key order would pass our simulator's
//! tests and fail theirs.
//!
//! Every object event of the protocol reference's fixtures, and a stream of the hot kinds
//! around them (updates that change fields, repeats that change nothing, unknown members,
//! duplicates, wrong types), go through a ready engine configured as the browser's
//! (`Config::spanned_events`) as written, and through another one as re-written in many
//! layouts. Both must tell the page the same events (name, target, `data` as a JSON value,
//! what changed), report the same protocol errors (by kind), and end with equal models (as JSON values: the members of a server's
//! objects stay in the order they came, as `JSON.parse` keeps them).

mod support;

use agentwire::proto::engine::{Config, Engine, EngineEvent};
use agentwire::proto::json::{Json, Map};
use agentwire::proto::model::Changes;
use agentwire::proto::wire::{self, Frame};
use std::path::PathBuf;
use support::{bootstrap, event as ev, Pair, Rng, SID, TEL};

/// How one re-writing lays the JSON out.
struct Layout {
    rng: Rng,
    /// Percent of token gaps that get whitespace.
    spaces: u64,
    /// Percent of string characters written as escapes.
    escapes: u64,
    /// Whether members are shuffled (objects with a duplicated key keep their order: the last
    /// one wins, so their order is meaning).
    shuffle: bool,
}

impl Layout {
    fn gap(&mut self, out: &mut String) {
        if self.rng.chance(self.spaces) {
            out.push_str([" ", "\n", "\t", "\r\n  ", "   "][self.rng.below(5)]);
        }
    }

    fn string(&mut self, s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '/' if self.rng.chance(self.escapes) => out.push_str("\\/"),
                c if (c as u32) < 0x20 || self.rng.chance(self.escapes) => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        // Upper or lower case hex digits: both are JSON.
                        if self.rng.chance(50) {
                            out.push_str(&format!("\\u{u:04x}"));
                        } else {
                            out.push_str(&format!("\\u{u:04X}"));
                        }
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }

    fn value(&mut self, v: &Json, out: &mut String) {
        match v {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => self.string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.gap(out);
                        out.push(',');
                    }
                    self.gap(out);
                    self.value(item, out);
                }
                self.gap(out);
                out.push(']');
            }
            Json::Object(members) => self.object(members, out),
        }
    }

    fn object(&mut self, members: &Map, out: &mut String) {
        let mut order: Vec<usize> = (0..members.len()).collect();
        let duplicated = members.iter().enumerate().any(|(i, (k, _))| members[..i].iter().any(|(j, _)| j == k));
        if self.shuffle && !duplicated {
            for i in (1..order.len()).rev() {
                order.swap(i, self.rng.below(i + 1));
            }
        }
        out.push('{');
        for (n, &i) in order.iter().enumerate() {
            if n > 0 {
                self.gap(out);
                out.push(',');
            }
            let (k, v) = &members[i];
            self.gap(out);
            self.string(k, out);
            self.gap(out);
            out.push(':');
            self.gap(out);
            self.value(v, out);
        }
        self.gap(out);
        out.push('}');
    }

    fn write(&mut self, frame: &str) -> String {
        let v = Json::parse(frame).unwrap_or_else(|e| panic!("a corpus frame is JSON: {e}: {frame}"));
        let mut out = String::new();
        self.gap(&mut out);
        self.value(&v, &mut out);
        self.gap(&mut out);
        out
    }
}

/// What the page is told, independent of where things sit in the frame's text.
#[derive(Debug, PartialEq)]
enum Told {
    Event { name: String, target: String, data: Json, changes: Changes },
    ProtocolError(String),
    Other(String),
}

fn told(e: EngineEvent, text: &str) -> Told {
    let slice = |r: Option<(u32, u32)>| r.and_then(|(a, b)| text.get(a as usize..b as usize)).map(str::to_owned);
    match e {
        EngineEvent::Event { event, changes, .. } => {
            // The event's own members, through the wire encoder (its data is typed).
            let name = event.name.to_string();
            let target = event.target.clone();
            let encoded = Json::parse(&wire::encode(&Frame::Event(*event))).expect("the encoder writes JSON");
            let data = match &encoded {
                Json::Object(m) => agentwire::proto::json::get(m, "data").cloned().unwrap_or_else(Json::object),
                _ => Json::Null,
            };
            Told::Event { name, target, data, changes }
        }
        EngineEvent::Spanned { changes, spans, .. } => {
            let name = slice(spans.name).expect("a spanned event's name is in the text");
            let target = slice(spans.target).expect("a spanned event's target is in the text");
            let data = match slice(spans.data) {
                Some(d) => Json::parse(&d).expect("a spanned event's data is JSON"),
                None => Json::object(),
            };
            Told::Event { name, target, data, changes }
        }
        EngineEvent::ProtocolError(p) => Told::ProtocolError(p.kind.code().to_owned()),
        other => Told::Other(format!("{other:?}")),
    }
}

/// A ready session [`SID`] after the support module's bootstrap (discovery, group `cg-1` with
/// channels `ch-tel` and `ch-chat`, a stand-alone e-mail channel, reason lists), with
/// interaction `ix-1` on `ch-tel`, in the browser's configuration.
fn ready() -> Engine {
    let mut c = Config::new("4001", "secret-pw");
    c.keep_alive = 0;
    c.spanned_events = true;
    let mut p = Pair::new(c);
    bootstrap(&mut p);
    p.recv(&ev(TEL, "interaction.created", r#"{"interaction":{"id":"ix-1","type":"call"}}"#));
    assert_eq!(p.engine.state().as_str(), "ready");
    p.engine
}

/// The fixtures' object events (creations first), then the hot kinds around them.
fn corpus() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol");
    let mut fixtures: Vec<(bool, String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            let name = p.file_name()?.to_string_lossy().into_owned();
            let event = name.starts_with("event.") && !name.starts_with("event.ServiceMonitor");
            event.then(|| (!name.contains("created"), name, std::fs::read_to_string(&p).unwrap()))
        })
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 20, "the fixtures' object events: {}", fixtures.len());
    let mut out: Vec<String> = fixtures.into_iter().map(|(_, _, text)| text).collect();
    let (tel, chat, ix) = (TEL, support::CHAT, "s-1001.cg-1.ch-tel.ix-1");
    let info = "channel.infochanged";
    for round in 0..3 {
        let status = ["ready", "not_ready", "busy"][round];
        out.extend([
            ev(tel, info, &format!(r#"{{"state":"ACTIVE","agentStatus":{{"status":"{status}","lastReasonCode":"12","lastReasonName":"Lunch é / 🍕"}}}}"#)),
            ev(tel, info, &format!(r#"{{"state":"ACTIVE","agentStatus":{{"status":"{status}","lastReasonCode":"12","lastReasonName":"Lunch é / 🍕"}}}}"#)),
            ev(chat, info, r#"{"state":"UNAVAILABLE","x":[1,{"y":null},-2.5e3],"agentStatus":{"status":"busy","z":true}}"#),
            ev(chat, info, r#"{"agentStatus":{"status":"ready","status":"brand_new"}}"#),
            ev(chat, info, r#"{"state":7,"agentStatus":null}"#),
            ev(chat, info, r#"{"agentStatus":{"lastReasonCode":false}}"#),
            ev(tel, "state.updated", r#"{"state":"INACTIVE"}"#),
            ev(tel, "state.updated", r#"{"state":"ACTIVE"}"#),
            ev("s-1001.cg-1", "state.updated", r#"{"state":"UP"}"#),
            ev(ix, "state.updated", &format!(r#"{{"state":"STARTED","recording":"{}"}}"#, ["recording", "paused", "recording"][round])),
            ev(ix, "interaction.datachanged", &format!(r#"{{"data":{{"crm.id":"{round}","note":"a\tb \"q\"","n":[{round},true]}}}}"#)),
            ev(ix, "interaction.focuschanged", r#"{"conversation":"cv-1"}"#),
            ev(SID, "session.future.event", r#"{"a":[1],"b":{"c":"d"}}"#),
            ev("s-1001.cg-1.ch-9", info, r#"{"state":"ACTIVE"}"#),
        ]);
    }
    out.push(
        r#"{"messageType":"objectEvent","target":"s-1001.cg-1.ch-tel","name":"state.updated","data":{"state":"X"},"context":{"trace":"t-1"}}"#
            .into(),
    );
    out.push(ev(ix, "state.updated", r#"{"state":"COMPLETED"}"#));
    out
}

/// Each thing told, with the index of the frame that told it.
fn run(frames: &[String]) -> (Vec<(usize, Told)>, Engine) {
    let mut e = ready();
    let mut out = Vec::new();
    for (i, f) in frames.iter().enumerate() {
        e.handle_text(1 + i as u64, f);
        while let Some(x) = e.poll_event() {
            out.push((i, told(x, f)));
        }
    }
    (out, e)
}

#[test]
fn the_receive_path_reads_every_layout_alike() {
    let corpus = corpus();
    let (expected, reference) = run(&corpus);
    let events = expected.iter().filter(|(_, t)| matches!(t, Told::Event { .. })).count();
    assert!(events > 40, "most of the corpus reaches the page as events: {events} of {}", corpus.len());
    let layouts = [(0, 0, true), (100, 0, false), (0, 100, false), (30, 0, true), (0, 20, true), (50, 10, true)];
    for seed in 1..=40u64 {
        let (spaces, escapes, shuffle) = layouts[seed as usize % layouts.len()];
        let mut layout = Layout { rng: Rng(0x9e37_79b9_7f4a_7c15 ^ seed), spaces, escapes, shuffle };
        let frames: Vec<String> = corpus.iter().map(|f| layout.write(f)).collect();
        let (told, engine) = run(&frames);
        assert_eq!(told.len(), expected.len(), "seed {seed}: as many things told");
        for (t, x) in told.iter().zip(&expected) {
            assert_eq!(t, x, "seed {seed}: {}", frames[x.0]);
        }
        // As JSON values: a model keeps a server's members in the order they came (as
        // `JSON.parse` would), which is not a difference.
        let (a, b) = (reference.model().to_json(), engine.model().to_json());
        assert!(a == b, "seed {seed}: the models differ:\n{}\n{}", a.to_json_string(), b.to_json_string());
    }
}
