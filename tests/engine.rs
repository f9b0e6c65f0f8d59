//! Protocol stories for the sans-IO engine: a whole bootstrap, commands, out-of-order,
//! duplicate and unmatched responses, timeouts, the override prompt, keep-alive, reconnect
//! with resync, and the 4001 replacement, all with virtual time and no socket.

mod support;

use agentwire::proto::engine::{
    CloseReason, CommandError, Config, ConnectionState, EngineEvent, Input, ProtocolErrorKind, ReconnectPolicy,
    SubmitOptions, Transmit, OVERSIZED_HEAD,
};
use agentwire::proto::model::{ChangeKind, ObjectKind};
use agentwire::proto::wire::{
    self, ActivateData, AgentStatusValue, ChannelState, Command, DialData, Dialect, Empty, Frame, NotReadyData,
    ResultData,
};
use std::borrow::Cow;
use support::*;

fn config() -> Config {
    let mut c = Config::new("4001", "secret-pw");
    c.keep_alive = 0;
    c.reconnect = Some(ReconnectPolicy { initial_delay: 100, max_delay: 1_000, max_attempts: Some(5) });
    c
}

fn ready_pair() -> Pair {
    let mut p = Pair::new(config());
    bootstrap(&mut p);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    p.events.clear();
    p
}

/// A ready session with a 5 s keep-alive and 2 s timeouts, silent until its first ping.
fn pinged() -> (Pair, agentwire::proto::wire::CoreRequest) {
    let mut c = config();
    c.keep_alive = 5_000;
    c.request_timeout = 2_000;
    let mut p = Pair::new(c);
    bootstrap(&mut p);
    p.advance(5_000);
    let Frame::CoreRequest(ping) = p.take_sent() else { panic!("expected a ping") };
    assert_eq!(ping.command, "ping");
    (p, ping)
}

/// A new session up to its `prepareSession` request (sent, unanswered).
fn to_prepare(c: Config) -> (Pair, agentwire::proto::wire::ServiceRequest) {
    let mut p = Pair::new(c);
    p.connect();
    p.open();
    bind_services(&mut p);
    let Frame::ServiceRequest(r) = p.take_sent() else { panic!("expected prepareSession") };
    (p, r)
}

/// A ready session whose socket drops: after the backoff, the engine binds the previous
/// processor again and sends `bindResource`, returned here unanswered.
fn reconnect_to_bind_resource() -> (Pair, agentwire::proto::wire::CoreRequest) {
    let mut p = ready_pair();
    p.server_close(1006, "");
    p.advance(1_000);
    p.open();
    rebind_processor(&mut p);
    let Frame::CoreRequest(r) = p.take_sent() else { panic!("expected bindResource") };
    (p, r)
}

fn not_ready(code: &str) -> Command {
    Command::NotReady(NotReadyData::new(code, None))
}

fn settled(p: &mut Pair) -> Vec<(u64, Result<Option<ResultData>, CommandError>)> {
    p.take_events()
        .into_iter()
        .filter_map(|e| match e {
            EngineEvent::Settled { id, result, .. } => Some((id, result)),
            _ => None,
        })
        .collect()
}

fn protocol_errors(p: &mut Pair) -> Vec<ProtocolErrorKind> {
    p.take_events()
        .into_iter()
        .filter_map(|e| match e {
            EngineEvent::ProtocolError(e) => Some(e.kind),
            _ => None,
        })
        .collect()
}

fn sent_request(p: &mut Pair) -> wire::Request {
    match p.take_sent() {
        Frame::Request(r) => r,
        other => panic!("expected a resource request, got {other:?}"),
    }
}

#[test]
fn bootstrap_reaches_ready_and_fills_the_model() {
    let mut p = Pair::new(config());
    bootstrap(&mut p);
    let states = p.states();
    assert_eq!(states, ["connecting", "open", "initializing", "ready"]);
    let m = p.engine.model();
    assert_eq!(m.session_id(), Some(SID));
    assert!(m.session().unwrap().initialized);
    assert_eq!(m.channels().len(), 3);
    assert_eq!(m.channel(TEL).unwrap().group(), Some("s-1001.cg-1"));
    assert_eq!(m.channel(EMAIL).unwrap().group(), None);
    assert_eq!(m.not_ready_reasons().len(), 2);
    // Every initialization event reached the page.
    let names: Vec<String> = p
        .take_events()
        .into_iter()
        .filter_map(|e| if let EngineEvent::Event { event, .. } = e { Some(event.name.into_owned()) } else { None })
        .collect();
    assert_eq!(names.first().map(String::as_str), Some("channelgroup.created"));
    assert_eq!(names.last().map(String::as_str), Some("session.initialized"));
    assert_eq!(names.len(), init_events().len() + 1);
    // The password went out in prepareSession only and never appears in Debug output.
    assert!(!format!("{:?}", p.engine).contains("secret-pw"));
}

#[test]
fn named_service_skips_discovery_and_current_dialect_names_commands() {
    let mut c = config();
    c.service_id = Some(PROCESSOR.into());
    c.dialect = Dialect::Current;
    let mut p = Pair::new(c);
    p.connect();
    p.open();
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    assert_eq!(r.service_id.as_deref(), Some(PROCESSOR));
    p.recv(&core_ok(&r.request_id, "bindService"));
    let Frame::ServiceRequest(r) = p.take_sent() else { panic!() };
    p.recv(&prepared(&r.request_id));
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    p.recv(&core_ok(&r.request_id, "bindResource"));
    let start = sent_request(&mut p);
    assert_eq!(start.name, "session.request.start");
    // The response may come after the initialization events (WIRE-PROFILE §5).
    for e in init_events() {
        p.recv(&e);
    }
    p.recv(&event(SID, "session.initialized", "{}"));
    assert_ne!(p.engine.state(), ConnectionState::Ready, "ready needs the start response too");
    p.recv(&ok("session.request.start", SID, "{}"));
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    assert_eq!(sent_request(&mut p).name, "channel.request.ready");
}

#[test]
fn override_prompt_accept_resends_with_override_and_decline_closes() {
    for accept in [true, false] {
        let mut p = Pair::new(config());
        p.connect();
        p.open();
        bind_services(&mut p);
        let Frame::ServiceRequest(r) = p.take_sent() else { panic!() };
        p.recv(&format!(
            r#"{{"messageType":"serviceResponse","requestId":"{}","command":"prepareSession","result":"confirm","message":"Agent 4001 already has an active session. Replace it?","original":{{"command":"prepareSession","data":{{}}}}}}"#,
            r.request_id
        ));
        let prompt = p.take_events().into_iter().find_map(|e| match e {
            EngineEvent::Confirm { message } => Some(message),
            _ => None,
        });
        assert_eq!(prompt.as_deref(), Some("Agent 4001 already has an active session. Replace it?"));
        let decide_by = p.now + p.engine.config().confirm_timeout;
        p.advance(decide_by - p.now - 1);
        assert_eq!(p.engine.state(), ConnectionState::Open, "the user decides within confirm_timeout");
        assert!(p.engine.confirm(p.now, accept));
        p.pump();
        if accept {
            prepare_and_start(&mut p, true);
            assert_eq!(p.engine.state(), ConnectionState::Ready);
        } else {
            assert_eq!(p.engine.state(), ConnectionState::Closed);
            assert_eq!(p.engine.close_reason(), Some(&CloseReason::OverrideDeclined));
            assert!(matches!(p.actions.last(), Some(Transmit::Close { code: 4000, .. })));
        }
    }
}

#[test]
fn refused_credentials_close_with_the_servers_code() {
    let mut c = config();
    c.service_id = Some(PROCESSOR.into());
    let mut p = Pair::new(c);
    p.connect();
    p.open();
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    p.recv(&core_ok(&r.request_id, "bindService"));
    let Frame::ServiceRequest(r) = p.take_sent() else { panic!() };
    p.recv(&format!(
        r#"{{"messageType":"serviceResponse","requestId":"{}","command":"prepareSession","result":"failure","failure":{{"code":"AUTH_FAILED","message":"bad password"}}}}"#,
        r.request_id
    ));
    assert_eq!(p.engine.state(), ConnectionState::Closed);
    assert_eq!(
        p.engine.close_reason(),
        Some(&CloseReason::Refused { code: "AUTH_FAILED".into(), message: "bad password".into() })
    );
    let err = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap_err();
    assert_eq!(err.kind(), "closed");
}

#[test]
fn server_down_on_first_connect_closes_without_retrying() {
    let mut p = Pair::new(config());
    p.connect();
    p.server_close(1006, "");
    assert_eq!(p.engine.state(), ConnectionState::Closed);
    assert!(matches!(p.engine.close_reason(), Some(CloseReason::ConnectFailed { .. })));
    p.advance(60_000);
    assert_eq!(p.actions.iter().filter(|a| **a == Transmit::Open).count(), 1);
}

#[test]
fn no_processor_in_service_closes_with_no_processor() {
    let mut p = Pair::new(config());
    p.connect();
    p.open();
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    p.recv(
        &service_list()
            .replace("\"InService\",\"acceptingClients\":true", "\"OutOfService\",\"acceptingClients\":true"),
    );
    p.recv(&core_ok(&r.request_id, "bindService"));
    assert_eq!(p.engine.close_reason(), Some(&CloseReason::NoProcessor));
}

#[test]
fn the_processor_is_chosen_in_the_configured_instance_domain() {
    let mut c = config();
    c.instance_domain = Some("east".into());
    let mut p = Pair::new(c);
    p.connect();
    p.open();
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    // proc-b has the fewest clients but no domain; proc-a is the one in "east".
    p.recv(&service_list().replace(
        r#""clientCount":40}}"#,
        r#""clientCount":40},"info":{"vendor":"OpenMethods","instance-domain":"east","x":[1]}}"#,
    ));
    p.recv(&core_ok(&r.request_id, "bindService"));
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    assert_eq!((r.command.as_str(), r.service_id.as_deref()), ("bindService", Some("proc-a")));
}

#[test]
fn out_of_order_responses_settle_the_right_commands() {
    let mut p = ready_pair();
    let a = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    let b = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(CHAT), SubmitOptions::default()).unwrap();
    let c = p.engine.submit(p.now, not_ready("12"), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    assert_eq!(p.sent.len(), 3);
    p.recv(&fail("channel.notready", TEL, "INVALID_STATE"));
    p.recv(&ok("channel.ready", CHAT, "{}"));
    p.recv(&ok(" channel.ready", TEL, "{}")); // the seed's stray leading space
    let s = settled(&mut p);
    assert_eq!(s.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [c, b, a]);
    assert!(matches!(&s[0].1, Err(CommandError::Failure { code, original: Some(_), .. }) if code == "INVALID_STATE"));
    assert!(s[1].1.is_ok() && s[2].1.is_ok());
}

#[test]
fn same_command_twice_matches_the_oldest_first() {
    let mut p = ready_pair();
    let first = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    let second = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    p.recv(&fail("channel.ready", TEL, "INVALID_STATE"));
    p.recv(&ok("channel.ready", TEL, "{}"));
    let s = settled(&mut p);
    assert_eq!(s[0].0, first);
    assert!(s[0].1.is_err());
    assert_eq!(s[1].0, second);
    assert!(s[1].1.is_ok());
}

#[test]
fn duplicate_unmatched_and_late_responses_are_protocol_errors() {
    let mut p = ready_pair();
    p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    p.recv(&ok("channel.ready", TEL, "{}"));
    assert_eq!(settled(&mut p).len(), 1);
    p.recv(&ok("channel.ready", TEL, "{}"));
    assert_eq!(protocol_errors(&mut p), [ProtocolErrorKind::DuplicateResponse]);
    p.recv(&ok("channel.activate", CHAT, "{}"));
    assert_eq!(protocol_errors(&mut p), [ProtocolErrorKind::UnmatchedResponse]);

    let id = p
        .engine
        .submit(
            p.now,
            Command::Ready(Empty::new()),
            Some(CHAT),
            SubmitOptions { until_applied: false, timeout: Some(500) },
        )
        .unwrap();
    p.pump();
    p.advance(499);
    assert!(settled(&mut p).is_empty());
    p.advance(1);
    let s = settled(&mut p);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].0, id);
    assert!(matches!(s[0].1, Err(CommandError::Timeout { after_ms: 500 })));
    p.recv(&ok("channel.ready", CHAT, "{}"));
    assert_eq!(protocol_errors(&mut p), [ProtocolErrorKind::LateResponse]);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}

#[test]
fn failure_whose_original_names_another_request_is_reported_and_still_settles() {
    let mut p = ready_pair();
    p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    let mismatched = fail("channel.ready", TEL, "X").replace(
        r#""original":{"command":"channel.ready","target":"s-1001.cg-1.ch-tel""#,
        r#""original":{"command":"channel.dial","target":"s-1001.cg-1.ch-chat""#,
    );
    p.recv(&mismatched);
    let ev = p.take_events();
    assert!(ev
        .iter()
        .any(|e| matches!(e, EngineEvent::ProtocolError(e) if e.kind == ProtocolErrorKind::OriginalMismatch)));
    assert!(ev.iter().any(|e| matches!(e, EngineEvent::Settled { result: Err(_), .. })));
}

#[test]
fn bad_page_input_is_rejected_before_anything_is_sent() {
    let mut p = ready_pair();
    let cases: Vec<(Command, Option<&str>, &str)> = vec![
        (Command::Ready(Empty::new()), Some("s-1001.cg-1.nope"), "target"),
        (Command::Ready(Empty::new()), Some("s-1001.cg-1"), "target"),
        (Command::Ready(Empty::new()), None, "target"),
        (Command::Ready(Empty::new()), Some("s-1001..ch-tel"), "target"),
        (not_ready(""), Some(TEL), "reasonCode"),
        (not_ready("99"), Some(TEL), "reasonCode"),
        (not_ready("30"), Some(TEL), "reasonCode"),
        (Command::Dial(DialData(j(r#"{"destination":" "}"#))), Some(TEL), "destination"),
        (Command::SessionStart(Empty::new()), None, "command"),
        (Command::Unknown { name: "".into(), data: support::j("{}") }, None, "command"),
    ];
    for (cmd, target, argument) in cases {
        let err = p.engine.submit(p.now, cmd.clone(), target, SubmitOptions::default()).unwrap_err();
        match err {
            CommandError::InvalidArgument { argument: a, .. } => {
                assert_eq!(a, argument, "{cmd:?} {target:?}")
            }
            other => panic!("{cmd:?}: {other:?}"),
        }
    }
    p.pump();
    assert!(p.sent.is_empty(), "nothing may be sent for bad input");
    // `acw` and listed codes are fine; session commands default to the session.
    p.engine.submit(p.now, not_ready("acw"), Some(TEL), SubmitOptions::default()).unwrap();
    p.engine.submit(p.now, not_ready("12"), Some(TEL), SubmitOptions::default()).unwrap();
    p.engine.submit(p.now, Command::Logout(Empty::new()), None, SubmitOptions::default()).unwrap();
    p.pump();
    assert_eq!(sent_request(&mut p).name, "channel.notready");
    sent_request(&mut p);
    assert_eq!(sent_request(&mut p).target.as_deref(), Some(SID));
}

#[test]
fn until_applied_waits_for_the_confirming_event_in_either_order() {
    let mut p = ready_pair();
    let opts = SubmitOptions { until_applied: true, timeout: None };
    // Response first, event later.
    let id = p.engine.submit(p.now, not_ready("12"), Some(TEL), opts).unwrap();
    p.pump();
    p.recv(&ok("channel.notready", TEL, r#"{"reasoncode":"12"}"#));
    assert!(settled(&mut p).is_empty(), "accepted but not yet applied");
    p.recv(&event(
        TEL,
        "channel.infochanged",
        r#"{"state":"ACTIVE","agentStatus":{"status":"not_ready","lastReasonCode":"12","lastReasonName":"Lunch"}}"#,
    ));
    let s = settled(&mut p);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].0, id);
    assert!(matches!(&s[0].1, Ok(Some(ResultData::Echo(Command::NotReady(_))))));
    // Event first, response later: settles at the response.
    p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), opts).unwrap();
    p.pump();
    p.recv(&event(
        TEL,
        "channel.infochanged",
        r#"{"state":"ACTIVE","agentStatus":{"status":"ready","lastReasonCode":"","lastReasonName":""}}"#,
    ));
    assert!(settled(&mut p).is_empty());
    p.recv(&ok("channel.ready", TEL, "{}"));
    assert_eq!(settled(&mut p).len(), 1);
    // Never applied: times out with the request timeout.
    p.engine.submit(p.now, Command::Activate(ActivateData::new(None)), Some(CHAT), opts).unwrap();
    p.pump();
    p.recv(&ok("channel.activate", CHAT, "{}"));
    p.advance(10_000);
    assert!(matches!(settled(&mut p)[..], [(_, Err(CommandError::Timeout { .. }))]));
}

#[test]
fn dial_secondary_events_build_an_interaction() {
    let mut p = ready_pair();
    p.recv(&event(TEL, "channel.infochanged", r#"{"state":"ACTIVE","agentStatus":{"status":"ready"}}"#));
    let opts = SubmitOptions { until_applied: true, timeout: None };
    p.engine.submit(p.now, Command::Dial(DialData(j(r#"{"destination":"+15125550199"}"#))), Some(TEL), opts).unwrap();
    p.pump();
    let ix = "s-1001.cg-1.ch-tel.ix-1";
    let cv = "s-1001.cg-1.ch-tel.ix-1.cv-1";
    p.recv(&ok("channel.dial", TEL, r#"{"destination":"+15125550199"}"#));
    for f in [
        event(TEL, "channel.infochanged", r#"{"state":"ACTIVE","agentStatus":{"status":"busy_ready"}}"#),
        event(TEL, "state.updated", r#"{"state":"ACTIVE"}"#),
        event(ix, "interaction.created", r#"{"interaction":{"id":"ix-1","type":"TELEPHONY","direction":"outbound"}}"#),
        event(ix, "state.updated", r#"{"state":"DIALING"}"#),
        event(cv, "conversation.created", r#"{"conversation":{"id":"cv-1","kind":"primary"}}"#),
        event(cv, "state.updated", r#"{"state":"DIALING"}"#),
        event(cv, "conversation.member.added", r#"{"member":{"id":"m-1","address":"+15125550199"}}"#),
        event(cv, "conversation.initialized", "{}"),
        event(ix, "interaction.datachanged", r#"{"data":{"DNIS":"+15125550199"}}"#),
        event(ix, "interaction.preview", "{}"),
        event(ix, "interaction.initialized", "{}"),
    ] {
        p.recv(&f);
    }
    let ev = p.take_events();
    assert!(
        ev.iter().any(|e| matches!(e, EngineEvent::Settled { result: Ok(_), .. })),
        "dial applied once the interaction appeared"
    );
    let m = p.engine.model();
    let i = &m.interactions()[ix];
    assert_eq!(i.channel(), TEL);
    assert_eq!(i.data.len(), 1);
    assert!(i.initialized && i.previewed);
    assert_eq!(m.conversations()[cv].members.len(), 1);
    assert_eq!(m.channel(TEL).unwrap().status(), Some(&AgentStatusValue::BusyReady));
    m.check_invariants().unwrap();
}

#[test]
fn commands_while_reconnecting_queue_and_sent_ones_are_rejected_as_disconnected() {
    let mut p = ready_pair();
    p.recv(&event(TEL, "channel.infochanged", r#"{"state":"ACTIVE","agentStatus":{"status":"ready"}}"#));
    let sent = p.engine.submit(p.now, not_ready("12"), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    p.take_sent();
    p.events.clear();
    p.server_close(1006, "");
    let ev = p.take_events();
    assert!(ev.iter().any(
        |e| matches!(e, EngineEvent::Settled { id, result: Err(CommandError::Disconnected { .. }), .. } if *id == sent)
    ));
    assert!(ev.iter().any(|e| matches!(e, EngineEvent::State { state: ConnectionState::Reconnecting, attempt: 1, retry_in: Some(d), .. } if *d <= 100)));
    // While away: queued, not sent, not rejected.
    let queued = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(CHAT), SubmitOptions::default()).unwrap();
    p.pump();
    assert!(p.sent.is_empty());
    assert_eq!(p.engine.pending_count(true), 1);
    p.advance(100);
    assert_eq!(p.actions.last(), Some(&Transmit::Open));
    p.open();
    rebind_processor(&mut p);
    // Same session: bindResource directly, no prepareSession.
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    assert_eq!(r.resource_id.as_deref(), Some(SID));
    p.recv(&core_ok(&r.request_id, "bindResource"));
    let start = sent_request(&mut p);
    p.recv(&ok(&start.name, SID, "{}"));
    // Re-announced snapshot: the telephony channel went not ready while away, the chat
    // channel vanished.
    p.events.clear();
    for e in init_events() {
        if e.contains("ch-chat") {
            continue;
        }
        p.recv(&e);
    }
    p.recv(&event(
        TEL,
        "channel.infochanged",
        r#"{"state":"ACTIVE","agentStatus":{"status":"not_ready","lastReasonCode":"30","lastReasonName":"System"}}"#,
    ));
    p.recv(&event(SID, "session.initialized", "{}"));
    let ev = p.take_events();
    let names: Vec<&str> = ev
        .iter()
        .filter_map(|e| if let EngineEvent::Event { event, .. } = e { Some(&*event.name) } else { None })
        .collect();
    // Unchanged objects make no noise; the real changes do. The first re-announced
    // infochanged says INACTIVE/not_ready (from the fixture list), the second the truth.
    assert!(names.contains(&"channel.infochanged"));
    assert!(!names.contains(&"channel.created"), "{names:?}");
    assert!(!names.contains(&"channelgroup.created"));
    assert!(ev.iter().any(|e| matches!(e, EngineEvent::Changed { changes } if changes.iter().any(|c| c.kind == ChangeKind::Removed && c.object == ObjectKind::Channel && c.target == CHAT))));
    assert!(ev.iter().any(|e| matches!(e, EngineEvent::Resynced { .. })));
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    assert_eq!(p.engine.model().channel(TEL).unwrap().state, ChannelState::Active);
    // The queued command targeted a channel that is gone; it is still sent as the page
    // asked, and the server answers it.
    let r = sent_request(&mut p);
    assert_eq!(r.target.as_deref(), Some(CHAT));
    p.recv(&fail("channel.ready", CHAT, "UNKNOWN_TARGET"));
    assert!(matches!(settled(&mut p)[..], [(id, Err(_))] if id == queued));
}

#[test]
fn vanished_resource_prepares_again_with_override() {
    let (mut p, r) = reconnect_to_bind_resource();
    p.recv(&format!(
        r#"{{"messageType":"coreResponse","requestId":"{}","command":"bindResource","result":"failure","failure":{{"code":"RESOURCE_UNKNOWN","message":"gone"}}}}"#,
        r.request_id
    ));
    prepare_and_start(&mut p, true);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}

#[test]
fn replaced_session_closes_for_good_and_rejects_pending_commands() {
    let mut p = ready_pair();
    let id = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    p.server_close(4001, "session replaced");
    let ev = p.take_events();
    assert!(ev.iter().any(|e| matches!(e, EngineEvent::Settled { id: i, result: Err(CommandError::Closed { reason: CloseReason::Replaced }), .. } if *i == id)));
    assert!(ev.iter().any(|e| matches!(
        e,
        EngineEvent::State { state: ConnectionState::Closed, reason: Some(CloseReason::Replaced), .. }
    )));
    p.advance(120_000);
    assert_eq!(p.actions.iter().filter(|a| **a == Transmit::Open).count(), 1, "no reconnect after 4001");
    assert_eq!(p.engine.poll_timeout(), None);
}

#[test]
fn keep_alive_pings_on_silence_and_reconnects_when_unanswered() {
    let (mut p, ping) = pinged();
    p.recv(&core_ok(&ping.request_id, "ping"));
    p.advance(5_000);
    let Frame::CoreRequest(ping) = p.take_sent() else { panic!("expected a second ping") };
    assert_eq!(ping.command, "ping");
    p.events.clear();
    p.advance(2_000);
    assert!(matches!(p.actions.last(), Some(Transmit::Close { code: 4000, .. })));
    assert_eq!(p.engine.state(), ConnectionState::Reconnecting);
}

#[test]
fn reconnect_gives_up_after_the_policy_attempts() {
    let mut p = ready_pair();
    for _ in 0..5 {
        p.server_close(1006, "");
        p.advance(1_000);
        assert_eq!(p.actions.last(), Some(&Transmit::Open));
        p.socket_open = true;
    }
    p.server_close(1006, "");
    assert_eq!(p.engine.close_reason(), Some(&CloseReason::ReconnectExhausted { attempts: 5 }));
}

#[test]
fn logout_success_closes_the_session() {
    let mut p = ready_pair();
    p.engine.submit(p.now, Command::Logout(Empty::new()), None, SubmitOptions::default()).unwrap();
    p.pump();
    p.recv(r#"{"command":"session.request.logout","target":"s-1001","result":"success"}"#);
    assert_eq!(p.engine.close_reason(), Some(&CloseReason::LoggedOut));
    assert!(matches!(p.actions.last(), Some(Transmit::Close { code: 1000, .. })));
}

#[test]
fn hostile_frames_become_rate_limited_protocol_errors_and_the_session_goes_on() {
    let mut p = ready_pair();
    let deep = "[".repeat(100_000);
    let huge =
        format!(r#"{{"messageType":"objectEvent","target":"s-1001","name":"x","data":"{}"}}"#, "a".repeat(5 << 20));
    let hostile: Vec<String> = vec![
        "not json".into(),
        "[]".into(),
        "{}".into(),
        deep,
        huge,
        r#"{"messageType":"objectEvent","target":"s-1001.cg-1.ch-tel","name":"channel.infochanged","data":{"state":7}}"#.into(),
        event("s-1001.cg-1.nope", "channel.infochanged", r#"{"state":"ACTIVE"}"#),
        event("s-9999.cg-1.ch-tel", "channel.infochanged", r#"{"state":"ACTIVE"}"#),
        event("s-1001.cg-1", "channel.created", r#"{"channel":{"id":"a.b"}}"#),
        r#"{"messageType":"mystery"}"#.into(),
        r#"{"command":"channel.ready","target":"s-1001.cg-1.ch-tel","data":{}}"#.into(),
    ];
    for f in &hostile {
        p.recv(f);
        let errs = protocol_errors(&mut p);
        assert_eq!(errs.len(), 1, "{}: {errs:?}", &f[..f.len().min(80)]);
    }
    p.engine.handle_binary(p.now, 12);
    p.pump();
    assert_eq!(protocol_errors(&mut p), [ProtocolErrorKind::Malformed]);
    // Unknown events are not errors: they pass on to the page.
    p.recv(&event(SID, "session.future.thing", r#"{"x":1}"#));
    assert!(matches!(&p.take_events()[..], [EngineEvent::Event { changes, .. }] if changes.is_empty()));
    // A flood: a burst goes through, then one summary.
    for _ in 0..1_000 {
        p.recv("garbage");
    }
    let flood = protocol_errors(&mut p);
    assert!(flood.len() < 30, "rate limited: {}", flood.len());
    p.advance(2_000);
    p.recv("garbage");
    assert_eq!(protocol_errors(&mut p), [ProtocolErrorKind::Suppressed, ProtocolErrorKind::Malformed]);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    p.engine.model().check_invariants().unwrap();
}

/// The browser does not copy a frame with more UTF-16 units than the limit has bytes: it
/// gives its length and beginning (`Input::Oversized`), and the engine judges it exactly as it
/// judges the whole frame: the same protocol error, naming the same size, with the same
/// excerpt (cut inside a character or not), and the socket heard from all the same.
#[test]
fn an_oversized_frame_given_by_length_and_head_is_judged_as_the_whole_frame() {
    for fill in ["a", "é", "€", "😀"] {
        let mut c = config();
        c.keep_alive = 5_000;
        c.max_frame_bytes = 64 << 10;
        let (mut whole, mut cut) = (Pair::new(c.clone()), Pair::new(c));
        let data = fill.repeat((100 << 10) / fill.len());
        let text = format!(r#"{{"messageType":"objectEvent","target":"s-1001","name":"x","data":"{data}"}}"#);
        let end = (0..=OVERSIZED_HEAD).rev().find(|&k| text.is_char_boundary(k)).unwrap();
        for p in [&mut whole, &mut cut] {
            bootstrap(p);
            p.events.clear();
            p.advance(3_000);
        }
        whole.recv(&text);
        let _ = cut.engine.handle(cut.now, Input::Oversized { len: text.len(), head: Cow::Borrowed(&text[..end]) });
        cut.pump();
        let events = whole.take_events();
        let size = format!("frame of {} bytes exceeds the {}-byte limit", text.len(), 64 << 10);
        assert!(
            matches!(&events[..], [EngineEvent::ProtocolError(e)] if e.kind == ProtocolErrorKind::Malformed && e.message.to_string() == size),
            "{fill}: {events:?}"
        );
        assert_eq!(cut.take_events(), events, "{fill}");
        assert_eq!(cut.engine.poll_timeout(), whole.engine.poll_timeout(), "{fill}: the socket was heard from");
    }
}

#[test]
fn page_close_rejects_everything_and_stops_timers() {
    let mut p = ready_pair();
    p.server_close(1006, "");
    let queued = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    p.engine.close(p.now);
    p.pump();
    let s = settled(&mut p);
    assert!(matches!(s[..], [(id, Err(CommandError::Closed { reason: CloseReason::ClosedByPage }))] if id == queued));
    assert_eq!(p.engine.poll_timeout(), None);
    assert_eq!(p.engine.state(), ConnectionState::Closed);
}

/// Issue 15, item 5: a server event may not take the name of one of the SDK's own events.
#[test]
fn a_server_event_named_like_the_sdks_own_events_is_a_protocol_error() {
    let mut p = ready_pair();
    for name in agentwire::proto::wire::SDK_EVENT_NAMES {
        p.recv(&event(SID, name, r#"{"message":"Replace the other session?"}"#));
        assert_eq!(protocol_errors(&mut p), [ProtocolErrorKind::UnexpectedMessage], "{name}");
    }
    // Other unknown names still reach the page (PROTOCOL.md 1.12).
    p.recv(&event(SID, "confirm.later", "{}"));
    assert!(matches!(&p.take_events()[..], [EngineEvent::Event { .. }]));
}

/// Issue 15, item 7: an event the model cannot apply is reported and still dispatched.
#[test]
fn an_event_for_an_unknown_object_is_reported_and_still_dispatched() {
    let mut p = ready_pair();
    let ghost = format!("{SID}.cg-1.ghost");
    p.recv(&event(&ghost, "interaction.datachanged", r#"{"data":{"k":"v"}}"#));
    let ev = p.take_events();
    assert!(
        matches!(&ev[..], [EngineEvent::ProtocolError(e), EngineEvent::Event { event, changes, .. }]
            if e.kind == ProtocolErrorKind::InvalidEvent && event.target == ghost && changes.is_empty()),
        "{ev:?}"
    );
}

/// Issue 15, item 8: a server that echoes the password, in any escaping, gets it back
/// nowhere: not in recordings, protocol errors' frames and messages, failures' `original` and
/// messages.
#[test]
fn an_echoed_password_is_blanked_wherever_it_leaves_the_sdk() {
    let pw = "p/w=é";
    let spellings = [r#"p/w=é"#, r#"p\/w=é"#, r#"p\/w\u003d\u00e9"#, r#"\u0070\/w\u003D\u00E9"#];
    let mut c = config();
    c.password = pw.into();
    let mut p = Pair::new(c);
    p.engine.start_recording();
    bootstrap(&mut p);
    let mut out = String::new();
    for (i, sp) in spellings.iter().enumerate() {
        // A malformed frame carrying it: the protocol error's excerpt.
        p.recv(&format!(r#"{{"messageType":"objectEvent","target":"{SID}","name":"x","data":{{"password":"{sp}"}}"#));
        // A failure echoing it in `original` and in its message.
        let id = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
        p.pump();
        let _ = sent_request(&mut p);
        p.recv(&format!(
            r#"{{"command":"channel.request.ready","target":"{TEL}","result":"failure","failure":{{"code":"X","message":"{sp}"}},"original":{{"command":"channel.request.ready","target":"{TEL}","data":{{"agent":{{"password":"{sp}"}},"n":{i}}}}}}}"#
        ));
        for e in p.take_events() {
            match e {
                EngineEvent::ProtocolError(e) => out.push_str(&format!("{} {:?}\n", e.message, e.frame)),
                EngineEvent::Settled {
                    id: got, result: Err(CommandError::Failure { message, original, .. }), ..
                } => {
                    assert_eq!(got, id);
                    let original = original.expect("original kept");
                    out.push_str(&format!(
                        "{message} {}\n",
                        agentwire::proto::wire::ToJson::to_json(&*original).to_json_string()
                    ));
                }
                _ => {}
            }
        }
    }
    out.push_str(&p.engine.recorder().unwrap().export());
    for sp in spellings {
        assert!(!out.contains(sp), "{sp} leaked:\n{out}");
    }
    assert!(!out.contains("p\\/w") && !out.contains(pw), "{out}");
    assert!(out.contains("<redacted>"), "{out}");
}

/// Issue 15, item 3: past the model's byte budget the engine reports what was dropped, the
/// event still reaches the page, and the session goes on.
#[test]
fn data_past_the_byte_budget_is_dropped_and_reported() {
    let mut c = config();
    c.limits.bytes = 1 << 20;
    let mut p = Pair::new(c);
    bootstrap(&mut p);
    p.take_events();
    let labels = format!(r#"[{{"name":"{}"}}]"#, "d".repeat(400_000));
    for channel in [TEL, CHAT, EMAIL, TEL] {
        let data = format!(r#"{{"dispositions":[{{"dispositionId":"d-1","labels":{labels}}}]}}"#);
        p.recv(&event(channel, "channel.externaldispositions.updated", &data));
    }
    let ev = p.take_events();
    assert!(
        ev.iter().any(|e| matches!(e, EngineEvent::ProtocolError(e) if e.kind == ProtocolErrorKind::BudgetExceeded)),
        "{ev:?}"
    );
    assert_eq!(ev.iter().filter(|e| matches!(e, EngineEvent::Event { .. })).count(), 4, "every event dispatched");
    assert!(p.engine.model().data_bytes() <= 1 << 20);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}

#[test]
fn a_command_closed_by_the_page_reports_how_long_it_waited() {
    let mut p = ready_pair();
    let id = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    p.now += 250;
    p.engine.close(p.now);
    p.pump();
    let ev = p.take_events();
    assert!(
        ev.iter().any(|e| matches!(e, EngineEvent::Settled { id: i, elapsed: 250, result: Err(CommandError::Closed { .. }), .. } if *i == id)),
        "{ev:?}"
    );
}

#[test]
fn reason_list_request_is_applied_by_its_event_even_when_the_list_is_unchanged() {
    let mut p = ready_pair();
    let opts = SubmitOptions { until_applied: true, timeout: None };
    let id = p.engine.submit(p.now, Command::RequestNotReadyReasons(Empty::new()), None, opts).unwrap();
    p.pump();
    p.recv(&ok("session.request.externalnotreadyreasons", SID, "{}"));
    assert!(settled(&mut p).is_empty(), "waits for the list");
    // The server re-sends the same list it sent at start-up.
    let same = init_events().into_iter().find(|e| e.contains("externalnotreadyreasons")).unwrap();
    p.recv(&same);
    assert!(matches!(settled(&mut p)[..], [(i, Ok(_))] if i == id));
}

#[test]
fn a_first_connect_that_drops_after_opening_retries_and_reuses_the_prepared_session() {
    let mut p = Pair::new(config());
    p.connect();
    p.open();
    bind_services(&mut p);
    // prepareSession succeeds, then the socket drops before bindResource is answered.
    let Frame::ServiceRequest(r) = p.take_sent() else { panic!() };
    p.recv(&prepared(&r.request_id));
    p.take_sent();
    p.events.clear();
    p.server_close(1006, "");
    let ev = p.take_events();
    assert!(ev
        .iter()
        .any(|e| matches!(e, EngineEvent::State { state: ConnectionState::Reconnecting, attempt: 1, .. })));
    p.advance(1_000);
    p.open();
    assert!(
        p.take_events()
            .iter()
            .any(|e| matches!(e, EngineEvent::State { state: ConnectionState::Open, attempt: 1, .. })),
        "the attempt number is reported in every state"
    );
    rebind_processor(&mut p);
    bind_and_start(&mut p); // the prepared resource is bound again: no second prepareSession
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}

#[test]
fn a_first_connect_that_keeps_dropping_gives_up_as_connect_failed() {
    let mut p = Pair::new(config());
    p.connect();
    for _ in 0..5 {
        p.open();
        p.server_close(1006, "");
        p.advance(1_000);
    }
    p.open();
    p.server_close(1006, "");
    assert!(matches!(p.engine.close_reason(), Some(CloseReason::ConnectFailed { .. })));
}

#[test]
fn a_retry_whose_previous_processor_refuses_the_bind_discovers_again() {
    let mut p = ready_pair();
    p.server_close(1006, "");
    p.advance(1_000);
    p.open();
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    assert_eq!(r.service_id.as_deref(), Some(PROCESSOR), "the processor that holds the resource");
    p.recv(&format!(
        r#"{{"messageType":"coreResponse","requestId":"{}","command":"bindService","result":"failure","failure":{{"code":"RESOURCE_UNKNOWN","message":"no such service"}}}}"#,
        r.request_id
    ));
    assert_eq!(p.engine.state(), ConnectionState::Reconnecting, "not closed for good: the next attempt discovers");
    p.advance(30_000);
    p.open();
    bind_services(&mut p);
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    assert_eq!(r.resource_id.as_deref(), Some(SID));
}

#[test]
fn resource_unknown_as_a_core_error_prepares_again_and_other_bind_failures_never_override() {
    // WIRE-PROFILE §6: only RESOURCE_UNKNOWN re-prepares (with override); the code may come
    // as a coreError's errorType as well as a coreResponse's failure.code.
    let (mut p, r) = reconnect_to_bind_resource();
    p.recv(&format!(
        r#"{{"messageType":"coreError","requestId":"{}","errorType":"RESOURCE_UNKNOWN","message":"gone"}}"#,
        r.request_id
    ));
    prepare_and_start(&mut p, true);
    assert_eq!(p.engine.state(), ConnectionState::Ready);

    let (mut p, r) = reconnect_to_bind_resource();
    p.recv(&format!(
        r#"{{"messageType":"coreResponse","requestId":"{}","command":"bindResource","result":"failure","code":"NOT_ALLOWED"}}"#,
        r.request_id
    ));
    assert!(p.sent.is_empty(), "no prepareSession with override for another code");
    assert!(matches!(p.engine.close_reason(), Some(CloseReason::Refused { code, .. }) if code == "NOT_ALLOWED"));
}

#[test]
fn an_error_answer_to_the_keep_alive_still_proves_the_socket_alive() {
    let (mut p, ping) = pinged();
    p.recv(&format!(
        r#"{{"messageType":"coreError","requestId":"{}","errorType":"UNKNOWN_COMMAND","message":"ping?"}}"#,
        ping.request_id
    ));
    p.advance(2_000);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    assert!(!p.actions.iter().any(|a| matches!(a, Transmit::Close { .. })));
}

#[test]
fn a_slow_initialization_that_keeps_progressing_is_not_timed_out() {
    // PROTOCOL 2.6 gives initialization no bound: the start timeout restarts on each event.
    let mut c = config();
    c.request_timeout = 2_000;
    let (mut p, r) = to_prepare(c);
    p.recv(&prepared(&r.request_id));
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    p.recv(&core_ok(&r.request_id, "bindResource"));
    let Frame::Request(start) = p.take_sent() else { panic!() };
    for e in init_events() {
        p.advance(1_500);
        p.recv(&e);
    }
    p.recv(&ok(&start.name, SID, "{}"));
    p.advance(1_500);
    p.recv(&event(SID, "session.initialized", "{}"));
    assert_eq!(p.engine.state(), ConnectionState::Ready, "{} ms in all, never 2 s without progress", 1_500 * 12);
}

#[test]
fn a_prepare_session_answer_without_command_is_matched_by_request_id() {
    let (mut p, r) = to_prepare(config());
    p.recv(&format!(
        r#"{{"messageType":"serviceResponse","requestId":"{}","result":"success","data":{{"resourceId":"{SID}"}}}}"#,
        r.request_id
    ));
    bind_and_start(&mut p);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}

/// Issue 15, item 6: an unanswered override prompt does not hold `connect()` for ever: past
/// `confirm_timeout` the other session is kept and this one closes.
#[test]
fn an_unanswered_override_prompt_declines_after_its_timeout() {
    let (mut p, r) = to_prepare(config());
    p.recv(&format!(
        r#"{{"messageType":"serviceResponse","requestId":"{}","command":"prepareSession","result":"confirm","message":"Replace it?"}}"#,
        r.request_id
    ));
    p.advance(p.engine.config().confirm_timeout - 1);
    assert_eq!(p.engine.state(), ConnectionState::Open);
    p.advance(1);
    assert_eq!(p.engine.close_reason(), Some(&CloseReason::OverrideDeclined));
    assert!(matches!(p.actions.last(), Some(Transmit::Close { code: 4000, .. })));
    assert!(!p.engine.confirm(p.now, true), "no prompt waits any more");
}

/// Issue 15, items 1 and 6: a server that keeps sending objects but never
/// `session.initialized` cannot hold the start-up (or a resync) open for ever: each sign of
/// progress moves the deadline, but never past `startup_timeout`.
#[test]
fn start_up_has_a_hard_deadline_whatever_the_server_sends() {
    let mut c = config();
    c.request_timeout = 5_000;
    let (mut p, r) = to_prepare(c);
    p.recv(&prepared(&r.request_id));
    let Frame::CoreRequest(b) = p.take_sent() else { panic!("expected bindResource") };
    p.recv(&core_ok(&b.request_id, "bindResource"));
    let Frame::Request(start) = p.take_sent() else { panic!("expected session start") };
    p.recv(&ok(&start.name, SID, "{}"));
    let started = p.now;
    let cap = started + p.engine.config().startup_timeout;
    // Progress every 4 s (within request_timeout) keeps it going, up to the cap.
    while p.now + 4_000 < cap {
        p.advance(4_000);
        p.recv(&event(SID, "session.agentleg.connected", "{}"));
        assert_eq!(p.engine.state(), ConnectionState::Initializing, "at {} ms", p.now - started);
    }
    p.advance(cap - p.now);
    assert_ne!(p.engine.state(), ConnectionState::Initializing, "the start-up ended at its hard deadline");
    assert!(p
        .actions
        .iter()
        .any(|t| matches!(t, Transmit::Close { reason, .. } if reason.to_string().contains("starting the session"))));
}

#[test]
fn keep_alive_runs_while_the_override_prompt_waits() {
    let mut c = config();
    c.keep_alive = 5_000;
    let (mut p, r) = to_prepare(c);
    p.recv(&format!(
        r#"{{"messageType":"serviceResponse","requestId":"{}","command":"prepareSession","result":"confirm","message":"Replace it?"}}"#,
        r.request_id
    ));
    p.advance(5_000);
    let Frame::CoreRequest(ping) = p.take_sent() else { panic!("expected a ping while the prompt waits") };
    assert_eq!(ping.command, "ping");
    p.recv(&core_ok(&ping.request_id, "ping"));
    assert!(p.engine.confirm(p.now, true));
    p.pump();
    prepare_and_start(&mut p, true);
    assert_eq!(p.engine.state(), ConnectionState::Ready);
}

#[test]
fn a_failure_settles_the_in_flight_request_whose_data_its_original_repeats() {
    // WIRE-PROFILE §5: the oldest request with the same command and target, confirmed by the
    // failure's `original`: with two in flight, `original.data` picks the one that failed.
    let mut p = ready_pair();
    let first = p.engine.submit(p.now, not_ready("12"), Some(TEL), SubmitOptions::default()).unwrap();
    let second = p.engine.submit(p.now, not_ready("rc-12"), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    let a = sent_request(&mut p);
    let b = sent_request(&mut p);
    p.events.clear();
    p.recv(&format!(
        r#"{{"command":"{}","target":"{TEL}","result":"failure","failure":{{"code":"INVALID_STATE","message":"no"}},"original":{{"command":"{}","target":"{TEL}","data":{{"reasoncode":"rc-12"}}}}}}"#,
        b.name, b.name
    ));
    let s = settled(&mut p);
    assert!(matches!(&s[..], [(id, Err(CommandError::Failure { .. }))] if *id == second), "{s:?}");
    assert!(protocol_errors(&mut p).is_empty());
    p.recv(&ok(&a.name, TEL, r#"{"reasoncode":"12"}"#));
    assert!(matches!(&settled(&mut p)[..], [(id, Ok(_))] if *id == first));
}

#[test]
fn core_request_ids_carry_the_configured_prefix() {
    // PROTOCOL 1.2: unique per request; the browser passes a random prefix per session.
    let mut c = config();
    c.request_id_prefix = "aw-1f2e3d4c-".into();
    let mut p = Pair::new(c);
    p.connect();
    p.open();
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    assert_eq!(r.request_id, "aw-1f2e3d4c-1");
}

#[test]
fn unknown_command_retries_once_in_the_other_dialect_and_keeps_it() {
    // A server of the current generation answers the legacy `session.start` with
    // UNKNOWN_COMMAND: the same request goes again as `session.request.start`, and later
    // commands use that dialect.
    let (mut p, r) = to_prepare(config());
    p.recv(&prepared(&r.request_id));
    let Frame::CoreRequest(r) = p.take_sent() else { panic!() };
    p.recv(&core_ok(&r.request_id, "bindResource"));
    let Frame::Request(start) = p.take_sent() else { panic!() };
    assert_eq!(start.name, "session.start");
    p.recv(&fail(&start.name, SID, "UNKNOWN_COMMAND"));
    let Frame::Request(again) = p.take_sent() else { panic!("expected the start again") };
    assert_eq!((again.name.as_str(), again.target.as_deref()), ("session.request.start", Some(SID)));
    p.recv(&ok(&again.name, SID, "{}"));
    for e in init_events() {
        p.recv(&e);
    }
    p.recv(&event(SID, "session.initialized", "{}"));
    assert_eq!(p.engine.state(), ConnectionState::Ready);
    let id = p.engine.submit(p.now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default()).unwrap();
    p.pump();
    let ready = sent_request(&mut p);
    assert_eq!(ready.name, "channel.request.ready");
    // A command that fails UNKNOWN_COMMAND in the dialect that works is not retried again.
    p.events.clear();
    p.recv(&fail(&ready.name, TEL, "UNKNOWN_COMMAND"));
    assert!(p.sent.is_empty());
    assert!(
        matches!(&settled(&mut p)[..], [(i, Err(CommandError::Failure { code, .. }))] if *i == id && code == "UNKNOWN_COMMAND")
    );
}
