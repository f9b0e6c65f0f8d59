//! Every command method: success against the simulator, and the server's failures.

use crate::harness::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const APPLIED: &str = r#"{"until":"applied"}"#;

#[wasm_bindgen_test]
async fn channel_commands_follow_the_channel_state_rules() {
    let (s, log) = connected("100002", "{}").await;
    let tel = channel_of(&s, "TELEPHONY");
    let target = get_str(&tel, "target");

    // Ready on an INACTIVE channel: the server's failure, with the original request.
    let e = err(s.ready(&tel, &JsValue::UNDEFINED), "failure").await;
    assert_eq!(get_str(&e, "code"), "INVALID_STATE");
    assert_eq!(get_str(&get(&e, "original"), "target"), target);

    ok(s.activate(&tel, &js(r#"{"queue":"SUPPORT","until":"applied"}"#))).await;
    assert_eq!(get_str(&s.channel(&target), "state"), "ACTIVE");
    ok(s.ready(&target.clone().into(), &js(APPLIED))).await;
    assert_eq!(get_str(&s.channel(&target), "agentStatus"), "ready");
    let echoed = ok(s.not_ready(&tel, &js(r#"{"reasonCode":"12","reasonDesc":"Lunch","until":"applied"}"#))).await;
    assert_eq!(get_str(&echoed, "reasoncode"), "12");
    let ch = s.channel(&target);
    assert_eq!((get_str(&ch, "agentStatus"), get_str(&ch, "lastReasonCode")), ("not_ready".into(), "12".into()));
    ok(s.after_call_work(&tel, &js(APPLIED))).await;
    assert_eq!(get_str(&s.channel(&target), "agentStatus"), "after_call_work");
    let reason = get_str(&js_sys::Array::from(&s.logout_reasons(&JsValue::UNDEFINED).unwrap()).get(0), "code");
    ok(s.deactivate(&tel, &js(&format!(r#"{{"reason":"{reason}","until":"applied"}}"#)))).await;
    assert_eq!(get_str(&s.channel(&target), "state"), "INACTIVE");
    let e = err(s.deactivate(&tel, &JsValue::UNDEFINED), "failure").await;
    assert_eq!(get_str(&e, "code"), "INVALID_STATE");

    // Each command reported its round trip; each change came as infochanged + state.updated.
    let done = log.of("commandcomplete");
    assert_eq!(done.len(), 7, "one commandcomplete per command");
    assert!(done.iter().all(|d| get(d, "elapsedMs").as_f64().is_some()));
    assert!(done.iter().any(|d| get_str(d, "command") == "channel.notready" && get(d, "ok").as_bool() == Some(true)));
    let updated: Vec<JsValue> =
        log.of("state.updated").into_iter().filter(|d| get_str(d, "target") == target).collect();
    assert!(updated.iter().any(|d| get_str(&get(d, "data"), "state") == "ACTIVE"));
    s.close();
}

#[wasm_bindgen_test]
async fn group_and_session_commands() {
    let (s, log) = connected("100003", "{}").await;
    let group = js_sys::Array::from(&s.channel_groups()).get(0);
    let gt = get_str(&group, "target");
    ok(s.activate_all(&group, &js(APPLIED))).await;
    let members: Vec<JsValue> =
        js_sys::Array::from(&s.channels()).iter().filter(|c| get_str(c, "group") == gt).collect();
    assert_eq!(members.len(), 2);
    assert!(members.iter().all(|c| get_str(&s.channel(&get_str(c, "target")), "state") == "ACTIVE"));
    ok(s.ready(&members[0], &js(APPLIED))).await;
    ok(s.deactivate_all(&gt.clone().into(), &js(APPLIED))).await;
    assert!(members.iter().all(|c| get_str(&s.channel(&get_str(c, "target")), "state") == "INACTIVE"));
    ok(s.activate_group(&group, &JsValue::UNDEFINED)).await;
    until("one member active", || {
        members.iter().any(|c| get_str(&s.channel(&get_str(c, "target")), "state") == "ACTIVE")
    })
    .await;

    ok(s.request_not_ready_reasons(&js(APPLIED))).await;
    ok(s.request_logout_reasons(&js(APPLIED))).await;
    let books = ok(s.address_book(&js(r#"{"realtime":true}"#))).await;
    assert!(js_sys::Array::from(&get(&books, "addressbooks")).length() > 0);
    assert_eq!(stringify(&get(&books, "addressbooks")), stringify(&s.address_books()));

    let tel = channel_of(&s, "TELEPHONY");
    if get_str(&s.channel(&get_str(&tel, "target")), "state") != "ACTIVE" {
        ok(s.activate(&tel, &js(APPLIED))).await;
    }
    ok(s.agent_leg_connect(&JsValue::UNDEFINED)).await;
    until("agent leg connected", || log.count("session.agentleg.connected") > 0).await;
    ok(s.agent_leg_disconnect(&JsValue::UNDEFINED)).await;
    until("agent leg disconnected", || log.count("session.agentleg.disconnected") > 0).await;
    let e = err(s.agent_leg_disconnect(&JsValue::UNDEFINED), "failure").await;
    assert_eq!(get_str(&e, "code"), "INVALID_STATE");

    let scripts = ok(s.get_scripts(&tel, &JsValue::UNDEFINED)).await;
    assert!(js_sys::Array::from(&get(&scripts, "scripts")).length() > 0);
    assert!(!get(&s.channel(&get_str(&tel, "target")), "scripts").is_null(), "scripts are kept on the channel");

    // The model's spelling ("EMAIL", from channel.created) is sent as the request's ("Email").
    let added = ok(s.add_channel(&js(r#"{"endpoint":"7001","type":"EMAIL","until":"applied"}"#))).await;
    assert_eq!(get_str(&get(&added, "channel"), "type"), "Email", "{}", stringify(&added));
    assert_eq!(js_sys::Array::from(&s.channels()).length(), 4);
    ok(s.add_channel_group(&js(r#"{"name":"Back office","until":"applied"}"#))).await;
    assert_eq!(js_sys::Array::from(&s.channel_groups()).length(), 2);

    // The raw escape hatch: same correlation, the server's answer.
    let e = err(
        s.send(
            &js(&format!(r#"{{"command":"session.request.vendor.thing","target":"{}","data":{{}}}}"#, s.id().unwrap())),
            &JsValue::UNDEFINED,
        ),
        "failure",
    )
    .await;
    assert_eq!(get_str(&e, "code"), "UNKNOWN_COMMAND");
    s.close();
}

async fn started_call(s: &agentwire::web::AgentSession, log: &Log) -> JsValue {
    let tel = channel_of(s, "TELEPHONY");
    let t = get_str(&tel, "target");
    if get_str(&s.channel(&t), "state") != "ACTIVE" {
        ok(s.activate(&tel, &js(APPLIED))).await;
    }
    // `extensions` reach the server as given (the simulator attaches them to the call).
    ok(s.dial(&tel, &js(r#"{"destination":"+15125550199","extensions":{"crm":"42"},"until":"applied"}"#))).await;
    let ix = js_sys::Array::from(&s.interactions())
        .iter()
        .find(|i| get_str(i, "channel") == t)
        .expect("dialled interaction");
    let it = get_str(&ix, "target");
    until("the call to start", || {
        js_sys::Array::from(&s.interactions())
            .iter()
            .any(|i| get_str(&i, "target") == it && get_str(&i, "state") == "STARTED")
    })
    .await;
    assert!(log.count("interaction.created") > 0);
    let now = s.object(&it);
    assert_eq!(get_str(&get(&get(&now, "data"), "extensions"), "crm"), "42", "{}", stringify(&now));
    ix
}

#[wasm_bindgen_test]
async fn interaction_commands_dial_record_consult_transfer_conference_signal() {
    let (s, log) = connected("100004", "{}").await;
    let ix = started_call(&s, &log).await;
    let it = get_str(&ix, "target");
    let recording = |s: &agentwire::web::AgentSession| get_str(&s.object(&it), "recording");
    ok(s.start_recording(&ix, &JsValue::UNDEFINED)).await;
    until("recording", || recording(&s) == "recording").await;
    ok(s.pause_recording(&ix, &JsValue::UNDEFINED)).await;
    until("paused", || recording(&s) == "paused").await;
    ok(s.resume_recording(&ix, &JsValue::UNDEFINED)).await;
    until("resumed", || recording(&s) == "recording").await;
    ok(s.stop_recording(&ix, &JsValue::UNDEFINED)).await;
    ok(s.stop_recording(&ix, &JsValue::UNDEFINED)).await; // succeeds when already stopped
    let echoed = ok(s.signal(&ix, &js(r#"{"p1":"ACCOUNT_VERIFIED","p2":"7734"}"#), &JsValue::UNDEFINED)).await;
    assert_eq!(get_str(&echoed, "p2"), "7734");

    // No consult call yet: the server refuses both.
    assert_eq!(get_str(&err(s.consult_transfer(&ix, &JsValue::UNDEFINED), "failure").await, "code"), "INVALID_STATE");
    assert_eq!(get_str(&err(s.consult_conference(&ix, &JsValue::UNDEFINED), "failure").await, "code"), "INVALID_STATE");
    let e = err(s.logout(&JsValue::UNDEFINED), "failure").await;
    assert_eq!(get_str(&e, "code"), "INVALID_STATE", "logout is refused during a call");

    // A consult call, then conference; then another consult, then transfer, which ends the interaction.
    let consult = |s: &agentwire::web::AgentSession| s.consult(&it.clone().into(), &js(r#"{"destination":"4017"}"#));
    let started_consult = |s: &agentwire::web::AgentSession| {
        let convs = js_sys::Array::from(&get(&s.object(&it), "conversations"));
        convs.iter().any(|c| get_str(&c, "kind") == "consult" && get_str(&c, "state") == "STARTED")
    };
    ok(consult(&s)).await;
    until("the consult call to connect", || started_consult(&s)).await;
    ok(s.consult_conference(&ix, &JsValue::UNDEFINED)).await;
    until("the conference", || !started_consult(&s)).await;
    ok(consult(&s)).await;
    until("the second consult call", || started_consult(&s)).await;
    ok(s.consult_transfer(&ix, &js(APPLIED))).await;
    assert!(log.count("interaction.focuschanged") > 0);
    assert!(log.count("conversation.disposed") >= 2);
    assert!(log.count("interaction.ended") > 0);
    let state = get_str(&s.object(&it), "state");
    assert!(state.is_empty() || state == "ENDED" || state == "COMPLETED", "{state}");
    s.close();
}

#[wasm_bindgen_test]
async fn inbound_calls_and_chats_are_answered_and_accepted() {
    let (s, log) = connected("100005", "{}").await;
    for kind in ["TELEPHONY", "CHAT"] {
        ok(s.activate(&channel_of(&s, kind), &js(APPLIED))).await;
        ok(s.ready(&channel_of(&s, kind), &js(APPLIED))).await;
    }
    control("/control/inbound", r#"{"agent":"100005","media":"telephony"}"#).await;
    until("an alerting call", || log.count("interaction.preview") > 0).await;
    let call = js_sys::Array::from(&s.interactions()).get(0);
    assert_eq!(get_str(&call, "state"), "ALERTING");
    assert!(!get_str(&get(&call, "data"), "ANI").is_empty(), "attached data");
    let primary = js_sys::Array::from(&get(&call, "conversations")).get(0);
    ok(s.answer(&primary, &js(APPLIED))).await;
    assert_eq!(get_str(&s.object(&get_str(&primary, "target")), "state"), "STARTED", "answered");
    let ct = get_str(&call, "target");
    until("the call to start", || get_str(&s.object(&ct), "state") == "STARTED").await;
    assert!(get_str(&s.channel(&get_str(&call, "channel")), "agentStatus").starts_with("busy"));

    control("/control/inbound", r#"{"agent":"100005","media":"chat"}"#).await;
    // Its `interaction.created` and its ALERTING `state.updated` are two frames: wait for both.
    let alerting = || js_sys::Array::from(&s.interactions()).iter().any(|i| get_str(&i, "state") == "ALERTING");
    until("an alerting chat", || js_sys::Array::from(&s.interactions()).length() == 2 && alerting()).await;
    let chat = js_sys::Array::from(&s.interactions())
        .iter()
        .find(|i| get_str(i, "state") == "ALERTING")
        .expect("alerting chat");
    ok(s.accept(&chat, &js(APPLIED))).await;
    control("/control/hangup", r#"{"agent":"100005"}"#).await;
    until("both ended", || log.count("interaction.ended") >= 2).await;
    s.close();
}

#[wasm_bindgen_test]
async fn bad_input_is_rejected_before_anything_is_sent() {
    let (s, log) = connected("100008", "{}").await;
    let tel = channel_of(&s, "TELEPHONY");
    let group = js_sys::Array::from(&s.channel_groups()).get(0);
    ok(s.activate(&tel, &js(APPLIED))).await;
    log.clear();
    let cases: Vec<(js_sys::Promise, &str)> = vec![
        (s.ready(&"nope".into(), &JsValue::UNDEFINED), "target"),
        (s.ready(&JsValue::from(42), &JsValue::UNDEFINED), "target"),
        (s.ready(&group, &JsValue::UNDEFINED), "target"),
        (s.ready(&tel, &js(r#"{"until":"eventually"}"#)), "until"),
        (s.ready(&tel, &js(r#"{"timeoutMs":-5}"#)), "timeoutMs"),
        (s.not_ready(&tel, &js("{}")), "reasonCode"),
        (s.not_ready(&tel, &js(r#"{"reasonCode":"99"}"#)), "reasonCode"),
        (s.not_ready(&tel, &js(r#"{"reasonCode":"30"}"#)), "reasonCode"),
        (s.not_ready(&tel, &js(r#"{"reasonCode":12}"#)), "reasonCode"),
        (s.deactivate(&tel, &js(r#"{"reason":"nope"}"#)), "reason"),
        (s.dial(&tel, &js(r#"{"destination":""}"#)), "destination"),
        (s.dial(&tel, &js(r#"{"destination":"1","extensions":[1]}"#)), "extensions"),
        (s.activate_all(&tel, &JsValue::UNDEFINED), "target"),
        (s.accept(&tel, &JsValue::UNDEFINED), "target"),
        (s.answer(&"s.x.y".into(), &JsValue::UNDEFINED), "target"),
        (s.signal(&tel, &js("{}"), &JsValue::UNDEFINED), "target"),
        (s.add_channel(&js(r#"{"endpoint":"7001"}"#)), "type"),
        (s.add_channel_group(&js("{}")), "name"),
        // The one export of the session's JS members, with a command index past the table.
        (
            js_sys::Promise::from(s.invoke(64 + 99, "", tel.clone(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap()),
            "method",
        ),
        (s.send(&js(r#"{"target":"x"}"#), &JsValue::UNDEFINED), "command"),
        (
            s.send(&js(r#"{"command":"channel.notready","target":"x","data":{"reasoncode":5}}"#), &JsValue::UNDEFINED),
            "data",
        ),
    ];
    for (p, argument) in cases {
        let e = err(p, "invalidArgument").await;
        assert_eq!(get_str(&e, "argument"), argument, "{}", describe(&e));
    }
    sleep(200).await;
    assert_eq!(log.count("commandcomplete"), 0, "nothing was sent");
    assert_eq!(log.count("protocolerror"), 0);
    s.close();
}

#[wasm_bindgen_test]
async fn timeouts_reject_and_the_late_response_is_reported() {
    // Every response of this connection is delayed by 600 ms: well past the 100 ms timeout even
    // when the browser runs the timer late (Firefox ran it more than 200 ms late once, as the
    // suite's first test, on the 2-core CI machine).
    let (s, log) = connected("100009", &format!(r#"{{"url":"{}?delayMs=600"}}"#, ws_url())).await;
    let tel = channel_of(&s, "TELEPHONY");
    let e = err(s.activate(&tel, &js(r#"{"timeoutMs":100}"#)), "timeout").await;
    assert_eq!(get_str(&e, "code"), "TIMEOUT");
    until("the late response", || log.of("protocolerror").iter().any(|d| get_str(d, "kind") == "lateResponse")).await;
    assert_eq!(s.connection_state(), "ready");
    s.close();
}

#[wasm_bindgen_test]
async fn a_listener_that_throws_does_not_break_the_sdk() {
    let (s, log) = connected("100011", "{}").await;
    let thrower = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {
        wasm_bindgen::throw_str("listener bug");
    });
    s.add_event_listener("channel.infochanged", thrower.as_ref(), &JsValue::UNDEFINED).unwrap();
    s.set_on("oncommandcomplete", thrower.as_ref().clone());
    thrower.forget();
    let before = log.count("channel.infochanged");
    let tel = channel_of(&s, "TELEPHONY");
    ok(s.activate(&tel, &js(APPLIED))).await;
    ok(s.ready(&tel, &js(APPLIED))).await;
    assert!(log.count("channel.infochanged") > before, "other listeners still hear events");
    assert_eq!(s.connection_state(), "ready");
    s.close();
}

#[wasm_bindgen_test]
async fn malformed_and_unmatched_frames_become_protocol_errors() {
    let url = format!("{}?malformedAfter=3&unmatchedAfter=4", ws_url());
    let (s, log) = connected("100013", &format!(r#"{{"url":"{url}"}}"#)).await;
    let kinds: Vec<String> = log.of("protocolerror").iter().map(|d| get_str(d, "kind")).collect();
    assert!(kinds.iter().any(|k| k == "malformed"), "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "unmatchedResponse"), "{kinds:?}");
    assert_eq!(s.connection_state(), "ready");
    ok(s.activate(&channel_of(&s, "TELEPHONY"), &js(APPLIED))).await;
    s.close();
}

#[wasm_bindgen_test]
async fn a_dropped_socket_reconnects_resyncs_and_queued_commands_go_through() {
    let (s, log) = connected("100014", r#"{"reconnect":{"initialDelayMs":50,"maxDelayMs":200}}"#).await;
    let tel = channel_of(&s, "TELEPHONY");
    ok(s.activate(&tel, &js(APPLIED))).await;
    control("/control/drop", r#"{"agent":"100014"}"#).await;
    until("reconnecting", || s.connection_state() == "reconnecting" || log.count("resynced") > 0).await;
    // Issued while away: waits, then goes through.
    let queued = s.ready(&tel, &js(APPLIED));
    ok(queued).await;
    until("resynced", || log.count("resynced") > 0).await;
    assert_eq!(get_str(&s.channel(&get_str(&tel, "target")), "state"), "ACTIVE", "state kept across the reconnect");
    // Re-announced objects that did not change made no noise.
    let created_after: usize = log.count("channel.created");
    assert_eq!(created_after, 3, "channel.created only at the first connect");
    s.close();
}

#[wasm_bindgen_test]
async fn every_protocol_event_reaches_a_listener() {
    // Drives one session through every event the simulator emits and checks each reached
    // its listener with a detail whose target is a known object (or the session).
    let (s, log) = connected("100015", "{}").await;
    let tel = channel_of(&s, "TELEPHONY");
    ok(s.activate(&tel, &js(APPLIED))).await;
    ok(s.agent_leg_connect(&JsValue::UNDEFINED)).await;
    ok(s.agent_leg_disconnect(&JsValue::UNDEFINED)).await;
    ok(s.deactivate(&tel, &js(APPLIED))).await;
    ok(s.agent_leg_connect(&JsValue::UNDEFINED)).await; // no ACTIVE telephony: fails by event
    ok(s.activate(&tel, &js(APPLIED))).await;
    ok(s.address_book(&js(r#"{"realtime":true}"#))).await;
    control("/control/presence", "{}").await;
    let ix = started_call(&s, &log).await;
    let it = get_str(&ix, "target");
    ok(s.consult(&it.clone().into(), &js(r#"{"destination":"4017"}"#))).await;
    sleep(300).await;
    ok(s.consult_transfer(&ix, &js(APPLIED))).await;
    until("the address book update", || log.count("session.incontact.addressbook.updated") > 0).await;
    // Events no command of the simulator triggers (no request for dispositions was
    // recovered; the agent-leg events have a second spelling): sent as raw frames.
    let sid = s.id().unwrap();
    let tt = get_str(&tel, "target");
    for frame in [
        format!(
            r#"{{"messageType":"objectEvent","target":"{tt}","name":"channel.externaldispositions.updated","data":{{"dispositions":[{{"dispositionId":"d-1","dispositionCode":"SALE"}}]}}}}"#
        ),
        format!(
            r#"{{"messageType":"objectEvent","target":"{sid}","name":"session.agentleg.failed","data":{{"error":"busy"}}}}"#
        ),
        format!(
            r#"{{"messageType":"objectEvent","target":"{sid}","name":"session.incontact.agentleg.connected","data":{{}}}}"#
        ),
        format!(
            r#"{{"messageType":"objectEvent","target":"{sid}","name":"session.incontact.agentleg.disconnected","data":{{}}}}"#
        ),
    ] {
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"agent".into(), &"100015".into()).unwrap();
        js_sys::Reflect::set(&o, &"text".into(), &frame.into()).unwrap();
        control("/control/malformed", &stringify(&o)).await;
    }
    until("the raw events", || {
        log.count("session.agentleg.failed") > 0
            && log.count("channel.externaldispositions.updated") > 0
            && log.count("session.incontact.agentleg.disconnected") > 0
    })
    .await;
    assert_eq!(
        stringify(&get(&s.channel(&tt), "dispositions")),
        r#"[{"dispositionId":"d-1","dispositionCode":"SALE"}]"#
    );
    let names: Vec<String> = AgentSession::event_names()
        .dyn_into::<js_sys::Array>()
        .unwrap()
        .iter()
        .map(|v| v.as_string().unwrap())
        .collect();
    let mut missing = Vec::new();
    for n in &names {
        if log.count(n) == 0 {
            missing.push(n.clone());
        }
    }
    assert!(missing.is_empty(), "events never dispatched: {missing:?}");
    for (name, d) in log.0.borrow().iter().filter(|(n, _)| names.contains(n)) {
        assert_eq!(get_str(d, "name"), *name);
        assert!(get_str(d, "target").starts_with(&s.id().unwrap()), "{name}");
        assert!(get(d, "data").is_object(), "{name}");
    }
    s.close();
}

use agentwire::web::AgentSession;

#[wasm_bindgen_test]
async fn every_command_method_surfaces_the_servers_failure() {
    const AGENT: &str = "100017";
    let (s, log) = connected(AGENT, "{}").await;
    let ix = started_call(&s, &log).await;
    let tel = channel_of(&s, "TELEPHONY");
    let group = js_sys::Array::from(&s.channel_groups()).get(0);
    let cv = js_sys::Array::from(&get(&s.object(&get_str(&ix, "target")), "conversations")).get(0);
    let none = JsValue::UNDEFINED;
    type Call<'a> = Box<dyn Fn() -> js_sys::Promise + 'a>;
    let calls: Vec<(&str, Call)> = vec![
        ("channel.ready", Box::new(|| s.ready(&tel, &none))),
        ("channel.notready", Box::new(|| s.not_ready(&tel, &js(r#"{"reasonCode":"12"}"#)))),
        ("channel.notready", Box::new(|| s.after_call_work(&tel, &none))),
        ("channel.activate", Box::new(|| s.activate(&tel, &none))),
        ("channel.deactivate", Box::new(|| s.deactivate(&tel, &none))),
        ("channel.dial", Box::new(|| s.dial(&tel, &js(r#"{"destination":"123"}"#)))),
        ("channel.request.incontact.getscripts", Box::new(|| s.get_scripts(&tel, &none))),
        ("channelgroup.request.activate", Box::new(|| s.activate_group(&group, &none))),
        ("channelgroup.request.activateall", Box::new(|| s.activate_all(&group, &none))),
        ("channelgroup.request.deactivateall", Box::new(|| s.deactivate_all(&group, &none))),
        ("session.addchannel", Box::new(|| s.add_channel(&js(r#"{"endpoint":"7002","type":"Chat"}"#)))),
        ("session.addchannelgroup", Box::new(|| s.add_channel_group(&js(r#"{"name":"g2"}"#)))),
        ("session.request.externalnotreadyreasons", Box::new(|| s.request_not_ready_reasons(&none))),
        ("session.request.externallogoutreasons", Box::new(|| s.request_logout_reasons(&none))),
        ("session.request.incontact.addressbook", Box::new(|| s.address_book(&none))),
        ("session.request.incontact.agentleg.connect", Box::new(|| s.agent_leg_connect(&none))),
        ("session.request.incontact.agentleg.disconnect", Box::new(|| s.agent_leg_disconnect(&none))),
        ("interaction.accept", Box::new(|| s.accept(&ix, &none))),
        ("conversation.answer", Box::new(|| s.answer(&cv, &none))),
        ("interaction.request.consult", Box::new(|| s.consult(&ix, &js(r#"{"destination":"4017"}"#)))),
        ("interaction.consulttransfer", Box::new(|| s.consult_transfer(&ix, &none))),
        ("interaction.consultconference", Box::new(|| s.consult_conference(&ix, &none))),
        ("interaction.request.recording.start", Box::new(|| s.start_recording(&ix, &none))),
        ("interaction.request.recording.stop", Box::new(|| s.stop_recording(&ix, &none))),
        ("interaction.request.recording.pause", Box::new(|| s.pause_recording(&ix, &none))),
        ("interaction.request.recording.resume", Box::new(|| s.resume_recording(&ix, &none))),
        ("interaction.request.incontact.signal", Box::new(|| s.signal(&ix, &js(r#"{"p1":"x"}"#), &none))),
        ("session.request.logout", Box::new(|| s.logout(&none))),
    ];
    for (command, call) in &calls {
        control("/control/fail", &format!(r#"{{"agent":"{AGENT}","command":"{command}","code":"UNSUPPORTED"}}"#)).await;
        let e = err(call(), "failure").await;
        assert_eq!(get_str(&e, "code"), "UNSUPPORTED", "{command}");
        let original = get(&e, "original");
        assert_eq!(get_str(&original, "command"), *command, "{command}: the failure carries the original request");
    }
    assert_eq!(s.connection_state(), "ready");
    control("/control/hangup", &format!(r#"{{"agent":"{AGENT}"}}"#)).await;
    s.close();
}
