//! `new AgentSession(options)`: reading and checking the options object. The engine options
//! (names, checks, defaults) are the core's table, [`crate::proto::options`]; this file reads
//! the page's object for it and the options that only the web layer uses.

use super::convert::{get, opt_bool, opt_string, opt_u64, req_string};
use super::error::AgentwireError;
use crate::proto::engine::Config;
use crate::proto::json::Json;
use crate::proto::options::{self, Invalid, Member, Scope, Source};
use crate::proto::text::{cat, hex, Code, Msg};
use wasm_bindgen::prelude::*;

// The decision is the core's; `pump.rs` takes it from here.
pub use crate::proto::options::{OnExisting, Tabs};

impl From<Invalid> for AgentwireError {
    fn from(e: Invalid) -> AgentwireError {
        AgentwireError::invalid(e.key, e.message)
    }
}

/// The page's options object (and its `reconnect` object) as a source for the core's table.
impl Source for JsValue {
    type Error = AgentwireError;
    fn text(&self, key: &'static str) -> Result<Option<String>, AgentwireError> {
        opt_string(self, key)
    }
    fn number(&self, key: &'static str) -> Result<Option<u64>, AgentwireError> {
        opt_u64(self, key)
    }
    fn member(&self, key: &'static str) -> Member<JsValue> {
        let v = get(self, key);
        if v.is_undefined() {
            Member::Absent
        } else if let Some(b) = v.as_bool() {
            Member::Bool(b)
        } else if v.is_object() {
            Member::Object(v)
        } else {
            Member::Other
        }
    }
}

/// Log levels, most verbose first.
pub const LEVELS: [&str; 5] = ["debug", "info", "warn", "error", "silent"];

/// What the options say besides the engine's configuration and the URL.
#[derive(Debug)]
pub struct WebOptions {
    /// Index of the lowest level logged.
    pub log_level: usize,
    /// The page's logger, if any.
    pub logger: JsValue,
    /// What to do about an existing session.
    pub on_existing: OnExisting,
    /// Whether the agent's tabs share one connection.
    pub tabs: Tabs,
    /// Whether to record the session.
    pub record: bool,
    /// Whether `allowInsecure` let a plain `ws:` to a non-loopback host through.
    pub insecure: bool,
    /// The `locale` option.
    pub locale: Option<String>,
}

/// The parsed options.
#[derive(Debug)]
pub struct Options {
    pub url: String,
    pub config: Config,
    /// The rest, as the session keeps them.
    pub web: WebOptions,
}

/// Refuses a member of `v` that is no member of `scope`'s object (`within` prefixes its name
/// in the message: `agent.`, `reconnect.`).
fn known_members(v: &JsValue, scope: Scope, within: &str) -> Result<(), AgentwireError> {
    // The names as one JSON text (`Object.keys(v)`): no array crosses.
    let names = match Json::parse(&super::glue::member_names(v)) {
        Ok(Json::Array(names)) => names,
        _ => Vec::new(),
    };
    match scope.first_unknown(names.iter().filter_map(Json::as_str)) {
        Some(n) => Err(AgentwireError::invalid(n, Msg::new(Code::UnknownOption).arg(cat(&[within, n])))),
        None => Ok(()),
    }
}

/// Parses the constructor's options.
///
/// # Errors
/// `invalidArgument` naming the option at fault.
pub fn parse(v: &JsValue) -> Result<Options, AgentwireError> {
    if !v.is_object() {
        return Err(AgentwireError::invalid("options", Code::OptionsObject));
    }
    known_members(v, Scope::Options, "")?;
    let url = req_string(v, "url")?;
    let allow_insecure = opt_bool(v, "allowInsecure")?.unwrap_or(false);
    // The core's policy (`url::check_ws_url`, its URL parsed once here).
    let parsed = crate::proto::url::parse_ws_url(&url).map_err(|m| AgentwireError::invalid("url", m))?;
    let core_loopback = crate::proto::url::is_loopback(&parsed.host);
    if !(parsed.secure || allow_insecure || core_loopback) {
        return Err(AgentwireError::invalid("url", Msg::new(Code::UrlInsecure).arg(url)));
    }
    // The core reads the host by the WHATWG rules; the browser's own reading must agree that a
    // plain `ws:` host is loopback, or the URL is refused as ambiguous (issue 15, item 9). (An
    // IPv6 `hostname` is in one pair of brackets.)
    // (Asked only when it decides: a `wss:` URL is secure, a host the core reads as remote is
    // not loopback, whatever the browser says.)
    let browser_loopback = || {
        super::glue::url_host(&url).is_some_and(|h| {
            let h = h.strip_prefix('[').unwrap_or(&h);
            crate::proto::url::is_loopback(h.strip_suffix(']').unwrap_or(h))
        })
    };
    let insecure = !(parsed.secure || (core_loopback && browser_loopback()));
    if insecure && !allow_insecure {
        return Err(AgentwireError::invalid("url", Msg::new(Code::UrlNotLoopback).arg(url)));
    }
    let agent = get(v, "agent");
    if !agent.is_object() {
        return Err(AgentwireError::invalid("agent", Code::AgentObject));
    }
    known_members(&agent, Scope::Agent, "agent.")?;
    let reconnect = get(v, "reconnect");
    if reconnect.is_object() {
        known_members(&reconnect, Scope::Reconnect, "reconnect.")?;
    }
    let id = req_string(&agent, "id")?;
    let password = opt_string(&agent, "password")?.unwrap_or_default();
    let mut c = Config::new(id, password);
    options::read_page(v, &mut c)?;
    let on_existing = OnExisting::parse(opt_string(v, OnExisting::KEY)?.as_deref())?;
    let log_level = match opt_string(v, "logLevel")? {
        None => 2,
        Some(l) => {
            LEVELS.iter().position(|x| *x == l).ok_or_else(|| AgentwireError::invalid("logLevel", Code::LogLevel))?
        }
    };
    let logger = get(v, "logger");
    if !(logger.is_undefined() || logger.is_null() || logger.is_object()) {
        return Err(AgentwireError::invalid("logger", Code::LoggerObject));
    }
    c.seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    // The inbox keeps each frame while its events go out: the page slices them from its
    // string, and the core copies nothing of a common event (issue 14).
    c.spanned_events = true;
    // Unique request ids across sessions, tabs and page loads (PROTOCOL 1.2).
    let tag = (js_sys::Math::random() * 4_294_967_296.0) as u32;
    c.request_id_prefix = cat(&["aw-", &hex(u64::from(tag), 8), "-"]);
    let record = opt_bool(v, "record")?.unwrap_or(false);
    let locale = opt_string(v, "locale")?;
    let tabs = Tabs::parse(opt_string(v, "tabs")?.as_deref())?;
    Ok(Options { url, config: c, web: WebOptions { log_level, logger, on_existing, tabs, record, insecure, locale } })
}
