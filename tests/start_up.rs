//! `Engine::warm` (docs/performance-log.md, "Start-up, measured apart"): the host calls it once
//! it has opened the socket, so that a browser that compiles each wasm function on its first
//! call compiles the receive path while the socket opens. It is not an input: nothing is sent, dispatched, timed or recorded, in
//! every phase, and the session's start-up goes on as without it.

mod support;

use agentwire::proto::engine::{Config, ConnectionState};
use support::*;

fn config() -> Config {
    let mut c = Config::new("4001", "secret-pw");
    c.keep_alive = 0;
    c
}

/// What an engine shows of itself: state, next deadline, recording.
fn seen(p: &Pair) -> (ConnectionState, Option<u64>, String) {
    (p.engine.state(), p.engine.poll_timeout(), p.engine.recorder().map(|r| r.export()).unwrap_or_default())
}

/// Calls `warm` and checks that nothing changed.
fn warm_is_nothing(p: &mut Pair) {
    let before = seen(p);
    let (actions, events, sent) = (p.actions.len(), p.events.len(), p.sent.len());
    p.engine.warm();
    p.pump();
    assert_eq!(seen(p), before);
    assert_eq!((p.actions.len(), p.events.len(), p.sent.len()), (actions, events, sent));
}

#[test]
fn warm_while_the_socket_opens_is_nothing_and_start_up_goes_on() {
    let mut p = Pair::new(config());
    p.engine.start_recording();
    p.connect();
    assert_eq!(p.engine.state(), ConnectionState::Connecting);
    warm_is_nothing(&mut p);
    p.open();
    bind_services(&mut p);
    prepare_and_start(&mut p, false);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    assert!(p.engine.model().session().is_some_and(|s| s.initialized));
}

#[test]
fn warm_in_any_other_phase_is_nothing_too() {
    let mut p = Pair::new(config());
    p.engine.start_recording();
    warm_is_nothing(&mut p); // idle
    bootstrap(&mut p);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    // The socket is open: an empty frame would be a protocol error; `warm` gives none.
    warm_is_nothing(&mut p);
    p.engine.close(p.now);
    p.pump();
    warm_is_nothing(&mut p); // closed
}
