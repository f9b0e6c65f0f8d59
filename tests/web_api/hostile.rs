//! Hostile server input (issue 8), sent by the simulator's `control/malformed` to one live
//! session: each case becomes a `protocolerror` of the right kind (or, for unknown event
//! names, an event passed on), nothing panics, and the session goes on.

use crate::harness::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

async fn send_raw(agent: &str, text: &str) {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"agent".into(), &agent.into()).unwrap();
    js_sys::Reflect::set(&o, &"text".into(), &text.into()).unwrap();
    control("/control/malformed", &stringify(&o)).await;
}

fn kinds(log: &Log) -> Vec<String> {
    log.of("protocolerror").iter().map(|d| get_str(d, "kind")).collect()
}

#[wasm_bindgen_test]
async fn each_hostile_frame_is_a_protocol_error_and_the_session_goes_on() {
    const AGENT: &str = "100016";
    let (s, log) = connected(AGENT, r#"{"maxFrameBytes":65536}"#).await;
    let sid = s.id().unwrap();
    let tel = get_str(&channel_of(&s, "TELEPHONY"), "target");
    let ev = |target: &str, name: &str, data: &str| {
        format!(r#"{{"messageType":"objectEvent","target":"{target}","name":"{name}","data":{data}}}"#)
    };
    let deep = "[".repeat(100_000);
    let huge =
        format!(r#"{{"messageType":"objectEvent","target":"{sid}","name":"x","data":"{}"}}"#, "A".repeat(100_000));
    let cases: Vec<(&str, String, &str)> = vec![
        ("non-JSON", "this is not JSON".into(), "malformed"),
        ("not an object", "[1,2,3]".into(), "malformed"),
        // A known event whose data does not fit reaches the page untyped, and is reported.
        ("wrong type", ev(&tel, "channel.infochanged", r#"{"state":7}"#), "invalidEvent"),
        (
            "missing target",
            r#"{"messageType":"objectEvent","name":"channel.initialized","data":{}}"#.into(),
            "malformed",
        ),
        ("missing member", ev(&sid, "channel.created", r#"{"channel":{}}"#), "invalidEvent"),
        ("unknown messageType", r#"{"messageType":"vendorThing","x":1}"#.into(), "unexpectedMessage"),
        ("deep nesting", deep, "malformed"),
        ("enormous frame", huge, "malformed"),
        ("id with a dot", ev(&sid, "channel.created", r#"{"channel":{"id":"a.b","type":"CHAT"}}"#), "invalidEvent"),
        (
            "object that does not exist",
            ev(&format!("{sid}.cg-1.nope"), "channel.infochanged", r#"{"state":"ACTIVE"}"#),
            "invalidEvent",
        ),
        (
            "another session's object",
            ev("s-other.cg-1.ch-tel", "channel.infochanged", r#"{"state":"ACTIVE"}"#),
            "invalidEvent",
        ),
        (
            "unmatched response",
            format!(r#"{{"command":"channel.ready","target":"{tel}","result":"success","data":{{}}}}"#),
            "unmatchedResponse",
        ),
        (
            "a request sent to the client",
            format!(r#"{{"command":"channel.ready","target":"{tel}","data":{{}}}}"#),
            "unexpectedMessage",
        ),
    ];
    for (what, text, kind) in &cases {
        log.clear();
        send_raw(AGENT, text).await;
        until(what, || log.count("protocolerror") > 0).await;
        assert_eq!(kinds(&log), [*kind], "{what}");
        let d = log.of("protocolerror").pop().unwrap();
        assert!(!get_str(&d, "message").is_empty(), "{what}: the error says what was wrong");
        assert_eq!(s.connection_state(), "ready", "{what}");
    }

    // A binary frame (the protocol uses text frames only).
    log.clear();
    control("/control/malformed", &format!(r#"{{"agent":"{AGENT}","binary":12}}"#)).await;
    until("the binary frame", || log.count("protocolerror") > 0).await;
    assert_eq!(kinds(&log), ["malformed"]);
    assert!(get_str(&log.of("protocolerror")[0], "message").contains("binary frame of 12 bytes"));

    // Unknown event names are not errors: they reach listeners by their own name.
    let vendor = capture(&s, &["session.vendor.thing"]);
    send_raw(AGENT, &ev(&sid, "session.vendor.thing", r#"{"x":[1,2]}"#)).await;
    until("the unknown event", || vendor.count("session.vendor.thing") == 1).await;
    assert_eq!(stringify(&get(&vendor.of("session.vendor.thing")[0], "data")), r#"{"x":[1,2]}"#);

    // An event without `data` (or with `null`) reads as `{}`; a known event whose data does
    // not fit reaches listeners with its raw data, next to the protocol error.
    let more = capture(&s, &["session.vendor.bare", "channel.infochanged"]);
    send_raw(AGENT, &format!(r#"{{"messageType":"objectEvent","target":"{sid}","name":"session.vendor.bare"}}"#)).await;
    send_raw(AGENT, &ev(&sid, "session.vendor.bare", "null")).await;
    until("the bare events", || more.count("session.vendor.bare") == 2).await;
    for d in more.of("session.vendor.bare") {
        assert_eq!(stringify(&get(&d, "data")), "{}");
    }
    send_raw(AGENT, &ev(&tel, "channel.infochanged", r#"{"state":{"vendor":"ACTIVE"}}"#)).await;
    until("the misfit event", || more.count("channel.infochanged") == 1).await;
    assert_eq!(stringify(&get(&more.of("channel.infochanged")[0], "data")), r#"{"state":{"vendor":"ACTIVE"}}"#);

    // A duplicate response: the command settles once, the copy is reported.
    let echo = format!(
        r#"{{"command":"session.request.externallogoutreasons","target":"{sid}","result":"success","data":{{}}}}"#
    );
    ok(s.request_logout_reasons(&JsValue::UNDEFINED)).await;
    log.clear();
    send_raw(AGENT, &echo).await;
    until("the duplicate", || log.count("protocolerror") > 0).await;
    assert_eq!(kinds(&log), ["duplicateResponse"]);

    // A flood is rate limited: a burst, then one summary, and the page stays responsive.
    log.clear();
    for _ in 0..40 {
        send_raw(AGENT, "garbage").await;
    }
    sleep(200).await;
    let n = log.count("protocolerror");
    assert!((1..40).contains(&n), "rate limited (burst 20, then 10 per second): {n} of 40 reported");
    sleep(1_200).await;
    send_raw(AGENT, "garbage").await;
    until("the summary", || kinds(&log).iter().any(|k| k == "suppressed")).await;

    // Still fully working.
    ok(s.activate(&tel.clone().into(), &js(r#"{"until":"applied"}"#))).await;
    assert_eq!(s.connection_state(), "ready");
    s.close();
}
