//! Session commands (PROTOCOL.md 3.1, 2.7): reasons, address book, agent leg, adding
//! channels and groups, logout.

use crate::support::*;
use serde_json::json;

#[tokio::test]
async fn reason_lists() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let s = c.sid.clone();
    let (r, ev) = c.cmd("session.request.externalnotreadyreasons", &s, json!({})).await;
    assert_fixture("response.session.request.externalnotreadyreasons.success.json", &r);
    assert_events(
        &ev,
        &[("session.externalnotreadyreasons.updated", Some("event.session.externalnotreadyreasons.updated.json"))],
    );
    let codes = ev[0]["data"]["reasonCodes"].as_array().unwrap();
    assert!(codes.len() >= 3);
    let lunch = &codes[0]["labels"];
    let langs: Vec<&str> = lunch.as_array().unwrap().iter().map(|l| l["language"].as_str().unwrap()).collect();
    assert_eq!(langs, ["en", "de", "fr"]);
    let (r, ev) = c.cmd("session.request.externallogoutreasons", &s, json!({})).await;
    assert_fixture("response.session.request.externallogoutreasons.success.json", &r);
    assert_events(
        &ev,
        &[("session.externallogoutreasons.updated", Some("event.session.externallogoutreasons.updated.json"))],
    );
    let (r, _) = c.cmd("session.request.externalnotreadyreasons", &c.target("ch-email"), json!({})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "session.request.externalnotreadyreasons");
    assert_fixture("response.session.request.externalnotreadyreasons.failure.json", &r);
    let (r, _) = c.cmd("session.request.externallogoutreasons", &c.target("cg-1"), json!({})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "session.request.externallogoutreasons");
    assert_fixture("response.session.request.externallogoutreasons.failure.json", &r);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn address_book() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let s = c.sid.clone();
    let (r, ev) = c.cmd("session.request.incontact.addressbook", &s, json!({"realtime": true})).await;
    assert_fixture("response.session.request.incontact.addressbook.success.json", &r);
    assert!(ev.is_empty());
    let books = r["data"]["addressbooks"].as_array().unwrap();
    assert!(books.len() >= 2);
    let nested = &books[0]["groups"][0]["groups"][0];
    assert_eq!(nested["name"], "Supervisors");
    assert!(nested["entries"][0]["properties"]["state"].is_string());
    let skill = books[0]["entries"].as_array().unwrap().iter().find(|e| e["type"] == "skill").unwrap();
    assert!(skill["properties"]["numAvailable"].is_number() && skill["properties"]["ewt"].is_string());
    // Real-time subscribers get presence changes.
    let (st, b) = sim.control("presence", json!({"name": "Blair Chen", "state": "On Call"})).await;
    assert_eq!(st, 200, "{b}");
    let (_, ev) = c.until_barrier().await;
    assert_events(
        &ev,
        &[("session.incontact.addressbook.updated", Some("event.session.incontact.addressbook.updated.json"))],
    );
    let blair = &ev[0]["data"]["addressbooks"][0]["entries"][0];
    assert_eq!((blair["name"].as_str(), blair["properties"]["state"].as_str()), (Some("Blair Chen"), Some("On Call")));
    c.cmd("session.request.incontact.addressbook", &s, json!({"realtime": false})).await;
    sim.control("presence", json!({})).await;
    let (_, ev) = c.until_barrier().await;
    assert!(ev.is_empty(), "unsubscribed");
    let (r, _) = c.cmd("session.request.incontact.addressbook", &s, json!({"realtime": "yes"})).await;
    assert_failure(&r, "INVALID_REQUEST", "session.request.incontact.addressbook");
    assert_fixture("response.session.request.incontact.addressbook.failure.json", &r);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn agent_leg() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let s = c.sid.clone();
    let (r, _) = c.cmd("session.request.incontact.agentleg.connect", &format!("{s}x"), json!({})).await;
    assert_failure(&r, "NOT_BOUND", "session.request.incontact.agentleg.connect");
    assert_fixture("response.session.request.incontact.agentleg.connect.failure.json", &r);
    let (r, ev) = c.cmd("session.request.incontact.agentleg.connect", &s, json!({})).await;
    assert_fixture("response.session.request.incontact.agentleg.connect.success.json", &r);
    assert_events(&ev, &[("session.incontact.agentleg.failed", Some("event.session.incontact.agentleg.failed.json"))]);
    let (r, _) = c.cmd("session.request.incontact.agentleg.disconnect", &s, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "session.request.incontact.agentleg.disconnect");
    assert_fixture("response.session.request.incontact.agentleg.disconnect.failure.json", &r);
    c.cmd("channel.activate", &c.target("cg-1.ch-tel"), json!({})).await;
    let (_, ev) = c.cmd("session.request.incontact.agentleg.connect", &s, json!({})).await;
    assert_events(&ev, &[("session.agentleg.connected", Some("event.session.agentleg.connected.json"))]);
    let (r, ev) = c.cmd("session.request.incontact.agentleg.disconnect", &s, json!({})).await;
    assert_fixture("response.session.request.incontact.agentleg.disconnect.success.json", &r);
    assert_events(&ev, &[("session.agentleg.disconnected", Some("event.session.agentleg.disconnected.json"))]);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn add_channel_and_group() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let s = c.sid.clone();
    let data = json!({"channel": {"endpoint": "5001-b", "type": "Telephony"}});
    let (r, ev) = c.cmd("session.request.addchannel", &s, data.clone()).await;
    assert_fixture("response.session.request.addchannel.success.json", &r);
    assert_eq!(r["data"], data);
    assert_events(
        &ev,
        &[
            ("channel.created", Some("event.channel.created.standalone.json")),
            ("channel.infochanged", Some("event.channel.infochanged.json")),
            ("channel.initialized", Some("event.channel.initialized.json")),
        ],
    );
    assert_eq!(ev[0]["target"], s.as_str());
    assert_eq!(ev[0]["data"]["channel"]["type"], "TELEPHONY");
    assert_eq!(ev[1]["data"]["state"], "INACTIVE");
    let new = ev[1]["target"].as_str().unwrap().to_owned();
    let (r, _) = c.cmd("channel.activate", &new, json!({})).await;
    assert_eq!(r["result"], "success");
    let (r, _) = c.cmd("session.addchannel", &s, data).await;
    assert_failure(&r, "INVALID_STATE", "session.addchannel");
    assert_fixture("response.session.request.addchannel.failure.json", &r);
    let (r, _) = c.cmd("session.addchannel", &s, json!({"channel": {"endpoint": "x", "type": "Fax"}})).await;
    assert_failure(&r, "INVALID_REQUEST", "session.addchannel");

    let (r, ev) = c.cmd("session.addchannelgroup", &s, json!({"channelgroup": {"name": "agent-4001-group"}})).await;
    assert_fixture("response.session.addchannelgroup.success.json", &r);
    let names: Vec<&str> = ev.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "channelgroup.created",
            "channel.created",
            "channel.infochanged",
            "channel.initialized",
            "channel.created",
            "channel.infochanged",
            "channel.initialized",
            "channelgroup.initialized"
        ]
    );
    let gid = ev[0]["data"]["channelgroup"]["id"].as_str().unwrap();
    let g = format!("{s}.{gid}");
    assert_eq!(ev[1]["target"], g.as_str());
    assert_fixture("event.channel.created.json", &ev[1]);
    assert_eq!(ev[7]["target"], g.as_str());
    let (r, ev) = c.cmd("channelgroup.request.activateall", &g, json!({})).await;
    assert_eq!(r["result"], "success");
    assert_eq!(ev.len(), 4);
    let (r, _) =
        c.cmd("session.request.addchannelgroup", &s, json!({"channelgroup": {"name": "agent-4001-group"}})).await;
    assert_failure(&r, "INVALID_STATE", "session.request.addchannelgroup");
    assert_fixture("response.session.addchannelgroup.failure.json", &r);
    let (r, _) = c.cmd("session.addchannelgroup", &s, json!({"channelgroup": {}})).await;
    assert_failure(&r, "INVALID_REQUEST", "session.addchannelgroup");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn logout_makes_the_session_inert() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    c.ready_phone().await;
    c.cmd("session.request.addchannel", &c.sid.clone(), json!({"channel": {"endpoint": "extra", "type": "Chat"}}))
        .await;
    let s = c.sid.clone();
    let (r, ev) = c.cmd("session.request.logout", &s, json!({})).await;
    assert_fixture("response.session.request.logout.success.json", &r);
    assert_eq!(
        r.as_object().unwrap().keys().map(String::as_str).collect::<Vec<_>>(),
        ["command", "result", "target"],
        "no data member"
    );
    assert!(ev.is_empty());
    let (r, ev) = c.cmd("channel.ready", &c.target("cg-1.ch-tel"), json!({})).await;
    assert_failure(&r, "INVALID_STATE", "channel.ready");
    assert!(ev.is_empty());
    let (r, _) = c.cmd("session.request.logout", &s, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "session.request.logout");
    assert_fixture("response.session.request.logout.failure.json", &r);
    let (r, _) = c.core("bindResource", json!({"resourceId": s})).await;
    assert_eq!(r["failure"]["code"], "RESOURCE_UNKNOWN");
    // The agent logs in again: no confirm, a fresh layout (channels INACTIVE, added ones gone).
    let mut d = Client::connect(&sim.ws()).await;
    d.bootstrap("4001", "pass").await;
    assert_ne!(d.sid, s);
    let (_, ev) = d.start("session.start").await;
    let created = ev.iter().filter(|e| e["name"] == "channel.created").count();
    assert_eq!(created, 3);
    assert!(ev.iter().filter(|e| e["name"] == "channel.infochanged").all(|e| e["data"]["state"] == "INACTIVE"));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn agents_are_independent() {
    let sim = Sim::default().await;
    let mut clients = Vec::new();
    for a in ["4001", "4002", "4003", "4004", "4005"] {
        clients.push(sim.login(a).await);
    }
    let sids: std::collections::HashSet<String> = clients.iter().map(|c| c.sid.clone()).collect();
    assert_eq!(sids.len(), 5);
    clients[0].ready_phone().await;
    let t1 = clients[1].target("cg-1.ch-tel");
    let (r, ev) = clients[1].cmd("channel.ready", &t1, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "channel.ready");
    assert!(ev.is_empty());
    // Another agent's session is not reachable with this binding.
    let other = clients[0].target("cg-1.ch-tel");
    let (r, _) = clients[2].cmd("channel.deactivate", &other, json!({})).await;
    assert_failure(&r, "NOT_BOUND", "channel.deactivate");
    let (_, b) = sim.control("state", json!({})).await;
    assert_eq!(b["connections"].as_array().unwrap().len(), 5);
    sim.handle.shutdown().await;
}
