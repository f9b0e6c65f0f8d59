//! Helpers for the browser suites of the JS API: sessions against the simulator started by the
//! test command (its URL reaches the build through `AGENTWIRE_SIM_WS` /
//! `AGENTWIRE_SIM_HTTP`, its control token through `AGENTWIRE_SIM_CONTROL_TOKEN`), event
//! capture, awaiting Promises and conditions.

#![allow(dead_code)]

use agentwire::web::AgentSession;
use gloo_timers::future::TimeoutFuture;
use js_sys::{Function, Promise, Reflect, JSON};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The simulator's WebSocket URL. A run without it fails loudly: the suites need the
/// simulator, and an unset URL must not pass as a skipped test.
#[allow(clippy::option_env_unwrap)]
pub fn ws_url() -> &'static str {
    option_env!("AGENTWIRE_SIM_WS").expect("AGENTWIRE_SIM_WS: run the browser suites through scripts/test.sh")
}

/// The simulator's HTTP base URL (control endpoint).
#[allow(clippy::option_env_unwrap)]
pub fn http_url() -> &'static str {
    option_env!("AGENTWIRE_SIM_HTTP").expect("AGENTWIRE_SIM_HTTP: run the browser suites through scripts/test.sh")
}

/// The simulator's control token (the test command starts it with `--control-token`).
#[allow(clippy::option_env_unwrap)]
pub fn control_token() -> &'static str {
    option_env!("AGENTWIRE_SIM_CONTROL_TOKEN")
        .expect("AGENTWIRE_SIM_CONTROL_TOKEN: run the browser suites through scripts/test.sh")
}

pub fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|e| panic!("bad test JSON {text}: {e:?}"))
}

pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

pub fn get_str(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

pub fn stringify(v: &JsValue) -> String {
    JSON::stringify(v).ok().and_then(|s| s.as_string()).unwrap_or_else(|| format!("{v:?}"))
}

/// Options for agent `agent` against the simulator, merged with `extra` (a JSON object).
pub fn options(agent: &str, extra: &str) -> JsValue {
    let base = format!(
        r#"{{"url":"{}","agent":{{"id":"{agent}","password":"pass"}},"onExistingSession":"replace","logLevel":"silent","requestTimeoutMs":5000}}"#,
        ws_url()
    );
    let o = js(&base);
    let e = js(extra);
    let keys = js_sys::Object::keys(e.unchecked_ref::<js_sys::Object>());
    for k in keys.iter() {
        Reflect::set(&o, &k, &get(&e, &k.as_string().unwrap_or_default())).unwrap();
    }
    o
}

/// Every event dispatched on a session, in order: `(type, detail)`.
#[derive(Clone, Default)]
pub struct Log(pub Rc<RefCell<Vec<(String, JsValue)>>>);

impl Log {
    pub fn names(&self) -> Vec<String> {
        self.0.borrow().iter().map(|(n, _)| n.clone()).collect()
    }
    pub fn of(&self, name: &str) -> Vec<JsValue> {
        self.0.borrow().iter().filter(|(n, _)| n == name).map(|(_, d)| d.clone()).collect()
    }
    pub fn count(&self, name: &str) -> usize {
        self.of(name).len()
    }
    pub fn clear(&self) {
        self.0.borrow_mut().clear();
    }
}

/// Listens for `names` on `s`, recording `(type, detail)`.
pub fn capture(s: &AgentSession, names: &[&str]) -> Log {
    let log = Log::default();
    for name in names {
        let l = log.clone();
        let f = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            l.0.borrow_mut().push((e.type_(), e.detail()));
        });
        s.add_event_listener(name, f.as_ref(), &JsValue::UNDEFINED).unwrap();
        f.forget(); // test-only: lives as long as the page
    }
    log
}

/// Every event the SDK can dispatch.
pub fn all_names() -> Vec<String> {
    let mut v: Vec<String> = AgentSession::event_names()
        .dyn_into::<js_sys::Array>()
        .unwrap()
        .iter()
        .map(|x| x.as_string().unwrap())
        .collect();
    for n in ["connectionchange", "confirm", "protocolerror", "resynced", "commandcomplete"] {
        v.push(n.into());
    }
    v
}

pub fn capture_all(s: &AgentSession) -> Log {
    let names = all_names();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    capture(s, &refs)
}

/// Awaits a Promise.
pub async fn wait(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

/// Awaits a Promise that must resolve.
pub async fn ok(p: Promise) -> JsValue {
    match wait(p).await {
        Ok(v) => v,
        Err(e) => panic!("expected success, got {}", describe(&e)),
    }
}

/// Awaits a Promise that must reject with an `AgentwireError` of `kind`; returns it.
pub async fn err(p: Promise, kind: &str) -> JsValue {
    match wait(p).await {
        Ok(v) => panic!("expected a {kind} rejection, got success {}", stringify(&v)),
        Err(e) => {
            assert!(e.is_instance_of::<js_sys::Error>(), "rejections are Errors: {}", describe(&e));
            let got = get_str(&e, "kind");
            assert_eq!(got, kind, "{}", describe(&e));
            assert_eq!(get_str(&e, "name"), "AgentwireError");
            e
        }
    }
}

pub fn describe(e: &JsValue) -> String {
    format!("{}/{}: {}", get_str(e, "kind"), get_str(e, "code"), get_str(e, "message"))
}

pub async fn sleep(ms: u32) {
    TimeoutFuture::new(ms).await;
}

/// Waits (up to 5 s) until `cond` holds.
pub async fn until(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..250 {
        if cond() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for {what}");
}

/// A connected session for `agent`.
pub async fn connected(agent: &str, extra: &str) -> (AgentSession, Log) {
    let s = AgentSession::new(options(agent, extra)).unwrap_or_else(|e| panic!("constructor: {}", describe(&e)));
    let log = capture_all(&s);
    ok(s.connect()).await;
    assert_eq!(s.connection_state(), "ready");
    (s, log)
}

/// The first channel snapshot whose `type` is `kind`.
pub fn channel_of(s: &AgentSession, kind: &str) -> JsValue {
    let list: js_sys::Array = s.channels().dyn_into().unwrap();
    list.iter()
        .find(|c| get_str(c, "type") == kind)
        .unwrap_or_else(|| panic!("no {kind} channel in {}", stringify(&list)))
}

pub fn channel(s: &AgentSession, target: &str) -> JsValue {
    s.channel(target)
}

/// POSTs a JSON body to the simulator's control endpoint `path`, with the control token. The
/// test page is another origin (the test runner's), which the test command allows with
/// `--allow-origin`, so the browser's CORS preflight passes.
pub async fn control(path: &str, body: &str) -> JsValue {
    let window = web_sys::window().unwrap();
    let init = js(r#"{"method":"POST","headers":{"content-type":"application/json"}}"#);
    Reflect::set(&get(&init, "headers"), &"x-agentwire-control".into(), &control_token().into()).unwrap();
    Reflect::set(&init, &"body".into(), &body.into()).unwrap();
    let fetch: Function = get(&window, "fetch").dyn_into().unwrap();
    let url = format!("{}{path}", http_url());
    let resp = JsFuture::from(fetch.call2(&window, &url.clone().into(), &init).unwrap().dyn_into::<Promise>().unwrap())
        .await
        .unwrap_or_else(|e| panic!("control {url}: {e:?}"));
    let status = get(&resp, "status").as_f64().unwrap_or(0.0);
    let text: Function = get(&resp, "text").dyn_into().unwrap();
    let body = JsFuture::from(text.call0(&resp).unwrap().dyn_into::<Promise>().unwrap()).await.unwrap();
    assert!((200.0..300.0).contains(&status), "control {url} → {status}: {}", body.as_string().unwrap_or_default());
    JSON::parse(&body.as_string().unwrap_or_default()).unwrap_or(body)
}
