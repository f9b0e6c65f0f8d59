//! `AgentwireError`: the one error class the page sees, with a stable `kind` and `code`
//! (STYLE.md habit 6), made from the core's `CommandError` and `CloseReason`. Instances are
//! real `Error`s: their prototype chain reaches `Error.prototype` (set once at start) and
//! they carry a `stack`.

use super::glue::{adopt_error_prototype, capture_stack};
use super::text::text;
use crate::proto::engine::{CloseReason, CommandError};
use crate::proto::text::{cat, Code, Msg};
use crate::proto::wire::ToJson;
use wasm_bindgen::prelude::*;

/// Every `kind` (the core's [`CommandError::kind`]).
const KINDS: [&str; 5] = ["failure", "timeout", "disconnected", "invalidArgument", "closed"];
/// Every `reason` (the core's [`CloseReason::kind`]).
const REASONS: [&str; 8] =
    ["closed", "loggedOut", "replaced", "declined", "refused", "noProcessor", "connectFailed", "reconnectExhausted"];

/// The error every agentwire Promise rejects with, and constructors throw.
///
/// `kind` says why: `failure` (the server answered failure: see `code`, `message`,
/// `original`), `timeout`, `disconnected` (the socket dropped after the command was sent;
/// it was not resent), `invalidArgument` (bad input from the page; nothing was sent: see
/// `argument`), `closed` (the session ended: see `reason`).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct AgentwireError {
    kind: &'static str,
    code: String,
    message: String,
    argument: Option<String>,
    original: Option<String>,
    reason: Option<&'static str>,
}

#[wasm_bindgen]
impl AgentwireError {
    /// `failure | timeout | disconnected | invalidArgument | closed`.
    #[wasm_bindgen(getter, unchecked_return_type = "AgentwireErrorKind")]
    pub fn kind(&self) -> String {
        self.kind.to_owned()
    }
    /// The server's failure code, or `TIMEOUT`, `DISCONNECTED`, `INVALID_ARGUMENT`, or the
    /// close reason's code (`REPLACED`, `LOGGED_OUT`, `CLOSED`, …).
    #[wasm_bindgen(getter, unchecked_return_type = "AgentwireErrorCode")]
    pub fn code(&self) -> String {
        self.code.clone()
    }
    /// What happened, for people.
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.message.clone()
    }
    /// Always `"AgentwireError"`.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        "AgentwireError".to_owned()
    }
    /// For `invalidArgument`: the argument at fault (`target`, `reasonCode`, `url`, …).
    #[wasm_bindgen(getter)]
    pub fn argument(&self) -> Option<String> {
        self.argument.clone()
    }
    /// For `failure`: the request as the server echoed it in `original`.
    #[wasm_bindgen(getter, unchecked_return_type = "WireRequest | undefined")]
    pub fn original(&self) -> JsValue {
        // `JSON.parse` itself: `convert.rs` builds errors, so this file does not use it back.
        self.original.as_deref().map_or(JsValue::UNDEFINED, |t| js_sys::JSON::parse(t).unwrap_or(JsValue::NULL))
    }
    /// For `closed`: `closed | loggedOut | replaced | declined | refused | noProcessor |
    /// connectFailed | reconnectExhausted`.
    #[wasm_bindgen(getter, unchecked_return_type = "CloseReasonKind | undefined")]
    pub fn reason(&self) -> Option<String> {
        self.reason.map(str::to_owned)
    }
    /// What `JSON.stringify` writes (structured loggers): `{ name, kind, code, message }` plus
    /// `argument`, `reason` and `original` when set. Never credentials: messages and
    /// originals are redacted by the core before they reach an error.
    #[wasm_bindgen(
        js_name = toJSON,
        unchecked_return_type = "{ name: \"AgentwireError\"; kind: AgentwireErrorKind; code: AgentwireErrorCode; message: string; argument?: string; reason?: CloseReasonKind; original?: WireRequest }"
    )]
    pub fn to_json(&self) -> JsValue {
        let o = js_sys::Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = js_sys::Reflect::set(&o, &k.into(), &v);
        };
        set("name", self.name().into());
        set("kind", self.kind().into());
        set("code", self.code().into());
        set("message", self.message().into());
        if let Some(a) = self.argument() {
            set("argument", a.into());
        }
        if let Some(r) = self.reason() {
            set("reason", r.into());
        }
        if self.original.is_some() {
            set("original", self.original());
        }
        o.into()
    }
    /// The error another tab's session settled a command with, from what its `toJSON()` wrote
    /// (`tabs: "share"`: a command forwarded to the tab holding the connection rejects in the
    /// tab that sent it with an equal error). An unknown `kind` or `reason` is read as
    /// `disconnected` / none: the fields are this package's own, from another copy of it.
    #[wasm_bindgen(js_name = fromJSON, skip_typescript)]
    pub fn from_json_js(v: &JsValue) -> JsValue {
        let text = |k: &str| js_sys::Reflect::get(v, &k.into()).ok().and_then(|x| x.as_string());
        let known = |list: &[&'static str], s: Option<String>| s.and_then(|s| list.iter().copied().find(|k| *k == s));
        let original = js_sys::Reflect::get(v, &"original".into())
            .ok()
            .filter(|o| o.is_object())
            .and_then(|o| js_sys::JSON::stringify(&o).ok())
            .and_then(|t| t.as_string());
        AgentwireError {
            kind: known(&KINDS, text("kind")).unwrap_or("disconnected"),
            code: text("code").unwrap_or_else(|| "DISCONNECTED".into()),
            message: text("message").unwrap_or_default(),
            argument: text("argument"),
            original,
            reason: known(&REASONS, text("reason")),
        }
        .into_js()
    }
    /// `AgentwireError [kind/code]: message`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        cat(&["AgentwireError [", self.kind, "/", &self.code, "]: ", &self.message])
    }
}

impl AgentwireError {
    /// Bad input from the page.
    pub fn invalid(argument: &str, message: impl Into<Msg>) -> AgentwireError {
        AgentwireError {
            kind: "invalidArgument",
            code: "INVALID_ARGUMENT".into(),
            message: text(&message.into()),
            argument: Some(argument.to_owned()),
            original: None,
            reason: None,
        }
    }

    /// `once(kind, { timeoutMs })` saw no such event in time.
    pub fn no_event(kind: &str, ms: u64) -> AgentwireError {
        AgentwireError {
            kind: "timeout",
            code: "TIMEOUT".into(),
            message: text(&Msg::new(Code::NoEventWithin).arg(kind).arg(ms)),
            argument: None,
            original: None,
            reason: None,
        }
    }

    /// The session closed.
    pub fn closed(reason: &CloseReason) -> AgentwireError {
        AgentwireError::from(&CommandError::Closed { reason: reason.clone() })
    }

    /// As a thrown/rejected JS value (an `Error` with a stack).
    pub fn into_js(self) -> JsValue {
        install_prototype();
        let message = self.to_string_js();
        let v = JsValue::from(self);
        capture_stack(&v, &message);
        v
    }
}

impl From<&CommandError> for AgentwireError {
    fn from(e: &CommandError) -> AgentwireError {
        let (argument, original, reason) = match e {
            CommandError::InvalidArgument { argument, .. } => (Some((*argument).to_owned()), None, None),
            CommandError::Failure { original, .. } => {
                (None, original.as_ref().map(|o| o.to_json().to_json_string()), None)
            }
            CommandError::Closed { reason } => (None, None, Some(reason.kind())),
            _ => (None, None, None),
        };
        let message = match e {
            CommandError::Failure { message, .. } if !message.is_empty() => message.clone(),
            CommandError::InvalidArgument { message, .. } => text(message),
            other => text(&other.msg()),
        };
        AgentwireError { kind: e.kind(), code: e.code().to_owned(), message, argument, original, reason }
    }
}

/// Makes `AgentwireError` a subclass of `Error`, once (at start, and before the first error
/// is handed out, for hosts that do not run the start function).
pub fn install_prototype() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static DONE: AtomicBool = AtomicBool::new(false);
    if !DONE.swap(true, Ordering::Relaxed) {
        let sample = JsValue::from(AgentwireError::invalid("", ""));
        adopt_error_prototype(&js_sys::Object::get_prototype_of(&sample));
    }
}
