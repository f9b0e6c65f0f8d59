//! The receive path's borrowed events (issue 14): the borrowed decode gives what the owned one
//! gives, an engine that gives uncopied events (`Config::spanned_events`, the browser's) tells
//! the page and changes the model exactly as one that gives owned events, and a hot event
//! that changes nothing allocates nothing. Host only: the wasm build has its own global
//! allocator (talc).

#![cfg(not(target_arch = "wasm32"))]

use agentwire::proto::engine::{Config, Engine, EngineEvent};
use agentwire::proto::wire::{self, Decoded, Frame};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts this thread's allocations (the tests of this file run in threads of their own).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's layout is passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

fn ev(target: &str, name: &str, data: &str) -> String {
    format!(r#"{{"messageType":"objectEvent","target":"{target}","name":"{name}","data":{data}}}"#)
}

/// A ready session with group `g` and channels `ch-0`, `ch-1`, interaction `ix-0` on `ch-0`.
fn ready(spanned: bool) -> Engine {
    let mut c = Config::new("b", "b");
    c.service_id = Some("proc".into());
    c.keep_alive = 0;
    c.spanned_events = spanned;
    let mut e = Engine::new(c);
    e.connect(0);
    e.handle_open(0);
    for f in [
        r#"{"messageType":"coreResponse","requestId":"aw-1","command":"bindService","result":"success"}"#,
        r#"{"messageType":"serviceResponse","requestId":"aw-2","command":"prepareSession","result":"success","data":{"resourceId":"s-1"}}"#,
        r#"{"messageType":"coreResponse","requestId":"aw-3","command":"bindResource","result":"success"}"#,
        r#"{"command":"session.start","target":"s-1","result":"success","data":{}}"#,
    ] {
        e.handle_text(0, f);
    }
    e.handle_text(0, &ev("s-1", "channelgroup.created", r#"{"channelgroup":{"id":"g"}}"#));
    for ch in ["ch-0", "ch-1"] {
        e.handle_text(0, &ev("s-1.g", "channel.created", &format!(r#"{{"channel":{{"id":"{ch}"}}}}"#)));
    }
    e.handle_text(0, &ev("s-1.g.ch-0", "interaction.created", r#"{"interaction":{"id":"ix-0"}}"#));
    e.handle_text(0, &ev("s-1", "session.initialized", "{}"));
    while e.poll_event().is_some() {}
    while e.poll_transmit().is_some() {}
    assert_eq!(e.state().as_str(), "ready");
    e
}

/// Frames of the hot kinds and around them: unknown members, escapes, duplicates, `null`,
/// wrong types, missing members, aliases, unknown events, other members at the top.
fn frames() -> Vec<String> {
    let info = "channel.infochanged";
    let mut out = vec![
        ev("s-1.g.ch-0", info, r#"{"state":"ACTIVE","agentStatus":{"status":"ready","lastReasonCode":"","lastReasonName":""}}"#),
        ev("s-1.g.ch-0", info, r#"{"state":"ACTIVE","agentStatus":{"status":"ready","lastReasonCode":"","lastReasonName":""}}"#),
        ev("s-1.g.ch-0", info, r#"{"agentStatus":{"status":"not_ready","lastReasonCode":"12","lastReasonName":"Lunch \u00e9"}}"#),
        ev("s-1.g.ch-0", info, r#"{"agentStatus":{"status":"not_ready","lastReasonCode":"12","lastReasonName":"Lunch \u00e9"}}"#),
        ev("s-1.g.ch-1", info, r#"{"state":"UNAVAILABLE","x":[1,{"y":null}],"agentStatus":{"status":"busy","z":true}}"#),
        ev("s-1.g.ch-1", info, r#"{"state":"UNAVAILABLE","x":[1,{"y":null}],"agentStatus":{"status":"busy","z":true}}"#),
        ev("s-1.g.ch-1", info, r#"{"state":7,"state":"ACTIVE","agentStatus":null}"#),
        ev("s-1.g.ch-1", info, r#"{"agentStatus":{"status":5}}"#),
        ev("s-1.g.ch-1", info, r#"{"agentStatus":{"lastReasonCode":"1"}}"#),
        ev("s-1.g.ch-1", info, r#"{"agentStatus":{"status":"ready","lastReasonCode":false},"state":[]}"#),
        ev("s-1.g.ch-1", info, r#"{"agentStatus":"ready"}"#),
        ev("s-1.g.ch-1", info, r#"{"agentStatus":{"status":"ready","status":"brand_new"}}"#),
        ev("s-1.g.ch-1", info, r#"{"agentStatus":{"status":"ready","lastReasonCode":"x"},"agentStatus":{"status":"busy"}}"#),
        ev("s-1.g.ch-1", info, r#"{"agentStatus":{"status":"busy","lastReasonName":3},"agentStatus":{"status":"ready"}}"#),
        ev("s-1.g.ch-1", info, "null"),
        ev("s-1.g.ch-9", info, r#"{"state":"ACTIVE"}"#),
        ev("s-1.g.ch-0", "state.updated", r#"{"state":"INACTIVE"}"#),
        ev("s-1.g", "state.updated", r#"{"state":"UP"}"#),
        ev("s-1.g", "state.updated", r#"{"state":"UP"}"#),
        ev("s-1.g.ch-0.ix-0", "state.updated", r#"{"state":"STARTED","recording":"recording"}"#),
        ev("s-1.g.ch-0.ix-0", "state.updated", r#"{"state":"STARTED","recording":"recording"}"#),
        ev("s-1.g.ch-0.ix-0", "state.updated", r#"{"state":"STARTED"}"#),
        ev("s-1.g.ch-0.ix-0", "state.updated", r#"{"recording":"paused"}"#),
        ev("s-1.g.ch-0.ix-0", "interaction.focuschanged", r#"{"conversation":"cv-1"}"#),
        ev("s-1.g.ch-0.ix-0", "interaction.focuschanged", r#"{"conversation":"cv-1"}"#),
        ev("s-1.g.ch-0.ix-0", "interaction.focuschanged", r#"{"conversation":"cv.1"}"#),
        ev("s-1.g.ch-0.ix-0", "interaction.focuschanged", r#"{"conversation":"c\"v"}"#),
        ev("s-1.g\u{2e}ch-1", info, r#"{"state":"ACTIVE"}"#),
        ev(r"s-1.g.ch\u002d1", info, r#"{"state":"INACTIVE"}"#),
        ev("s-1", "session.agentleg.connected", "{}"),
        ev("s-1", "session.incontact.agentleg.connected", r#"{"k":1}"#),
        ev("s-1", "session.future.event", r#"{"a":[1]}"#),
        ev("s-1.g.ch-0", "connectionchange", "{}"),
        r#"{"messageType":"objectEvent","data":{"state":"ACTIVE"},"name":"channel.infochanged","target":"s-1.g.ch-1"}"#
            .into(),
        r#"{"messageType":"objectEvent","target":"s-1.g.ch-1","name":"state.updated","data":{"state":"X"},"context":{}}"#
            .into(),
        r#"{"messageType":"objectEvent","target":"s-1.g.ch-1","name":"state.updated","data":{"state":"Y"},"name":"channel.infochanged"}"#
            .into(),
        r#"{"messageType":"objectEvent","target":"s-1.g.ch-1","name":"channel.infochanged","data":{"state":"INACTIVE"}} x"#
            .into(),
        r#"{"messageType":"objectEvent","target":"s-1.g.ch-1","name":"channel.infochanged","data":{"state":"INACT"#.into(),
    ];
    out.push(ev("s-1.g.ch-0.ix-0", "state.updated", r#"{"state":"COMPLETED"}"#));
    out
}

#[test]
fn the_borrowed_decode_is_the_owned_one() {
    for f in frames() {
        let owned = wire::decode_spanned(&f, 1 << 20);
        let borrowed = wire::decode_borrowed(&f, 1 << 20).map(|(d, s)| {
            let frame = match d {
                Decoded::Event(e) => Frame::Event(e.into_owned()),
                Decoded::Frame(f) => f,
                Decoded::Core(c) => panic!("only the client's decoder reads {c:?}"),
            };
            (frame, s)
        });
        assert_eq!(owned, borrowed, "{f}");
        // And the same as the decoder of a tree (through its text).
        if let Ok((frame, _)) = owned {
            assert_eq!(wire::decode(&wire::encode(&frame)).map(|f| wire::encode(&f)), Ok(wire::encode(&frame)), "{f}");
        }
    }
}

#[test]
fn uncopied_events_tell_the_page_and_change_the_model_as_owned_ones() {
    let (mut a, mut b) = (ready(false), ready(true));
    let mut spanned = 0;
    for (i, f) in frames().iter().enumerate() {
        let now = 1 + i as u64;
        a.handle_text(now, f);
        b.handle_text(now, f);
        loop {
            let (x, y) = (a.poll_event(), b.poll_event());
            match (&x, &y) {
                (None, None) => break,
                (
                    Some(EngineEvent::Event { event, changes, spans }),
                    Some(EngineEvent::Spanned { kind, documented, changes: c2, spans: s2 }),
                ) => {
                    spanned += 1;
                    assert_eq!((event.kind(), changes, spans), (*kind, c2, s2), "{f}");
                    assert_eq!(*documented, kind.is_some_and(|k| k.name() == event.name), "{f}");
                    let (a, b) = spans.name.zip(spans.target).zip(spans.data).expect("spans");
                    let at = |(x, y): (u32, u32)| &f[x as usize..y as usize];
                    assert_eq!((at(a.0), at(a.1)), (&*event.name, event.target.as_str()));
                    assert!(b.0 < b.1);
                }
                _ => assert_eq!(x, y, "{f}"),
            }
        }
        assert_eq!(a.model(), b.model(), "{f}");
    }
    assert!(spanned > 20, "most events go out uncopied: {spanned}");
}

#[test]
fn a_hot_event_that_changes_nothing_allocates_nothing() {
    let mut e = ready(true);
    let frames = [
        ev(
            "s-1.g.ch-0",
            "channel.infochanged",
            r#"{"state":"ACTIVE","agentStatus":{"status":"not_ready","lastReasonCode":"12","lastReasonName":"Lunch"}}"#,
        ),
        ev("s-1.g.ch-1", "state.updated", r#"{"state":"ACTIVE"}"#),
        ev("s-1.g.ch-0.ix-0", "state.updated", r#"{"state":"STARTED","recording":"recording"}"#),
        ev("s-1.g.ch-0.ix-0", "interaction.focuschanged", r#"{"conversation":"cv-1"}"#),
        ev("s-1.g", "state.updated", r#"{"state":"UP"}"#),
    ];
    // The first time each changes the model (and the queue grows to its size).
    for (i, f) in frames.iter().enumerate() {
        e.handle_text(1 + i as u64, f);
        assert!(matches!(e.poll_event(), Some(EngineEvent::Spanned { changes, .. }) if changes.len() == 1), "{f}");
        while e.poll_event().is_some() {}
    }
    let before = allocations();
    for round in 0..10 {
        for f in &frames {
            e.handle_text(100 + round, f);
            assert!(matches!(e.poll_event(), Some(EngineEvent::Spanned { changes, .. }) if changes.is_empty()), "{f}");
            assert!(e.poll_event().is_none());
        }
    }
    assert_eq!(allocations() - before, 0, "allocations for 50 frames that repeat the model");
}
