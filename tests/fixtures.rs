//! Golden tests: every fixture of the protocol reference decodes into its typed variant (not
//! the catch-all) and re-encodes to an equal JSON value. The folder is read at run time, so a
//! fixture added later is covered without touching this file.
//!
//! Fixture names say what they hold: `request.*`, `response.*`, `event.*` are frames;
//! `dcp.*` a core message; `event.ServiceMonitor.*` a service event's `data`; `http.*` the
//! HTTP transport's session messages.

use agentwire::proto::json::Json;
use agentwire::proto::wire::{self, Frame, FromJson, HttpSessionResponse, ServiceEventData, ToJson};
use std::path::PathBuf;

fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "json").then(|| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
        })
        .collect();
    out.sort();
    out
}

/// Decodes one fixture with the decoder its name calls for; returns the re-encoded JSON.
fn round_trip(name: &str, text: &str) -> Result<Json, String> {
    if name.starts_with("event.ServiceMonitor.") {
        let v = Json::parse(text).map_err(|e| e.to_string())?;
        let d = ServiceEventData::from_json(&v).map_err(|e| e.to_string())?;
        if matches!(d, ServiceEventData::Other(_)) {
            return Err("decoded to the catch-all ServiceEventData::Other".into());
        }
        return Ok(d.to_json());
    }
    if name == "http.startSession.response.json" {
        let v = Json::parse(text).map_err(|e| e.to_string())?;
        return Ok(HttpSessionResponse::from_json(&v).map_err(|e| e.to_string())?.to_json());
    }
    let frame = wire::decode(text).map_err(|e| e.to_string())?;
    let expected_class = match name.split('.').next() {
        Some("request") => matches!(frame, Frame::Request(_)),
        Some("response") => matches!(frame, Frame::Response(_)),
        Some("event") => matches!(frame, Frame::Event(_)),
        Some("dcp") => matches!(frame, Frame::CoreRequest(_)),
        Some("http") => matches!(frame, Frame::StartSession(_) | Frame::EndSession(_)),
        _ => false,
    };
    if !expected_class {
        return Err(format!("decoded to the wrong class: {frame:?}"));
    }
    if !frame.is_typed() {
        return Err(format!("decoded to a catch-all variant: {frame:?}"));
    }
    // Re-encode through text, as the wire does.
    Json::parse(&wire::encode(&frame)).map_err(|e| e.to_string())
}

#[test]
fn every_fixture_round_trips_through_a_typed_variant() {
    let all = fixtures();
    assert!(all.len() >= 100, "expected the protocol's fixtures, found {}", all.len());
    let mut failures = Vec::new();
    for (name, text) in &all {
        let original = Json::parse(text).expect("fixtures are valid JSON");
        match round_trip(name, text) {
            Ok(again) if again == original => {}
            Ok(again) => failures.push(format!("{name}: re-encoded differently:\n  {again}\n  {original}")),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    println!("{} fixtures round-tripped through typed variants", all.len() - failures.len());
    assert!(failures.is_empty(), "{} of {} fixtures failed:\n{}", failures.len(), all.len(), failures.join("\n"));
}

#[test]
fn fixtures_match_the_shared_reference_when_it_is_beside_the_repo() {
    // The copy in the repo keeps a lone clone testable; when ../shared is present, the copy
    // must not have drifted from it.
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/protocol/fixtures");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let ours = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol").join(&name);
        let theirs = std::fs::read_to_string(e.path()).unwrap();
        let ours = std::fs::read_to_string(&ours)
            .unwrap_or_else(|_| panic!("fixture {name} is missing from tests/fixtures/protocol"));
        assert_eq!(Json::parse(&ours).unwrap(), Json::parse(&theirs).unwrap(), "fixture {name} drifted");
    }
}
