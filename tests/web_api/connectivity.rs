//! What the browser says about the network and the page's life (issue 17), through the
//! window's and the document's own events: `offline` and `online`, `visibilitychange`, and the
//! listeners removed by `close()` (`src/web/lifecycle.rs`). Decisions are the engine's
//! (`tests/connectivity.rs`); these check the wiring in a real browser.

use crate::harness::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

fn fire(target: &web_sys::EventTarget, name: &str) {
    target.dispatch_event(&web_sys::Event::new(name).unwrap()).unwrap();
}

fn window() -> web_sys::EventTarget {
    JsValue::from(js_sys::global()).into()
}

#[wasm_bindgen_test]
async fn offline_holds_the_session_until_online_and_close_removes_the_listeners() {
    let (s, log) = connected("100038", "{}").await;
    log.clear();
    // A subscriber that unsubscribes from inside its call: the pump that `offline` runs calls
    // it from the session's one callback into the wasm (`waker` in src/web/pump.rs), which the
    // function `subscribe()` returned calls again; that must work (a re-entered `FnMut`
    // closure would throw).
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let failed = std::rc::Rc::new(std::cell::Cell::new(false));
    let unsubscribe = std::rc::Rc::new(std::cell::RefCell::new(None::<js_sys::Function>));
    let (c, f, u) = (calls.clone(), failed.clone(), unsubscribe.clone());
    let listener = Closure::<dyn FnMut()>::new(move || {
        c.set(c.get() + 1);
        if let Some(u) = u.borrow().as_ref() {
            f.set(f.get() || u.call0(&JsValue::UNDEFINED).is_err());
        }
    });
    let unsub: js_sys::Function = s.subscribe(listener.as_ref().clone()).unwrap().dyn_into().unwrap();
    listener.forget();
    *unsubscribe.borrow_mut() = Some(unsub);
    fire(&window(), "offline");
    assert_eq!(calls.get(), 1, "the subscriber heard the state change");
    assert!(!failed.get(), "unsubscribing inside the subscriber's call threw");
    let changes = log.of("connectionchange");
    let last = changes.last().expect("a connectionchange");
    assert_eq!(get_str(last, "state"), "reconnecting");
    assert_eq!(get_str(&get(last, "cause"), "code"), "OFFLINE", "{}", stringify(last));
    assert!(get(last, "retryInMs").is_null(), "no attempt scheduled while offline");
    sleep(1_500).await;
    let states: Vec<String> = log.of("connectionchange").iter().map(|d| get_str(d, "state")).collect();
    assert_eq!(states, ["reconnecting"], "no attempt while offline");
    fire(&window(), "online");
    until("ready after online", || s.connection_state() == "ready").await;
    assert_eq!(calls.get(), 1, "the subscriber that unsubscribed is not called again");
    let last = log.of("connectionchange").pop().unwrap();
    assert!(get(&last, "cause").is_null(), "no cause once ready: {}", stringify(&last));
    assert!(log.count("resynced") >= 1, "resynced after the reconnect");
    s.close();
    log.clear();
    fire(&window(), "offline");
    fire(&window(), "online");
    sleep(200).await;
    assert_eq!(log.count("connectionchange"), 0, "after close() the listeners are gone");
    assert_eq!(s.connection_state(), "closed");
}

#[wasm_bindgen_test]
async fn a_page_shown_again_after_being_hidden_keeps_its_session() {
    let (s, log) = connected("100039", "{}").await;
    log.clear();
    // This browser keeps the page visible: the test makes it hidden to the page for 1.6 s (past
    // the 1.5 s after which the SDK checks the socket on its return), then visible again.
    let doc = get(&js_sys::global(), "document");
    let state = |v: &str| {
        let d = js_sys::Object::new();
        let getter = js_sys::Function::new_no_args(&format!("return {v:?}"));
        js_sys::Reflect::set(&d, &"get".into(), &getter).unwrap();
        js_sys::Reflect::set(&d, &"configurable".into(), &JsValue::TRUE).unwrap();
        js_sys::Reflect::define_property(&doc.clone().into(), &"visibilityState".into(), &d).unwrap();
    };
    let target: web_sys::EventTarget = doc.clone().into();
    state("hidden");
    fire(&target, "visibilitychange");
    sleep(1_600).await;
    state("visible");
    fire(&target, "visibilitychange");
    // The probe goes out and is answered; a command meanwhile waits for it, then goes out.
    let tel = get_str(&channel_of(&s, "TELEPHONY"), "target");
    ok(s.activate(&JsValue::from_str(&tel), &js(r#"{"until":"applied"}"#))).await;
    js_sys::Reflect::delete_property(&doc.into(), &"visibilityState".into()).unwrap();
    assert_eq!(s.connection_state(), "ready");
    assert_eq!(log.count("connectionchange"), 0, "a live socket: no state change for the page");
}
