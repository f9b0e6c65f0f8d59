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

/// The error every agentwire Promise rejects with, and constructors throw: the page's
/// `AgentwireError` (`js/glue.js`, declared in `js/error.d.ts`), made at once by the glue's
/// `agentwireError` (issue 14: no wasm-bindgen class, so no getters, `toJSON`, `toString` and
/// `fromJSON` exported from the wasm; and the Rust value is only the JS object's handle, so a
/// `Result` carrying one, on every reader of the page's arguments, is one word, not the
/// error's six fields).
///
/// `kind` says why: `failure` (the server answered failure: see `code`, `message`,
/// `original`), `timeout`, `disconnected` (the socket dropped after the command was sent;
/// it was not resent), `invalidArgument` (bad input from the page; nothing was sent: see
/// `argument`), `closed` (the session ended: see `reason`).
#[derive(Debug, Clone)]
pub struct AgentwireError(JsValue);

/// What an `AgentwireError` is made of, as the glue's `agentwireError` takes it.
struct Parts<'a> {
    kind: &'static str,
    code: &'a str,
    message: &'a str,
    argument: Option<&'a str>,
    original: Option<&'a str>,
    reason: Option<&'static str>,
}

impl Parts<'_> {
    /// The page's `AgentwireError` of these parts.
    fn make(self) -> AgentwireError {
        let index = |list: &[&str], k: &str| list.iter().position(|x| *x == k).map_or(-1, |i| i as i32);
        AgentwireError(agentwire_error(
            index(&KINDS, self.kind),
            self.code,
            self.message,
            self.argument,
            self.original,
            self.reason.map_or(-1, |r| index(&REASONS, r)),
        ))
    }
}

impl AgentwireError {
    /// Bad input from the page.
    pub fn invalid(argument: &str, message: impl Into<Msg>) -> AgentwireError {
        invalid(argument, &message.into())
    }

    /// Bad input from the page whose message names only the argument (`Code::MustBeString`
    /// with `key`, …): one out-of-line function for every such rejection (issue 14).
    #[inline(never)]
    pub fn bad(code: Code, key: &str) -> AgentwireError {
        invalid(key, &Msg::new(code).arg(key))
    }

    /// `once(kind, { timeoutMs })` saw no such event in time.
    pub fn no_event(kind: &str, ms: u64) -> AgentwireError {
        let message = text(&Msg::new(Code::NoEventWithin).arg(kind).arg(ms));
        Parts { kind: "timeout", code: "TIMEOUT", message: &message, argument: None, original: None, reason: None }
            .make()
    }

    /// The session closed.
    pub fn closed(reason: &CloseReason) -> AgentwireError {
        AgentwireError::from(&CommandError::Closed { reason: reason.clone() })
    }

    /// As a thrown/rejected JS value (the glue's `AgentwireError`: an `Error` with a stack).
    pub fn into_js(self) -> JsValue {
        self.0
    }
}

/// [`AgentwireError::invalid`], one instance for every kind of message.
#[inline(never)]
fn invalid(argument: &str, message: &Msg) -> AgentwireError {
    let message = text(message);
    Parts {
        kind: "invalidArgument",
        code: "INVALID_ARGUMENT",
        message: &message,
        argument: Some(argument),
        original: None,
        reason: None,
    }
    .make()
}

impl From<&CommandError> for AgentwireError {
    fn from(e: &CommandError) -> AgentwireError {
        let (argument, original, reason) = match e {
            CommandError::InvalidArgument { argument, .. } => (Some(*argument), None, None),
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
        Parts { kind: e.kind(), code: e.code(), message: &message, argument, original: original.as_deref(), reason }
            .make()
    }
}
