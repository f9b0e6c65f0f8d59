//! Connecting, the model, events, snapshots, the override prompt, logout, recording.

use crate::harness::*;
use agentwire::web::AgentSession;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn connect_fills_the_model_and_dispatches_the_initialization_events() {
    let s = AgentSession::new(options("100001", "{}")).unwrap();
    let log = capture_all(&s);
    let seen_by_handler = std::rc::Rc::new(std::cell::Cell::new(0));
    let c = seen_by_handler.clone();
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |_| c.set(c.get() + 1));
    s.set_on("onconnectionchange", handler.as_ref().clone());
    handler.forget();
    let initialized = s.once("session.initialized", &JsValue::UNDEFINED);
    ok(s.connect()).await;
    let states: Vec<String> = log.of("connectionchange").iter().map(|d| get_str(d, "state")).collect();
    assert_eq!(states, ["connecting", "open", "initializing", "ready"]);
    assert_eq!(seen_by_handler.get(), 4, "onconnectionchange runs for every change");
    let ev = ok(initialized).await;
    let detail = get(&ev, "detail");
    let id = s.id().expect("session id");
    assert_eq!(get_str(&detail, "target"), id);
    assert_eq!(get_str(&detail, "name"), "session.initialized");
    assert_eq!(get_str(&get(&detail, "object"), "id"), id, "object: {}", stringify(&get(&detail, "object")));

    // The model: one group with telephony + chat, a stand-alone e-mail channel, reasons.
    let channels: js_sys::Array = s.channels().dyn_into().unwrap();
    assert_eq!(channels.length(), 3);
    let tel = channel_of(&s, "TELEPHONY");
    assert_eq!(get_str(&tel, "state"), "INACTIVE");
    assert!(get_str(&tel, "group").ends_with(".cg-1"));
    assert!(get(&channel_of(&s, "EMAIL"), "group").is_null());
    assert_eq!(js_sys::Array::from(&s.channel_groups()).length(), 1);
    let de: js_sys::Array = s.not_ready_reasons(&js(r#"{"locale":"de-CH"}"#)).unwrap().dyn_into().unwrap();
    let lunch = de.iter().find(|r| get_str(r, "code") == "12").expect("reason 12");
    assert_eq!(get_str(&lunch, "label"), "Mittagspause", "language-only fallback");
    let fr: js_sys::Array = s.not_ready_reasons(&js(r#"{"locale":"fr-FR"}"#)).unwrap().dyn_into().unwrap();
    assert_eq!(get_str(&fr.iter().find(|r| get_str(r, "code") == "12").unwrap(), "label"), "Déjeuner");
    let ja: js_sys::Array = s.not_ready_reasons(&js(r#"{"locale":"ja"}"#)).unwrap().dyn_into().unwrap();
    assert_eq!(get_str(&ja.iter().find(|r| get_str(r, "code") == "12").unwrap(), "label"), "Lunch", "first label");
    assert!(js_sys::Array::from(&s.logout_reasons(&JsValue::UNDEFINED).unwrap()).length() > 0);

    // Every channel was announced, with its data parsed lazily from the frame.
    let created = log.of("channel.created");
    assert_eq!(created.len(), 3);
    for d in &created {
        let ch = get(&get(d, "data"), "channel");
        assert!(!get_str(&ch, "id").is_empty());
    }
    let info = log.of("channel.infochanged");
    assert!(!info.is_empty());
    assert_eq!(get_str(&get(&info[0], "object"), "target"), get_str(&info[0], "target"));
    for name in [
        "channelgroup.created",
        "channelgroup.initialized",
        "channel.initialized",
        "session.externalnotreadyreasons.updated",
        "session.externallogoutreasons.updated",
    ] {
        assert!(log.count(name) > 0, "{name} was not dispatched");
    }

    // Snapshots: stable identity until something changes, deep-frozen.
    let a = s.get_snapshot();
    assert!(js_sys::Object::is(&a, &s.get_snapshot()));
    assert!(js_sys::Object::is_frozen(a.unchecked_ref::<js_sys::Object>()));
    assert!(js_sys::Object::is_frozen(get(&a, "channels").unchecked_ref::<js_sys::Object>()));
    assert_eq!(get_str(&a, "connectionState"), "ready");
    let notified = std::rc::Rc::new(std::cell::Cell::new(0));
    let n = notified.clone();
    let listener = Closure::<dyn FnMut()>::new(move || n.set(n.get() + 1));
    let unsubscribe: js_sys::Function = s.subscribe(listener.as_ref().clone()).unwrap().dyn_into().unwrap();
    listener.forget();
    ok(s.activate(&tel, &js(r#"{"until":"applied"}"#))).await;
    assert!(notified.get() > 0, "subscribers hear model changes");
    let b = s.get_snapshot();
    assert!(!js_sys::Object::is(&a, &b), "a change gives a new snapshot");
    unsubscribe.call0(&JsValue::UNDEFINED).unwrap();
    let before = notified.get();
    ok(s.deactivate(&tel, &js(r#"{"until":"applied"}"#))).await;
    assert_eq!(notified.get(), before, "unsubscribed");
    s.close();
    assert_eq!(s.connection_state(), "closed");
}

#[wasm_bindgen_test]
async fn override_prompt_accept_replaces_the_other_tab_and_decline_keeps_it() {
    let (first, first_log) = connected("100006", "{}").await;
    let tel = channel_of(&first, "TELEPHONY");

    // A second tab, prompting: accept.
    let second = AgentSession::new(options("100006", r#"{"onExistingSession":"prompt"}"#)).unwrap();
    let log = capture_all(&second);
    let prompt = second.once("confirm", &JsValue::UNDEFINED);
    let connecting = second.connect();
    let ev = ok(prompt).await;
    let detail = get(&ev, "detail");
    assert!(get_str(&detail, "message").contains("100006"), "{}", stringify(&detail));
    let accept: js_sys::Function = get(&detail, "accept").dyn_into().unwrap();
    accept.call0(&JsValue::UNDEFINED).unwrap();
    ok(connecting).await;
    assert_eq!(log.count("confirm"), 1);

    // The first tab learns it was replaced, does not reconnect, and rejects its commands.
    until("the first tab to close", || first.connection_state() == "closed").await;
    let last = first_log.of("connectionchange").pop().unwrap();
    assert_eq!(get_str(&get(&last, "reason"), "kind"), "replaced");
    let e = err(first.ready(&tel, &JsValue::UNDEFINED), "closed").await;
    assert_eq!(get_str(&e, "reason"), "replaced");
    sleep(1_500).await;
    assert_eq!(first.connection_state(), "closed");
    let states: Vec<String> = first_log.of("connectionchange").iter().map(|d| get_str(d, "state")).collect();
    assert!(!states.iter().any(|s| s == "reconnecting"), "a replaced tab never reconnects: {states:?}");

    // A third tab declines: it closes, the second stays.
    let third = AgentSession::new(options("100006", r#"{"onExistingSession":"prompt"}"#)).unwrap();
    let prompt = third.once("confirm", &JsValue::UNDEFINED);
    let connecting = third.connect();
    let detail = get(&ok(prompt).await, "detail");
    let decline: js_sys::Function = get(&detail, "decline").dyn_into().unwrap();
    decline.call0(&JsValue::UNDEFINED).unwrap();
    let e = err(connecting, "closed").await;
    assert_eq!(get_str(&e, "reason"), "declined");
    assert_eq!(second.connection_state(), "ready");
    // onExistingSession: "fail" declines without asking.
    let fourth = AgentSession::new(options("100006", r#"{"onExistingSession":"fail"}"#)).unwrap();
    assert_eq!(get_str(&err(fourth.connect(), "closed").await, "reason"), "declined");

    // confirmOverride() says whether a prompt was waiting: not on an idle session, nor on one
    // whose socket is open before the prompt; yes once the prompt is up, and only once.
    let fifth = std::rc::Rc::new(AgentSession::new(options("100006", r#"{"onExistingSession":"prompt"}"#)).unwrap());
    assert!(!fifth.confirm_override(true), "idle: no prompt");
    let at_open = std::rc::Rc::new(std::cell::Cell::new(None));
    let (s5, seen) = (fifth.clone(), at_open.clone());
    let on_change = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        if get_str(&e.detail(), "state") == "open" && seen.get().is_none() {
            seen.set(Some(s5.confirm_override(true)));
        }
    });
    fifth.add_event_listener("connectionchange", on_change.as_ref(), &JsValue::UNDEFINED).unwrap();
    let prompt = fifth.once("confirm", &JsValue::UNDEFINED);
    let connecting = fifth.connect();
    ok(prompt).await;
    assert_eq!(at_open.get(), Some(false), "open, before the prompt: nothing to answer");
    assert!(fifth.confirm_override(false), "the prompt was waiting");
    assert_eq!(get_str(&err(connecting, "closed").await, "reason"), "declined");
    assert!(!fifth.confirm_override(false), "answered once");
    fifth.remove_event_listener("connectionchange", on_change.as_ref(), &JsValue::UNDEFINED).unwrap();
    assert_eq!(second.connection_state(), "ready");
    second.close();
}

#[wasm_bindgen_test]
async fn wrong_password_is_refused_with_the_servers_code() {
    let o = options("100007", "{}");
    js_sys::Reflect::set(&get(&o, "agent"), &"password".into(), &"wrong".into()).unwrap();
    let s = AgentSession::new(o).unwrap();
    let e = err(s.connect(), "closed").await;
    assert_eq!(get_str(&e, "reason"), "refused");
    assert_eq!(get_str(&e, "code"), "AUTH_FAILED");
}

#[wasm_bindgen_test]
async fn logout_ends_the_session() {
    let (s, log) = connected("100010", "{}").await;
    assert_eq!(s.agent_id(), "100010", "the agent id is on the session");
    ok(s.logout(&JsValue::UNDEFINED)).await;
    assert_eq!(s.connection_state(), "closed");
    let last = log.of("connectionchange").pop().unwrap();
    assert_eq!(get_str(&get(&last, "reason"), "kind"), "loggedOut");
    let e = err(s.request_logout_reasons(&JsValue::UNDEFINED), "closed").await;
    assert_eq!(get_str(&e, "reason"), "loggedOut");
}

#[wasm_bindgen_test]
async fn a_recording_replays_to_the_same_model() {
    let (s, _log) = connected("100012", r#"{"record":true}"#).await;
    let tel = channel_of(&s, "TELEPHONY");
    ok(s.activate(&tel, &js(r#"{"until":"applied"}"#))).await;
    ok(s.not_ready(&tel, &js(r#"{"reasonCode":"12","until":"applied"}"#))).await;
    let text = s.export_recording().expect("recording on");
    assert!(!text.contains("\"pass\""), "the password is never recorded");
    let steps: js_sys::Array = AgentSession::replay(&text).unwrap().dyn_into().unwrap();
    let again: js_sys::Array = AgentSession::replay(&text).unwrap().dyn_into().unwrap();
    assert_eq!(stringify(&steps), stringify(&again), "replays are deterministic");
    // Each step carries the model only when its input changed it: the last one that does is
    // the model at the end.
    let replayed = steps.iter().rev().map(|s| get(&s, "model")).find(|m| !m.is_null()).expect("a model");
    assert!(steps.iter().any(|s| get(&s, "model").is_null()), "steps that change nothing carry no model");
    let live = s.get_snapshot();
    assert_eq!(stringify(&get(&replayed, "channels")), stringify(&get(&live, "channels")));
    // The replay's model has the reasons as the server sent them; the snapshot, display-ready.
    let codes = |list: JsValue, key: &str| -> Vec<String> {
        list.dyn_into::<js_sys::Array>().unwrap().iter().map(|r| get_str(&r, key)).collect()
    };
    let replayed_codes = codes(get(&replayed, "notReadyReasons"), "reasonCodeCode");
    assert!(!replayed_codes.is_empty());
    assert_eq!(replayed_codes, codes(get(&live, "notReadyReasons"), "code"));
    assert!(AgentSession::replay("not a recording").is_err());
    s.close();
}

/// Issue 15, item 10: a page's logger may read the session (or call into it) while it logs:
/// log lines are written once the SDK has let go of the session, like events.
#[wasm_bindgen_test]
async fn a_logger_may_read_the_session_while_it_logs() {
    let o = options("100021", r#"{"logLevel":"debug"}"#);
    let logger = js_sys::Object::new();
    let line: JsValue = js_sys::Function::new_with_args(
        "m",
        // `connectionState` and `id` as the package's entry reads them (`js/entry.js`: JS
        // properties over `__call` 43 and 42, which borrow the session).
        "const s = globalThis.__awLoggedSession; globalThis.__awLogged.push(m + ' | ' + (s ? s.__call(43, '') + ' ' + s.__call(42, '') : '-'));",
    )
    .into();
    for level in ["debug", "info", "warn", "error"] {
        js_sys::Reflect::set(&logger, &level.into(), &line).unwrap();
    }
    js_sys::Reflect::set(&o, &"logger".into(), &logger).unwrap();
    let global = js_sys::global();
    js_sys::Reflect::set(&global, &"__awLogged".into(), &js_sys::Array::new()).unwrap();
    // The session as the page holds it: a JS object whose getters call into wasm.
    let s: JsValue = AgentSession::new(o).unwrap().into();
    js_sys::Reflect::set(&global, &"__awLoggedSession".into(), &s).unwrap();
    // `connect()` and `close()` as the entry calls them (JS methods over `__call` 44 and 45).
    let call = |which: u32| -> JsValue {
        let f: js_sys::Function = get(&s, "__call").dyn_into().unwrap();
        f.call2(&s, &which.into(), &"".into()).unwrap()
    };
    ok(call(44).dyn_into().unwrap()).await;
    let lines: js_sys::Array = get(&global, "__awLogged").dyn_into().unwrap();
    let text: Vec<String> = lines.iter().filter_map(|l| l.as_string()).collect();
    assert!(text.iter().any(|l| l.contains("connection ready | ready ")), "{text:?}");
    assert!(text.iter().any(|l| l.contains("← ")), "frames are logged too: {text:?}");
    call(45);
    js_sys::Reflect::delete_property(&global, &"__awLoggedSession".into()).unwrap();
}

/// Issue 15, item 6: freeing a session (or its garbage collection) settles what it still
/// owes the page: a pending `connect()` rejects as `closed` instead of waiting for ever.
#[wasm_bindgen_test]
async fn freeing_a_session_settles_its_pending_promises() {
    let s = AgentSession::new(options("100022", "{}")).unwrap();
    let connecting = s.connect();
    drop(s);
    let e = err(connecting, "closed").await;
    assert_eq!(get_str(&e, "reason"), "closed");
}

/// Issue 15, item 9: a URL the browser reads as another host than loopback is refused for
/// plain `ws:`, and `allowInsecure` letting a non-loopback `ws:` through is logged as a warning.
#[wasm_bindgen_test]
fn a_ws_url_must_be_loopback_for_the_browser_too() {
    let bad = options("100023", r#"{"url":"ws://evil.example\\@127.0.0.1/ws"}"#);
    let e = AgentSession::new(bad).expect_err("refused");
    assert_eq!((get_str(&e, "kind"), get_str(&e, "argument")), ("invalidArgument".into(), "url".into()));
    let o = options("100023", r#"{"url":"ws://cti.example.invalid/ws","allowInsecure":true,"logLevel":"warn"}"#);
    let warnings = js_sys::Array::new();
    let logger = js_sys::Object::new();
    js_sys::Reflect::set(&logger, &"lines".into(), &warnings).unwrap();
    let push: JsValue = js_sys::Function::new_with_args("m", "this.lines.push(m)").into();
    js_sys::Reflect::set(&logger, &"warn".into(), &push).unwrap();
    js_sys::Reflect::set(&o, &"logger".into(), &logger).unwrap();
    let s = AgentSession::new(o).expect("allowed with allowInsecure");
    assert!(
        warnings.iter().any(|l| l.as_string().unwrap_or_default().contains("plain text")),
        "{}",
        stringify(&warnings)
    );
    drop(s);
}
