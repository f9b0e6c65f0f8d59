//! `new AgentSession(options)`: reading and checking the options object.

use super::convert::{get, opt_bool, opt_string, opt_u64, req_string};
use super::error::AgentwireError;
use crate::proto::engine::{Config, ReconnectPolicy};
use crate::proto::wire::Dialect;
use wasm_bindgen::prelude::*;

/// What to do when the agent already has a session (the `prepareSession` confirm).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnExisting {
    /// Dispatch `confirm` and wait for `accept()` / `decline()`.
    Prompt,
    /// Replace it without asking.
    Replace,
    /// Keep it: the new session closes with reason `declined`.
    Fail,
}

/// Log levels, most verbose first.
pub const LEVELS: [&str; 5] = ["debug", "info", "warn", "error", "silent"];

/// The parsed options.
#[derive(Debug)]
pub struct Options {
    pub url: String,
    pub config: Config,
    pub on_existing: OnExisting,
    pub log_level: usize,
    pub logger: JsValue,
    pub record: bool,
}

/// Parses the constructor's options.
///
/// # Errors
/// `invalidArgument` naming the option at fault.
pub fn parse(v: &JsValue) -> Result<Options, AgentwireError> {
    if !v.is_object() {
        return Err(AgentwireError::invalid("options", "options must be an object with url and agent"));
    }
    let url = req_string(v, "url")?;
    let allow_insecure = opt_bool(v, "allowInsecure")?.unwrap_or(false);
    crate::proto::url::check_ws_url(&url, allow_insecure).map_err(|m| AgentwireError::invalid("url", m))?;
    let agent = get(v, "agent");
    if !agent.is_object() {
        return Err(AgentwireError::invalid("agent", "agent must be an object { id, password }"));
    }
    let id = req_string(&agent, "id")?;
    let password = opt_string(&agent, "password")?.unwrap_or_default();
    let mut c = Config::new(id, password);
    c.model = opt_string(v, "model")?;
    c.service_id = opt_string(v, "serviceId")?;
    c.instance_domain = opt_string(v, "instanceDomain")?;
    if let Some(d) = opt_string(v, "dialect")? {
        c.dialect = Dialect::parse(&d).ok_or_else(|| {
            AgentwireError::invalid("dialect", format!("dialect must be \"legacy\" or \"current\", not \"{d}\""))
        })?;
    }
    if let Some(t) = opt_u64(v, "requestTimeoutMs")? {
        if t == 0 {
            return Err(AgentwireError::invalid("requestTimeoutMs", "requestTimeoutMs must be positive"));
        }
        c.request_timeout = t;
    }
    if let Some(k) = opt_u64(v, "keepAliveMs")? {
        c.keep_alive = k;
    }
    if let Some(n) = opt_u64(v, "maxFrameBytes")? {
        c.max_frame_bytes = n.clamp(1024, 64 << 20) as usize;
    }
    if let Some(n) = opt_u64(v, "maxPendingCommands")? {
        c.max_pending = n.clamp(1, 100_000) as usize;
    }
    let r = get(v, "reconnect");
    if r.as_bool() == Some(false) {
        c.reconnect = None;
    } else if r.is_object() {
        let mut p = ReconnectPolicy::default();
        if let Some(d) = opt_u64(&r, "initialDelayMs")? {
            p.initial_delay = d;
        }
        if let Some(d) = opt_u64(&r, "maxDelayMs")? {
            p.max_delay = d.max(p.initial_delay);
        }
        p.max_attempts = opt_u64(&r, "maxAttempts")?.map(|n| n.min(u64::from(u32::MAX)) as u32);
        c.reconnect = Some(p);
    } else if !(r.is_undefined() || r.as_bool() == Some(true)) {
        return Err(AgentwireError::invalid("reconnect", "reconnect must be an object or false"));
    }
    let on_existing = match opt_string(v, "onExistingSession")?.as_deref() {
        None | Some("prompt") => OnExisting::Prompt,
        Some("replace") => OnExisting::Replace,
        Some("fail") => OnExisting::Fail,
        Some(o) => {
            return Err(AgentwireError::invalid(
                "onExistingSession",
                format!("onExistingSession must be \"prompt\", \"replace\" or \"fail\", not \"{o}\""),
            ))
        }
    };
    let log_level = match opt_string(v, "logLevel")? {
        None => 2,
        Some(l) => LEVELS.iter().position(|x| *x == l).ok_or_else(|| {
            AgentwireError::invalid("logLevel", "logLevel must be debug, info, warn, error or silent")
        })?,
    };
    let logger = get(v, "logger");
    if !(logger.is_undefined() || logger.is_null() || logger.is_object()) {
        return Err(AgentwireError::invalid("logger", "logger must be an object with debug/info/warn/error methods"));
    }
    c.seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    // Unique request ids across sessions, tabs and page loads (PROTOCOL 1.2).
    let tag = (js_sys::Math::random() * 4_294_967_296.0) as u32;
    c.request_id_prefix = format!("aw-{tag:08x}-");
    Ok(Options { url, config: c, on_existing, log_level, logger, record: opt_bool(v, "record")?.unwrap_or(false) })
}
