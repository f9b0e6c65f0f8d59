//! Generated traffic: scheduled inbound work, timed release and abandon, presence,
//! hostile strings, generated agents.

use crate::support::*;
use serde_json::json;

#[tokio::test]
async fn scheduled_inbound_reaches_a_ready_agent() {
    let mut cfg = config();
    cfg.world.inbound_every = 1;
    let sim = start(cfg).await;
    let mut idle = sim.login("4002").await;
    let mut c = sim.login("4001").await;
    c.ready_phone().await;
    let ev = c.events_for(3500).await;
    let created: Vec<_> = ev.iter().filter(|e| e["name"] == "interaction.created").collect();
    assert!(!created.is_empty(), "{ev:?}");
    assert_eq!(created[0]["data"]["interaction"]["direction"], "inbound");
    assert!(idle.events_for(100).await.is_empty(), "not ready: no work");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn talk_and_ring_timeouts() {
    let mut cfg = config();
    cfg.catalog.timing.talk_secs = 1;
    cfg.catalog.timing.ring_secs = 1;
    cfg.catalog.timing.acw_after_call = true;
    let sim = start(cfg).await;
    let mut c = sim.login("4001").await;
    c.ready_phone().await;
    // Released by the far end after talk_secs; the agent goes to after-call work.
    let t = c.target("cg-1.ch-tel");
    c.cmd("channel.dial", &t, json!({"destination": "5555"})).await;
    let ev = c.events_for(2500).await;
    let names: Vec<&str> = ev.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"interaction.ended"), "{names:?}");
    let info = ev.iter().rfind(|e| e["name"] == "channel.infochanged").unwrap();
    assert_eq!(info["data"]["agentStatus"]["status"], "after_call_work");
    // Abandoned when nobody accepts within ring_secs.
    sim.control("inbound", json!({"agent": "4001"})).await;
    let ev = c.events_for(2500).await;
    assert!(ev.iter().any(|e| e["name"] == "interaction.ended"));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn presence_every_changes_the_address_book() {
    let mut cfg = config();
    cfg.world.presence_every = 1;
    let sim = start(cfg).await;
    let mut c = sim.login("4001").await;
    let s = c.sid.clone();
    c.cmd("session.request.incontact.addressbook", &s, json!({"realtime": true})).await;
    let ev = c.events_for(3500).await;
    assert!(ev.iter().any(|e| e["name"] == "session.incontact.addressbook.updated"), "{ev:?}");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn hostile_strings() {
    let mut cfg = config();
    cfg.catalog.make_hostile();
    let sim = start(cfg).await;
    let mut c = sim.login("4001").await;
    let (_, ev) = c.cmd("session.request.externalnotreadyreasons", &c.sid.clone(), json!({})).await;
    let text = ev[0].to_string();
    assert!(text.contains("<img src=x onerror=alert(1)>") || text.contains("<script>"), "{text}");
    let (r, _) = c.cmd("session.request.incontact.addressbook", &c.sid.clone(), json!({})).await;
    let book = r["data"]["addressbooks"].to_string();
    assert!(book.contains("<img") && book.contains("<script>"), "{book}");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn generated_agents_can_log_in() {
    let mut cfg = config();
    cfg.catalog.generate_agents(50);
    let sim = start(cfg).await;
    let mut c = sim.login("100050").await;
    let (r, _) = c.cmd("channel.activate", &c.target("cg-1.ch-tel"), json!({})).await;
    assert_eq!(r["result"], "success");
    sim.handle.shutdown().await;
}
