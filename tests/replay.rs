//! Record and replay: a session driven through the engine with its recorder on (every input
//! is recorded where it enters, `Engine::handle`) replays, through a fresh engine, to exactly
//! the same events and model states, including the reconnect backoff (drawn from the
//! recorded seed). A bug report becomes a test.

mod support;

use agentwire::proto::engine::{Config, Engine, Input, ReconnectPolicy, SubmitOptions};
use agentwire::proto::record::Recording;
use agentwire::proto::replay::{feed, replay, replay_json};
use agentwire::proto::wire::Command;
use std::borrow::Cow;
use support::*;

/// A small harness that feeds a recording engine and keeps what each input produced.
struct Recorded {
    engine: Engine,
    now: u64,
    live: Vec<(Vec<String>, Option<String>)>,
}

impl Recorded {
    fn new(config: Config) -> Recorded {
        let mut engine = Engine::new(config);
        engine.start_recording();
        Recorded { engine, now: 1_000, live: Vec::new() }
    }
    fn input(&mut self, i: Input<'_>) {
        let step = feed(&mut self.engine, self.now, i);
        self.live.push((
            step.events.iter().map(|e| e.summary().to_json_string()).collect(),
            step.model.as_ref().map(|m| m.to_json_string()),
        ));
    }
    fn text(&mut self, t: &str) {
        self.input(Input::Text(Cow::Borrowed(t)));
    }
}

#[test]
fn a_recording_replays_to_the_same_events_and_model_states() {
    let mut c = Config::new("4001", "secret");
    c.service_id = Some(PROCESSOR.into());
    c.keep_alive = 0;
    c.seed = 99;
    c.reconnect = Some(ReconnectPolicy { initial_delay: 100, max_delay: 1_000, max_attempts: None });
    let mut r = Recorded::new(c);
    r.input(Input::Connect);
    r.input(Input::Open);
    // Request ids are a deterministic counter (aw-1, aw-2, …), so the server side is scripted.
    r.text(&core_ok("aw-1", "bindService"));
    r.text(&prepared("aw-2"));
    r.text(&core_ok("aw-3", "bindResource"));
    r.text(&ok("session.start", SID, "{}"));
    for e in init_events() {
        r.text(&e);
    }
    r.text(&event(SID, "session.initialized", "{}"));
    let ready = Command::decode("channel.ready", &agentwire::proto::json::Json::object()).unwrap();
    r.input(Input::Submit { command: ready, target: Some(Cow::Borrowed(TEL)), opts: SubmitOptions::default() });
    r.text(&ok("channel.ready", TEL, "{}"));
    r.text("garbage");
    // A frame that carries the password (a server echoing it) is recorded with it blanked.
    r.text(r#"{"echo":"secret"}"#);
    // A frame longer than the limit, given by its length and beginning (the browser's way).
    r.input(Input::Oversized { len: 5 << 20, head: Cow::Borrowed(r#"{"echo":"secret","data":"aaaa"#) });
    // A loss, the backoff from the seed, a reconnect with resync.
    r.input(Input::Close { code: 1006, reason: Cow::Borrowed("") });
    r.now += 2_000;
    r.input(Input::Timeout);
    // That timeout came late: the expiries wait a grace first (a host's timer fires again then).
    r.now += agentwire::proto::engine::GRACE_MS;
    r.input(Input::Timeout);
    r.input(Input::Open);
    r.text(&core_ok("aw-4", "bindService"));
    r.text(&core_ok("aw-5", "bindResource"));
    r.text(&ok("session.start", SID, "{}"));
    r.text(&event(TEL, "channel.infochanged", r#"{"state":"ACTIVE","agentStatus":{"status":"ready"}}"#));
    r.text(&event(SID, "session.initialized", "{}"));

    assert_eq!(r.engine.state().as_str(), "ready", "the scripted session reached ready again");
    let recorder = r.engine.recorder().expect("recording");
    assert_eq!(recorder.recording().inputs.len(), r.live.len(), "every input was recorded where it entered");
    let text = recorder.export();
    assert!(!text.contains("secret"), "credentials are not recorded");
    assert!(text.contains(r#"\"echo\":\"<redacted>\""#), "the echoed password is blanked: {text}");
    let back = Recording::from_json(&text).unwrap();
    assert_eq!(&back, recorder.recording());
    let steps = replay(&back);
    assert_eq!(steps.len(), r.live.len());
    for (k, (step, live)) in steps.iter().zip(&r.live).enumerate() {
        let events: Vec<String> = step.events.iter().map(|e| e.summary().to_json_string()).collect();
        assert_eq!(events, live.0, "events of input {k}");
        assert_eq!(step.model.as_ref().map(|m| m.to_json_string()), live.1, "model after input {k}");
    }
    assert!(r.live.iter().flat_map(|s| &s.0).any(|e| e.contains("\"resynced\"")));
    // The browser's replay: the same steps as one JSON text.
    let step_text = |s: &agentwire::proto::replay::Step| {
        let events: Vec<String> = s.events.iter().map(|e| e.summary().to_json_string()).collect();
        let model = s.model.as_ref().map_or_else(|| "null".to_owned(), |m| m.to_json_string());
        format!(r#"{{"events":[{}],"model":{model}}}"#, events.join(","))
    };
    let all: Vec<String> = steps.iter().map(step_text).collect();
    assert_eq!(replay_json(&back, &|m| m.to_string()), format!("[{}]", all.join(",")));
    // Each kind of summary as it has always been written.
    let summaries: Vec<&String> = r.live.iter().flat_map(|s| &s.0).collect();
    for expected in [
        r#"{"type":"state","state":"connecting","attempt":0,"retryInMs":null,"reason":null}"#,
        r#"{"type":"state","state":"reconnecting","attempt":1,"retryInMs":26,"reason":null,"cause":"CONNECTION_LOST"}"#,
        r#"{"type":"changed","changes":1}"#,
        r#"{"type":"event","name":"channel.created","target":"s-1001.cg-1","changes":1}"#,
        r#"{"type":"settled","id":2,"command":"channel.ready","outcome":"ok"}"#,
        r#"{"type":"protocolError","kind":"malformed","message":"frame of 5242880 bytes exceeds the 4194304-byte limit"}"#,
        r#"{"type":"resynced","removed":2}"#,
    ] {
        assert!(summaries.iter().any(|s| *s == expected), "{expected} in {summaries:?}");
    }
}
