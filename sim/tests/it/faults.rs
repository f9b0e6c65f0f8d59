//! Fault injection: every fault, through the control API, the WebSocket URL and the
//! per-connection defaults (CLI flags).

use crate::support::*;
use futures_util::StreamExt;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn drop_after_n_frames_from_the_url() {
    let sim = Sim::default().await;
    let mut c = Client::connect(&format!("{}?tag=t1&dropAfter=3", sim.ws())).await;
    let (_, b) = sim.control("state", json!({})).await;
    assert_eq!(b["connections"][0]["tag"], "t1");
    c.core("ping", json!({})).await;
    c.core("ping", json!({})).await;
    c.send(json!({"messageType": "coreRequest", "requestId": "p3", "command": "ping"})).await;
    assert!(matches!(c.next().await, Got::Text(_)), "third frame still arrives");
    let got = c.closed_within(2000).await;
    assert_eq!(got, Some(None), "dropped without a close frame");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn drop_now_keeps_the_session_for_a_reconnect() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    c.ready_phone().await;
    let (s, b) = sim.control("drop", json!({"agent": "4001"})).await;
    assert_eq!((s, b["connections"].as_array().map(Vec::len)), (200, Some(1)));
    assert_eq!(c.closed_within(2000).await, Some(None));
    let mut d = Client::connect(&sim.ws()).await;
    d.bind_processor().await;
    d.sid = c.sid.clone();
    let (r, _) = d.core("bindResource", json!({"resourceId": d.sid})).await;
    assert_eq!(r["result"], "success", "{r}");
    let (_, ev) = d.start("session.start").await;
    let tel = ev.iter().find(|e| e["name"] == "channel.infochanged").unwrap();
    assert_eq!(tel["data"]["agentStatus"]["status"], "ready", "state kept");
    // `after`: the next N frames still go out.
    sim.control("drop", json!({"session": d.sid, "after": 1})).await;
    d.send(json!({"messageType": "coreRequest", "requestId": "a", "command": "ping"})).await;
    assert!(matches!(d.next().await, Got::Text(_)));
    assert_eq!(d.closed_within(2000).await, Some(None));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn delayed_responses() {
    let sim = Sim::default().await;
    let mut c = Client::connect(&format!("{}?tag=slow", sim.ws())).await;
    let (s, _) = sim.control("delay", json!({"tag": "slow", "ms": 300})).await;
    assert_eq!(s, 200);
    let t0 = Instant::now();
    c.core("ping", json!({})).await;
    assert!(t0.elapsed() >= Duration::from_millis(290), "{:?}", t0.elapsed());
    sim.control("delay", json!({"tag": "slow", "ms": 0})).await;
    let t0 = Instant::now();
    c.core("ping", json!({})).await;
    assert!(t0.elapsed() < Duration::from_millis(250));
    // From the URL.
    let mut d = Client::connect(&format!("{}?delayMs=200", sim.ws())).await;
    let t0 = Instant::now();
    d.core("ping", json!({})).await;
    assert!(t0.elapsed() >= Duration::from_millis(190));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn malformed_and_unmatched_frames() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    sim.control("malformed", json!({"session": c.sid})).await;
    let Got::Text(t) = c.next().await else { panic!("closed") };
    assert!(agentwire::proto::wire::decode(&t).is_err(), "{t}");
    sim.control("malformed", json!({"agent": "4001", "text": "[\"custom\"]"})).await;
    assert!(matches!(c.next().await, Got::Text(t) if t == "[\"custom\"]"));
    // A binary frame of the requested length.
    sim.control("malformed", json!({"agent": "4001", "binary": 7})).await;
    let m = tokio::time::timeout(std::time::Duration::from_secs(5), futures_util::StreamExt::next(&mut c.ws)).await;
    assert!(matches!(m, Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Binary(b)))) if b.len() == 7));
    sim.control("unmatched", json!({"agent": "4001"})).await;
    let r = c.recv().await;
    assert_eq!(r["result"], "success");
    assert!(r["target"].as_str().unwrap().starts_with(&c.sid));
    // Still working.
    c.ready_phone().await;
    // Per-connection defaults (what --malformed-after / --unmatched-after set).
    let mut cfg = config();
    cfg.faults.malformed_after = Some(1);
    cfg.faults.unmatched_after = Some(2);
    let sim2 = start(cfg).await;
    let mut d = Client::connect(&sim2.ws()).await;
    d.send(json!({"messageType": "coreRequest", "requestId": "1", "command": "ping"})).await;
    d.send(json!({"messageType": "coreRequest", "requestId": "2", "command": "ping"})).await;
    let mut texts = Vec::new();
    for _ in 0..4 {
        let Got::Text(t) = d.next().await else { panic!("closed") };
        texts.push(t);
    }
    assert!(texts[0].contains("\"requestId\":\"1\""));
    assert!(agentwire::proto::wire::decode(&texts[1]).is_err());
    assert!(texts[2].contains("\"requestId\":\"2\""));
    assert!(texts[3].contains("sim-unmatched"));
    sim.handle.shutdown().await;
    sim2.handle.shutdown().await;
}

#[tokio::test]
async fn refuse_the_next_bind() {
    let sim = Sim::default().await;
    let mut c = Client::connect(&sim.ws()).await;
    c.bind_processor().await;
    let p = c.prepare("4001", "pass", false).await;
    let sid = p["data"]["resourceId"].as_str().unwrap().to_owned();
    let (s, _) = sim.control("refuse-bind", json!({"count": 1})).await;
    assert_eq!(s, 200);
    let (r, _) = c.core("bindResource", json!({"resourceId": sid})).await;
    assert_eq!(r["failure"]["code"], "RESOURCE_BOUND");
    let (r, _) = c.core("bindResource", json!({"resourceId": sid})).await;
    assert_eq!(r["result"], "success");
    // Service binds and other codes.
    sim.control("refuse-bind", json!({"kind": "service", "code": "RESOURCE_UNKNOWN"})).await;
    let mut d = Client::connect(&sim.ws()).await;
    let (r, _) = d.core("bindService", json!({"serviceId": PROCESSOR})).await;
    assert_eq!(r["failure"]["code"], "RESOURCE_UNKNOWN");
    d.bind_processor().await;
    // From the config (--refuse-binds).
    let mut cfg = config();
    cfg.world.refuse_binds = 1;
    let sim2 = start(cfg).await;
    let mut e = Client::connect(&sim2.ws()).await;
    e.bind_processor().await;
    let p = e.prepare("4001", "pass", false).await;
    let sid = p["data"]["resourceId"].as_str().unwrap().to_owned();
    let (r, _) = e.core("bindResource", json!({"resourceId": sid})).await;
    assert_eq!(r["failure"]["code"], "RESOURCE_BOUND");
    let (r, _) = e.core("bindResource", json!({"resourceId": sid})).await;
    assert_eq!(r["result"], "success");
    sim.handle.shutdown().await;
    sim2.handle.shutdown().await;
}

#[tokio::test]
async fn restart_with_state_kept() {
    let sim = Sim::default().await;
    let mut a = sim.login("4001").await;
    let mut b = sim.login("4002").await;
    a.ready_phone().await;
    let (s, r) = sim.control("restart", json!({"downMs": 400})).await;
    assert_eq!((s, r["dropped"].as_u64()), (200, Some(2)));
    assert_eq!(a.closed_within(2000).await, Some(None));
    assert_eq!(b.closed_within(2000).await, Some(None));
    // Down for a while: the upgrade is refused.
    let (status, _, _) = http(sim.addr, "GET", "/ws", None).await;
    assert_eq!(status, 426, "plain GET is not an upgrade");
    assert!(tokio_tungstenite::connect_async(sim.ws()).await.is_err(), "refused while down");
    tokio::time::sleep(Duration::from_millis(450)).await;
    let mut c = Client::connect(&sim.ws()).await;
    c.bind_processor().await;
    c.sid = a.sid.clone();
    let (r, _) = c.core("bindResource", json!({"resourceId": c.sid})).await;
    assert_eq!(r["result"], "success");
    let (_, ev) = c.start("session.request.start").await;
    let tel = ev.iter().find(|e| e["name"] == "channel.infochanged").unwrap();
    assert_eq!(
        (tel["data"]["state"].as_str(), tel["data"]["agentStatus"]["status"].as_str()),
        (Some("ACTIVE"), Some("ready"))
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn cut_lets_the_connection_go_at_once_and_keeps_its_socket_silent_and_open() {
    let mut cfg = config();
    // The cut socket must outlive the keep-alive's drop of silent peers (3 intervals).
    cfg.keepalive = Duration::from_millis(100);
    let sim = start(cfg).await;
    let mut c = sim.login("4001").await;
    let (_, before) = sim.control("state", json!({})).await;
    let opened = before["connectionsOpened"].as_u64().expect("connectionsOpened");
    assert_eq!(opened, 1);
    let (s, b) = sim.control("cut", json!({"agent": "4001"})).await;
    assert_eq!((s, b["connections"].as_array().map(Vec::len)), (200, Some(1)));
    let (_, st) = sim.control("state", json!({})).await;
    assert_eq!(st["connections"].as_array().map(Vec::len), Some(0), "let go at once");
    // A ping gets nothing back, not even a close, well past the keep-alive's drop.
    c.send(json!({"messageType": "coreRequest", "requestId": "p", "command": "ping"})).await;
    if let Ok(got) = tokio::time::timeout(Duration::from_millis(600), c.ws.next()).await {
        panic!("a cut socket answered: {got:?}");
    }
    // Its session was unbound: a new connection binds it at once.
    let mut d = Client::connect(&sim.ws()).await;
    d.bind_processor().await;
    let (r, _) = d.core("bindResource", json!({"resourceId": c.sid})).await;
    assert_eq!(r["result"], "success", "{r}");
    let (_, st) = sim.control("state", json!({})).await;
    assert_eq!(st["connectionsOpened"].as_u64(), Some(opened + 1));
    assert_eq!(st["connections"].as_array().map(Vec::len), Some(1));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn silent_clients_are_pinged_then_dropped() {
    let mut cfg = config();
    cfg.keepalive = Duration::from_millis(100);
    let sim = start(cfg).await;
    // Answers pings (the client library replies while it reads): stays.
    let mut live = sim.login("4002").await;
    assert!(live.closed_within(500).await.is_none());
    // Never reads, so never answers: dropped, and its session can be bound again.
    let mut dead = sim.login("4001").await;
    let sid = dead.sid.clone();
    tokio::time::sleep(Duration::from_millis(600)).await;
    let mut c = Client::connect(&sim.ws()).await;
    c.bind_processor().await;
    let (r, _) = c.core("bindResource", json!({"resourceId": sid})).await;
    assert_eq!(r["result"], "success", "{r}");
    assert!(dead.closed_within(500).await.is_some());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn close_with_a_code() {
    let sim = Sim::default().await;
    let mut c = Client::connect(&format!("{}?tag=x", sim.ws())).await;
    let (s, _) = sim.control("close", json!({"tag": "x", "code": 4000, "reason": "bye"})).await;
    assert_eq!(s, 200);
    assert_eq!(c.closed_within(2000).await, Some(Some((4000, "bye".into()))));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn flood_mode() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let (s, b) = sim.control("flood", json!({"agent": "4001", "rate": 2000})).await;
    assert_eq!(s, 200, "{b}");
    let ev = c.events_for(500).await;
    assert!(ev.len() > 500, "{} events", ev.len());
    assert!(ev.iter().all(|e| e["name"] == "channel.infochanged" || e["name"] == "state.updated"));
    sim.control("flood", json!({"agent": "4001", "rate": 0})).await;
    c.events_for(100).await;
    assert!(c.events_for(200).await.is_empty());
    // From the config (--flood): every session gets it at start.
    let mut cfg = config();
    cfg.world.flood = 500;
    let sim2 = start(cfg).await;
    let mut d = sim2.login("4002").await;
    assert!(d.events_for(400).await.len() > 100);
    sim.handle.shutdown().await;
    sim2.handle.shutdown().await;
}

#[tokio::test]
async fn bad_control_requests() {
    let sim = Sim::default().await;
    let (s, b) = sim.control("teleport", json!({})).await;
    assert_eq!((s, b["ok"].as_bool()), (404, Some(false)));
    let (s, _) = sim.control("delay", json!({})).await;
    assert_eq!(s, 400);
    let (s, _) = sim.control("delay", json!({"ms": -1})).await;
    assert_eq!(s, 400);
    let (s, _, body) = sim.control_raw("POST", "/control/drop", Some("[1]")).await;
    assert_eq!(s, 400, "{body}");
    let (s, _, body) = sim.control_raw("POST", "/control/drop", Some("{nope")).await;
    assert_eq!(s, 400, "{body}");
    let (s, _) = sim.control("inbound", json!({"agent": "4001"})).await;
    assert_eq!(s, 409, "not logged in");
    let (s, _) = sim.control("inbound", json!({"agent": "nobody"})).await;
    assert_eq!(s, 400);
    let (s, _) = sim.control("inbound", json!({"agent": "4001", "media": "fax"})).await;
    assert_eq!(s, 400);
    let (s, _, body) = sim.control_raw("GET", "/control", None).await;
    assert_eq!(s, 200);
    assert!(body.contains("refuse-bind"));
    // Parameters may also come from the query string of a POST.
    let (s, _, body) = sim.control_raw("POST", "/control/presence?name=Blair%20Chen&state=Away", None).await;
    assert_eq!(s, 200, "{body}");
    assert!(body.contains("\"state\":\"Away\""));
    let (s, _, _) = sim.control_raw("DELETE", "/control/state", None).await;
    assert_eq!(s, 405);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn injected_failures_hit_the_next_matching_command_only() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let sid = c.sid.clone();
    let (s, _) = sim
        .control(
            "fail",
            json!({"agent": "4001", "command": "session.request.externalnotreadyreasons", "code": "UNSUPPORTED"}),
        )
        .await;
    assert_eq!(s, 200);
    // Another command is not affected.
    let (r, _) = c.cmd("session.request.externallogoutreasons", &sid, json!({})).await;
    assert_eq!(r["result"], "success");
    // The matching one fails once, with its original and no secondary events.
    let (r, events) = c.cmd("session.request.externalnotreadyreasons", &sid, json!({})).await;
    assert_eq!(r["failure"]["code"], "UNSUPPORTED");
    assert_eq!(r["original"]["command"], "session.request.externalnotreadyreasons");
    assert!(events.is_empty());
    let (r, _) = c.cmd("session.request.externalnotreadyreasons", &sid, json!({})).await;
    assert_eq!(r["result"], "success");
    // Bad codes are refused.
    let (s, _) = sim.control("fail", json!({"code": "NOPE"})).await;
    assert_eq!(s, 400);
    sim.handle.shutdown().await;
}
