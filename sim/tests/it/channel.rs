//! Channel and channel-group commands (PROTOCOL.md 3.2, 3.3, 4.2, 4.3).

use crate::support::*;
use serde_json::json;

const PAIR: &[(&str, Option<&str>)] = &[
    ("channel.infochanged", Some("event.channel.infochanged.json")),
    ("state.updated", Some("event.state.updated.channel.json")),
];

#[tokio::test]
async fn activate_ready_notready_deactivate() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let t = c.target("cg-1.ch-tel");

    let (r, ev) = c.cmd("channel.ready", &t, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "channel.ready");
    assert_fixture("response.channel.ready.failure.json", &r);
    assert!(ev.is_empty());
    let (r, _) = c.cmd("channel.notready", &t, json!({"reasoncode": "12", "reasondesc": "Lunch"})).await;
    assert_failure(&r, "INVALID_STATE", "channel.notready");
    assert_fixture("response.channel.notready.failure.json", &r);
    let (r, _) = c.cmd("channel.deactivate", &t, json!({"channelOptions": {}})).await;
    assert_failure(&r, "INVALID_STATE", "channel.deactivate");
    assert_fixture("response.channel.deactivate.failure.json", &r);

    let (r, ev) = c.cmd("channel.activate", &t, json!({"channeloptions": {"queue": "SUPPORT"}})).await;
    assert_fixture("response.channel.activate.success.json", &r);
    assert_eq!(r["data"], json!({"channeloptions": {"queue": "SUPPORT"}}), "data echoed");
    assert_events(&ev, PAIR);
    assert_eq!(ev[0]["target"], t.as_str());
    assert_eq!(ev[0]["data"]["state"], "ACTIVE");
    assert_eq!(ev[0]["data"]["agentStatus"]["status"], "not_ready");
    assert_eq!(ev[1]["data"]["state"], "ACTIVE");
    let (r, _) = c.cmd("channel.activate", &t, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "channel.activate");
    assert_fixture("response.channel.activate.failure.json", &r);

    let (r, ev) = c.cmd("channel.ready", &t, json!({})).await;
    assert_fixture("response.channel.ready.success.json", &r);
    assert_events(&ev, PAIR);
    assert_eq!(ev[0]["data"]["agentStatus"]["status"], "ready");

    let (r, ev) = c.cmd("channel.notready", &t, json!({"reasoncode": "12", "reasondesc": "Lunch"})).await;
    assert_fixture("response.channel.notready.success.json", &r);
    assert_events(&ev, PAIR);
    let st = &ev[0]["data"]["agentStatus"];
    assert_eq!(
        (st["status"].as_str(), st["lastReasonCode"].as_str(), st["lastReasonName"].as_str()),
        (Some("not_ready"), Some("12"), Some("Lunch"))
    );

    let (r, ev) = c.cmd("channel.notready", &t, json!({"reasoncode": "acw"})).await;
    assert_eq!(r["result"], "success");
    assert_eq!(ev[0]["data"]["agentStatus"]["status"], "after_call_work");
    assert_eq!(ev[0]["data"]["agentStatus"]["lastReasonCode"], "acw");

    for (code, why) in [("99", "unknown"), ("30", "not selectable"), ("", "empty")] {
        let (r, ev) = c.cmd("channel.notready", &t, json!({"reasoncode": code})).await;
        assert_failure(&r, "INVALID_REQUEST", "channel.notready");
        assert!(ev.is_empty(), "{why}");
    }
    let (r, _) = c.cmd("channel.deactivate", &t, json!({"channelOptions": {"reason": "77"}})).await;
    assert_failure(&r, "INVALID_REQUEST", "channel.deactivate");
    let (r, ev) = c.cmd("channel.deactivate", &t, json!({"channelOptions": {"queue": "SUPPORT", "reason": "3"}})).await;
    assert_fixture("response.channel.deactivate.success.json", &r);
    assert_events(&ev, PAIR);
    assert_eq!(ev[0]["data"]["state"], "INACTIVE");
    assert_eq!(ev[1]["data"]["state"], "INACTIVE");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn current_dialect_channel_commands() {
    let sim = Sim::default().await;
    let mut c = Client::connect(&sim.ws()).await;
    c.bootstrap("4003", "pass").await;
    c.start("session.request.start").await;
    let t = c.target("ch-email");
    for (cmd, data) in [
        ("channel.request.activate", json!({"channeloptions": {}})),
        ("channel.request.ready", json!({})),
        ("channel.request.notready", json!({"reasoncode": "14"})),
        ("channel.request.deactivate", json!({"channelOptions": {}})),
    ] {
        let (r, ev) = c.cmd(cmd, &t, data).await;
        assert_eq!(r["result"], "success", "{r}");
        assert_eq!(r["command"], cmd);
        assert_events(&ev, PAIR);
    }
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn dial_emits_the_documented_sequence() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let t = c.target("cg-1.ch-tel");
    let (r, _) = c.cmd("channel.dial", &t, json!({"destination": "+15125550199"})).await;
    assert_failure(&r, "INVALID_STATE", "channel.dial");
    assert_fixture("response.channel.dial.failure.json", &r);
    c.cmd("channel.activate", &t, json!({})).await;
    let (r, _) = c.cmd("channel.dial", &t, json!({"destination": ""})).await;
    assert_failure(&r, "INVALID_REQUEST", "channel.dial");
    let (r, _) = c.cmd("channel.dial", &t, json!({"destination": "   "})).await;
    assert_failure(&r, "INVALID_REQUEST", "channel.dial");
    let (r, _) = c.cmd("channel.dial", &t, json!({"destination": "12\n34"})).await;
    assert_failure(&r, "INVALID_REQUEST", "channel.dial");

    let (r, ev) = c.cmd("channel.dial", &t, json!({"destination": "+15125550199", "extensions": {}})).await;
    assert_fixture("response.channel.dial.success.json", &r);
    assert_eq!(r["data"], json!({"destination": "+15125550199", "extensions": {}}));
    let dial: Vec<(&str, Option<&str>)> = [
        CALL_CREATION,
        // connect_ms = 0: answered at once, conversation first.
        &[
            ("state.updated", Some("event.state.updated.conversation.json")),
            ("state.updated", Some("event.state.updated.interaction.json")),
        ],
    ]
    .concat();
    assert_events(&ev, &dial);
    assert_eq!(ev[0]["data"]["agentStatus"]["status"], "busy_not_ready");
    let ix = ev[2]["target"].as_str().unwrap().to_owned();
    assert!(ix.starts_with(&format!("{t}.ix-")));
    assert_eq!(ev[2]["data"]["interaction"]["direction"], "outbound");
    assert_eq!(ev[3]["data"]["state"], "DIALING");
    let cv = format!("{ix}.cv-1");
    assert_eq!(ev[4]["target"], cv.as_str());
    assert_eq!(ev[4]["data"]["conversation"]["kind"], "primary");
    assert_eq!(ev[5]["data"]["state"], "DIALING");
    assert_eq!(ev[7]["data"]["member"]["address"], "+15125550199");
    assert_eq!(ev[9]["data"]["data"]["DNIS"], "+15125550199");
    assert_eq!((ev[12]["target"].as_str(), ev[12]["data"]["state"].as_str()), (Some(cv.as_str()), Some("STARTED")));
    assert_eq!((ev[13]["target"].as_str(), ev[13]["data"]["state"].as_str()), (Some(ix.as_str()), Some("STARTED")));

    let (r, _) = c.cmd("channel.dial", &t, json!({"destination": "5555"})).await;
    assert_failure(&r, "INVALID_STATE", "channel.dial");
    let (r, _) = c.cmd("channel.deactivate", &t, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "channel.deactivate");
    // Ready while busy: busy_ready.
    let (_, ev) = c.cmd("channel.ready", &t, json!({})).await;
    assert_eq!(ev[0]["data"]["agentStatus"]["status"], "busy_ready");
    // Dial on chat: unsupported.
    let chat = c.target("cg-1.ch-chat");
    c.cmd("channel.activate", &chat, json!({})).await;
    let (r, _) = c.cmd("channel.dial", &chat, json!({"destination": "5555"})).await;
    assert_failure(&r, "UNSUPPORTED", "channel.dial");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn dial_rings_until_connect_ms() {
    let mut cfg = config();
    cfg.catalog.timing.connect_ms = 200;
    let sim = start(cfg).await;
    let mut c = sim.login("4001").await;
    let t = c.target("cg-1.ch-tel");
    c.cmd("channel.activate", &t, json!({})).await;
    let (_, ev) = c.cmd("channel.dial", &t, json!({"destination": "5555"})).await;
    assert_eq!(ev.len(), 12);
    assert_eq!(ev.last().unwrap()["name"], "interaction.initialized");
    let later = c.events_for(600).await;
    let states: Vec<&str> = later.iter().map(|e| e["data"]["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["STARTED", "STARTED"]);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn getscripts_returns_the_channel_scripts() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let (r, ev) = c.cmd("channel.request.incontact.getscripts", &c.target("cg-1.ch-tel"), json!({})).await;
    assert_fixture("response.channel.request.incontact.getscripts.success.json", &r);
    assert_eq!(r["data"]["scripts"].as_array().unwrap().len(), 2);
    assert!(ev.is_empty());
    let (r, _) = c.cmd("channel.request.incontact.getscripts", &c.target("ch-email"), json!({})).await;
    assert_eq!(r["data"], json!({"scripts": []}));
    let (r, _) = c.cmd("channel.request.incontact.getscripts", &c.target("ch-x"), json!({})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "channel.request.incontact.getscripts");
    assert_fixture("response.channel.request.incontact.getscripts.failure.json", &r);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn channel_group_commands() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let g = c.target("cg-1");
    let (tel, chat) = (c.target("cg-1.ch-tel"), c.target("cg-1.ch-chat"));
    // activate: one channel, the first inactive one.
    let (r, ev) = c.cmd("channelgroup.request.activate", &g, json!({"channeloptions": {"queue": "SUPPORT"}})).await;
    assert_fixture("response.channelgroup.request.activate.success.json", &r);
    assert_events(&ev, PAIR);
    assert_eq!(ev[0]["target"], tel.as_str());
    // activateall: the rest.
    let (r, ev) = c.cmd("channelgroup.request.activateall", &g, json!({"channeloptions": {"queue": "SUPPORT"}})).await;
    assert_fixture("response.channelgroup.request.activateall.success.json", &r);
    assert_events(&ev, PAIR);
    assert_eq!(ev[0]["target"], chat.as_str());
    let (r, _) = c.cmd("channelgroup.request.activate", &g, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "channelgroup.request.activate");
    assert_fixture("response.channelgroup.request.activate.failure.json", &r);
    // deactivateall: not ready first where ready, then deactivate, channel by channel.
    c.cmd("channel.ready", &tel, json!({})).await;
    let (r, ev) = c.cmd("channelgroup.request.deactivateall", &g, json!({})).await;
    assert_fixture("response.channelgroup.request.deactivateall.success.json", &r);
    let summary: Vec<(String, String, String)> = ev
        .iter()
        .map(|e| {
            let st = e["data"]["agentStatus"]["status"].as_str().unwrap_or("-");
            (
                e["name"].as_str().unwrap().to_owned(),
                e["target"].as_str().unwrap().to_owned(),
                format!("{}/{st}", e["data"]["state"].as_str().unwrap()),
            )
        })
        .collect();
    let want = [
        ("channel.infochanged", &tel, "ACTIVE/not_ready"),
        ("state.updated", &tel, "ACTIVE/-"),
        ("channel.infochanged", &tel, "INACTIVE/not_ready"),
        ("state.updated", &tel, "INACTIVE/-"),
        ("channel.infochanged", &chat, "INACTIVE/not_ready"),
        ("state.updated", &chat, "INACTIVE/-"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(summary, want);
    // A channel target is accepted by channelgroup.request.activate.
    let (r, ev) = c.cmd("channelgroup.request.activate", &chat, json!({})).await;
    assert_eq!(r["result"], "success");
    assert_eq!(ev[0]["target"], chat.as_str());
    let (r, _) = c.cmd("channelgroup.request.activateall", &c.target("ch-email"), json!({})).await;
    assert_failure(&r, "UNKNOWN_TARGET", "channelgroup.request.activateall");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn group_failures_stop_where_the_protocol_says() {
    let sim = Sim::default().await;
    let mut c = sim.login("4001").await;
    let g = c.target("cg-1");
    let (tel, chat) = (c.target("cg-1.ch-tel"), c.target("cg-1.ch-chat"));
    // Another agent holds the chat endpoint: activateall activates tel, then fails.
    let (s, b) = sim.control("unavailable", json!({"agent": "4001", "channel": "ch-chat"})).await;
    assert_eq!(s, 200, "{b}");
    let ev = c.events_for(100).await;
    assert_eq!(ev[0]["data"]["state"], "UNAVAILABLE");
    let (r, ev) = c.cmd("channelgroup.request.activateall", &g, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "channelgroup.request.activateall");
    assert_fixture("response.channelgroup.request.activateall.failure.json", &r);
    assert_events(&ev, PAIR);
    assert_eq!(ev[0]["target"], tel.as_str());
    let (r, _) = c.cmd("channel.activate", &chat, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "channel.activate");
    sim.control("unavailable", json!({"agent": "4001", "channel": "ch-chat", "on": false})).await;
    c.events_for(100).await;
    c.cmd("channel.activate", &chat, json!({})).await;
    // deactivateall fails on a channel with an interaction; earlier ones stay deactivated.
    let (s, b) = sim.control("inbound", json!({"agent": "4001", "media": "chat"})).await;
    assert_eq!(s, 200, "{b}");
    c.events_for(100).await;
    let (r, ev) = c.cmd("channelgroup.request.deactivateall", &g, json!({})).await;
    assert_failure(&r, "INVALID_STATE", "channelgroup.request.deactivateall");
    assert_fixture("response.channelgroup.request.deactivateall.failure.json", &r);
    assert_events(&ev, PAIR);
    assert_eq!((ev[0]["target"].as_str(), ev[0]["data"]["state"].as_str()), (Some(tel.as_str()), Some("INACTIVE")));
    sim.handle.shutdown().await;
}
