//! Protocol stories of issue 17 with virtual time: the page asleep or frozen and woken, the
//! browser offline and online again, the back/forward cache. The host only reports what the
//! browser said (`Input::Resumed`, `Offline`, `Online`, `Suspend`); every decision checked
//! here is the engine's (`src/proto/engine/liveness.rs`).

mod support;

use agentwire::proto::engine::liveness::WATCH_MS;
use agentwire::proto::engine::{
    CommandError, Config, ConnectionState, EngineEvent, Input, LostCause, ReconnectPolicy, SubmitOptions, Transmit,
    GRACE_MS, LATE_MS, WAKE_MIN_MS,
};
use agentwire::proto::record::Recording;
use agentwire::proto::wire::{Command, Empty, Frame};
use support::*;

fn config() -> Config {
    let mut c = Config::new("4001", "secret-pw");
    c.keep_alive = 30_000;
    c.wake_probe = 1_000;
    c.reconnect = Some(ReconnectPolicy { initial_delay: 100, max_delay: 1_000, max_attempts: Some(5) });
    c
}

fn ready_pair() -> Pair {
    let mut p = Pair::new(config());
    bootstrap(&mut p);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    p.events.clear();
    p.actions.clear();
    p
}

fn input(p: &mut Pair, i: Input<'static>) {
    let _ = p.engine.handle(p.now, i);
    p.pump();
}

fn ready_cmd(p: &mut Pair) -> u64 {
    let id = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    id
}

/// The `(state, cause)` of every state event since the last drain (other events kept).
fn states(p: &mut Pair) -> Vec<(ConnectionState, Option<LostCause>, Option<u64>)> {
    let mut out = Vec::new();
    for e in p.events.drain(..).collect::<Vec<_>>() {
        if let EngineEvent::State { state, cause, retry_in, .. } = e {
            out.push((state, cause, retry_in));
        } else {
            p.events.push_back(e);
        }
    }
    out
}

fn opens(p: &Pair) -> usize {
    p.actions.iter().filter(|t| matches!(t, Transmit::Open)).count()
}

/// The reconnect after a loss: a new socket binds the same processor and session, and the
/// server re-announces the session (the telephony channel changed while away).
fn reconnect(p: &mut Pair) {
    assert_eq!(p.actions.last(), Some(&Transmit::Open), "a socket is being opened");
    p.open();
    rebind_processor(p);
    bind_and_start_after_change(p);
}

fn bind_and_start_after_change(p: &mut Pair) {
    let Frame::CoreRequest(r) = p.take_sent() else { panic!("expected bindResource") };
    assert_eq!(r.resource_id.as_deref(), Some(SID));
    p.recv(&core_ok(&r.request_id, "bindResource"));
    let Frame::Request(start) = p.take_sent() else { panic!("expected session start") };
    p.recv(&ok(&start.name, SID, "{}"));
    for e in init_events() {
        p.recv(&e);
    }
    p.recv(&event(TEL, "channel.infochanged", r#"{"state":"ACTIVE","agentStatus":{"status":"ready"}}"#));
    p.recv(&event(SID, "session.initialized", "{}"));
}

#[test]
fn after_a_wake_a_live_socket_answers_the_probe_and_the_commands_that_waited_go_out() {
    let mut p = ready_pair();
    p.now += 60_000; // asleep; the host measured it
    input(&mut p, Input::Resumed { away_ms: 60_000 });
    let Frame::CoreRequest(ping) = p.take_sent() else { panic!("expected the probe") };
    assert_eq!(ping.command, "ping");
    assert_eq!(p.engine.poll_timeout(), Some(p.now + 1_000), "the probe's short deadline, not the keep-alive's");
    // A command during the probe waits, as during a reconnect.
    let id = ready_cmd(&mut p);
    assert!(p.sent.is_empty(), "not sent on a socket that may be dead");
    assert_eq!(p.engine.pending_count(true), 1);
    p.now += 40;
    p.recv(&core_ok(&ping.request_id, "ping"));
    let Frame::Request(r) = p.take_sent() else { panic!("the queued command goes out") };
    assert_eq!(r.target.as_deref(), Some(TEL));
    p.recv(&ok(&r.name, TEL, "{}"));
    assert!(p.take_events().iter().any(|e| matches!(e, EngineEvent::Settled { id: i, result: Ok(_), .. } if *i == id)));
    assert!(states(&mut p).is_empty(), "a live socket: the page saw no state change");
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}

#[test]
fn after_a_wake_a_dead_socket_reconnects_within_the_probe_deadline_and_resyncs_before_ready() {
    let mut p = ready_pair();
    p.now += 60_000;
    input(&mut p, Input::Resumed { away_ms: 60_000 });
    let Frame::CoreRequest(_ping) = p.take_sent() else { panic!("expected the probe") };
    let id = ready_cmd(&mut p);
    let woke = p.now;
    p.advance(1_000); // no answer: the socket is dead
    assert!(matches!(
        p.actions.iter().rev().find(|t| matches!(t, Transmit::Close { .. })),
        Some(Transmit::Close { code: 4000, .. })
    ));
    let s = states(&mut p);
    // The first attempt after a failed probe goes at once (no backoff jitter: see
    // `Reconnect::on_lost`).
    let probe_failed = Some(LostCause::ProbeFailed { after_ms: 1_000 });
    assert_eq!(
        s,
        [
            (ConnectionState::Reconnecting, probe_failed.clone(), Some(0)),
            (ConnectionState::Connecting, probe_failed, None)
        ],
    );
    reconnect(&mut p);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    assert!(p.now - woke <= 1_000, "ready {} ms after the wake (probe 1 s, then at once)", p.now - woke);
    let ev = p.take_events();
    let ready_at = ev.iter().position(|e| matches!(e, EngineEvent::State { state: ConnectionState::Ready, .. }));
    let resynced_at = ev.iter().position(|e| matches!(e, EngineEvent::Resynced { .. }));
    assert!(ready_at.is_some() && resynced_at.is_some(), "resynced, and ready");
    assert_eq!(p.engine.model().channel(TEL).unwrap().status().map(|s| format!("{s:?}")).as_deref(), Some("Ready"));
    // The command that waited goes out on the new socket, once.
    let Frame::Request(r) = p.take_sent() else { panic!("the queued command goes out after ready") };
    p.recv(&ok(&r.name, TEL, "{}"));
    let settled: Vec<_> =
        p.take_events().into_iter().filter(|e| matches!(e, EngineEvent::Settled { id: i, .. } if *i == id)).collect();
    assert_eq!(settled.len(), 1);
}

#[test]
fn a_ping_in_flight_whose_deadline_passed_in_sleep_gets_the_probe_deadline_instead_of_failing() {
    let mut c = config();
    c.keep_alive = 5_000;
    c.request_timeout = 2_000;
    let mut p = Pair::new(c);
    bootstrap(&mut p);
    p.advance(5_000);
    let Frame::CoreRequest(ping) = p.take_sent() else { panic!("keep-alive ping") };
    // The page sleeps 30 s with the ping out; its timer fires that late: the host gives the
    // lateness first, then the timeout.
    p.now += 30_000;
    input(&mut p, Input::Resumed { away_ms: 30_000 });
    p.engine.handle_timeout(p.now);
    p.pump();
    assert!(p.sent.is_empty(), "no second ping: the one in flight is the probe");
    assert_eq!(p.engine.state(), ConnectionState::Ready, "not lost on a deadline that passed asleep");
    p.recv(&core_ok(&ping.request_id, "ping"));
    p.advance(2_000);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}

#[test]
fn a_short_absence_sends_nothing() {
    let mut p = ready_pair();
    input(&mut p, Input::Resumed { away_ms: WAKE_MIN_MS - 1 });
    assert!(p.sent.is_empty());
    let id = ready_cmd(&mut p);
    assert!(matches!(p.take_sent(), Frame::Request(_)), "sent at once: no probe under way ({id})");
}

#[test]
fn offline_makes_no_attempt_until_online_which_attempts_at_once_with_a_fresh_backoff() {
    let mut p = ready_pair();
    let sent = ready_cmd(&mut p);
    p.take_sent();
    input(&mut p, Input::Offline);
    assert!(matches!(p.actions.last(), Some(Transmit::Close { code: 4000, .. })), "the socket is closed");
    let s = states(&mut p);
    assert_eq!(s, vec![(ConnectionState::Reconnecting, Some(LostCause::Offline), None)], "no retry scheduled");
    assert!(p.take_events().iter().any(
        |e| matches!(e, EngineEvent::Settled { id, result: Err(CommandError::Disconnected { .. }), .. } if *id == sent)
    ));
    // A command while offline waits.
    let queued = ready_cmd(&mut p);
    // 30 s offline: no attempt at all (the request timer may fire; no socket opens).
    p.advance(30_000);
    assert_eq!(opens(&p), 0, "no attempt while the browser says offline");
    let timed_out = p.take_events().iter().any(
        |e| matches!(e, EngineEvent::Settled { id, result: Err(CommandError::Timeout { .. }), .. } if *id == queued),
    );
    assert!(timed_out, "a queued command still keeps its own timeout");
    // A socket close reported late changes nothing.
    p.engine.handle_close(p.now, 1006, "");
    p.pump();
    assert!(states(&mut p).is_empty());
    input(&mut p, Input::Online);
    assert_eq!(opens(&p), 1, "online: an attempt at once");
    let s = states(&mut p);
    assert!(matches!(&s[..], [(ConnectionState::Connecting, Some(LostCause::Offline), None)]), "{s:?}");
    // That attempt fails before opening: the backoff has started over (the first window).
    p.socket_open = false;
    p.engine.handle_close(p.now, 1006, "");
    p.pump();
    let s = states(&mut p);
    assert!(
        matches!(&s[..], [(ConnectionState::Reconnecting, Some(LostCause::Lost { .. }), Some(d))] if *d <= 200),
        "{s:?}"
    );
    p.advance(200);
    reconnect(&mut p);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    assert_eq!(states(&mut p).last(), Some(&(ConnectionState::Ready, None, None)));
}

#[test]
fn offline_during_a_backoff_stops_its_timer_and_online_attempts_at_once() {
    let mut p = ready_pair();
    p.server_close(1006, "");
    let s = states(&mut p);
    assert!(matches!(&s[..], [(ConnectionState::Reconnecting, Some(LostCause::Lost { .. }), Some(_))]), "{s:?}");
    input(&mut p, Input::Offline);
    assert_eq!(states(&mut p), vec![(ConnectionState::Reconnecting, Some(LostCause::Offline), None)]);
    p.advance(60_000);
    assert_eq!(opens(&p), 0);
    input(&mut p, Input::Online);
    assert_eq!(opens(&p), 1);
    reconnect(&mut p);
    let s = states(&mut p);
    assert_eq!(s.last(), Some(&(ConnectionState::Ready, None, None)), "the cause is gone once ready");
}

#[test]
fn waking_during_a_backoff_attempts_at_once() {
    let mut p = ready_pair();
    p.server_close(1006, "");
    let _ = states(&mut p);
    // The backoff's timer was throttled or slept through: the page comes back.
    input(&mut p, Input::Resumed { away_ms: 120_000 });
    assert_eq!(opens(&p), 1);
    reconnect(&mut p);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}

#[test]
fn the_back_forward_cache_closes_cleanly_settles_once_and_reconnects_when_shown() {
    let mut p = ready_pair();
    let sent = ready_cmd(&mut p);
    p.take_sent();
    input(&mut p, Input::Suspend);
    assert!(
        matches!(p.actions.last(), Some(Transmit::Close { code: 1000, .. })),
        "closed cleanly: the server sees no ghost client"
    );
    assert_eq!(states(&mut p), vec![(ConnectionState::Reconnecting, Some(LostCause::Suspended), None)]);
    let settled: Vec<_> = p.take_events().into_iter().filter(|e| matches!(e, EngineEvent::Settled { .. })).collect();
    assert!(
        matches!(&settled[..], [EngineEvent::Settled { id, result: Err(CommandError::Disconnected { .. }), .. }] if *id == sent),
        "the command in flight is settled once, as disconnected: {settled:?}"
    );
    // The socket's close event after pagehide changes nothing; while cached, nothing runs.
    p.engine.handle_close(p.now, 1000, "");
    p.pump();
    input(&mut p, Input::Online);
    p.advance(10_000);
    assert_eq!(opens(&p), 0);
    // Shown again, however short the stay: reconnect and resync.
    input(&mut p, Input::Resumed { away_ms: 10 });
    assert_eq!(opens(&p), 1);
    reconnect(&mut p);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    assert!(p.take_events().iter().any(|e| matches!(e, EngineEvent::Resynced { .. })));
    assert!(!p.take_events().iter().any(|e| matches!(e, EngineEvent::Settled { .. })), "nothing settles a second time");
}

#[test]
fn a_probe_without_keep_alive_and_liveness_inputs_before_connect_do_nothing() {
    let mut p = Pair::new(config());
    for i in [Input::Offline, Input::Online, Input::Suspend, Input::Resumed { away_ms: 99_000 }] {
        input(&mut p, i);
    }
    assert!(p.actions.is_empty() && p.events.is_empty(), "idle: nothing happens");
    // Offline at connect() time: the page's own call still tries.
    p.connect();
    assert_eq!(opens(&p), 1);
    let mut c = config();
    c.keep_alive = 0;
    let mut p = Pair::new(c);
    bootstrap(&mut p);
    input(&mut p, Input::Resumed { away_ms: 5_000 });
    let Frame::CoreRequest(ping) = p.take_sent() else { panic!("the probe goes out with keep-alive off") };
    assert_eq!(ping.command, "ping");
}

#[test]
fn the_new_inputs_are_recorded_and_read_back() {
    let mut p = Pair::new(config());
    p.engine.start_recording();
    bootstrap(&mut p);
    for i in [Input::Resumed { away_ms: 61_000 }, Input::Offline, Input::Online, Input::Suspend] {
        input(&mut p, i);
    }
    let rec = Recording::from_json(&p.engine.recorder().unwrap().export()).unwrap();
    let tail: Vec<_> = rec.inputs.iter().rev().take(4).rev().map(|(_, i)| i.clone()).collect();
    assert_eq!(tail, vec![Input::Resumed { away_ms: 61_000 }, Input::Offline, Input::Online, Input::Suspend]);
}

#[test]
fn reconnect_off_means_offline_closes_the_session() {
    let mut c = config();
    c.reconnect = None;
    let mut p = Pair::new(c);
    bootstrap(&mut p);
    p.events.clear();
    input(&mut p, Input::Offline);
    let s = states(&mut p);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].0, ConnectionState::Closed, "no reconnect: the page asked for none");
}

#[test]
fn the_watch_lets_the_host_see_its_timer_fire_late_however_far_the_keep_alive_is() {
    let mut p = ready_pair();
    let due = p.engine.poll_timeout().unwrap();
    assert!(due <= p.now + WATCH_MS, "the watch is the next deadline, not the keep-alive 30 s away");
    // Asleep for a minute: the host's timer fires that late, and the host says so first.
    p.now = due + 60_000;
    let late = p.now - due;
    input(&mut p, Input::Resumed { away_ms: late });
    p.engine.handle_timeout(p.now);
    p.pump();
    let Frame::CoreRequest(ping) = p.take_sent() else { panic!("the probe") };
    assert_eq!(ping.command, "ping");
    assert_eq!(p.engine.poll_timeout(), Some(p.now + 1_000), "the probe's deadline is next");
}

/// `tabs: "share"`: the tab that takes over after the leader tab died resumes its session.
fn resume(p: &mut Pair) {
    input(p, Input::Resume(SID.to_owned()));
    assert_eq!(p.actions.last(), Some(&Transmit::Open));
    p.open();
}

#[test]
fn a_tab_taking_over_resumes_the_dead_tabs_session_as_a_reconnect() {
    let mut p = Pair::new(config());
    p.engine.start_recording();
    resume(&mut p);
    // A new engine knows no processor: discovery, then the session's resource is bound
    // again: no prepareSession (so no override prompt), the targets stay the same.
    bind_services(&mut p);
    bind_and_start(&mut p);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    assert_eq!(p.engine.session_id(), Some(SID));
    assert!(p.engine.model().channel(TEL).is_some(), "the model is the re-announced session's");
    // A reconnect of a session that was ready elsewhere: `resynced`, not a first start.
    assert!(p.take_events().iter().any(|e| matches!(e, EngineEvent::Resynced { .. })));
    // The input replays.
    let rec = Recording::from_json(&p.engine.recorder().unwrap().export()).unwrap();
    assert_eq!(rec.inputs.first().map(|(_, i)| i.clone()), Some(Input::Resume(SID.to_owned())));
}

#[test]
fn a_tab_taking_over_a_session_that_is_gone_prepares_a_new_one_replacing() {
    let mut p = Pair::new(config());
    resume(&mut p);
    bind_services(&mut p);
    let Frame::CoreRequest(r) = p.take_sent() else { panic!("expected bindResource") };
    assert_eq!(r.resource_id.as_deref(), Some(SID));
    p.recv(&format!(
        r#"{{"messageType":"coreResponse","requestId":"{}","command":"bindResource","result":"failure","failure":{{"code":"RESOURCE_UNKNOWN","message":"gone"}}}}"#,
        r.request_id
    ));
    prepare_and_start(&mut p, true);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}

#[test]
fn resuming_an_id_no_session_can_have_starts_a_new_session() {
    let mut p = Pair::new(config());
    input(&mut p, Input::Resume("s-1.not-a-session".to_owned()));
    assert_eq!(p.actions.last(), Some(&Transmit::Open));
    p.open();
    bind_services(&mut p);
    // Prepared afresh (no bindResource of the bad id), as a first connect.
    prepare_and_start(&mut p, false);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    assert_eq!(p.engine.session_id(), Some(SID));
}

#[test]
fn resume_is_ignored_while_connected() {
    let mut p = ready_pair();
    input(&mut p, Input::Resume("s-other".to_owned()));
    assert!(p.actions.is_empty(), "already connected: nothing happens");
    assert_eq!(p.engine.session_id(), Some(SID));
}

/// A long task on a busy page (no sleep: under `WAKE_MIN_MS`, so no probe) holds the timer past
/// the ping's deadline while the pong waits in the queue behind it: the late timeout waits a
/// grace, the pong is read, the session stays. Without an answer, the grace's end loses it.
#[test]
fn a_pong_queued_behind_a_long_task_keeps_the_session() {
    for answered in [true, false] {
        let mut c = config();
        c.keep_alive = 5_000;
        c.request_timeout = 2_000;
        let mut p = Pair::new(c);
        bootstrap(&mut p);
        p.advance(5_000);
        let Frame::CoreRequest(ping) = p.take_sent() else { panic!("keep-alive ping") };
        let deadline = p.engine.poll_timeout().unwrap();
        // The main thread was busy 1.2 s past the ping's deadline (not a wake: under WAKE_MIN_MS).
        p.now = deadline + 1_200;
        const { assert!(1_200 < WAKE_MIN_MS && 1_200 >= LATE_MS) };
        p.engine.handle_timeout(p.now);
        p.pump();
        assert_eq!(p.engine.state(), ConnectionState::Ready, "a late deadline waits the grace");
        assert_eq!(p.engine.poll_timeout(), Some(p.now + GRACE_MS));
        if answered {
            p.recv(&core_ok(&ping.request_id, "ping"));
        }
        p.advance(GRACE_MS);
        let want = if answered { ConnectionState::Ready } else { ConnectionState::Reconnecting };
        assert_eq!(p.engine.state(), want, "answered in the queue: {answered}");
    }
}
