//! Browser suites of the JS API (`AgentSession`), in headless Chromium and Firefox, against
//! the simulator the test command starts. Each test uses its own agent so they cannot
//! disturb each other.

#![cfg(target_arch = "wasm32")]

mod commands;
mod connectivity;
mod conventions;
mod harness;
mod hostile;
mod integrating;
mod session;

use agentwire::web::AgentSession;
use harness::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn bad_options_throw_typed_errors_naming_the_option() {
    let cases = [
        (r#"null"#, "options"),
        (r#"{"agent":{"id":"1"}}"#, "url"),
        (r#"{"url":"http://127.0.0.1/ws","agent":{"id":"1"}}"#, "url"),
        (r#"{"url":"ws://cti.example.com/ws","agent":{"id":"1"}}"#, "url"),
        (r#"{"url":"ws://127.0.0.1/ws"}"#, "agent"),
        (r#"{"url":"ws://127.0.0.1/ws","agent":{"id":""}}"#, "id"),
        (r#"{"url":"ws://127.0.0.1/ws","agent":{"id":5}}"#, "id"),
        (r#"{"url":"ws://127.0.0.1/ws","agent":{"id":"1"},"dialect":"modern"}"#, "dialect"),
        (r#"{"url":"ws://127.0.0.1/ws","agent":{"id":"1"},"requestTimeoutMs":-1}"#, "requestTimeoutMs"),
        (r#"{"url":"ws://127.0.0.1/ws","agent":{"id":"1"},"reconnect":7}"#, "reconnect"),
        (r#"{"url":"ws://127.0.0.1/ws","agent":{"id":"1"},"logLevel":"loud"}"#, "logLevel"),
        (r#"{"url":"ws://127.0.0.1/ws","agent":{"id":"1"},"onExistingSession":"maybe"}"#, "onExistingSession"),
    ];
    for (opts, argument) in cases {
        let e = AgentSession::new(js(opts)).err().unwrap_or_else(|| panic!("{opts} was accepted"));
        assert!(e.is_instance_of::<js_sys::Error>());
        assert_eq!(get_str(&e, "kind"), "invalidArgument", "{opts}");
        assert_eq!(get_str(&e, "argument"), argument, "{opts}");
        assert_eq!(get_str(&e, "name"), "AgentwireError");
        // A structured logger sees the fields, not wasm internals (issue 16).
        let json = js_sys::JSON::stringify(&e).unwrap().as_string().unwrap();
        let back = js(&json);
        assert_eq!(
            (get_str(&back, "kind"), get_str(&back, "argument")),
            ("invalidArgument".into(), argument.into()),
            "{json}"
        );
        assert!(!json.contains("__wbg_ptr"), "{json}");
    }
    // wss anywhere, ws to a remote host only with allowInsecure.
    assert!(AgentSession::new(js(r#"{"url":"wss://cti.example.com/his","agent":{"id":"1"}}"#)).is_ok());
    assert!(
        AgentSession::new(js(r#"{"url":"ws://cti.example.com/his","agent":{"id":"1"},"allowInsecure":true}"#)).is_ok()
    );
}

#[wasm_bindgen_test]
async fn server_down_rejects_connect_with_connect_failed() {
    let s =
        AgentSession::new(js(r#"{"url":"ws://127.0.0.1:9/ws","agent":{"id":"1","password":"x"},"logLevel":"silent"}"#))
            .unwrap();
    let log = capture(&s, &["connectionchange"]);
    let e = err(s.connect(), "closed").await;
    assert_eq!(get_str(&e, "reason"), "connectFailed");
    assert_eq!(s.connection_state(), "closed");
    let states: Vec<String> = log.of("connectionchange").iter().map(|d| get_str(d, "state")).collect();
    assert_eq!(states, ["connecting", "closed"]);
    // Commands after the end reject as closed, without sending anything.
    err(s.ready(&"s.c".into(), &JsValue::UNDEFINED), "closed").await;
}
