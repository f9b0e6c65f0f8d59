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

/// What an `AgentwireError` is made of, as the glue's `agentwireError` takes it: `kind` and
/// `reason` by their index in `KINDS` and `REASONS` of `js/glue.js` (the order of the core's
/// [`CommandError`] and [`CloseReason`] variants; `reason` `-1`: none), given by the variant
/// (no kind's name compared against a list: issue 14; `tests/web_api` holds every variant's
/// `kind`, `code` and `reason` to the core's).
struct Parts<'a> {
    kind: i32,
    code: &'a str,
    message: &'a str,
    argument: Option<&'a str>,
    original: Option<&'a str>,
    reason: i32,
}

impl Parts<'_> {
    /// The page's `AgentwireError` of these parts.
    fn make(self) -> AgentwireError {
        AgentwireError(agentwire_error(self.kind, self.code, self.message, self.argument, self.original, self.reason))
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
        // Kind 1: `timeout`.
        Parts { kind: 1, code: "TIMEOUT", message: &message, argument: None, original: None, reason: -1 }.make()
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
        // `invalidArgument`.
        kind: 3,
        code: "INVALID_ARGUMENT",
        message: &message,
        argument: Some(argument),
        original: None,
        reason: -1,
    }
    .make()
}

impl From<&CommandError> for AgentwireError {
    fn from(e: &CommandError) -> AgentwireError {
        // The kind's index (`KINDS` of `js/glue.js`), then what only some kinds have.
        let (kind, argument, original, reason) = match e {
            CommandError::Failure { original, .. } => {
                (0, None, original.as_ref().map(|o| o.to_json().to_json_string()), -1)
            }
            CommandError::Timeout { .. } => (1, None, None, -1),
            CommandError::Disconnected { .. } => (2, None, None, -1),
            CommandError::InvalidArgument { argument, .. } => (3, Some(*argument), None, -1),
            CommandError::Closed { reason } => (4, None, None, reason_index(reason)),
        };
        let message = match e {
            CommandError::Failure { message, .. } if !message.is_empty() => message.clone(),
            CommandError::InvalidArgument { message, .. } => text(message),
            other => text(&other.msg()),
        };
        Parts { kind, code: e.code(), message: &message, argument, original: original.as_deref(), reason }.make()
    }
}

/// The index of `r`'s kind ([`CloseReason::kind`]) in `REASONS` of `js/glue.js`.
fn reason_index(r: &CloseReason) -> i32 {
    match r {
        CloseReason::ClosedByPage => 0,
        CloseReason::LoggedOut => 1,
        CloseReason::Replaced => 2,
        CloseReason::OverrideDeclined => 3,
        CloseReason::Refused { .. } => 4,
        CloseReason::NoProcessor => 5,
        CloseReason::ConnectFailed { .. } => 6,
        CloseReason::ReconnectExhausted { .. } => 7,
    }
}
