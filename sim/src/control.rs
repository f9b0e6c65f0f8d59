//! The control API (`/control/<action>`): fault injection and traffic on demand for tests
//! and the demo. Every request needs the control token (header `x-agentwire-control`); a
//! request from a browser page needs an allowed origin (`guard.rs`); `GET` only reads
//! (`state`, the list of actions) and everything that changes state is a `POST` with a JSON
//! body (`Content-Type: application/json`), so a page elsewhere cannot send one without a
//! CORS preflight, which only allowed origins pass. Parameters come from the JSON body and/or
//! the query string; answers are JSON `{"ok":true,…}` or `{"ok":false,"error":…}`.
//! sim/README.md documents every action.

use crate::config::to_json;
use crate::faults::{BindKind, Out, RefuseBinds, MALFORMED};
use crate::guard::{OriginCheck, TOKEN_HEADER};
use crate::http::{query_pairs, Body};
use crate::media::Media;
use crate::options::CreationTarget;
use crate::shared::Shared;
use crate::traffic;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper::{header, Method, Request, Response, StatusCode};
use serde_json::{json, Map, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Every action, for `GET /control`.
pub const ACTIONS: &[&str] = &[
    "state",
    "commands",
    "drop",
    "cut",
    "delay",
    "malformed",
    "fail",
    "unmatched",
    "close",
    "refuse-bind",
    "restart",
    "inbound",
    "hangup",
    "presence",
    "flood",
    "unavailable",
    "creation-target",
];

/// The actions that only read, and so also answer `GET` (`""` is `GET /control`).
pub const READ_ONLY: &[&str] = &["", "help", "state", "commands"];

type Answer = Result<Value, (StatusCode, String)>;

fn bad(msg: impl Into<String>) -> (StatusCode, String) {
    (StatusCode::BAD_REQUEST, msg.into())
}

fn conflict(msg: impl Into<String>) -> (StatusCode, String) {
    (StatusCode::CONFLICT, msg.into())
}

/// Request parameters: body members, then query pairs (a query value `true`/`false` is a
/// boolean, digits a number).
struct Params(Map<String, Value>);

impl Params {
    fn str(&self, k: &str) -> Option<&str> {
        self.0.get(k).and_then(Value::as_str)
    }

    fn u64(&self, k: &str) -> Result<Option<u64>, (StatusCode, String)> {
        match self.0.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_u64().map(Some).ok_or_else(|| bad(format!("{k} must be a non-negative integer"))),
        }
    }

    fn bool(&self, k: &str) -> Result<Option<bool>, (StatusCode, String)> {
        match self.0.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_bool().map(Some).ok_or_else(|| bad(format!("{k} must be true or false"))),
        }
    }
}

fn json_response(status: StatusCode, v: &Value) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(v.to_string())));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn failure(status: StatusCode, error: impl Into<String>) -> Response<Body> {
    json_response(status, &json!({"ok": false, "error": error.into()}))
}

/// Lets an allowed page read the answer (its origin only, never `*`).
fn grant(mut r: Response<Body>, origin: Option<&str>) -> Response<Body> {
    if let Some(v) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        let h = r.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        h.insert(header::VARY, HeaderValue::from_static("origin"));
    }
    r
}

/// The answer to a CORS preflight from an allowed origin.
fn preflight(origin: Option<&str>) -> Response<Body> {
    let mut r = Response::new(Body::default());
    *r.status_mut() = StatusCode::NO_CONTENT;
    let h = r.headers_mut();
    h.insert(header::ALLOW, HeaderValue::from_static("GET, POST, OPTIONS"));
    if origin.is_some() {
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST"));
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type, x-agentwire-control"));
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    }
    grant(r, origin)
}

/// Whether the request declares a JSON body (`application/json`, parameters allowed).
fn is_json(req: &Request<Incoming>) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// Handles `/control/...`.
pub async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Response<Body> {
    let origin = match shared.settings.access.origin(req.headers()) {
        OriginCheck::Refused => {
            tracing::warn!(origin = ?req.headers().get(header::ORIGIN), "control request refused: origin not allowed");
            return failure(StatusCode::FORBIDDEN, "origin not allowed (see --allow-origin)");
        }
        OriginCheck::Allowed(o) => Some(o),
        OriginCheck::Absent => None,
    };
    let origin = origin.as_deref();
    let method = req.method().clone();
    if method == Method::OPTIONS {
        return preflight(origin);
    }
    if !shared.settings.access.token_ok(req.headers()) {
        let mut r = failure(
            StatusCode::UNAUTHORIZED,
            format!("missing or wrong control token: send the header {TOKEN_HEADER} with the token the simulator printed at start-up"),
        );
        r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("x-agentwire-control"));
        return grant(r, origin);
    }
    let query = req.uri().query().unwrap_or("").to_owned();
    let action = req.uri().path().trim_start_matches("/control").trim_matches('/').to_owned();
    let refused = match method {
        Method::GET if READ_ONLY.contains(&action.as_str()) || !ACTIONS.contains(&action.as_str()) => None,
        Method::GET => {
            Some((StatusCode::METHOD_NOT_ALLOWED, "POST", format!("{action} changes state: use POST with a JSON body")))
        }
        Method::POST if is_json(&req) => None,
        Method::POST => Some((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "",
            "the body must be JSON (Content-Type: application/json)".into(),
        )),
        _ => Some((StatusCode::METHOD_NOT_ALLOWED, "GET, POST, OPTIONS", "use GET (read) or POST (change)".into())),
    };
    if let Some((status, allow, error)) = refused {
        let mut r = failure(status, error);
        if !allow.is_empty() {
            r.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        return grant(r, origin);
    }
    let mut params = Map::new();
    if method == Method::POST {
        // The query was read above: the body consumes the request.
        let body = match Limited::new(req.into_body(), 1 << 20).collect().await {
            Ok(b) => b.to_bytes(),
            Err(e) => return grant(failure(StatusCode::BAD_REQUEST, format!("body: {e}")), origin),
        };
        if !body.iter().all(u8::is_ascii_whitespace) {
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(m)) => params = m,
                Ok(_) => return grant(failure(StatusCode::BAD_REQUEST, "body must be a JSON object"), origin),
                Err(e) => return grant(failure(StatusCode::BAD_REQUEST, format!("body is not JSON: {e}")), origin),
            }
        }
    }
    for (k, v) in query_pairs(&query) {
        let value = match v.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            s if !s.is_empty() && s.len() < 19 && s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse::<u64>().map(Value::from).unwrap_or(Value::String(v.clone()))
            }
            _ => Value::String(v.clone()),
        };
        params.entry(k).or_insert(value);
    }
    let r = match run(&shared, &action, Params(params)) {
        Ok(mut v) => {
            if let Value::Object(m) = &mut v {
                m.insert("ok".into(), Value::Bool(true));
            }
            json_response(StatusCode::OK, &v)
        }
        Err((status, error)) => failure(status, error),
    };
    grant(r, origin)
}

fn selected(shared: &Shared, p: &Params) -> Result<Vec<u64>, (StatusCode, String)> {
    let w = shared.world();
    let conn = p.u64("conn")?;
    let ids = w.select(conn, p.str("tag"), p.str("session"), p.str("agent"));
    let named = conn.is_some() || ["tag", "session", "agent"].iter().any(|k| p.str(k).is_some());
    if named && ids.is_empty() {
        return Err(conflict("no connection matches the selector"));
    }
    Ok(ids)
}

fn run(shared: &Shared, action: &str, p: Params) -> Answer {
    match action {
        "" | "help" => Ok(json!({"actions": ACTIONS})),
        "state" => {
            let text = shared.world().snapshot().to_json_string();
            serde_json::from_str(&text).map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
        }
        "commands" => {
            let text = shared.world().commands().to_json_string();
            serde_json::from_str(&text).map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
        }
        "drop" => {
            let after = p.u64("after")?.unwrap_or(0);
            let ids = selected(shared, &p)?;
            let w = shared.world();
            for id in &ids {
                if let Some(c) = w.conns.get(id) {
                    c.faults.drop_after.store(after, Ordering::Release);
                }
                if after == 0 {
                    w.send(*id, Out::Abort);
                }
            }
            Ok(json!({"connections": ids}))
        }
        "cut" => {
            let ids = selected(shared, &p)?;
            let mut w = shared.world();
            for id in &ids {
                if let Some(c) = w.conns.get(id) {
                    c.faults.cut.store(true, Ordering::Release);
                }
                w.disconnect(*id);
            }
            Ok(json!({"connections": ids}))
        }
        "delay" => {
            let ms = p.u64("ms")?.ok_or_else(|| bad("delay needs ms"))?;
            let ids = selected(shared, &p)?;
            let w = shared.world();
            for id in &ids {
                if let Some(c) = w.conns.get(id) {
                    c.faults.delay_ms.store(ms, Ordering::Release);
                }
            }
            Ok(json!({"connections": ids}))
        }
        "malformed" => {
            let text = p.str("text").unwrap_or(MALFORMED).to_owned();
            let binary = p.u64("binary")?;
            let ids = selected(shared, &p)?;
            let w = shared.world();
            for id in &ids {
                // `binary: N` sends a binary frame of N bytes instead of text.
                let out = match binary {
                    Some(n) => Out::Binary(usize::try_from(n.min(1 << 20)).unwrap_or(0)),
                    None => Out::Raw(text.clone()),
                };
                w.send(*id, out);
            }
            Ok(json!({"connections": ids}))
        }
        "unmatched" => {
            let ids = selected(shared, &p)?;
            let w = shared.world();
            for id in &ids {
                let sid = w.conns.get(id).and_then(|c| c.bound.clone());
                w.send(*id, Out::Raw(crate::faults::unmatched(sid.as_deref())));
            }
            Ok(json!({"connections": ids}))
        }
        "close" => {
            let code = p.u64("code")?.unwrap_or(1000);
            let code =
                u16::try_from(code).ok().filter(|c| *c >= 1000).ok_or_else(|| bad("code must be 1000 to 65535"))?;
            let reason = p.str("reason").unwrap_or("").chars().take(120).collect::<String>();
            let ids = selected(shared, &p)?;
            let w = shared.world();
            for id in &ids {
                w.send(*id, Out::Close(code, reason.clone()));
            }
            Ok(json!({"connections": ids}))
        }
        "fail" => {
            let code = p.str("code").unwrap_or("INVALID_STATE");
            let code = crate::fail::FAILURE_CODES
                .iter()
                .copied()
                .find(|c| *c == code)
                .ok_or_else(|| bad(format!("code {code:?} is not one of {:?}", crate::fail::FAILURE_CODES)))?;
            let count = p.u64("count")?.unwrap_or(1).max(1);
            let rule = crate::faults::InjectedFailure {
                agent: p.str("agent").map(str::to_owned),
                command: p.str("command").map(str::to_owned),
                code,
                remaining: u32::try_from(count).unwrap_or(u32::MAX),
            };
            shared.world().injected.push(rule);
            Ok(json!({"fail": count, "code": code}))
        }
        "refuse-bind" => {
            let count = p.u64("count")?.unwrap_or(1);
            let kind = match p.str("kind").unwrap_or("resource") {
                "resource" => BindKind::Resource,
                "service" => BindKind::Service,
                other => return Err(bad(format!("kind {other:?} is not resource or service"))),
            };
            let rule = RefuseBinds {
                remaining: u32::try_from(count).unwrap_or(u32::MAX),
                code: p.str("code").unwrap_or("RESOURCE_BOUND").to_owned(),
                kind,
                agent: p.str("agent").map(str::to_owned),
            };
            shared.world().refuse = rule;
            Ok(json!({"refuse": count}))
        }
        "restart" => {
            let down = p.u64("downMs")?.unwrap_or(0);
            shared.go_down(down);
            let n = shared.world().restart();
            Ok(json!({"dropped": n, "downMs": down}))
        }
        "inbound" => {
            let media = match p.str("media") {
                None => Some(Media::Telephony),
                Some("any") => None,
                Some(m) => {
                    Some(Media::parse(m).ok_or_else(|| bad(format!("media {m:?} is not telephony, chat or email")))?)
                }
            };
            let extra = match p.0.get("data") {
                None | Some(Value::Null) => Vec::new(),
                Some(v @ Value::Object(_)) => match to_json(v) {
                    agentwire::proto::json::Json::Object(m) => m,
                    _ => Vec::new(),
                },
                Some(_) => return Err(bad("data must be an object")),
            };
            let mut w = shared.world();
            let agent = match (p.str("session"), p.str("agent")) {
                (None, None) => None,
                (s, a) => Some(w.agent_of(s, a).ok_or_else(|| bad("no such agent or session"))?),
            };
            let target = traffic::inbound(&mut w, agent, media, extra).map_err(conflict)?;
            Ok(json!({"target": target}))
        }
        "hangup" => {
            let mut w = shared.world();
            let target = p.str("target");
            let session = p.str("session").or_else(|| target.and_then(|t| t.split('.').next()));
            let agent = w.agent_of(session, p.str("agent")).ok_or_else(|| bad("name a target, session or agent"))?;
            let n = traffic::hangup(&mut w, &agent, target);
            if n == 0 {
                return Err(conflict("no interaction to end"));
            }
            Ok(json!({"ended": n}))
        }
        "presence" => {
            let (name, state) =
                traffic::presence(&mut shared.world(), p.str("name"), p.str("state")).map_err(conflict)?;
            Ok(json!({"name": name, "state": state}))
        }
        "flood" => {
            let rate = p.u64("rate")?.ok_or_else(|| bad("flood needs rate (events per second; 0 stops)"))?;
            let rate = u32::try_from(rate).unwrap_or(u32::MAX);
            let mut w = shared.world();
            let only = match (p.str("session"), p.str("agent")) {
                (None, None) => None,
                (s, a) => Some(w.agent_of(s, a).ok_or_else(|| bad("no such agent or session"))?),
            };
            let mut sessions = Vec::new();
            for a in w.agents.values_mut() {
                if only.as_ref().is_some_and(|o| *o != a.id) {
                    continue;
                }
                if let Some(s) = a.session.as_mut() {
                    s.flood = (rate, 0.0);
                    sessions.push(s.id.clone());
                }
            }
            if rate > 0 {
                w.opts.flood = if only.is_none() { rate } else { w.opts.flood };
            } else if only.is_none() {
                w.opts.flood = 0;
            }
            Ok(json!({"sessions": sessions, "rate": rate}))
        }
        "unavailable" => {
            let agent = p.str("agent").ok_or_else(|| bad("unavailable needs agent"))?;
            let channel = p.str("channel").ok_or_else(|| bad("unavailable needs channel"))?;
            let on = p.bool("on")?.unwrap_or(true);
            traffic::set_unavailable(&mut shared.world(), agent, channel, on).map_err(conflict)?;
            Ok(json!({"agent": agent, "channel": channel, "unavailable": on}))
        }
        "creation-target" => {
            let mode = p.str("mode").ok_or_else(|| bad("creation-target needs mode (own or parent)"))?;
            let mode = CreationTarget::parse(mode).ok_or_else(|| bad(format!("mode {mode:?} is not own or parent")))?;
            let mut w = shared.world();
            let agent = match (p.str("session"), p.str("agent")) {
                (None, None) => return Err(bad("creation-target needs agent (or session)")),
                (s, a) => w.agent_of(s, a).ok_or_else(|| bad("no such agent or session"))?,
            };
            if let Some(a) = w.agents.get_mut(&agent) {
                a.creation_target = mode;
            }
            Ok(json!({"agent": agent, "mode": mode.as_str()}))
        }
        other => Err((StatusCode::NOT_FOUND, format!("unknown control action {other:?}; GET /control lists them"))),
    }
}
