//! Test support: an in-process simulator on port 0, a WebSocket client speaking the
//! protocol, fixture shape checks, and a tiny HTTP client for the control API.

use agentwire::proto::wire;
use agentwire_sim::{serve, SimConfig, SimHandle};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

pub const PROCESSOR: &str = "5a1d0c3e-7f21-4b8e-9c44-a6e0d2f1b701";
const WAIT: Duration = Duration::from_secs(5);

/// The built-in config with calls answered at once (deterministic event lists).
pub fn config() -> SimConfig {
    let mut c = SimConfig::builtin().expect("built-in config");
    c.catalog.timing.connect_ms = 0;
    c
}

/// A running simulator.
pub struct Sim {
    pub addr: SocketAddr,
    pub handle: SimHandle,
    /// Its control token.
    pub token: String,
}

pub async fn start(c: SimConfig) -> Sim {
    let (addr, handle) = serve(c).await.expect("serve");
    let token = handle.control_token().to_owned();
    Sim { addr, handle, token }
}

impl Sim {
    pub async fn default() -> Sim {
        start(config()).await
    }

    pub fn ws(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// Connect, bootstrap as `agent`, start the session (legacy dialect).
    pub async fn login(&self, agent: &str) -> Client {
        let mut c = Client::connect(&self.ws()).await;
        c.bootstrap(agent, "pass").await;
        c.start("session.start").await;
        c
    }

    /// `POST /control/<action>` with a JSON body and the token; returns (status, body).
    pub async fn control(&self, action: &str, body: Value) -> (u16, Value) {
        let (status, _, text) = self.control_raw("POST", &format!("/control/{action}"), Some(&body.to_string())).await;
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A control request with the token (JSON content type); returns status, headers, body.
    pub async fn control_raw(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> (u16, Vec<(String, String)>, String) {
        request(self.addr, method, path, &[("x-agentwire-control", &self.token)], body).await
    }
}

/// One HTTP/1.1 request with a JSON content type; returns status, headers (lower-case
/// names) and body.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (u16, Vec<(String, String)>, String) {
    request(addr, method, path, &[], body).await
}

/// [`http`] with extra headers (a `content-type` among them replaces the JSON one).
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, Vec<(String, String)>, String) {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    let body = body.unwrap_or("");
    let mut extra = String::new();
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
        extra.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        extra.push_str(&format!("{k}: {v}\r\n"));
    }
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    tokio::time::timeout(WAIT, s.read_to_end(&mut raw)).await.expect("http timeout").expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What a read produced.
#[derive(Debug)]
pub enum Got {
    Text(String),
    Closed(Option<(u16, String)>),
}

/// A protocol client.
pub struct Client {
    pub ws: Ws,
    next: u64,
    pub sid: String,
}

impl Client {
    pub async fn connect(url: &str) -> Client {
        let (ws, _) = tokio::time::timeout(WAIT, connect_async(url)).await.expect("connect timeout").expect("connect");
        Client { ws, next: 0, sid: String::new() }
    }

    pub async fn send(&mut self, v: Value) {
        self.send_text(&v.to_string()).await;
    }

    pub async fn send_text(&mut self, t: &str) {
        self.ws.send(Message::text(t.to_owned())).await.expect("send");
    }

    /// The next text frame or the close.
    pub async fn next(&mut self) -> Got {
        loop {
            match tokio::time::timeout(WAIT, self.ws.next()).await.expect("no frame within 5 s") {
                Some(Ok(Message::Text(t))) => return Got::Text(t.as_str().to_owned()),
                Some(Ok(Message::Close(f))) => {
                    return Got::Closed(f.map(|f| (u16::from(f.code), f.reason.as_str().to_owned())))
                }
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Got::Closed(None),
            }
        }
    }

    /// The next frame, which must decode with the core's codec into a typed frame.
    pub async fn recv(&mut self) -> Value {
        match self.next().await {
            Got::Text(t) => {
                let f = wire::decode(&t).unwrap_or_else(|e| panic!("core cannot decode {t}: {e}"));
                // The simulator's own consult command is not in the core's table.
                // Unknown commands (and the simulator's own consult command) are not in the
                // core's table, so their responses are catch-alls by design.
                let untyped_ok = t.contains("\"interaction.request.consult\"") || t.contains("\"UNKNOWN_COMMAND\"");
                assert!(f.is_typed() || untyped_ok, "core decodes {t} only as a catch-all");
                serde_json::from_str(&t).expect("json")
            }
            Got::Closed(c) => panic!("socket closed: {c:?}"),
        }
    }

    /// Whether the socket closes within `ms` without another text frame; returns the close.
    pub async fn closed_within(&mut self, ms: u64) -> Option<Option<(u16, String)>> {
        let end = tokio::time::Instant::now() + Duration::from_millis(ms);
        loop {
            match tokio::time::timeout_at(end, self.ws.next()).await {
                Err(_) => return None,
                Ok(Some(Ok(Message::Close(f)))) => {
                    return Some(f.map(|f| (u16::from(f.code), f.reason.as_str().to_owned())))
                }
                Ok(Some(Ok(Message::Text(_)))) | Ok(Some(Ok(_))) => continue,
                Ok(Some(Err(_)) | None) => return Some(None),
            }
        }
    }

    fn id(&mut self) -> String {
        self.next += 1;
        format!("r{}", self.next)
    }

    /// A core request; returns its coreResponse (other frames before it are returned too).
    pub async fn core(&mut self, command: &str, extra: Value) -> (Value, Vec<Value>) {
        let id = self.id();
        let mut v = json!({"messageType": "coreRequest", "requestId": id, "command": command});
        if let (Value::Object(m), Value::Object(e)) = (&mut v, extra) {
            m.extend(e);
        }
        self.send(v).await;
        let mut others = Vec::new();
        loop {
            let f = self.recv().await;
            if f["messageType"] == "coreResponse" && f["requestId"] == id.as_str() {
                return (f, others);
            }
            others.push(f);
        }
    }

    /// `prepareSession` in its service envelope; returns the serviceResponse.
    pub async fn prepare(&mut self, agent: &str, password: &str, overriding: bool) -> Value {
        let id = self.id();
        self.send(json!({"messageType": "serviceRequest", "requestId": id, "serviceId": PROCESSOR, "command": "prepareSession",
            "data": {"model": "sim", "override": overriding, "agent": {"id": agent, "password": password}}}))
            .await;
        loop {
            let f = self.recv().await;
            if f["messageType"] == "serviceResponse" {
                assert_eq!(f["requestId"], id.as_str());
                return f;
            }
        }
    }

    /// Service Monitor, processor bind, prepareSession, bindResource.
    pub async fn bootstrap(&mut self, agent: &str, password: &str) {
        let (r, _) = self.core("bindService", json!({"serviceId": "ServiceMonitor"})).await;
        assert_eq!(r["result"], "success");
        let list = self.recv().await;
        assert_eq!(list["messageType"], "serviceEvent");
        self.bind_processor().await;
        let p = self.prepare(agent, password, false).await;
        assert_eq!(p["result"], "success", "{p}");
        self.sid = p["data"]["resourceId"].as_str().expect("resourceId").to_owned();
        let (r, _) = self.core("bindResource", json!({"resourceId": self.sid})).await;
        assert_eq!(r["result"], "success", "{r}");
    }

    pub async fn bind_processor(&mut self) {
        let (r, _) = self.core("bindService", json!({"serviceId": PROCESSOR})).await;
        assert_eq!(r["result"], "success", "{r}");
    }

    /// Session start; returns the response and the events up to `session.initialized`.
    pub async fn start(&mut self, command: &str) -> (Value, Vec<Value>) {
        let sid = self.sid.clone();
        self.send(json!({"command": command, "target": sid, "data": {}})).await;
        let resp = self.recv().await;
        let mut events = Vec::new();
        if resp["result"] != "success" {
            return (resp, events);
        }
        loop {
            let e = self.recv().await;
            let done = e["name"] == "session.initialized";
            events.push(e);
            if done {
                return (resp, events);
            }
        }
    }

    /// A resource request; returns its response and every event that follows it (a ping
    /// marks the end: the processor answers in order).
    pub async fn cmd(&mut self, command: &str, target: &str, data: Value) -> (Value, Vec<Value>) {
        self.send(json!({"command": command, "target": target, "data": data})).await;
        self.until_barrier().await
    }

    /// Frames up to a ping barrier: (the one response among them, the events).
    pub async fn until_barrier(&mut self) -> (Value, Vec<Value>) {
        let id = self.id();
        self.send(json!({"messageType": "coreRequest", "requestId": id, "command": "ping"})).await;
        let mut resp = Value::Null;
        let mut events = Vec::new();
        loop {
            let f = self.recv().await;
            if f["messageType"] == "coreResponse" && f["requestId"] == id.as_str() {
                return (resp, events);
            }
            if f["messageType"] == "objectEvent" {
                events.push(f);
            } else {
                assert!(resp.is_null(), "two responses: {resp} and {f}");
                resp = f;
            }
        }
    }

    /// Events that arrive within `ms`.
    pub async fn events_for(&mut self, ms: u64) -> Vec<Value> {
        let end = tokio::time::Instant::now() + Duration::from_millis(ms);
        let mut out = Vec::new();
        while let Ok(Some(Ok(m))) = tokio::time::timeout_at(end, self.ws.next()).await {
            if let Message::Text(t) = m {
                out.push(serde_json::from_str(t.as_str()).expect("json"));
            }
        }
        out
    }

    pub fn target(&self, rest: &str) -> String {
        if rest.is_empty() {
            self.sid.clone()
        } else {
            format!("{}.{rest}", self.sid)
        }
    }

    /// Activates the telephony channel and makes the agent ready.
    pub async fn ready_phone(&mut self) {
        let t = self.target("cg-1.ch-tel");
        let (r, _) = self.cmd("channel.activate", &t, json!({"channeloptions": {"queue": "SUPPORT"}})).await;
        assert_eq!(r["result"], "success", "{r}");
        let (r, _) = self.cmd("channel.ready", &t, json!({})).await;
        assert_eq!(r["result"], "success", "{r}");
    }
}

// ---------------------------------------------------------------- fixtures

pub fn fixture(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/protocol").join(name);
    let t = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&t).expect("fixture json")
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every member of `shape` exists in `actual` with the same JSON type, recursively (arrays:
/// each element of `actual` against the fixture's first element). Extra members are fine.
pub fn same_shape(shape: &Value, actual: &Value, path: &str) -> Result<(), String> {
    if kind(shape) != kind(actual) {
        return Err(format!("{path}: fixture has {}, got {}", kind(shape), kind(actual)));
    }
    match (shape, actual) {
        (Value::Object(s), Value::Object(a)) => {
            for (k, sv) in s {
                let av = a.get(k).ok_or_else(|| format!("{path}.{k}: missing"))?;
                same_shape(sv, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        // Each element must match one of the fixture's elements (lists mix entry kinds).
        (Value::Array(s), Value::Array(a)) if !s.is_empty() => a.iter().enumerate().try_for_each(|(i, av)| {
            let p = format!("{path}[{i}]");
            let tries: Vec<Result<(), String>> = s.iter().map(|sv| same_shape(sv, av, &p)).collect();
            if tries.iter().any(Result::is_ok) {
                Ok(())
            } else {
                tries.into_iter().next().unwrap_or(Ok(()))
            }
        }),
        _ => Ok(()),
    }
}

/// `actual` has the fixture's shape, and the same `messageType` / `name` / `result`.
/// Request data echoed back (`original.data`, and a response's `data` for commands that
/// echo) is what the test sent, so only query results' `data` is compared.
pub fn assert_fixture(name: &str, actual: &Value) {
    let mut f = fixture(name);
    if let Some(m) = f.as_object_mut() {
        if let Some(Value::Object(o)) = m.get_mut("original") {
            o.remove("data");
        }
        // Attached data is free-form: only its being an object is the shape.
        if name == "event.interaction.datachanged.json" {
            m.insert("data".into(), json!({"data": {}}));
        }
        let query = ["addressbook", "getscripts", "prepareSession"].iter().any(|q| name.contains(q));
        if name.starts_with("response.") && !query {
            m.remove("data");
        }
    }
    for k in ["messageType", "name", "result"] {
        assert_eq!(f.get(k), actual.get(k), "{k} differs from {name}: {actual}");
    }
    if let Err(e) = same_shape(&f, actual, "$") {
        panic!("{name}: {e}\nactual: {actual}");
    }
}

/// The events are exactly these names in this order; each `Some(fixture)` is shape-checked.
pub fn assert_events(events: &[Value], expected: &[(&str, Option<&str>)]) {
    let names: Vec<&str> = events.iter().map(|e| e["name"].as_str().unwrap_or("?")).collect();
    let want: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, want, "event order");
    for (e, (_, fx)) in events.iter().zip(expected) {
        if let Some(fx) = fx {
            assert_fixture(fx, e);
        }
    }
}

/// A failure response with `code` that carries the request as `original`.
pub fn assert_failure(resp: &Value, code: &str, command: &str) {
    assert_eq!(resp["result"], "failure", "{resp}");
    assert_eq!(resp["failure"]["code"], code, "{resp}");
    assert!(resp["failure"]["message"].is_string(), "{resp}");
    assert_eq!(resp["command"], command, "{resp}");
    assert_eq!(resp["original"]["command"], command, "original missing: {resp}");
}

/// The events that create a call, in the order of PROTOCOL.md 3.3's `channel.dial` list
/// (an inbound call is created the same way), each with the fixture whose shape it has.
pub const CALL_CREATION: &[(&str, Option<&str>)] = &[
    ("channel.infochanged", Some("event.channel.infochanged.json")),
    ("state.updated", Some("event.state.updated.channel.json")),
    ("interaction.created", Some("event.interaction.created.json")),
    ("state.updated", Some("event.state.updated.interaction.json")),
    ("conversation.created", Some("event.conversation.created.json")),
    ("state.updated", Some("event.state.updated.conversation.json")),
    ("conversation.member.added", Some("event.conversation.member.added.json")),
    ("conversation.member.added", Some("event.conversation.member.added.json")),
    ("conversation.initialized", Some("event.conversation.initialized.json")),
    ("interaction.datachanged", Some("event.interaction.datachanged.json")),
    ("interaction.preview", Some("event.interaction.preview.json")),
    ("interaction.initialized", Some("event.interaction.initialized.json")),
];
