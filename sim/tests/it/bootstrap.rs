//! WIRE-PROFILE §3 bootstrap, dialects, reconnect re-announcement, bad input.

use crate::support::*;
use agentwire_sim::DialectMode;
use serde_json::{json, Value};

#[tokio::test]
async fn service_monitor_lists_the_processor() {
    let sim = Sim::default().await;
    let mut c = Client::connect(&sim.ws()).await;
    let (r, _) = c.core("bindService", json!({"serviceId": "ServiceMonitor"})).await;
    assert_eq!(r["result"], "success");
    assert_eq!(r["command"], "bindService");
    let ev = c.recv().await;
    assert_eq!(ev["messageType"], "serviceEvent");
    assert_eq!(ev["serviceId"], "ServiceMonitor");
    if let Err(e) = same_shape(&fixture("event.ServiceMonitor.serviceList.json"), &ev["data"], "$") {
        panic!("{e}: {ev}");
    }
    let procs: Vec<&Value> =
        ev["data"]["services"].as_array().unwrap().iter().filter(|s| s["type"] == "InteractionProcessor").collect();
    assert_eq!(procs.len(), 1);
    assert_eq!(procs[0]["id"], PROCESSOR);
    assert_eq!(procs[0]["serviceStatus"]["status"], "InService");
    assert_eq!(procs[0]["serviceStatus"]["acceptingClients"], true);
    assert!(procs[0]["serviceStatus"]["clientCount"].is_number());
    let (r, _) = c.core("bindService", json!({"serviceId": "nope"})).await;
    assert_eq!(r["failure"]["code"], "RESOURCE_UNKNOWN");
    let (r, _) = c.core("getServices", json!({})).await;
    assert_eq!(r["data"]["services"].as_array().unwrap().len(), 2);
    let (r, _) = c.core("ping", json!({})).await;
    assert_eq!(r["result"], "success");
    let (r, _) = c.core("teleport", json!({})).await;
    assert_eq!(r["failure"]["code"], "UNKNOWN_COMMAND");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn prepare_session_success_failure_and_confirm() {
    let sim = Sim::default().await;
    let mut a = Client::connect(&sim.ws()).await;
    // Before the processor is bound.
    let p = a.prepare("4001", "pass", false).await;
    assert_failure(&p, "NOT_BOUND", "prepareSession");
    a.bind_processor().await;
    let p = a.prepare("4001", "wrong", false).await;
    assert_failure(&p, "AUTH_FAILED", "prepareSession");
    assert_fixture("response.prepareSession.failure.json", &unwrap_service(&p));
    let p = a.prepare("nobody", "pass", false).await;
    assert_failure(&p, "AUTH_FAILED", "prepareSession");
    let p = a.prepare("4001", "pass", false).await;
    assert_fixture("response.prepareSession.success.json", &unwrap_service(&p));
    let sid = p["data"]["resourceId"].as_str().unwrap().to_owned();
    assert!(!sid.contains('.') && !sid.is_empty());
    a.sid = sid.clone();
    let (r, _) = a.core("bindResource", json!({"resourceId": sid})).await;
    assert_eq!(r["result"], "success");

    // A second desktop: confirm, then override closes the first with 4001.
    let mut b = Client::connect(&sim.ws()).await;
    b.bind_processor().await;
    let p = b.prepare("4001", "pass", false).await;
    assert_fixture("response.prepareSession.confirm.json", &unwrap_service(&p));
    assert!(p["message"].as_str().unwrap().contains("4001"));
    assert_eq!(p["original"]["data"]["override"], false);
    let p = b.prepare("4001", "pass", true).await;
    assert_eq!(p["result"], "success");
    let new_sid = p["data"]["resourceId"].as_str().unwrap();
    assert_ne!(new_sid, sid);
    let closed = a.closed_within(2000).await.expect("first client closed");
    assert_eq!(closed, Some((4001, "session replaced".to_owned())));
    // The old resource is gone.
    let (r, _) = b.core("bindResource", json!({"resourceId": sid})).await;
    assert_eq!(r["failure"]["code"], "RESOURCE_UNKNOWN");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn prepare_session_without_the_service_envelope() {
    let sim = Sim::default().await;
    let mut c = Client::connect(&sim.ws()).await;
    c.bind_processor().await;
    c.send(
        json!({"command": "prepareSession", "data": {"override": false, "agent": {"id": "4002", "password": "pass"}}}),
    )
    .await;
    let r = c.recv().await;
    assert_eq!(r["result"], "success");
    assert!(r["data"]["resourceId"].is_string());
    assert!(r.get("messageType").is_none());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn bind_resource_rules() {
    let sim = Sim::default().await;
    let mut a = Client::connect(&sim.ws()).await;
    let (r, _) = a.core("bindResource", json!({"resourceId": "s-1"})).await;
    assert_eq!(r["failure"]["code"], "NOT_BOUND", "processor first");
    a.bootstrap("4001", "pass").await;
    let mut b = Client::connect(&sim.ws()).await;
    b.bind_processor().await;
    let (r, _) = b.core("bindResource", json!({"resourceId": a.sid})).await;
    assert_eq!(r["result"], "failure");
    assert_eq!(r["failure"]["code"], "RESOURCE_BOUND");
    let (r, _) = b.core("bindResource", json!({"resourceId": "no-such-session"})).await;
    assert_eq!(r["failure"]["code"], "RESOURCE_UNKNOWN");
    let (r, _) = b.core("bindResource", json!({})).await;
    assert_eq!(r["failure"]["code"], "INVALID_REQUEST");
    // B sends to A's resource without binding it.
    b.sid = a.sid.clone();
    let t = b.target("cg-1.ch-tel");
    let (r, _) = b.cmd("channel.ready", &t, json!({})).await;
    assert_failure(&r, "NOT_BOUND", "channel.ready");
    // A's socket goes away: B may bind now.
    drop(a);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let (r, _) = b.core("bindResource", json!({"resourceId": b.sid})).await;
    assert_eq!(r["result"], "success", "{r}");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn session_start_announces_everything_then_initialized() {
    let sim = Sim::default().await;
    let mut c = Client::connect(&sim.ws()).await;
    c.bootstrap("4001", "pass").await;
    let t = c.target("cg-1.ch-tel");
    let (r, _) = c.cmd("channel.ready", &t, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "channel.ready");
    let (r, events) = c.start("session.request.start").await;
    assert_fixture("response.session.request.start.success.json", &r);
    assert_eq!(r["command"], "session.request.start");
    assert_events(
        &events,
        &[
            ("channelgroup.created", None),
            ("channel.created", Some("event.channel.created.json")),
            ("channel.infochanged", Some("event.channel.infochanged.json")),
            ("channel.initialized", Some("event.channel.initialized.json")),
            ("channel.created", Some("event.channel.created.json")),
            ("channel.infochanged", Some("event.channel.infochanged.json")),
            ("channel.initialized", Some("event.channel.initialized.json")),
            ("channelgroup.initialized", None),
            ("channel.created", Some("event.channel.created.standalone.json")),
            ("channel.infochanged", Some("event.channel.infochanged.json")),
            ("channel.initialized", Some("event.channel.initialized.json")),
            ("session.externalnotreadyreasons.updated", Some("event.session.externalnotreadyreasons.updated.json")),
            ("session.externallogoutreasons.updated", Some("event.session.externallogoutreasons.updated.json")),
            ("session.initialized", Some("event.session.initialized.json")),
        ],
    );
    let sid = c.sid.clone();
    assert_eq!(events[0]["target"], sid.as_str());
    assert_eq!(events[0]["data"]["channelgroup"]["id"], "cg-1");
    assert_eq!(events[1]["target"], format!("{sid}.cg-1"));
    assert_eq!(events[1]["data"]["channel"]["name"], "5001");
    assert_eq!(events[2]["target"], format!("{sid}.cg-1.ch-tel"));
    assert_eq!(events[2]["data"]["state"], "INACTIVE");
    assert_eq!(events[7]["target"], format!("{sid}.cg-1"));
    assert_eq!(events[8]["target"], sid.as_str());
    assert_eq!(events[8]["data"]["channel"]["type"], "EMAIL");
    assert_eq!(events[13]["target"], sid.as_str());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn dialects_are_enforced() {
    for (mode, ok, bad) in [
        (DialectMode::Legacy, "channel.activate", "channel.request.activate"),
        (DialectMode::Current, "channel.request.activate", "channel.activate"),
    ] {
        let mut cfg = config();
        cfg.world.dialect = mode;
        let sim = start(cfg).await;
        let mut c = Client::connect(&sim.ws()).await;
        c.bootstrap("4001", "pass").await;
        let (start_ok, start_bad) = if mode == DialectMode::Legacy {
            ("session.start", "session.request.start")
        } else {
            ("session.request.start", "session.start")
        };
        let (r, _) = c.start(start_bad).await;
        assert_failure(&r, "UNKNOWN_COMMAND", start_bad);
        assert_fixture("response.session.request.start.failure.json", &r);
        let (r, _) = c.start(start_ok).await;
        assert_eq!(r["result"], "success");
        let t = c.target("cg-1.ch-tel");
        let (r, ev) = c.cmd(bad, &t, json!({})).await;
        assert_failure(&r, "UNKNOWN_COMMAND", bad);
        assert!(ev.is_empty());
        let (r, ev) = c.cmd(ok, &t, json!({})).await;
        assert_eq!(r["result"], "success");
        assert_eq!(r["command"], ok, "echoed as received");
        assert_eq!(ev.len(), 2);
        // Names shared by both generations work in either mode.
        let (r, _) = c.cmd("session.request.externalnotreadyreasons", &c.sid.clone(), json!({})).await;
        assert_eq!(r["result"], "success");
        sim.handle.shutdown().await;
    }
}

#[tokio::test]
async fn reconnect_reannounces_existing_objects() {
    let sim = Sim::default().await;
    let mut a = sim.login("4001").await;
    a.ready_phone().await;
    let t = a.target("cg-1.ch-tel");
    let (r, _) = a.cmd("channel.dial", &t, json!({"destination": "+15125550199", "extensions": {}})).await;
    assert_eq!(r["result"], "success");
    let sid = a.sid.clone();
    drop(a);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;

    let mut b = Client::connect(&sim.ws()).await;
    b.bind_processor().await;
    b.sid = sid.clone();
    let (r, _) = b.core("bindResource", json!({"resourceId": sid})).await;
    assert_eq!(r["result"], "success");
    let (_, events) = b.start("session.start").await;
    let names: Vec<&str> = events.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names.last(), Some(&"session.initialized"));
    let tel = events
        .iter()
        .find(|e| e["name"] == "channel.infochanged" && e["target"] == format!("{sid}.cg-1.ch-tel"))
        .unwrap();
    assert_eq!(tel["data"]["state"], "ACTIVE");
    assert_eq!(tel["data"]["agentStatus"]["status"], "busy_ready");
    let ix_at = names.iter().position(|n| *n == "interaction.created").expect("interaction re-announced");
    assert_eq!(
        &names[ix_at..],
        &[
            "interaction.created",
            "state.updated",
            "conversation.created",
            "state.updated",
            "conversation.member.added",
            "conversation.member.added",
            "conversation.initialized",
            "interaction.datachanged",
            "interaction.initialized",
            "session.initialized"
        ]
    );
    assert_eq!(events[ix_at + 1]["data"]["state"], "STARTED");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn bad_input_gets_answers_and_breaks_nothing() {
    let sim = Sim::default().await;
    let mut other = sim.login("4002").await;
    let mut c = sim.login("4001").await;
    for garbage in ["", "not json", "[1,2]", "{}", "{\"messageType\":7}", "\"x\"", "{\"command\":5}"] {
        c.send_text(garbage).await;
        let e = c.recv().await;
        assert_eq!(e["messageType"], "coreError", "{garbage}: {e}");
        assert_eq!(e["errorType"], "INVALID_REQUEST");
    }
    // Bad data for a known command: failure with the request as `original`.
    let t = c.target("cg-1.ch-tel");
    let (r, _) = c.cmd("channel.notready", &t, json!({"reasondesc": "no code"})).await;
    assert_failure(&r, "INVALID_REQUEST", "channel.notready");
    assert_eq!(r["original"]["data"]["reasondesc"], "no code");
    let (r, _) = c.cmd("channel.dial", &t, json!({"destination": 42})).await;
    assert_failure(&r, "INVALID_REQUEST", "channel.dial");
    c.send(
        json!({"messageType": "serviceRequest", "requestId": "x1", "command": "prepareSession", "data": {"agent": 1}}),
    )
    .await;
    let r = c.recv().await;
    assert_eq!(r["messageType"], "serviceResponse");
    assert_eq!(r["failure"]["code"], "INVALID_REQUEST");
    c.send(json!({"messageType": "coreRequest", "requestId": "x2", "command": 3})).await;
    let r = c.recv().await;
    assert_eq!(r["messageType"], "coreError");
    c.send(json!({"messageType": "objectEvent", "target": "x", "name": "session.initialized", "data": {}})).await;
    let r = c.recv().await;
    assert_eq!(r["messageType"], "coreError");
    c.ws.send(tokio_tungstenite::tungstenite::Message::binary(vec![0u8, 159, 146, 150])).await.unwrap();
    let r = c.recv().await;
    assert_eq!(r["messageType"], "coreError");
    let big =
        format!("{{\"command\":\"channel.ready\",\"target\":\"x\",\"data\":{{\"pad\":\"{}\"}}}}", "x".repeat(5 << 20));
    c.send_text(&big).await;
    let e = c.recv().await;
    assert_eq!(e["messageType"], "coreError");
    assert!(e.to_string().len() < 1000, "not echoed");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    c.send_text(&deep).await;
    assert_eq!(c.recv().await["messageType"], "coreError");
    // Unknown command, unknown and wrong-kind targets, missing target.
    let (r, _) = c.cmd("channel.teleport", &t, json!({})).await;
    assert_failure(&r, "UNKNOWN_COMMAND", "channel.teleport");
    let (r, _) = c.cmd("channel.ready", &c.target("cg-1.ch-nope"), json!({})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "channel.ready");
    let (r, _) = c.cmd("channel.ready", &c.target("cg-1"), json!({})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "channel.ready");
    let (r, _) = c.cmd("interaction.accept", &t, json!({})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "interaction.accept");
    c.send(json!({"command": "channel.ready", "data": {}})).await;
    let (r, _) = c.until_barrier().await;
    assert_failure(&r, "INVALID_REQUEST", "channel.ready");
    // The leading-space quirk of PROTOCOL.md 1.4 is accepted and echoed as received.
    let (r, _) = c.cmd(" session.request.incontact.addressbook", &c.sid.clone(), json!({"realtime": false})).await;
    assert_eq!(r["result"], "success");
    assert_eq!(r["command"], " session.request.incontact.addressbook");
    // Still healthy, and the other session untouched.
    c.ready_phone().await;
    let (r, ev) = other.cmd("channel.activate", &other.target("cg-1.ch-tel"), json!({})).await;
    assert_eq!(r["result"], "success");
    assert_eq!(ev[0]["data"]["agentStatus"]["status"], "not_ready");
    sim.handle.shutdown().await;
}

use futures_util::SinkExt;

/// A serviceResponse without its envelope members (the fixtures show the bare response).
fn unwrap_service(v: &Value) -> Value {
    assert_eq!(v["messageType"], "serviceResponse");
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        for k in ["messageType", "requestId", "serviceId"] {
            m.remove(k);
        }
    }
    v
}

/// What PROTOCOL.md and WIRE-PROFILE.md leave open is accepted the way the documents'
/// other messages suggest, so a client written from them (not from agentwire) gets in.
#[tokio::test]
async fn tolerant_of_what_the_documents_leave_open() {
    let sim = Sim::default().await;
    let mut c = Client::connect(&sim.ws()).await;
    // A core command with stray spaces (1.4 asks to trim command strings).
    let (r, _) = c.core(" bindService ", json!({"serviceId": PROCESSOR})).await;
    assert_eq!(r["result"], "success", "{r}");
    // prepareSession without `override` (reads as false), as a bare request.
    c.send(
        json!({"messageType": "serviceRequest", "requestId": "p1", "serviceId": PROCESSOR, "command": "prepareSession",
        "data": {"model": "m", "agent": {"id": "4001", "password": "pass"}}}),
    )
    .await;
    let p = c.recv().await;
    assert_eq!((p["messageType"].as_str(), p["result"].as_str()), (Some("serviceResponse"), Some("success")), "{p}");
    let sid = p["data"]["resourceId"].as_str().unwrap().to_owned();
    let (r, _) = c.core("bindResource", json!({"resourceId": sid})).await;
    assert_eq!(r["result"], "success", "{r}");
    // `data: null` on a request reads as `{}`.
    c.send(json!({"command": "session.start", "target": sid, "data": null})).await;
    let r = c.recv().await;
    assert_eq!(r["result"], "success", "{r}");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn an_offered_websocket_subprotocol_is_selected() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let sim = Sim::default().await;
    let mut s = tokio::net::TcpStream::connect(sim.addr).await.unwrap();
    let req = format!(
        "GET /ws HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: dcp, json\r\n\r\n",
        sim.addr
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut b)).await.unwrap().unwrap();
        assert!(n == 1, "connection closed before the response head");
        head.push(b[0]);
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 101"), "{head}");
    assert!(head.contains("sec-websocket-protocol: dcp\r\n"), "browsers require an offered subprotocol back: {head}");
    sim.handle.shutdown().await;
}
