//! Failures: the [`Fail`] a handler returns (a WIRE-PROFILE §7 code and a message), the
//! codes a test may inject, and the failure frames the processor answers with.

use agentwire::proto::json::{Json, Map};
use agentwire::proto::wire::{CoreError, CoreRequest, CoreResponse, Failure, Frame, Outcome, Request, Response};

/// A failure: code (WIRE-PROFILE §7) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail {
    /// Code.
    pub code: &'static str,
    /// Human text.
    pub message: String,
}

/// Shorthand for a [`Fail`].
pub fn fail<T>(code: &'static str, message: impl Into<String>) -> Result<T, Fail> {
    Err(Fail { code, message: message.into() })
}

/// The codes a test may inject (WIRE-PROFILE §7).
pub const FAILURE_CODES: &[&str] = &[
    "INVALID_REQUEST",
    "UNKNOWN_COMMAND",
    "UNKNOWN_TARGET",
    "INVALID_STATE",
    "UNSUPPORTED",
    "RESOURCE_BOUND",
    "RESOURCE_UNKNOWN",
    "AUTH_FAILED",
    "NOT_BOUND",
];

/// A failure response to `req`, carrying it as `original`, with the `context` member
/// PROTOCOL.md 1.5 shows (empty: the simulator has no stack traces).
pub fn failure(req: &Request, code: &str, message: impl Into<String>) -> Response {
    let mut r = Response::failure(req, code, message);
    if let Outcome::Failure { failure, .. } = &mut r.outcome {
        *failure = Failure::new(failure.code(), failure.message(), Some(Json::str("")));
    }
    r
}

/// A `coreError` for input that could not be answered any other way.
pub fn core_error(code: &str, message: impl Into<String>) -> Frame {
    Frame::CoreError(CoreError {
        request_id: None,
        error_type: Some(code.into()),
        message: Some(message.into()),
        extra: Map::new(),
    })
}

/// A `coreResponse` failure to `r`, with an empty `context` as for every failure.
pub fn core_fail(r: &CoreRequest, code: &str, message: impl Into<String>) -> Frame {
    Frame::CoreResponse(CoreResponse {
        request_id: r.request_id.clone(),
        command: Some(r.command.clone()),
        result: "failure".into(),
        data: None,
        failure: Some(Failure::new(code, Some(&message.into()), Some(Json::str("")))),
        extra: Map::new(),
    })
}
