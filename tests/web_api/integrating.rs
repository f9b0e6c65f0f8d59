//! The integrator's API of issue 16: unknown options refused, what `connect()` and commands
//! resolve, `close()` is final, the `protocolevent` catch-all, `once` with a signal and a
//! timeout, the async iterator `on()`, display-ready labels in the snapshot.

use crate::harness::*;
use agentwire::web::AgentSession;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

/// `new AbortController()`.
fn abort_controller() -> JsValue {
    Function::new_no_args("return new AbortController()").call0(&JsValue::UNDEFINED).unwrap()
}

fn abort(controller: &JsValue) {
    let f: Function = get(controller, "abort").dyn_into().unwrap();
    f.call0(controller).unwrap();
}

/// `{ signal }` of a controller, merged with `extra`.
fn with_signal(controller: &JsValue, extra: &str) -> JsValue {
    let o = js(extra);
    Reflect::set(&o, &"signal".into(), &get(controller, "signal")).unwrap();
    o
}

/// `it.next()` of an async iterator, awaited: `Some(value)`, or `None` once done.
async fn next(it: &JsValue) -> Option<JsValue> {
    let f: Function = get(it, "next").dyn_into().unwrap();
    let r = ok(f.call0(it).unwrap().dyn_into::<Promise>().unwrap()).await;
    (!get(&r, "done").is_truthy()).then(|| get(&r, "value"))
}

#[wasm_bindgen_test]
fn unknown_options_are_refused_naming_the_key() {
    let base = r#""url":"ws://127.0.0.1/ws","agent":{"id":"1"}"#;
    for (extra, argument, message) in [
        (r#""requestTimeOutMs":5000"#, "requestTimeOutMs", "unknown option \"requestTimeOutMs\""),
        (r#""agent":{"id":"1","pasword":"x"}"#, "pasword", "unknown option \"agent.pasword\""),
        (r#""reconnect":{"maxDelay":5}"#, "maxDelay", "unknown option \"reconnect.maxDelay\""),
    ] {
        let opts = format!("{{{base},{extra}}}");
        let e = AgentSession::new(js(&opts)).err().unwrap_or_else(|| panic!("{opts} was accepted"));
        assert_eq!(
            (get_str(&e, "kind"), get_str(&e, "argument"), get_str(&e, "message")),
            ("invalidArgument".into(), argument.into(), message.into())
        );
    }
    let ok_opts = format!(r#"{{{base},"locale":"de-CH","reconnect":{{"maxAttempts":2}}}}"#);
    assert!(AgentSession::new(js(&ok_opts)).is_ok());
    assert_eq!(
        AgentSession::new(js(&format!(r#"{{{base},"locale":5}}"#))).err().map(|e| get_str(&e, "argument")),
        Some("locale".into())
    );
}

#[wasm_bindgen_test]
fn subscribe_needs_a_function() {
    let s = AgentSession::new(js(r#"{"url":"ws://127.0.0.1/ws","agent":{"id":"1"}}"#)).unwrap();
    let e = s.subscribe(js("{}")).expect_err("an object is refused");
    assert!(e.is_instance_of::<js_sys::TypeError>());
}

/// The runtime values behind the result types of `src/web/types.d.ts` (`CommandResults`).
#[wasm_bindgen_test]
async fn connect_and_commands_resolve_what_the_types_say() {
    let s = AgentSession::new(options("100031", "{}")).unwrap();
    assert!(ok(s.connect()).await.is_undefined(), "connect() resolves undefined");
    assert!(ok(s.connect()).await.is_undefined(), "connect() when ready resolves undefined too");
    let tel = channel_of(&s, "TELEPHONY");
    let activated = ok(s.activate(&tel, &js(r#"{"until":"applied"}"#))).await;
    assert!(get(&activated, "channeloptions").is_undefined() || get(&activated, "channeloptions").is_object());
    let ready = ok(s.ready(&tel, &js(r#"{"until":"applied"}"#))).await;
    assert_eq!(stringify(&ready), "{}", "ready() resolves the echoed empty data");
    let nr = ok(s.not_ready(&tel, &js(r#"{"reasonCode":"12","reasonDesc":"Lunch"}"#))).await;
    assert_eq!(stringify(&nr), r#"{"reasoncode":"12","reasondesc":"Lunch"}"#, "the wire echo");
    let acw = ok(s.after_call_work(&tel, &JsValue::UNDEFINED)).await;
    assert_eq!(get_str(&acw, "reasoncode"), "acw");
    let scripts = ok(s.get_scripts(&tel, &JsValue::UNDEFINED)).await;
    assert!(Array::is_array(&get(&scripts, "scripts")));
    s.close();
}

#[wasm_bindgen_test]
async fn close_is_final_and_other_closes_are_not() {
    let s = AgentSession::new(options("100032", "{}")).unwrap();
    ok(s.connect()).await;
    s.close();
    assert_eq!(s.connection_state(), "closed");
    let e = err(s.connect(), "closed").await;
    assert_eq!((get_str(&e, "reason"), get_str(&e, "code")), ("closed".into(), "CLOSED".into()));
    assert_eq!(s.connection_state(), "closed", "nothing was opened");
    // An iterator made after close() ends at once.
    let it = s.iterate("channel.infochanged", &JsValue::UNDEFINED).unwrap();
    assert!(next(&it).await.is_none());

    // A close the page did not ask for (here: the server cannot be reached) is not final.
    let down =
        AgentSession::new(js(r#"{"url":"ws://127.0.0.1:9/ws","agent":{"id":"1"},"logLevel":"silent"}"#)).unwrap();
    let log = capture(&down, &["connectionchange"]);
    assert_eq!(get_str(&err(down.connect(), "closed").await, "reason"), "connectFailed");
    assert_eq!(get_str(&err(down.connect(), "closed").await, "reason"), "connectFailed", "connect() tried again");
    let states: Vec<String> = log.of("connectionchange").iter().map(|d| get_str(d, "state")).collect();
    assert_eq!(states, ["connecting", "closed", "connecting", "closed"]);
}

#[wasm_bindgen_test]
async fn protocolevent_carries_every_protocol_event() {
    let s = AgentSession::new(options("100033", "{}")).unwrap();
    let named = capture_all(&s);
    let all = capture(&s, &["protocolevent"]);
    ok(s.connect()).await;
    let tel = channel_of(&s, "TELEPHONY");
    ok(s.activate(&tel, &js(r#"{"until":"applied"}"#))).await;
    let known: Vec<String> = all_names();
    let protocol: Vec<JsValue> =
        named.0.borrow().iter().filter(|(n, _)| !is_own(n) && known.contains(n)).map(|(_, d)| d.clone()).collect();
    let copies = all.of("protocolevent");
    assert!(protocol.len() > 5, "{}", protocol.len());
    assert_eq!(copies.len(), protocol.len(), "one copy per protocol event");
    for (a, b) in protocol.iter().zip(&copies) {
        assert!(Object::is(a, b), "the same detail object, which carries the name");
    }
    assert!(copies.iter().any(|d| get_str(d, "name") == "channel.infochanged"));
    assert!(copies.iter().all(|d| !is_own(&get_str(d, "name"))), "the SDK's own events are not copied");
    s.close();
}

fn is_own(name: &str) -> bool {
    ["connectionchange", "confirm", "protocolerror", "resynced", "commandcomplete", "protocolevent"].contains(&name)
}

#[wasm_bindgen_test]
async fn once_takes_a_signal_and_a_timeout() {
    let s = AgentSession::new(options("100034", "{}")).unwrap();
    ok(s.connect()).await;
    let tel = channel_of(&s, "TELEPHONY");

    // Resolves with the next event.
    let next_info = s.once("channel.infochanged", &js(r#"{"timeoutMs":5000}"#));
    ok(s.activate(&tel, &JsValue::UNDEFINED)).await;
    let ev = ok(next_info).await;
    assert_eq!(get_str(&get(&ev, "detail"), "name"), "channel.infochanged");

    // A timeout rejects as an AgentwireError of kind timeout.
    let e = err(s.once("interaction.created", &js(r#"{"timeoutMs":30}"#)), "timeout").await;
    assert_eq!(get_str(&e, "code"), "TIMEOUT");
    assert_eq!(get_str(&e, "message"), "no \"interaction.created\" event within 30 ms");

    // An abort rejects with the signal's reason, already aborted or later.
    let c = abort_controller();
    let p = s.once("interaction.created", &with_signal(&c, "{}"));
    abort(&c);
    let reason = wait(p).await.expect_err("aborted");
    assert_eq!(get_str(&reason, "name"), "AbortError");
    let e = wait(s.once("interaction.created", &with_signal(&c, r#"{"timeoutMs":5000}"#))).await.expect_err("aborted");
    assert_eq!(get_str(&e, "name"), "AbortError");

    // Bad options reject before listening.
    err(s.once("x", &js(r#"{"timeoutMs":-1}"#)), "invalidArgument").await;
    s.close();
}

#[wasm_bindgen_test]
async fn on_iterates_buffered_events_until_close_or_abort() {
    let s = AgentSession::new(options("100035", "{}")).unwrap();
    let it = s.iterate("channel.infochanged", &JsValue::UNDEFINED).unwrap();
    let all = s.iterate("protocolevent", &JsValue::UNDEFINED).unwrap();
    let c = abort_controller();
    let aborted = s.iterate("channel.infochanged", &with_signal(&c, "{}")).unwrap();
    ok(s.connect()).await;
    let tel = channel_of(&s, "TELEPHONY");
    ok(s.activate(&tel, &js(r#"{"until":"applied"}"#))).await;
    ok(s.ready(&tel, &js(r#"{"until":"applied"}"#))).await;
    // Everything since on() was buffered while nobody iterated.
    let mut seen = 0;
    let mut ready_seen = false;
    while let Some(ev) = next(&it).await {
        let d = get(&ev, "detail");
        assert_eq!(get_str(&d, "name"), "channel.infochanged");
        if get_str(&d, "target") == get_str(&tel, "target") {
            ready_seen |= get_str(&get(&get(&d, "data"), "agentStatus"), "status") == "ready";
        }
        seen += 1;
        if ready_seen {
            break;
        }
    }
    assert!(seen >= 2 && ready_seen, "{seen} events, ready seen: {ready_seen}");
    let first = next(&all).await.expect("protocol events were buffered");
    assert!(!is_own(&get_str(&get(&first, "detail"), "name")));

    // Abort ends an iterator (a pending next() too); close() ends the others once drained.
    abort(&c);
    let mut drained = 0;
    while next(&aborted).await.is_some() {
        drained += 1;
    }
    assert!(drained >= 2, "what was buffered before the abort is still read: {drained}");
    let pending = {
        let f: Function = get(&it, "next").dyn_into().unwrap();
        f.call0(&it).unwrap().dyn_into::<Promise>().unwrap()
    };
    s.close();
    assert!(get(&ok(pending).await, "done").is_truthy(), "a waiting next() ends on close");
    let mut rest = 0;
    while next(&all).await.is_some() {
        rest += 1;
    }
    assert!(rest > 0);
    // `return()` (a `break` out of `for await`) ends it too.
    let s2 = AgentSession::new(options("100036", "{}")).unwrap();
    let it2 = s2.iterate("connectionchange", &JsValue::UNDEFINED).unwrap();
    let ret: Function = get(&it2, "return").dyn_into().unwrap();
    ok(ret.call0(&it2).unwrap().dyn_into::<Promise>().unwrap()).await;
    ok(s2.connect()).await;
    assert!(next(&it2).await.is_none(), "nothing after return()");
    s2.close();
}

#[wasm_bindgen_test]
async fn the_snapshot_has_display_ready_reasons_for_the_locale() {
    let s = AgentSession::new(options("100037", r#"{"locale":"de-CH"}"#)).unwrap();
    ok(s.connect()).await;
    let snap = s.get_snapshot();
    let reasons: Array = get(&snap, "notReadyReasons").dyn_into().unwrap();
    let lunch = reasons.iter().find(|r| get_str(r, "code") == "12").expect("reason 12");
    assert_eq!(get_str(&lunch, "label"), "Mittagspause");
    assert!(Array::is_array(&get(&lunch, "labels")), "every label is kept");
    assert_eq!(get(&lunch, "selectable").as_bool(), Some(true));
    // The same as notReadyReasons() with the session's locale.
    assert_eq!(
        stringify(&get(&snap, "notReadyReasons")),
        stringify(&s.not_ready_reasons(&JsValue::UNDEFINED).unwrap())
    );
    let logout: Array = get(&snap, "logoutReasons").dyn_into().unwrap();
    assert!(logout.length() > 0 && !get_str(&logout.get(0), "label").is_empty());
    assert!(Object::is_frozen(logout.get(0).unchecked_ref::<Object>()));
    s.close();
}
