//! Logging: the `logLevel` threshold, the page's `logger` (or the console) and the lines the
//! SDK writes. Frames are logged only through the core's redaction
//! ([`crate::proto::redact::redact`]), which keeps the password out of every log and recording.
//!
//! Lines are queued and written by the pump once no borrow of the session is held (like
//! events, habit 8): a page's logger may read `session.connectionState` or call back into the
//! session without a double borrow aborting the module (issue 15, item 10).

use super::cell;
use super::glue::call_logger;
use super::text::text;
use crate::proto::engine::{CloseReason, ConnectionState, ProtocolError};
use crate::proto::text::{cat, Code, Msg};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Index of `debug` in [`LEVELS`](super::options::LEVELS) (frames in and out, settled commands).
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
    queue: RefCell<Vec<(usize, String)>>,
}

/// Lines taken from a [`Log`], with where they go (the page's logger, else the console):
/// written by [`Lines::write`] once no borrow of the session is held.
#[derive(Debug)]
#[must_use]
pub struct Lines {
    sink: JsValue,
    lines: Vec<(usize, String)>,
}

impl Lines {
    /// Writes the lines (a logger that throws is ignored).
    pub fn write(self) {
        for (level, message) in self.lines {
            call_logger(&self.sink, level as u32, &message);
        }
    }
}

impl Log {
    /// Logs from `level` (an index of [`LEVELS`](super::options::LEVELS)) on, through `logger` when it is an object,
    /// else through the console.
    pub fn new(level: usize, logger: JsValue) -> Log {
        Log { level, logger, queue: RefCell::new(Vec::new()) }
    }

    /// Whether no line is queued (the pump's check after every event).
    pub fn is_empty(&self) -> bool {
        cell::read(&self.queue).is_empty()
    }

    /// The lines queued so far.
    pub fn take(&self) -> Lines {
        let lines = std::mem::take(&mut *cell::write(&self.queue));
        Lines { sink: self.logger.clone(), lines }
    }

    /// Whether a line at `level` is written.
    pub fn enabled(&self, level: usize) -> bool {
        level >= self.level && level <= ERROR
    }

    /// Queues `message` at `level` (see [`Log::take`]).
    pub fn log(&self, level: usize, message: &str) {
        if self.enabled(level) {
            cell::write(&self.queue).push((level, cat(&["[agentwire] ", message])));
        }
    }

    /// A connection-state change (a warning when it closes the session with a reason).
    pub fn state(&self, state: ConnectionState, reason: Option<&CloseReason>) {
        let (level, message) = match reason {
            Some(r) => {
                let level = if state == ConnectionState::Closed { WARN } else { INFO };
                (level, cat(&["connection ", state.as_str(), ": ", &text(&r.msg())]))
            }
            None => (INFO, cat(&["connection ", state.as_str()])),
        };
        self.log(level, &message);
    }

    /// A command that ended: `outcome` is `ok` or the error's kind.
    pub fn settled(&self, command: &str, target: Option<&str>, outcome: &str, elapsed: u64) {
        if self.enabled(DEBUG) {
            let m = Msg::new(Code::LogSettled).arg(command.trim()).arg(target.unwrap_or("")).arg(outcome).arg(elapsed);
            self.log(DEBUG, &text(&m));
        }
    }

    /// A protocol error the engine reported.
    pub fn protocol_error(&self, e: &ProtocolError) {
        if self.enabled(WARN) {
            self.log(WARN, &text(&Msg::new(Code::LogProtocolError).arg(e.kind.code()).arg(e.message.clone())));
        }
    }
}
