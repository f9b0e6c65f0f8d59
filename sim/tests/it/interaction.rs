//! Interactions and conversations: inbound, accept/answer, recording, signal, consult
//! transfer and conference, release (PROTOCOL.md 3.4, 3.5, 4.4).

use crate::support::*;
use serde_json::{json, Value};

/// An inbound call's creation sequence: the PROTOCOL.md 3.3 list a dial produces.
const INBOUND_CALL: &[(&str, Option<&str>)] = CALL_CREATION;

/// Logs in 4001 with the phone ready and delivers an inbound call; returns the client, the
/// interaction target and the events.
async fn with_inbound_call(sim: &Sim) -> (Client, String, Vec<Value>) {
    let mut c = sim.login("4001").await;
    c.ready_phone().await;
    let (s, b) =
        sim.control("inbound", json!({"agent": "4001", "media": "telephony", "data": {"accountNumber": "7734"}})).await;
    assert_eq!(s, 200, "{b}");
    let (_, ev) = c.until_barrier().await;
    let ix = b["target"].as_str().unwrap().to_owned();
    (c, ix, ev)
}

#[tokio::test]
async fn inbound_call_then_accept() {
    let sim = Sim::default().await;
    let (mut c, ix, ev) = with_inbound_call(&sim).await;
    assert_events(&ev, INBOUND_CALL);
    assert_eq!(ev[0]["data"]["agentStatus"]["status"], "busy_ready");
    assert_eq!(ev[2]["target"], ix.as_str());
    assert_eq!(ev[2]["data"]["interaction"]["direction"], "inbound");
    assert_eq!(ev[3]["data"]["state"], "ALERTING");
    assert_eq!(ev[5]["data"]["state"], "ALERTING");
    let data = &ev[9]["data"]["data"];
    assert!(data["ANI"].as_str().unwrap().starts_with('+'));
    assert_eq!(data["DNIS"], "8005550100");
    assert_eq!(data["accountNumber"], "7734");

    let (r, ev) = c.cmd("interaction.accept", &ix, json!({})).await;
    assert_fixture("response.interaction.accept.success.json", &r);
    assert_events(
        &ev,
        &[
            ("state.updated", Some("event.state.updated.interaction.json")),
            ("state.updated", Some("event.state.updated.conversation.json")),
        ],
    );
    assert_eq!(ev[0]["data"]["state"], "STARTED");
    assert_eq!(ev[1]["target"], format!("{ix}.cv-1"));
    let (r, _) = c.cmd("interaction.accept", &ix, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "interaction.accept");
    assert_fixture("response.interaction.accept.failure.json", &r);
    // Logout is refused while the call runs.
    let (r, ev) = c.cmd("session.request.logout", &c.sid.clone(), json!({})).await;
    assert_failure(&r, "INVALID_STATE", "session.request.logout");
    assert!(ev.is_empty());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn answer_an_inbound_call() {
    let sim = Sim::default().await;
    let (mut c, ix, _) = with_inbound_call(&sim).await;
    let cv = format!("{ix}.cv-1");
    let (r, _) = c.cmd("conversation.answer", &ix, json!({})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "conversation.answer");
    let (r, ev) = c.cmd("conversation.answer", &cv, json!({})).await;
    assert_fixture("response.conversation.answer.success.json", &r);
    let got: Vec<(&str, &str)> =
        ev.iter().map(|e| (e["target"].as_str().unwrap(), e["data"]["state"].as_str().unwrap())).collect();
    assert_eq!(got, [(cv.as_str(), "STARTED"), (ix.as_str(), "STARTED")]);
    let (r, _) = c.cmd("conversation.request.answer", &cv, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "conversation.request.answer");
    assert_fixture("response.conversation.answer.failure.json", &r);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn inbound_chat_has_no_conversations() {
    let sim = Sim::default().await;
    let mut c = sim.login("4002").await;
    let chat = c.target("cg-1.ch-chat");
    let (s, _) = sim.control("inbound", json!({"agent": "4002", "media": "chat"})).await;
    assert_eq!(s, 409, "no active chat channel yet");
    c.cmd("channel.activate", &chat, json!({})).await;
    let (s, b) = sim.control("inbound", json!({"session": c.sid, "media": "chat"})).await;
    assert_eq!(s, 200, "{b}");
    let (_, ev) = c.until_barrier().await;
    let names: Vec<&str> = ev.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "channel.infochanged",
            "state.updated",
            "interaction.created",
            "state.updated",
            "interaction.datachanged",
            "interaction.preview",
            "interaction.initialized"
        ]
    );
    assert_eq!(ev[2]["data"]["interaction"]["type"], "CHAT");
    let ix = b["target"].as_str().unwrap().to_owned();
    let (r, ev) = c.cmd("interaction.request.accept", &ix, json!({})).await;
    assert_eq!(r["result"], "success");
    assert_eq!(ev.len(), 1);
    let (r, _) = c.cmd("interaction.request.recording.pause", &ix, json!({})).await;
    assert_failure(&r, "UNSUPPORTED", "interaction.request.recording.pause");
    // A second chat on the same channel: no channel events (already busy).
    sim.control("inbound", json!({"agent": "4002", "media": "chat"})).await;
    let (_, ev) = c.until_barrier().await;
    assert_eq!(ev[0]["name"], "interaction.created");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn recording_start_pause_resume_stop() {
    let sim = Sim::default().await;
    let (mut c, ix, _) = with_inbound_call(&sim).await;
    let (r, _) = c.cmd("interaction.request.recording.start", &ix, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "interaction.request.recording.start");
    assert_fixture("response.interaction.request.recording.start.failure.json", &r);
    c.cmd("interaction.accept", &ix, json!({})).await;
    let (r, _) = c.cmd("interaction.request.recording.resume", &ix, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "interaction.request.recording.resume");
    assert_fixture("response.interaction.request.recording.resume.failure.json", &r);
    let (r, _) = c.cmd("interaction.request.recording.stop", &format!("{ix}.cv-9"), json!({})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "interaction.request.recording.stop");
    assert_fixture("response.interaction.request.recording.stop.failure.json", &r);
    let (r, _) = c.cmd("interaction.request.recording.pause", &ix, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "interaction.request.recording.pause");
    assert_fixture("response.interaction.request.recording.pause.failure.json", &r);
    for (cmd, rec, fx) in [
        (
            "interaction.request.recording.start",
            "recording",
            "response.interaction.request.recording.start.success.json",
        ),
        ("interaction.request.recording.pause", "paused", "response.interaction.request.recording.pause.success.json"),
        (
            "interaction.request.recording.resume",
            "recording",
            "response.interaction.request.recording.resume.success.json",
        ),
        ("interaction.request.recording.stop", "stopped", "response.interaction.request.recording.stop.success.json"),
        ("interaction.request.recording.stop", "stopped", "response.interaction.request.recording.stop.success.json"),
    ] {
        let (r, ev) = c.cmd(cmd, &ix, json!({})).await;
        assert_fixture(fx, &r);
        assert_events(&ev, &[("state.updated", Some("event.state.updated.interaction.json"))]);
        assert_eq!(ev[0]["target"], ix.as_str());
        assert_eq!(ev[0]["data"], json!({"state": "STARTED", "recording": rec}), "{cmd}");
    }
    let (r, _) = c.cmd("interaction.request.recording.start", &ix, json!({})).await;
    assert_eq!(r["result"], "success");
    let (r, _) = c.cmd("interaction.request.recording.start", &ix, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "interaction.request.recording.start");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn signal_echoes_its_parameters() {
    let sim = Sim::default().await;
    let (mut c, ix, _) = with_inbound_call(&sim).await;
    let (r, ev) =
        c.cmd("interaction.request.incontact.signal", &ix, json!({"p1": "ACCOUNT_VERIFIED", "p2": "7734"})).await;
    assert_fixture("response.interaction.request.incontact.signal.success.json", &r);
    assert_eq!(r["data"], json!({"p1": "ACCOUNT_VERIFIED", "p2": "7734"}));
    assert!(ev.is_empty());
    let (r, _) = c.cmd("interaction.request.incontact.signal", &format!("{ix}x"), json!({"p1": "x"})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "interaction.request.incontact.signal");
    assert_fixture("response.interaction.request.incontact.signal.failure.json", &r);
    let (r, _) = c.cmd("interaction.request.incontact.signal", &ix, json!({"p1": 5})).await;
    assert_failure(&r, "INVALID_REQUEST", "interaction.request.incontact.signal");
    sim.handle.shutdown().await;
}

/// A started outbound call with a connected consult call.
async fn with_consult(sim: &Sim) -> (Client, String) {
    let mut c = sim.login("4001").await;
    c.ready_phone().await;
    let t = c.target("cg-1.ch-tel");
    let (_, ev) = c.cmd("channel.dial", &t, json!({"destination": "+15125550199"})).await;
    let ix = ev[2]["target"].as_str().unwrap().to_owned();
    for cmd in ["interaction.consulttransfer", "interaction.consultconference"] {
        let (r, _) = c.cmd(cmd, &ix, json!({})).await;
        assert_failure(&r, "INVALID_STATE", cmd);
        assert_fixture(&format!("response.{cmd}.failure.json"), &r);
    }
    let (r, ev) = c.cmd("interaction.request.consult", &ix, json!({"destination": "4002"})).await;
    assert_eq!(r["result"], "success", "{r}");
    let got: Vec<(&str, String)> = ev
        .iter()
        .map(|e| {
            (e["name"].as_str().unwrap(), e["target"].as_str().unwrap().trim_start_matches(ix.as_str()).to_owned())
        })
        .collect();
    let want = [
        ("state.updated", ".cv-1"),
        ("conversation.created", ".cv-2"),
        ("state.updated", ".cv-2"),
        ("conversation.member.added", ".cv-2"),
        ("conversation.member.added", ".cv-2"),
        ("conversation.initialized", ".cv-2"),
        ("interaction.focuschanged", ""),
        ("state.updated", ".cv-2"),
    ];
    let want: Vec<(&str, String)> = want.iter().map(|(n, t)| (*n, t.to_string())).collect();
    assert_eq!(got, want);
    assert_eq!(ev[0]["data"]["state"], "HELD");
    assert_eq!(ev[1]["data"]["conversation"]["kind"], "consult");
    assert_fixture("event.interaction.focuschanged.json", &ev[6]);
    assert_eq!(ev[7]["data"]["state"], "STARTED");
    let (r, _) = c.cmd("interaction.request.consult", &ix, json!({"destination": "4003"})).await;
    assert_failure(&r, "INVALID_STATE", "interaction.request.consult");
    (c, ix)
}

#[tokio::test]
async fn consult_transfer_emits_the_documented_sequence() {
    let sim = Sim::default().await;
    let (mut c, ix) = with_consult(&sim).await;
    let (r, ev) = c.cmd("interaction.consulttransfer", &ix, json!({})).await;
    assert_fixture("response.interaction.consulttransfer.success.json", &r);
    assert_events(
        &ev,
        &[
            ("state.updated", Some("event.state.updated.conversation.json")),
            ("conversation.disposed", Some("event.conversation.disposed.json")),
            ("interaction.focuschanged", Some("event.interaction.focuschanged.json")),
            ("state.updated", Some("event.state.updated.conversation.json")),
            ("conversation.disposed", Some("event.conversation.disposed.json")),
            ("interaction.ended", Some("event.interaction.ended.json")),
            ("channel.infochanged", Some("event.channel.infochanged.json")),
            ("state.updated", Some("event.state.updated.channel.json")),
        ],
    );
    assert_eq!(ev[0]["target"], format!("{ix}.cv-1"));
    assert_eq!(ev[0]["data"]["state"], "ENDED");
    assert_eq!(ev[2]["data"]["conversation"], "cv-2");
    assert_eq!(ev[3]["target"], format!("{ix}.cv-2"));
    assert_eq!(ev[5]["target"], ix.as_str());
    assert_eq!(ev[6]["data"]["agentStatus"]["status"], "ready");
    let (r, _) = c.cmd("interaction.consulttransfer", &ix, json!({})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "interaction.consulttransfer");
    assert_fixture("response.interaction.consulttransfer.failure.json", &r);
    // Nothing ongoing: logout works, answers without data, emits nothing.
    let (r, ev) = c.cmd("session.request.logout", &c.sid.clone(), json!({})).await;
    assert_fixture("response.session.request.logout.success.json", &r);
    assert!(r.get("data").is_none());
    assert!(ev.is_empty());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn consult_conference_joins_the_parties() {
    let sim = Sim::default().await;
    let (mut c, ix) = with_consult(&sim).await;
    let (r, ev) = c.cmd("interaction.consultconference", &ix, json!({})).await;
    assert_fixture("response.interaction.consultconference.success.json", &r);
    let names: Vec<&str> = ev.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "conversation.member.added",
            "state.updated",
            "conversation.disposed",
            "interaction.focuschanged",
            "state.updated"
        ]
    );
    assert_eq!(ev[0]["target"], format!("{ix}.cv-1"));
    assert_eq!(ev[0]["data"]["member"]["address"], "4002");
    assert_eq!(ev[3]["data"]["conversation"], "cv-1");
    assert_eq!(
        (ev[4]["target"].as_str(), ev[4]["data"]["state"].as_str()),
        (Some(format!("{ix}.cv-1").as_str()), Some("STARTED"))
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn far_end_release_ends_the_interaction() {
    let sim = Sim::default().await;
    let (mut c, ix, _) = with_inbound_call(&sim).await;
    c.cmd("interaction.accept", &ix, json!({})).await;
    let (s, b) = sim.control("hangup", json!({"target": ix})).await;
    assert_eq!((s, b["ended"].as_u64()), (200, Some(1)));
    let (_, ev) = c.until_barrier().await;
    let names: Vec<&str> = ev.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "state.updated",
            "conversation.disposed",
            "state.updated",
            "interaction.ended",
            "channel.infochanged",
            "state.updated"
        ]
    );
    assert_eq!(ev[2]["data"]["state"], "ENDED");
    assert_eq!(ev[4]["data"]["agentStatus"]["status"], "ready");
    let (s, _) = sim.control("hangup", json!({"target": ix})).await;
    assert_eq!(s, 409);
    sim.handle.shutdown().await;
}
