//! Host tests of the session model (`src/proto/model`): the initialization sequence of
//! PROTOCOL.md §2.6, the secondary-event lists of §3, the event fixtures, registry-based
//! target resolution (§1.8), typed errors that leave the model unchanged, idempotence,
//! resync, and the interaction lifecycle.
//!
//! Event sequences are written as traces, one event per line, `<target> <name> <data JSON>`,
//! optionally followed by ` => <expected changes>` (see [`show`]).

use agentwire::proto::json::Json;
use agentwire::proto::model::{
    AgentLeg, ApplyError, Change, ChangeKind, Changes, InteractionState, Limits, Model, ObjectKind as K,
};
use agentwire::proto::target::TargetError;
use agentwire::proto::wire::{self, AgentStatusValue, ChannelState, Event, Frame};
use std::path::PathBuf;
use ChangeKind::{Added, Removed, Updated};

const S: &str = "s-1001";
const CG: &str = "s-1001.cg-1";
const TEL: &str = "s-1001.cg-1.ch-tel";
const CHAT: &str = "s-1001.cg-1.ch-chat";
const EMAIL: &str = "s-1001.ch-email";
const IX: &str = "s-1001.cg-1.ch-tel.ix-5001";
const CV1: &str = "s-1001.cg-1.ch-tel.ix-5001.cv-1";
const CV2: &str = "s-1001.cg-1.ch-tel.ix-5001.cv-2";

/// The objects the protocol fixtures target: group cg-1 holding ch-tel, stand-alone
/// ch-email, interaction ix-5001 on ch-tel with conversations cv-1 and cv-2.
const BASE: &str = r#"
s-1001 channelgroup.created {"channelgroup":{"id":"cg-1","name":"Voice"}}
s-1001.cg-1 channel.created {"channel":{"id":"ch-tel","name":"5001","type":"TELEPHONY","modelType":"TELEPHONY"}}
s-1001 channel.created {"channel":{"id":"ch-email","name":"agent4001@example.com","type":"EMAIL","modelType":"EMAIL"}}
s-1001.cg-1.ch-tel.ix-5001 interaction.created {"interaction":{"id":"ix-5001","type":"TELEPHONY"}}
s-1001.cg-1.ch-tel.ix-5001.cv-1 conversation.created {"conversation":{"id":"cv-1","kind":"primary"}}
s-1001.cg-1.ch-tel.ix-5001.cv-2 conversation.created {"conversation":{"id":"cv-2","kind":"consult"}}
"#;

/// PROTOCOL.md §2.6: groups and channels, their state, reason lists, `session.initialized` last.
const INIT: &str = r#"
s-1001 channelgroup.created {"channelgroup":{"id":"cg-1","name":"Voice"}} => +channelgroup s-1001.cg-1
s-1001.cg-1 channel.created {"channel":{"id":"ch-tel","name":"5001","type":"TELEPHONY","modelType":"TELEPHONY"}} => +channel s-1001.cg-1.ch-tel
s-1001.cg-1 channel.created {"channel":{"id":"ch-chat","name":"chat-1","type":"CHAT"}} => +channel s-1001.cg-1.ch-chat
s-1001 channel.created {"channel":{"id":"ch-email","name":"agent4001@example.com","type":"EMAIL","modelType":"EMAIL"}} => +channel s-1001.ch-email
s-1001.cg-1.ch-tel channel.infochanged {"state":"ACTIVE","agentStatus":{"status":"not_ready","lastReasonCode":"12","lastReasonName":"Lunch"}} => ~channel
s-1001.cg-1.ch-chat channel.infochanged {"state":"ACTIVE","agentStatus":{"status":"ready","lastReasonCode":"","lastReasonName":""}} => ~channel
s-1001.ch-email channel.infochanged {"state":"INACTIVE"} => nothing
s-1001.cg-1.ch-tel channel.initialized {} => ~channel
s-1001.cg-1.ch-chat channel.initialized {} => ~channel
s-1001.ch-email channel.initialized {} => ~channel
s-1001.cg-1 channelgroup.initialized {} => ~channelgroup
s-1001 session.externalnotreadyreasons.updated {"reasonCodes":[{"reasonCodeId":"rc-12","reasonCodeCode":"12","selectable":true,"extensions":[],"labels":[{"language":"en","country":"US","name":"Lunch","description":"Lunch break"}]},{"reasonCodeId":"rc-30","reasonCodeCode":"30","selectable":false,"labels":[{"language":"en","name":"System"},{"language":"de","name":"System (de)"}]}]} => ~notReadyReasons
s-1001 session.externallogoutreasons.updated {"logoutReasons":[{"logoutReasonId":"lr-3","logoutReasonCode":"3","extensions":[],"labels":[{"name":"End of shift"}]}]} => ~logoutReasons
s-1001 session.initialized {} => ~session
"#;

/// An object event built from its target, name and `data` JSON text, through the decoder.
/// The value at `path` (member names and array positions, `/`-separated) of a kept payload,
/// or `null` when there is none.
fn at<'a>(v: &'a Json, path: &str) -> &'a Json {
    path.split('/')
        .try_fold(v, |v, k| match v {
            Json::Array(a) => a.get(k.parse::<usize>().ok()?),
            _ => v.get(k),
        })
        .unwrap_or(&Json::Null)
}

fn ev(target: &str, name: &str, data: &str) -> Event {
    let text = format!(r#"{{"messageType":"objectEvent","target":"{target}","name":"{name}","data":{data}}}"#);
    match wire::decode(&text) {
        Ok(Frame::Event(e)) => e,
        other => panic!("{text} did not decode to an event: {other:?}"),
    }
}

/// Applies an event that must succeed; returns its changes.
fn ap(m: &mut Model, target: &str, name: &str, data: &str) -> Changes {
    m.apply(&ev(target, name, data)).unwrap_or_else(|e| panic!("{name} on {target}: {e}"))
}

/// Applies a trace, checks each annotated line's changes and the invariants after every event.
fn run(m: &mut Model, trace: &str) -> Vec<Changes> {
    let lines = trace.lines().map(str::trim).filter(|l| !l.is_empty());
    lines
        .map(|l| {
            let (event, want) = l.split_once(" => ").map_or((l, None), |(e, w)| (e, Some(w)));
            let mut p = event.splitn(3, ' ');
            let (t, name) = (p.next().unwrap(), p.next().unwrap());
            let changes = ap(m, t, name, p.next().unwrap_or("{}"));
            if let Some(want) = want {
                assert_eq!(show(t, &changes), want, "{event}");
            }
            m.check_invariants().unwrap_or_else(|e| panic!("after {event}: {e}"));
            changes
        })
        .collect()
}

/// Changes as traces write them: `+` added, `~` updated, `-` removed, the object kind, then
/// its target unless it is the event's own; comma-separated; `nothing` when empty.
fn show(event_target: &str, changes: &Changes) -> String {
    let one = |c: &Change| {
        let sign = match c.kind {
            Added => '+',
            Updated => '~',
            Removed => '-',
        };
        let target = if c.target == event_target { String::new() } else { format!(" {}", c.target) };
        format!("{sign}{}{target}", c.object.name())
    };
    let all: Vec<String> = changes.iter().map(one).collect();
    if all.is_empty() {
        "nothing".into()
    } else {
        all.join(", ")
    }
}

/// The trace with every annotation replaced by `=> nothing` (for replays).
fn unchanged(trace: &str) -> String {
    let lines = trace.lines().map(|l| l.split(" => ").next().unwrap().trim()).filter(|l| !l.is_empty());
    lines.map(|l| format!("{l} => nothing\n")).collect()
}

fn chg(kind: ChangeKind, object: K, target: &str) -> Change {
    Change { kind, object, target: target.to_owned() }
}
fn upd(object: K, target: &str) -> Changes {
    vec![chg(Updated, object, target)]
}

/// Applies `e`, expects the error `want`, and proves the model is unchanged.
fn rejected(m: &mut Model, e: &Event, want: ApplyError) {
    let before = m.clone();
    assert_eq!(m.apply(e), Err(want), "{} on {}", e.name, e.target);
    assert_eq!(*m, before, "rejected {} on {} changed the model", e.name, e.target);
}

fn new_ix(target: &str, id: &str) -> Event {
    ev(target, "interaction.created", &format!(r#"{{"interaction":{{"id":"{id}"}}}}"#))
}
fn new_cv(target: &str, id: &str) -> Event {
    ev(target, "conversation.created", &format!(r#"{{"conversation":{{"id":"{id}"}}}}"#))
}
fn new_ch(parent: &str, id: &str) -> Event {
    ev(parent, "channel.created", &format!(r#"{{"channel":{{"id":"{id}"}}}}"#))
}
fn new_cg(id: &str) -> Event {
    ev(S, "channelgroup.created", &format!(r#"{{"channelgroup":{{"id":"{id}"}}}}"#))
}

fn unknown(target: &str) -> ApplyError {
    ApplyError::Target(TargetError::Unknown { target: target.into() })
}
fn wrong(target: &str, expected: &'static str, found: &'static str) -> ApplyError {
    ApplyError::Target(TargetError::WrongKind { target: target.into(), expected, found })
}
fn dotted(id: &str) -> ApplyError {
    ApplyError::Target(TargetError::IdWithDot { id: id.into() })
}
fn limit(what: &'static str, limit: usize) -> ApplyError {
    ApplyError::LimitExceeded { what, limit }
}

fn fresh(limits: Limits) -> Model {
    let mut m = Model::new(limits);
    assert_eq!(m.begin_session(S), vec![chg(Added, K::Session, S)]);
    m
}

fn base(limits: Limits) -> Model {
    let mut m = fresh(limits);
    let got = run(&mut m, BASE);
    assert!(got.iter().all(|c| c.len() == 1 && c[0].kind == Added));
    m
}

fn ix_state(m: &Model, ix: &str) -> Option<InteractionState> {
    m.interactions()[ix].state.clone()
}

fn status(m: &Model, ch: &str) -> (ChannelState, AgentStatusValue, Option<String>) {
    let c = m.channel(ch).unwrap();
    let st = c.agent_status.clone().unwrap();
    (c.state.clone(), st.status, st.last_reason_code)
}

// ------------------------------------------------------------------ 1. initialization (§2.6)

#[test]
fn initialization_sequence_builds_the_model_and_reports_each_change() {
    let mut m = fresh(Limits::default());
    run(&mut m, INIT);
    let s = m.session().unwrap();
    assert!(s.initialized && s.id == S && s.agent_leg == AgentLeg::Unknown);
    let g = &m.groups()[CG];
    assert_eq!((g.id(), g.name.as_deref(), g.initialized), ("cg-1", Some("Voice"), true));
    let members: Vec<&str> = m.channels_of_group(CG).map(|c| c.id()).collect();
    assert_eq!((members, m.channels().len()), (vec!["ch-chat", "ch-tel"], 3));
    let tel = m.channel(TEL).unwrap();
    assert_eq!((tel.group(), tel.initialized), (Some(CG), true));
    assert_eq!((tel.kind.as_deref(), tel.name.as_deref()), (Some("TELEPHONY"), Some("5001")));
    assert_eq!(tel.agent_status.as_ref().unwrap().last_reason_name.as_deref(), Some("Lunch"));
    assert_eq!(status(&m, TEL), (ChannelState::Active, AgentStatusValue::NotReady, Some("12".into())));
    assert_eq!(status(&m, CHAT).1, AgentStatusValue::Ready);
    let email = m.channel(EMAIL).unwrap();
    assert_eq!((email.group(), &email.state), (None, &ChannelState::Inactive));
    assert!(email.initialized && email.agent_status.is_none());

    let r = m.not_ready_reasons();
    assert_eq!(r.len(), 2);
    assert_eq!((at(&r[0], "reasonCodeCode").as_str(), at(&r[0], "selectable")), (Some("12"), &Json::Bool(true)));
    assert_eq!(at(&r[0], "labels/0/description").as_str(), Some("Lunch break"));
    assert_eq!((at(&r[1], "selectable"), wire::schema::list(&r[1], "labels").len()), (&Json::Bool(false), 2));
    assert_eq!(at(&r[1], "labels/1/name").as_str(), Some("System (de)"));
    assert_eq!(at(&m.logout_reasons()[0], "labels/0/name").as_str(), Some("End of shift"));

    let snap = m.to_json();
    let Some(Json::Array(chs)) = snap.get("channels") else { panic!("{snap:?}") };
    let get = |c: &Json, k: &str| c.get(k).and_then(Json::as_str).map(str::to_owned);
    let tel = chs.iter().find(|c| get(c, "target").as_deref() == Some(TEL)).unwrap();
    assert_eq!(get(tel, "group").as_deref(), Some(CG));
    assert_eq!(get(tel, "agentStatus").as_deref(), Some("not_ready"));
    assert_eq!(get(tel, "lastReasonName").as_deref(), Some("Lunch"));
    assert_eq!(snap.get("session").and_then(|s| s.get("initialized")), Some(&Json::Bool(true)));
}

#[test]
fn channel_created_under_an_unannounced_group_creates_the_group() {
    let mut m = fresh(Limits::default());
    // The second member joins the group; a late announcement only names it.
    let trace = r#"
        s-1001.cg-9 channel.created {"channel":{"id":"ch-x","type":"CHAT"}} => +channelgroup, +channel s-1001.cg-9.ch-x
        s-1001.cg-9 channel.created {"channel":{"id":"ch-y","type":"CHAT"}} => +channel s-1001.cg-9.ch-y
        s-1001 channelgroup.created {"channelgroup":{"id":"cg-9","name":"Digital"}} => ~channelgroup s-1001.cg-9
        "#;
    run(&mut m, trace);
    let g = "s-1001.cg-9";
    assert_eq!(m.groups().len(), 1);
    assert_eq!((m.groups()[g].id(), m.groups()[g].name.as_deref()), ("cg-9", Some("Digital")));
    assert_eq!(m.resolve(g), Some(K::ChannelGroup));
    assert_eq!(m.channels_of_group(g).count(), 2);
    assert_eq!(m.channel("s-1001.cg-9.ch-x").unwrap().group(), Some(g));
}

// ------------------------------------------------------------------ 3. secondary events (§3)

#[test]
fn channel_activate_ready_notready_deactivate() {
    use AgentStatusValue::{AfterCallWork, NotReady, Ready};
    use ChannelState::{Active, Inactive, Unavailable};
    let mut m = base(Limits::default());
    let info = |status: &str, code: &str| {
        format!(r#"{{"agentStatus":{{"status":"{status}","lastReasonCode":"{code}","lastReasonName":""}}}}"#)
    };
    // Each request's secondary events: channel.infochanged, then state.updated, which only
    // reports a change when infochanged did not already carry the state.
    let steps = [
        ("activate", r#"{"state":"ACTIVE","agentStatus":{"status":"not_ready"}}"#.into(), Active, NotReady, None),
        ("ready", info("ready", ""), Active, Ready, Some("")),
        ("notready 12", info("not_ready", "12"), Active, NotReady, Some("12")),
        ("notready acw", info("after_call_work", "acw"), Active, AfterCallWork, Some("acw")),
        ("deactivate", info("not_ready", ""), Inactive, NotReady, Some("")),
    ];
    for (i, (req, info, state, want_status, code)) in steps.into_iter().enumerate() {
        let moved = if i == 4 { "~channel" } else { "nothing" };
        run(&mut m, &format!("{TEL} channel.infochanged {info} => ~channel\n{TEL} state.updated {{\"state\":\"{state}\"}} => {moved}"));
        assert_eq!(status(&m, TEL), (state, want_status, code.map(str::to_owned)), "{req}");
    }
    // Another agent logs into the endpoint (CTI-driven).
    run(&mut m, r#"s-1001.cg-1.ch-tel state.updated {"state":"UNAVAILABLE"} => ~channel"#);
    assert_eq!(m.channel(TEL).unwrap().state, Unavailable);
}

#[test]
fn session_add_channel_and_add_channel_group() {
    let mut m = fresh(Limits::default());
    // session.request.addchannel, then session.addchannelgroup: the group, then each member.
    let trace = r#"
        s-1001 channel.created {"channel":{"id":"ch-chat","type":"CHAT","modelType":"CHAT"}} => +channel s-1001.ch-chat
        s-1001.ch-chat channel.infochanged {"state":"ACTIVE","agentStatus":{"status":"not_ready"}} => ~channel
        s-1001.ch-chat channel.initialized {} => ~channel

        s-1001 channelgroup.created {"channelgroup":{"id":"cg-2","name":"Sales"}} => +channelgroup s-1001.cg-2
        s-1001.cg-2 channel.created {"channel":{"id":"ch-a","type":"TELEPHONY"}} => +channel s-1001.cg-2.ch-a
        s-1001.cg-2.ch-a channel.infochanged {"state":"INACTIVE","agentStatus":{"status":"not_ready"}} => ~channel
        s-1001.cg-2.ch-a channel.initialized {} => ~channel
        s-1001.cg-2 channel.created {"channel":{"id":"ch-b","type":"EMAIL"}} => +channel s-1001.cg-2.ch-b
        s-1001.cg-2.ch-b channel.initialized {} => ~channel
        s-1001.cg-2 channelgroup.initialized {} => ~channelgroup
        "#;
    run(&mut m, trace);
    let c = m.channel("s-1001.ch-chat").unwrap();
    assert!(c.group().is_none() && c.initialized && c.state == ChannelState::Active);
    let g = "s-1001.cg-2";
    assert_eq!((m.groups()[g].name.as_deref(), m.groups()[g].initialized), (Some("Sales"), true));
    let members: Vec<&str> = m.channels_of_group(g).map(|c| c.target.as_str()).collect();
    assert_eq!(members, ["s-1001.cg-2.ch-a", "s-1001.cg-2.ch-b"]);
    assert!(m.channels_of_group(g).all(|c| c.initialized));
}

/// PROTOCOL.md §3.3: `channel.dial`'s secondary events, in the listed order.
const DIAL: &str = r#"
s-1001.cg-1.ch-tel channel.infochanged {"agentStatus":{"status":"busy_ready"}} => ~channel
s-1001.cg-1.ch-tel state.updated {"state":"ACTIVE"} => nothing
s-1001.cg-1.ch-tel.ix-7 interaction.created {"interaction":{"id":"ix-7","type":"TELEPHONY","direction":"outbound"}} => +interaction
s-1001.cg-1.ch-tel.ix-7 state.updated {"state":"DIALING"} => ~interaction
s-1001.cg-1.ch-tel.ix-7.cv-1 conversation.created {"conversation":{"id":"cv-1","kind":"primary"}} => +conversation
s-1001.cg-1.ch-tel.ix-7.cv-1 state.updated {"state":"DIALING"} => ~conversation
s-1001.cg-1.ch-tel.ix-7.cv-1 conversation.member.added {"member":{"id":"m-1","name":"Customer","role":"customer","address":"+15125550142"}} => ~conversation
s-1001.cg-1.ch-tel.ix-7.cv-1 conversation.initialized {} => ~conversation
s-1001.cg-1.ch-tel.ix-7 interaction.datachanged {"data":{"DNIS":"+15125550142","campaign":"spring"}} => ~interaction
s-1001.cg-1.ch-tel.ix-7 interaction.preview {} => ~interaction
s-1001.cg-1.ch-tel.ix-7 interaction.initialized {} => ~interaction
"#;

#[test]
fn channel_dial_secondary_events_in_order() {
    let mut m = fresh(Limits::default());
    run(&mut m, &INIT.replace(r#""status":"not_ready""#, r#""status":"ready""#));
    let (ix, cv) = ("s-1001.cg-1.ch-tel.ix-7", "s-1001.cg-1.ch-tel.ix-7.cv-1");
    assert_eq!(DIAL.trim().lines().count(), 11);
    let dialing = Some(InteractionState::Dialing);
    for (i, line) in DIAL.trim().lines().enumerate() {
        run(&mut m, line);
        let busy = (ChannelState::Active, AgentStatusValue::BusyReady, None);
        assert_eq!(status(&m, TEL), busy, "step {}", i + 1);
        assert_eq!(i >= 3, m.interactions().get(ix).is_some_and(|x| x.state == dialing), "step {}", i + 1);
        assert_eq!(i >= 5, m.conversations().get(cv).is_some_and(|c| c.state == dialing), "step {}", i + 1);
    }
    let x = &m.interactions()[ix];
    assert_eq!((x.channel(), x.kind.as_deref()), (TEL, Some("TELEPHONY")));
    assert_eq!(x.direction.as_deref(), Some("outbound"));
    assert!(x.previewed && x.initialized);
    let keys: Vec<&str> = x.data.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["DNIS", "campaign"]);
    let c = &m.conversations()[cv];
    assert_eq!((c.interaction(), c.kind.as_deref(), c.initialized), (ix, Some("primary"), true));
    assert_eq!(c.members.len(), 1);
    assert_eq!(
        (wire::schema::text(&c.members[0], "id"), wire::schema::text(&c.members[0], "role")),
        (Some("m-1"), Some("customer"))
    );
}

#[test]
fn consult_transfer_ends_both_conversations_and_the_interaction() {
    let mut m = base(Limits::default());
    // A connected primary call with a connected consult call, then §3.4's secondary events.
    let trace = r#"
        s-1001.cg-1.ch-tel.ix-5001 state.updated {"state":"STARTED"} => ~interaction
        s-1001.cg-1.ch-tel.ix-5001.cv-1 state.updated {"state":"STARTED"} => ~conversation
        s-1001.cg-1.ch-tel.ix-5001.cv-2 state.updated {"state":"STARTED"} => ~conversation
        s-1001.cg-1.ch-tel.ix-5001 interaction.focuschanged {"conversation":"cv-1"} => ~interaction

        s-1001.cg-1.ch-tel.ix-5001.cv-1 state.updated {"state":"ENDED"} => ~conversation
        s-1001.cg-1.ch-tel.ix-5001.cv-1 conversation.disposed {} => -conversation
        s-1001.cg-1.ch-tel.ix-5001 interaction.focuschanged {"conversation":"cv-2"} => ~interaction
        s-1001.cg-1.ch-tel.ix-5001.cv-2 state.updated {"state":"ENDED"} => ~conversation
        s-1001.cg-1.ch-tel.ix-5001.cv-2 conversation.disposed {} => -conversation
        s-1001.cg-1.ch-tel.ix-5001 interaction.ended {} => ~interaction
        "#;
    run(&mut m, trace);
    assert!(m.conversations().is_empty());
    assert_eq!(m.interactions()[IX].focus.as_deref(), Some("cv-2"));
    assert_eq!(ix_state(&m, IX), Some(InteractionState::Ended));
}

#[test]
fn accept_and_recording_through_state_updated() {
    let mut m = base(Limits::default());
    // interaction.accept → state.updated STARTED; recording start, pause, resume, stop, and
    // stop again (succeeds, changes nothing); a state.updated without `recording` keeps it.
    let trace = r#"
        s-1001.cg-1.ch-tel.ix-5001 state.updated {"state":"ALERTING"} => ~interaction
        s-1001.cg-1.ch-tel.ix-5001 interaction.preview {} => ~interaction
        s-1001.cg-1.ch-tel.ix-5001 state.updated {"state":"STARTED"} => ~interaction
        "#;
    run(&mut m, trace);
    assert_eq!((ix_state(&m, IX), &m.interactions()[IX].recording), (Some(InteractionState::Started), &None));
    let steps = [("recording", "~interaction"), ("paused", "~interaction"), ("recording", "~interaction")];
    for (rec, want) in steps.into_iter().chain([("stopped", "~interaction"), ("stopped", "nothing")]) {
        run(&mut m, &format!(r#"{IX} state.updated {{"state":"STARTED","recording":"{rec}"}} => {want}"#));
        assert_eq!(m.interactions()[IX].recording.as_deref(), Some(rec));
    }
    run(&mut m, &format!(r#"{IX} state.updated {{"state":"STARTED"}} => nothing"#));
    assert_eq!(m.interactions()[IX].recording.as_deref(), Some("stopped"));
    assert_eq!(ix_state(&m, IX), Some(InteractionState::Started));
}

#[test]
fn session_lists_agent_leg_and_dispositions() {
    let mut m = base(Limits::default());
    let trace = r#"
        s-1001 session.incontact.addressbook.updated {"addressbooks":[{"name":"Desk","groups":[{"name":"Esc","groups":[],"entries":[]}],"entries":[{"name":"Billing","type":"skill","destinations":[{"label":"Skill","value":"SK-1"}],"properties":{"mediaType":"PhoneCall","numAvailable":3}}]}]} => ~addressBooks
        s-1001 session.externalnotreadyreasons.updated {"reasonCodes":[{"reasonCodeId":"rc-1","reasonCodeCode":"1","labels":[{"name":"Break"}]}]} => ~notReadyReasons
        s-1001 session.externallogoutreasons.updated {"logoutReasons":[{"logoutReasonId":"lr-1","logoutReasonCode":"1","labels":[{"name":"Home"}]}]} => ~logoutReasons
        s-1001.cg-1.ch-tel channel.externaldispositions.updated {"dispositions":[{"dispositionId":"d-1","dispositionCode":"SALE","labels":[{"name":"Sale"}]}]} => ~channel
        "#;
    run(&mut m, trace);
    run(&mut m, &unchanged(trace));
    let b = &m.address_books()[0];
    let names = (at(b, "name").as_str(), at(b, "groups/0/name").as_str(), at(b, "entries/0/type").as_str());
    assert_eq!(names, (Some("Desk"), Some("Esc"), Some("skill")));
    assert_eq!(at(b, "entries/0/properties/numAvailable").as_u64(), Some(3));
    assert_eq!(at(&m.not_ready_reasons()[0], "labels/0/name").as_str(), Some("Break"));
    assert_eq!(at(&m.logout_reasons()[0], "logoutReasonCode").as_str(), Some("1"));
    let d = &m.channel(TEL).unwrap().dispositions;
    assert_eq!(
        (at(&d[0], "dispositionId").as_str(), at(&d[0], "dispositionCode").as_str()),
        (Some("d-1"), Some("SALE"))
    );
    // An emptied list is a change too.
    run(&mut m, r#"s-1001 session.externalnotreadyreasons.updated {"reasonCodes":[]} => ~notReadyReasons"#);
    assert!(m.not_ready_reasons().is_empty());

    let failed = |e: &str| AgentLeg::Failed(e.into());
    let cases = [
        ("session.agentleg.connected", "{}", AgentLeg::Connected),
        ("session.agentleg.disconnected", "{}", AgentLeg::Disconnected),
        ("session.incontact.agentleg.failed", r#"{"error":"no answer"}"#, failed("no answer")),
        ("session.agentleg.connected", "{}", AgentLeg::Connected),
        ("session.agentleg.failed", r#"{"error":"busy"}"#, failed("busy")),
        ("session.agentleg.failed", "{}", failed("")),
    ];
    for (name, data, leg) in cases {
        run(&mut m, &format!("{S} {name} {data} => ~session\n{S} {name} {data} => nothing"));
        assert_eq!(m.session().unwrap().agent_leg, leg, "{name}");
    }
}

// ------------------------------------------------------------------ 4. fixtures

#[test]
fn every_event_fixture_applies_to_the_base_model() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("event.") && n.ends_with(".json"))
        // A service event's `data`, not an object event.
        .filter(|n| !n.starts_with("event.ServiceMonitor."))
        .collect();
    names.sort();
    assert!(names.len() >= 25, "found only {} event fixtures", names.len());
    let base = base(Limits::default());
    // These announce objects exactly as the base holds them.
    let repeats = ["channel.created", "channel.created.standalone", "conversation.created", "interaction.created"];
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let Ok(Frame::Event(e)) = wire::decode(&text) else { panic!("{name}: no event") };
        assert!(e.kind().is_some(), "{name}: unknown event");
        let mut m = base.clone();
        let changes = m.apply(&e).unwrap_or_else(|err| panic!("{name}: {err}"));
        m.check_invariants().unwrap_or_else(|err| panic!("{name}: {err}"));
        let repeat = repeats.iter().any(|r| *name == format!("event.{r}.json"));
        assert_eq!(changes.is_empty(), repeat, "{name}: {changes:?}");
        assert_eq!(m.version() > base.version(), !repeat, "{name}");
    }
}

// ------------------------------------------------------------------ 5. targets (§1.8)

#[test]
fn targets_resolve_against_the_registry_not_by_segment_count() {
    let mut m = base(Limits::default());
    let trace = r#"
        s-1001.ch-email.ix-1 interaction.created {"interaction":{"id":"ix-1","type":"EMAIL"}} => +interaction
        s-1001.ch-email.ix-1.cv-9 conversation.created {"conversation":{"id":"cv-9"}} => +conversation
        "#;
    run(&mut m, trace);
    let (eix, ecv) = ("s-1001.ch-email.ix-1", "s-1001.ch-email.ix-1.cv-9");
    // 3 segments: a stand-alone channel's interaction, or a grouped channel.
    assert_eq!((m.resolve(eix), m.resolve(TEL)), (Some(K::Interaction), Some(K::Channel)));
    // 4 segments: a stand-alone channel's conversation, or a grouped channel's interaction.
    assert_eq!((m.resolve(ecv), m.resolve(IX)), (Some(K::Conversation), Some(K::Interaction)));
    assert_eq!((m.resolve(S), m.resolve(CG)), (Some(K::Session), Some(K::ChannelGroup)));
    assert_eq!((m.resolve(EMAIL), m.resolve(CV1)), (Some(K::Channel), Some(K::Conversation)));
    assert_eq!((m.resolve("s-1001.cg-1.ix-1"), m.resolve("s-1001.ch-tel")), (None, None));
    assert_eq!((m.interactions()[eix].channel(), m.conversations()[ecv].interaction()), (EMAIL, eix));
    // The same event reaches whatever kind of object its target names.
    let trace = r#"
        s-1001.ch-email.ix-1 state.updated {"state":"STARTED"} => ~interaction
        s-1001.cg-1.ch-tel state.updated {"state":"ACTIVE"} => ~channel
        s-1001.ch-email.ix-1.cv-9 state.updated {"state":"STARTED"} => ~conversation
        s-1001.cg-1.ch-tel.ix-5001 state.updated {"state":"ALERTING"} => ~interaction
        "#;
    run(&mut m, trace);
    assert_eq!(m.channel(EMAIL).unwrap().state, ChannelState::Inactive);
    assert_eq!(m.channel(TEL).unwrap().state, ChannelState::Active);
    assert_eq!(
        (ix_state(&m, eix), ix_state(&m, IX)),
        (Some(InteractionState::Started), Some(InteractionState::Alerting))
    );
    assert_eq!(m.conversations()[ecv].state, Some(InteractionState::Started));
}

// ------------------------------------------------------------------ 6. errors

#[test]
fn errors_are_typed_and_leave_the_model_unchanged() {
    let mut none = Model::new(Limits::default());
    rejected(&mut none, &ev(S, "session.initialized", "{}"), ApplyError::NoSession);
    rejected(&mut none, &ev(TEL, "channel.infochanged", r#"{"state":"ACTIVE"}"#), ApplyError::NoSession);

    let mut m = base(Limits::default());
    let active = r#"{"state":"ACTIVE"}"#;
    let other = |t: &str| ApplyError::OtherSession { target: t.into() };
    let mismatch = |t: &str, id: &str| ApplyError::IdMismatch { target: t.into(), id: id.into() };
    let (ix1, cv3, cv7) = (format!("{TEL}.ix-1"), format!("{IX}.cv-3"), format!("{IX}.cv-7"));
    let cases = [
        // unknown objects
        (ev("s-1001.ghost", "channel.infochanged", active), unknown("s-1001.ghost")),
        (ev("s-1001.cg-1.gh", "state.updated", active), unknown("s-1001.cg-1.gh")),
        (ev(&cv7, "conversation.initialized", "{}"), unknown(&cv7)),
        (new_ix("s-1001.gh.ix-1", "ix-1"), unknown("s-1001.gh")),
        (new_ch("s-1001.x.y", "c"), unknown("s-1001.x.y")),
        // foreign session, malformed target
        (ev("s-2002.cg-1.ch-tel", "channel.initialized", "{}"), other("s-2002.cg-1.ch-tel")),
        (ev("s-2002", "session.initialized", "{}"), other("s-2002")),
        (
            ev("s-1001..x", "channel.initialized", "{}"),
            ApplyError::Target(TargetError::EmptySegment { target: "s-1001..x".into() }),
        ),
        // ids with a dot
        (new_ch(S, "ch.x"), dotted("ch.x")),
        (new_ch(CG, "ch.x"), dotted("ch.x")),
        (new_cg("cg.x"), dotted("cg.x")),
        (new_ix(&format!("{TEL}.ix"), "ix.9"), dotted("ix.9")),
        (ev(IX, "interaction.focuschanged", r#"{"conversation":"cv.1"}"#), dotted("cv.1")),
        // data id and target disagree
        (new_ix(&ix1, "ix-2"), mismatch(&ix1, "ix-2")),
        (new_cv(&cv3, "cv-4"), mismatch(&cv3, "cv-4")),
        // wrong kind of parent or object
        (new_ix(&format!("{CV1}.ix-9"), "ix-9"), wrong(CV1, "channel", "conversation")),
        (new_ix("s-1001.cg-1.ix-9", "ix-9"), wrong(CG, "channel", "channelgroup")),
        (new_cv(&format!("{EMAIL}.cv-1"), "cv-1"), wrong(EMAIL, "interaction", "channel")),
        (new_ch(TEL, "c"), wrong(TEL, "channelgroup", "channel")),
        (ev(IX, "channel.initialized", "{}"), wrong(IX, "channel", "interaction")),
        (new_cg("ch-email"), wrong(EMAIL, "channelgroup", "channel")),
        (new_ch(S, "cg-1"), wrong(CG, "channel", "channelgroup")),
    ];
    for (e, want) in cases {
        rejected(&mut m, &e, want);
    }
}

#[test]
fn limits_are_enforced_without_changing_the_model() {
    let limits =
        Limits { channels: 3, interactions: 1, conversations: 2, members: 1, data_keys: 2, ..Limits::default() };
    let mut m = base(limits); // cg-1, ch-tel, ch-email; ix-5001; cv-1, cv-2
    let full = || limit("channels and groups", 3);
    rejected(&mut m, &new_ch(S, "ch-4"), full());
    rejected(&mut m, &new_ch(CG, "ch-4"), full());
    rejected(&mut m, &new_cg("cg-2"), full());
    rejected(&mut m, &new_ix(&format!("{EMAIL}.ix-2"), "ix-2"), limit("interactions", 1));
    rejected(&mut m, &new_cv(&format!("{IX}.cv-3"), "cv-3"), limit("conversations", 2));
    // The member already held may still be updated; known keys may still change.
    let trace = r#"
        s-1001.cg-1.ch-tel.ix-5001.cv-1 conversation.member.added {"member":{"id":"m-1"}} => ~conversation
        s-1001.cg-1.ch-tel.ix-5001.cv-1 conversation.member.added {"member":{"id":"m-1","name":"A"}} => ~conversation
        s-1001.cg-1.ch-tel.ix-5001 interaction.datachanged {"data":{"a":"1","b":"2"}} => ~interaction
        s-1001.cg-1.ch-tel.ix-5001 interaction.datachanged {"data":{"a":"3"}} => ~interaction
        "#;
    run(&mut m, trace);
    let e = ev(CV1, "conversation.member.added", r#"{"member":{"id":"m-2"}}"#);
    rejected(&mut m, &e, limit("members in a conversation", 1));
    let e = ev(IX, "interaction.datachanged", r#"{"data":{"a":"4","c":"5"}}"#);
    rejected(&mut m, &e, limit("attached-data keys", 2));
}

#[test]

fn rejected_channel_under_an_implicit_group_leaves_no_group_behind() {
    let mut m = fresh(Limits::default());
    rejected(&mut m, &new_ch("s-1001.cg-9", "a.b"), dotted("a.b"));
    let mut m = fresh(Limits { channels: 1, ..Limits::default() });
    rejected(&mut m, &new_ch("s-1001.cg-9", "ch-x"), limit("channels and groups", 1));
}

#[test]

fn session_events_on_other_targets_name_the_kind_found() {
    let mut m = base(Limits::default());
    rejected(&mut m, &ev("s-1001.ghost", "session.initialized", "{}"), unknown("s-1001.ghost"));
    rejected(&mut m, &ev(TEL, "session.initialized", "{}"), wrong(TEL, "session", "channel"));
    rejected(&mut m, &ev(CG, "session.agentleg.connected", "{}"), wrong(CG, "session", "channelgroup"));
    let e = ev(TEL, "channelgroup.created", r#"{"channelgroup":{"id":"cg-2"}}"#);
    rejected(&mut m, &e, wrong(TEL, "session", "channel"));
}

#[test]

fn errors_during_a_resync_leave_the_model_unchanged() {
    let mut m = base(Limits::default());
    let _ = m.begin_resync();
    rejected(&mut m, &ev("s-1001.ghost", "state.updated", r#"{"state":"ACTIVE"}"#), unknown("s-1001.ghost"));
    rejected(&mut m, &new_cg("ch-email"), wrong(EMAIL, "channelgroup", "channel"));
}

/// Issue 15, item 1: what a hostile server names during a resync cannot grow memory: only
/// objects the model holds are recorded, and absurd targets are refused.
#[test]
fn a_resync_records_only_objects_the_model_holds() {
    let mut m = base(Limits::default());
    let _ = m.begin_resync();
    for i in 0..1_000 {
        let _ = m.apply(&ev(&format!("{TEL}.nobody-{i}"), "session.future.event", "{}"));
        let _ = m.apply(&ev(&format!("{S}.ghost-{i}"), "session.future.event", "{}"));
    }
    let objects = 1 + m.groups().len() + m.channels().len() + m.interactions().len() + m.conversations().len();
    assert!(m.resync_recorded() <= objects, "{} recorded for {objects} objects", m.resync_recorded());
    // A target of 100,000 segments (about 200 KiB) is refused, not recorded prefix by prefix.
    let deep = format!("{S}{}", ".x".repeat(100_000));
    assert_eq!(
        m.apply(&ev(&deep, "session.future.event", "{}")),
        Err(ApplyError::Target(TargetError::TooLong { len: deep.len() }))
    );
    assert!(m.resync_recorded() <= objects);
    // What was named under an existing object still counts for that object.
    let _ = m.end_resync();
    assert!(m.channels().contains_key(TEL), "the channel named through its unknown child was kept");
}

/// Issue 15, item 7: `interaction.created` and `conversation.created` targeting the parent
/// (as `channel.created` does) with the new id in `data` register the object under its own
/// target, like the inferred own-target reading; re-announcing either way changes nothing.
#[test]
fn creation_events_may_target_the_parent() {
    let mut m = fresh(Limits::default());
    run(&mut m, INIT);
    let trace = r#"
        s-1001.cg-1.ch-tel interaction.created {"interaction":{"id":"ix-9","type":"TELEPHONY"}} => +interaction s-1001.cg-1.ch-tel.ix-9
        s-1001.cg-1.ch-tel.ix-9 state.updated {"state":"ALERTING"} => ~interaction
        s-1001.cg-1.ch-tel.ix-9 conversation.created {"conversation":{"id":"cv-1","kind":"primary"}} => +conversation s-1001.cg-1.ch-tel.ix-9.cv-1
        s-1001.cg-1.ch-tel.ix-9.cv-1 state.updated {"state":"ALERTING"} => ~conversation
        s-1001.cg-1.ch-tel.ix-9 interaction.created {"interaction":{"id":"ix-9"}} => nothing
        s-1001.cg-1.ch-tel interaction.created {"interaction":{"id":"ix-9"}} => nothing
        s-1001.cg-1.ch-tel.ix-9 conversation.created {"conversation":{"id":"cv-1"}} => nothing
        "#;
    run(&mut m, trace);
    assert_eq!(m.interactions().get("s-1001.cg-1.ch-tel.ix-9").map(|i| i.channel()), Some(TEL));
    // A mismatched own target is still refused.
    rejected(
        &mut m,
        &new_ix("s-1001.cg-1.ch-tel.ix-10", "ix-11"),
        ApplyError::IdMismatch { target: "s-1001.cg-1.ch-tel.ix-10".into(), id: "ix-11".into() },
    );
}

/// Issue 15, item 3: what objects carry is bounded in bytes. A thousand frames of 100 KB of
/// attached data keep the model within its budget: the oldest data goes (ended interactions'
/// first, the data just set last), each drop a change of its object.
#[test]
fn the_model_keeps_to_its_byte_budget() {
    let budget = 1 << 20;
    let mut m = base(Limits { bytes: budget, ..Limits::default() });
    let blob = "x".repeat(100_000);
    let ix = |k: usize| format!("{TEL}.ix-b{}", k % 20);
    let mut dropped = 0;
    for k in 0..1_000 {
        let _ = m.apply(&new_ix(&ix(k), &format!("ix-b{}", k % 20)));
        let data = format!(r#"{{"data":{{"k{k}":"{blob}"}}}}"#);
        let changes = m.apply(&ev(&ix(k), "interaction.datachanged", &data)).expect("applied");
        assert!(changes.iter().any(|c| c.target == ix(k)), "the event's own change is reported");
        assert!(m.data_bytes() <= budget, "{} bytes after frame {k}", m.data_bytes());
        dropped += m.take_budget_dropped();
        m.check_invariants().unwrap();
    }
    assert!(dropped > 90_000_000, "about 99 MB dropped, {dropped}");
    // The data just set is kept when something older can go.
    assert!(m.interactions().get(&ix(999)).is_some_and(|i| !i.data.is_empty()));
    // An ended interaction's data goes before a live one's.
    let _ = m.apply(&ev(&ix(0), "state.updated", r#"{"state":"ENDED"}"#));
    let data = format!(r#"{{"data":{{"z":"{blob}"}}}}"#);
    let _ = m.apply(&ev(&ix(0), "interaction.datachanged", &data));
    let _ = m.apply(&ev(&ix(1), "interaction.datachanged", &data));
    assert!(m.interactions().get(&ix(0)).is_some_and(|i| i.data.is_empty()), "the ended one's data went first");
}

// ------------------------------------------------------------------ 7. idempotence

#[test]
fn repeated_events_change_nothing_and_version_grows_only_on_change() {
    let mut m = fresh(Limits::default());
    run(&mut m, INIT);
    run(&mut m, BASE);
    let (v, before) = (m.version(), m.clone());
    // Both traces again, plus partial re-announcements and an unknown event.
    let more = r#"
        s-1001.cg-1.ch-tel channel.infochanged {"state":"ACTIVE"}
        s-1001.cg-1.ch-tel state.updated {"state":"ACTIVE"}
        s-1001.cg-1.ch-tel.ix-5001 interaction.created {"interaction":{"id":"ix-5001"}}
        s-1001.cg-1.ch-tel.ix-5001.cv-1 conversation.created {"conversation":{"id":"cv-1"}}
        s-1001 session.future.event {"x":1}
        "#;
    run(&mut m, &unchanged(&format!("{INIT}{BASE}{more}")));
    assert_eq!((m.version(), &m), (v, &before));
    let trace = r#"
        s-1001.cg-1.ch-tel.ix-5001 interaction.datachanged {"data":{"k":"v"}} => ~interaction
        s-1001.cg-1.ch-tel.ix-5001.cv-1 conversation.member.added {"member":{"id":"m-1"}} => ~conversation
        s-1001.cg-1.ch-tel.ix-5001 interaction.focuschanged {"conversation":"cv-1"} => ~interaction
        s-1001.cg-1.ch-tel.ix-5001 interaction.preview {} => ~interaction
        "#;
    for line in trace.trim().lines() {
        let v = m.version();
        run(&mut m, line);
        assert_eq!(m.version(), v + 1, "{line}");
        run(&mut m, &unchanged(line));
        assert_eq!(m.version(), v + 1, "{line} repeated");
    }
    // The same session keeps the model; another one starts empty.
    assert_eq!(m.begin_session(S), vec![]);
    assert_eq!(m.interactions().len(), 1);
    let v = m.version();
    assert_eq!(m.begin_session("s-2002"), upd(K::Session, "s-2002"));
    assert!(m.version() > v && m.channels().is_empty() && m.groups().is_empty());
    assert!(m.interactions().is_empty() && m.conversations().is_empty());
}

#[test]

fn every_visible_change_grows_the_version() {
    let mut m = fresh(Limits::default());
    run(&mut m, INIT);
    let (v, snap) = (m.version(), m.to_json());
    let _ = m.begin_resync();
    assert!(m.to_json() == snap || m.version() > v, "snapshot changed, version did not");
}

// ------------------------------------------------------------------ 8. resync

#[test]
fn resync_reconciles_with_the_reannounced_snapshot() {
    let mut m = fresh(Limits::default());
    run(&mut m, INIT);
    run(&mut m, BASE);
    run(&mut m, r#"s-1001.cg-1.ch-tel.ix-5001 state.updated {"state":"STARTED"} => ~interaction"#);
    let v = m.version();
    let _ = m.begin_resync();
    assert!(m.resyncing());
    // Re-announced: cg-1, ch-tel, ch-email (whose state changed), ix-5001 with cv-1.
    // Not re-announced: ch-chat and cv-2. Only the changed channel is reported.
    let trace = r#"
        s-1001 channelgroup.created {"channelgroup":{"id":"cg-1","name":"Voice"}} => nothing
        s-1001.cg-1 channel.created {"channel":{"id":"ch-tel","name":"5001","type":"TELEPHONY","modelType":"TELEPHONY"}} => nothing
        s-1001.cg-1.ch-tel channel.infochanged {"state":"ACTIVE","agentStatus":{"status":"not_ready","lastReasonCode":"12","lastReasonName":"Lunch"}} => nothing
        s-1001.cg-1.ch-tel channel.initialized {} => nothing
        s-1001 channel.created {"channel":{"id":"ch-email","name":"agent4001@example.com","type":"EMAIL","modelType":"EMAIL"}} => nothing
        s-1001.ch-email channel.infochanged {"state":"ACTIVE"} => ~channel
        s-1001.ch-email channel.initialized {} => nothing
        s-1001.cg-1.ch-tel.ix-5001 interaction.created {"interaction":{"id":"ix-5001","type":"TELEPHONY"}} => nothing
        s-1001.cg-1.ch-tel.ix-5001 state.updated {"state":"STARTED"} => nothing
        s-1001.cg-1.ch-tel.ix-5001.cv-1 conversation.created {"conversation":{"id":"cv-1","kind":"primary"}} => nothing
        s-1001.cg-1 channelgroup.initialized {} => nothing
        "#;
    run(&mut m, trace);
    // Nothing is removed before the resync ends.
    assert!(m.channel(CHAT).is_some() && m.conversations().contains_key(CV2));
    run(&mut m, "s-1001 session.initialized {} => ~session");
    assert_eq!(m.end_resync(), vec![chg(Removed, K::Conversation, CV2), chg(Removed, K::Channel, CHAT)]);
    assert!(!m.resyncing() && m.version() > v);
    m.check_invariants().unwrap();
    assert_eq!(m.channels().keys().collect::<Vec<_>>(), [TEL, EMAIL]);
    assert_eq!(m.channel(EMAIL).unwrap().state, ChannelState::Active);
    assert_eq!(m.conversations().keys().collect::<Vec<_>>(), [CV1]);
    assert_eq!(ix_state(&m, IX), Some(InteractionState::Started));
    assert_eq!(m.end_resync(), vec![], "no resync under way");
    // A resync in which nothing is re-announced empties the session, children first.
    let _ = m.begin_resync();
    let gone = m.end_resync();
    let want =
        [(K::Conversation, CV1), (K::Interaction, IX), (K::Channel, TEL), (K::Channel, EMAIL), (K::ChannelGroup, CG)];
    assert_eq!(gone, want.map(|(k, t)| chg(Removed, k, t)));
    assert!(m.groups().is_empty() && m.channels().is_empty() && m.interactions().is_empty());
    m.check_invariants().unwrap();
}

/// What only creation events re-announce during a resync is kept, however they target the
/// new object: the parent (as `channel.created` and `channelgroup.created` do, and as
/// `interaction.created` and `conversation.created` may) or the object itself.
#[test]
fn a_resync_keeps_what_only_creation_events_reannounce() {
    let mut m = base(Limits::default());
    let _ = m.begin_resync();
    let trace = r#"
        s-1001 channelgroup.created {"channelgroup":{"id":"cg-1","name":"Voice"}} => nothing
        s-1001.cg-1 channel.created {"channel":{"id":"ch-tel","name":"5001","type":"TELEPHONY","modelType":"TELEPHONY"}} => nothing
        s-1001 channel.created {"channel":{"id":"ch-email","name":"agent4001@example.com","type":"EMAIL","modelType":"EMAIL"}} => nothing
        s-1001.cg-1.ch-tel interaction.created {"interaction":{"id":"ix-5001","type":"TELEPHONY"}} => nothing
        s-1001.cg-1.ch-tel.ix-5001 conversation.created {"conversation":{"id":"cv-1","kind":"primary"}} => nothing
        s-1001.cg-1.ch-tel.ix-5001.cv-2 conversation.created {"conversation":{"id":"cv-2","kind":"consult"}} => nothing
        "#;
    run(&mut m, trace);
    assert_eq!(m.end_resync(), vec![], "every object was re-announced by its creation event");
    assert_eq!(m.channels().keys().collect::<Vec<_>>(), [TEL, EMAIL]);
    assert_eq!(m.conversations().keys().collect::<Vec<_>>(), [CV1, CV2]);
    assert!(m.groups().contains_key(CG) && m.interactions().contains_key(IX));
    // Re-announced through the parent only: the objects named are kept, the others go.
    let _ = m.begin_resync();
    run(&mut m, r#"s-1001.cg-1.ch-tel.ix-5001 conversation.created {"conversation":{"id":"cv-1","kind":"primary"}}"#);
    let want = [(K::Conversation, CV2), (K::Channel, EMAIL)];
    assert_eq!(m.end_resync(), want.map(|(k, t)| chg(Removed, k, t)));
    assert!(m.conversations().contains_key(CV1) && m.interactions().contains_key(IX) && m.channels().contains_key(TEL));
    m.check_invariants().unwrap();
}

#[test]

fn resync_never_leaves_orphans() {
    // An interaction re-announced while its channel is not; a channel without its group.
    for line in
        [r#"s-1001.cg-1.ch-tel.ix-5001 state.updated {"state":"STARTED"}"#, "s-1001.cg-1.ch-tel channel.initialized {}"]
    {
        let mut m = base(Limits::default());
        let _ = m.begin_resync();
        run(&mut m, line);
        m.end_resync();
        m.check_invariants().unwrap_or_else(|e| panic!("re-announced only {line}: {e}"));
    }
}

// ------------------------------------------------------------------ 9. interactions

#[test]
fn interaction_end_and_completion() {
    let mut m = base(Limits::default());
    let trace = r#"
        s-1001.cg-1.ch-tel.ix-5001 interaction.ended {} => -conversation s-1001.cg-1.ch-tel.ix-5001.cv-1, -conversation s-1001.cg-1.ch-tel.ix-5001.cv-2, ~interaction
        s-1001.cg-1.ch-tel.ix-5001 interaction.ended {} => nothing
        "#;
    run(&mut m, trace);
    assert!(m.conversations().is_empty());
    assert_eq!((ix_state(&m, IX), m.resolve(IX)), (Some(InteractionState::Ended), Some(K::Interaction)));
    run(&mut m, r#"s-1001.cg-1.ch-tel.ix-5001 state.updated {"state":"COMPLETED"} => -interaction"#);
    assert!(m.interactions().is_empty());
    assert_eq!(m.resolve(IX), None);
    // state.updated ENDED acts as interaction.ended.
    let mut m = base(Limits::default());
    let trace = r#"
        s-1001.cg-1.ch-tel.ix-5001 state.updated {"state":"ENDED"} => ~interaction, -conversation s-1001.cg-1.ch-tel.ix-5001.cv-1, -conversation s-1001.cg-1.ch-tel.ix-5001.cv-2
        "#;
    run(&mut m, trace);
    assert!(m.conversations().is_empty());
    assert_eq!(ix_state(&m, IX), Some(InteractionState::Ended));
    // COMPLETED removes a live interaction with its conversations.
    let mut m = base(Limits::default());
    let trace = r#"
        s-1001.cg-1.ch-tel.ix-5001 state.updated {"state":"COMPLETED"} => -conversation s-1001.cg-1.ch-tel.ix-5001.cv-1, -conversation s-1001.cg-1.ch-tel.ix-5001.cv-2, -interaction
        "#;
    run(&mut m, trace);
    assert!(m.interactions().is_empty() && m.conversations().is_empty());
}

#[test]
fn ended_interactions_are_capped_oldest_first() {
    let mut m = base(Limits { ended_interactions: 2, ..Limits::default() });
    let trace = r#"
        s-1001.ch-email.ix-1 interaction.created {"interaction":{"id":"ix-1"}} => +interaction
        s-1001.ch-email.ix-2 interaction.created {"interaction":{"id":"ix-2"}} => +interaction
        s-1001.ch-email.ix-3 interaction.created {"interaction":{"id":"ix-3"}} => +interaction
        s-1001.ch-email.ix-4 interaction.created {"interaction":{"id":"ix-4"}} => +interaction
        s-1001.ch-email.ix-1 interaction.ended {} => ~interaction
        s-1001.ch-email.ix-2 state.updated {"state":"ENDED"} => ~interaction
        s-1001.ch-email.ix-2 interaction.ended {} => nothing
        s-1001.ch-email.ix-3 interaction.ended {} => ~interaction, -interaction s-1001.ch-email.ix-1
        s-1001.ch-email.ix-2 state.updated {"state":"COMPLETED"} => -interaction
        s-1001.ch-email.ix-4 interaction.ended {} => ~interaction
        "#;
    // Ending ix-2 again does not count it twice: ix-3 evicts only ix-1, the oldest. A completed
    // interaction leaves the queue, so ending ix-4 evicts nothing.
    run(&mut m, trace);
    let left: Vec<&str> = m.interactions().keys().map(String::as_str).collect();
    assert_eq!(left, [IX, "s-1001.ch-email.ix-3", "s-1001.ch-email.ix-4"]);
    assert_eq!(ix_state(&m, IX), None, "a live interaction is never evicted");
}
