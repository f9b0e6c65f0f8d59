//! Logging: the `logLevel` threshold, the page's `logger` (or the console) and the lines the
//! SDK writes. Frames are logged only through the core's redaction
//! ([`crate::proto::redact::redact`]), which keeps the password out of every log and recording.

use super::glue::call_logger;
use super::options::LEVELS;
use crate::proto::engine::{CloseReason, ConnectionState, ProtocolError};
use wasm_bindgen::prelude::*;

/// Index of `debug` in [`LEVELS`] (frames in and out, settled commands).
pub const DEBUG: usize = 0;
/// Index of `info` (connection states).
pub const INFO: usize = 1;
/// Index of `warn` (a close with a reason, protocol errors).
pub const WARN: usize = 2;
/// Index of `error` (a socket that cannot be opened).
pub const ERROR: usize = 3;

/// Where a session's log lines go, and from which level on.
#[derive(Debug)]
pub struct Log {
    level: usize,
    logger: JsValue,
}

impl Log {
    /// Logs from `level` (an index of [`LEVELS`]) on, through `logger` when it is an object,
    /// else through the console.
    pub fn new(level: usize, logger: JsValue) -> Log {
        Log { level, logger }
    }

    /// Whether a line at `level` is written.
    pub fn enabled(&self, level: usize) -> bool {
        level >= self.level && level <= ERROR
    }

    /// Writes `message` at `level`.
    pub fn log(&self, level: usize, message: &str) {
        if !self.enabled(level) {
            return;
        }
        let sink = if self.logger.is_object() {
            self.logger.clone()
        } else {
            js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap_or(JsValue::UNDEFINED)
        };
        call_logger(&sink, LEVELS[level], &format!("[agentwire] {message}"), &JsValue::UNDEFINED);
    }

    /// A connection-state change (a warning when it closes the session with a reason).
    pub fn state(&self, state: ConnectionState, reason: Option<&CloseReason>) {
        let (level, message) = match reason {
            Some(r) => {
                let level = if state == ConnectionState::Closed { WARN } else { INFO };
                (level, format!("connection {}: {r}", state.as_str()))
            }
            None => (INFO, format!("connection {}", state.as_str())),
        };
        self.log(level, &message);
    }

    /// A command that ended: `outcome` is `ok` or the error's kind.
    pub fn settled(&self, command: &str, target: Option<&str>, outcome: &str, elapsed: u64) {
        self.log(DEBUG, &format!("{} {} → {outcome} in {elapsed} ms", command.trim(), target.unwrap_or("")));
    }

    /// A protocol error the engine reported.
    pub fn protocol_error(&self, e: &ProtocolError) {
        self.log(WARN, &format!("protocol error ({}): {}", e.kind.code(), e.message));
    }
}
