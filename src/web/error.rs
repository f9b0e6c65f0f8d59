//! `AgentwireError`: the one error class the page sees, with a stable `kind` and `code`
//! (STYLE.md habit 6), made from the core's `CommandError` and `CloseReason`. The class is JS
//! (`js/glue.js`): instances are real `Error`s, their prototype chain reaching
//! `Error.prototype`, each with a `stack`.

use super::glue::agentwire_error;
use super::text::text;
use crate::proto::engine::{CloseReason, CommandError};
use crate::proto::text::{Code, Msg};
use crate::proto::wire::ToJson;
use wasm_bindgen::prelude::*;

/// Every `kind` (the core's [`CommandError::kind`]), in the order of `KINDS` in `js/glue.js`.
const KINDS: [&str; 5] = ["failure", "timeout", "disconnected", "invalidArgument", "closed"];
/// Every `reason` (the core's [`CloseReason::kind`]), in the order of `REASONS` in `js/glue.js`.
const REASONS: [&str; 8] =
    ["closed", "loggedOut", "replaced", "declined", "refused", "noProcessor", "connectFailed", "reconnectExhausted"];

/// The error every agentwire Promise rejects with, and constructors throw, as the web layer
/// builds it; the page's class is JS (`AgentwireError` in `js/glue.js`, declared in
/// `js/error.d.ts`), made by [`AgentwireError::into_js`] (issue 14: no wasm-bindgen class, so
/// no getters, `toJSON`, `toString` and `fromJSON` exported from the wasm).
///
/// `kind` says why: `failure` (the server answered failure: see `code`, `message`,
/// `original`), `timeout`, `disconnected` (the socket dropped after the command was sent;
/// it was not resent), `invalidArgument` (bad input from the page; nothing was sent: see
/// `argument`), `closed` (the session ended: see `reason`).
#[derive(Debug, Clone)]
pub struct AgentwireError {
    kind: &'static str,
    code: String,
    message: String,
    argument: Option<String>,
    original: Option<String>,
    reason: Option<&'static str>,
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

    /// Bad input from the page whose message names only the argument (`Code::MustBeString`
    /// with `key`, …): one out-of-line function for every such rejection (issue 14).
    #[inline(never)]
    pub fn bad(code: Code, key: &str) -> AgentwireError {
        AgentwireError::invalid(key, Msg::new(code).arg(key))
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

    /// As a thrown/rejected JS value (the glue's `AgentwireError`: an `Error` with a stack).
    pub fn into_js(self) -> JsValue {
        let index = |list: &[&str], k: &str| list.iter().position(|x| *x == k).map_or(-1, |i| i as i32);
        agentwire_error(
            index(&KINDS, self.kind),
            &self.code,
            &self.message,
            self.argument.as_deref(),
            self.original.as_deref(),
            self.reason.map_or(-1, |r| index(&REASONS, r)),
        )
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
