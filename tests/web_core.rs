//! The sans-IO core compiled to wasm32 and run inside headless Chromium / Firefox: the codec
//! on real fixtures, and a bootstrap story through the engine with virtual time. Proves the
//! browser toolchain (wasm32 build, wasm-bindgen-test-runner, WebDriver) end to end.

#![cfg(target_arch = "wasm32")]

mod support;

use agentwire::proto::engine::{Config, ConnectionState, EngineEvent, SubmitOptions};
use agentwire::proto::json::Json;
use agentwire::proto::wire::{self, Command, Empty, Frame};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FIXTURES: &[&str] = &[
    include_str!("fixtures/protocol/event.channel.infochanged.json"),
    include_str!("fixtures/protocol/response.session.request.incontact.addressbook.success.json"),
    include_str!("fixtures/protocol/response.channel.activate.failure.json"),
    include_str!("fixtures/protocol/dcp.coreRequest.bindService.json"),
    include_str!("fixtures/protocol/request.channel.notready.json"),
];

#[wasm_bindgen_test]
fn fixtures_round_trip_in_the_browser() {
    for text in FIXTURES {
        let frame = wire::decode(text).expect("fixture decodes");
        assert!(frame.is_typed());
        assert_eq!(Json::parse(&wire::encode(&frame)).unwrap(), Json::parse(text).unwrap());
    }
}

#[wasm_bindgen_test]
fn engine_bootstraps_and_correlates_in_the_browser() {
    let mut c = Config::new("4001", "pw");
    c.keep_alive = 0;
    let mut p = Pair::new(c);
    bootstrap(&mut p);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    assert_eq!(p.engine.model().channels().len(), 3);
    p.events.clear();
    p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    assert!(matches!(p.take_sent(), Frame::Request(r) if r.name == "channel.ready"));
    p.recv(&ok("channel.ready", TEL, "{}"));
    assert!(matches!(&p.take_events()[..], [EngineEvent::Settled { result: Ok(_), .. }]));
}

#[wasm_bindgen_test]
fn hostile_input_does_not_panic_in_wasm() {
    let mut p = Pair::new(Config::new("4001", "pw"));
    bootstrap(&mut p);
    for bad in ["", "{", "[[[[[[", "\u{0}", r#"{"messageType":"objectEvent"}"#, &"[".repeat(10_000)] {
        p.recv(bad);
    }
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}
