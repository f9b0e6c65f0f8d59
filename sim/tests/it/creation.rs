//! The creation-target convention (issue 15, item 7): `interaction.created` and
//! `conversation.created` target the new object itself (`own`, the default: PROTOCOL.md's
//! inferred reading) or its parent (`parent`: the channel, resp. the interaction, as
//! `channel.created` does), with the same data; every other event names the object's own
//! target. Set at start-up (`--creation-target`, `WorldOptions::creation_target`) and per
//! agent through `control/creation-target`.

use crate::support::*;
use agentwire_sim::CreationTarget;
use serde_json::{json, Value};

/// Delivers an inbound call to the logged-in `c` (phone ready); returns the interaction
/// target and the events, which must be the PROTOCOL.md 3.3 creation list.
async fn inbound(sim: &Sim, c: &mut Client) -> (String, Vec<Value>) {
    let (s, b) = sim.control("inbound", json!({"session": c.sid, "media": "telephony"})).await;
    assert_eq!(s, 200, "{b}");
    let (_, ev) = c.until_barrier().await;
    assert_events(&ev, CALL_CREATION);
    (b["target"].as_str().unwrap().to_owned(), ev)
}

/// The call's events name `created_ix` and `created_cv` for the two creation events, and
/// the objects' own targets everywhere else; the creation data carry the new ids.
fn assert_targets(ev: &[Value], ix: &str, created_ix: &str, created_cv: &str) {
    let cv = format!("{ix}.cv-1");
    let channel = ix.rsplit_once('.').unwrap().0;
    let targets: Vec<&str> = ev.iter().map(|e| e["target"].as_str().unwrap()).collect();
    let want = [channel, channel, created_ix, ix, created_cv, &cv, &cv, &cv, &cv, ix, ix, ix];
    assert_eq!(targets, want);
    let ix_id = ix.rsplit('.').next().unwrap();
    assert_eq!(ev[2]["data"], json!({"interaction": {"id": ix_id, "type": "TELEPHONY", "direction": "inbound"}}));
    assert_eq!(ev[4]["data"], json!({"conversation": {"id": "cv-1", "kind": "primary"}}));
}

fn mode_in_state(state: &Value, agent: &str) -> String {
    let a = state["agents"].as_array().unwrap().iter().find(|a| a["agent"] == agent).expect("agent in state");
    a["creationTarget"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn creation_events_target_the_object_or_its_parent_per_agent() {
    let sim = Sim::default().await;
    let mut own = sim.login("4001").await;
    let mut parent = sim.login("4002").await;
    let (s, b) = sim.control("creation-target", json!({"agent": "4002", "mode": "parent"})).await;
    assert_eq!((s, &b), (200, &json!({"ok": true, "agent": "4002", "mode": "parent"})));
    own.ready_phone().await;
    parent.ready_phone().await;

    // Own (default, unchanged): both creation events name the new object.
    let (ix, ev) = inbound(&sim, &mut own).await;
    assert_targets(&ev, &ix, &ix, &format!("{ix}.cv-1"));
    // Parent: interaction.created names the channel, conversation.created the interaction.
    let (ix, ev) = inbound(&sim, &mut parent).await;
    let channel = parent.target("cg-1.ch-tel");
    assert_targets(&ev, &ix, &channel, &ix);
    let (_, state) = sim.control("state", json!({})).await;
    assert_eq!(mode_in_state(&state, "4001"), "own");
    assert_eq!(mode_in_state(&state, "4002"), "parent");

    // Later events use the object's own target; a consult conversation is created on the
    // interaction too.
    let (r, ev) = parent.cmd("interaction.accept", &ix, json!({})).await;
    assert_eq!(r["result"], "success", "{r}");
    let targets: Vec<&str> = ev.iter().map(|e| e["target"].as_str().unwrap()).collect();
    assert_eq!(targets, [ix.clone(), format!("{ix}.cv-1")]);
    let (r, ev) = parent.cmd("interaction.request.consult", &ix, json!({"destination": "4003"})).await;
    assert_eq!(r["result"], "success", "{r}");
    let got: Vec<(&str, &str)> =
        ev.iter().map(|e| (e["name"].as_str().unwrap(), e["target"].as_str().unwrap())).collect();
    let (cv1, cv2) = (format!("{ix}.cv-1"), format!("{ix}.cv-2"));
    let want = [
        ("state.updated", cv1.as_str()),
        ("conversation.created", ix.as_str()),
        ("state.updated", &cv2),
        ("conversation.member.added", &cv2),
        ("conversation.member.added", &cv2),
        ("conversation.initialized", &cv2),
        ("interaction.focuschanged", &ix),
        ("state.updated", &cv2),
    ];
    assert_eq!(got, want);
    assert_eq!(ev[1]["data"]["conversation"], json!({"id": "cv-2", "kind": "consult"}));

    // A session start re-announces the call the same way (the mode belongs to the agent).
    let sid = parent.sid.clone();
    drop(parent);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let mut again = Client::connect(&sim.ws()).await;
    again.bind_processor().await;
    again.sid = sid.clone();
    let (r, _) = again.core("bindResource", json!({"resourceId": sid})).await;
    assert_eq!(r["result"], "success", "{r}");
    let (_, ev) = again.start("session.start").await;
    let created: Vec<(&str, &str)> = ev
        .iter()
        .filter(|e| e["name"].as_str().unwrap().ends_with(".created"))
        .filter(|e| e["name"] != "channel.created" && e["name"] != "channelgroup.created")
        .map(|e| (e["name"].as_str().unwrap(), e["target"].as_str().unwrap()))
        .collect();
    assert_eq!(
        created,
        [("interaction.created", channel.as_str()), ("conversation.created", &ix), ("conversation.created", &ix)]
    );

    // Back to own.
    let (s, _) = sim.control("creation-target", json!({"session": sid, "mode": "own"})).await;
    assert_eq!(s, 200);
    let (s, _) = sim.control("hangup", json!({"agent": "4002"})).await;
    assert_eq!(s, 200);
    let _ = again.until_barrier().await;
    let (ix, ev) = inbound(&sim, &mut again).await;
    assert_targets(&ev, &ix, &ix, &format!("{ix}.cv-1"));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn the_start_up_mode_applies_to_every_agent() {
    let mut config = config();
    config.world.creation_target = CreationTarget::Parent;
    let sim = start(config).await;
    let mut c = sim.login("4003").await;
    c.ready_phone().await;
    let (ix, ev) = inbound(&sim, &mut c).await;
    assert_targets(&ev, &ix, &c.target("cg-1.ch-tel"), &ix);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn bad_creation_target_requests_are_refused() {
    let sim = Sim::default().await;
    for body in [
        json!({"agent": "4001"}),
        json!({"agent": "4001", "mode": "sideways"}),
        json!({"agent": "4001", "mode": 1}),
        json!({"mode": "parent"}),
        json!({"agent": "nobody", "mode": "parent"}),
    ] {
        let (s, b) = sim.control("creation-target", body.clone()).await;
        assert_eq!(s, 400, "{body}: {b}");
        assert_eq!(b["ok"], false);
    }
    let (s, _, _) = sim.control_raw("GET", "/control/creation-target?agent=4001&mode=parent", None).await;
    assert_eq!(s, 405, "a change needs a POST");
    let (_, list) = sim.control("", json!({})).await;
    assert!(list["actions"].as_array().unwrap().contains(&json!("creation-target")));
    sim.handle.shutdown().await;
}
