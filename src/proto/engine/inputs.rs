//! The engine's inputs as methods: each is one [`Input`] handed to [`Engine::handle`]
//! (the web layer and the tests call these), and `warm`, which is not an input.

use super::{CommandError, Engine, Handled, Input, RequestId, SubmitOptions};
use crate::proto::text::Code;
use crate::proto::time::Millis;
use crate::proto::wire;
use std::borrow::Cow;

impl Engine {
    /// Starts connecting (again, after a close): [`Input::Connect`].
    pub fn connect(&mut self, now: Millis) {
        let _ = self.handle(now, Input::Connect);
    }

    /// Not an input: calls the receive path once, with nothing, while the socket opens (before
    /// the socket is open it returns at once), so a browser that compiles each wasm function on
    /// its first call compiles it during that wait (docs/performance-log.md, "Start-up, measured
    /// apart").
    pub fn warm(&mut self) {
        if !self.boot.socket_open() {
            self.on_text(self.now, "");
        }
    }

    /// The socket opened: [`Input::Open`].
    pub fn handle_open(&mut self, now: Millis) {
        let _ = self.handle(now, Input::Open);
    }

    /// A text frame arrived: [`Input::Text`].
    pub fn handle_text(&mut self, now: Millis, text: &str) {
        let _ = self.handle(now, Input::Text(Cow::Borrowed(text)));
    }

    /// A binary frame arrived (a protocol error: text frames only): [`Input::Binary`].
    pub fn handle_binary(&mut self, now: Millis, len: usize) {
        let _ = self.handle(now, Input::Binary(len));
    }

    /// The socket closed (by the server or the network): [`Input::Close`].
    pub fn handle_close(&mut self, now: Millis, code: u16, reason: &str) {
        let _ = self.handle(now, Input::Close { code, reason: Cow::Borrowed(reason) });
    }

    /// Time passed: expires requests, bootstrap steps and keep-alives; reconnects when due ([`Input::Timeout`]).
    pub fn handle_timeout(&mut self, now: Millis) {
        let _ = self.handle(now, Input::Timeout);
    }

    /// Answers the override prompt: `true` replaces the existing session, `false` keeps it
    /// and closes this one. Returns whether a prompt was waiting ([`Input::Confirm`]).
    pub fn confirm(&mut self, now: Millis, accept: bool) -> bool {
        matches!(self.handle(now, Input::Confirm(accept)), Handled::Answered(true))
    }

    /// Closes the session for good (the page's `close()`, [`Input::ClosePage`]): every
    /// pending command is rejected as `closed`, timers stop, the socket closes.
    pub fn close(&mut self, now: Millis) {
        let _ = self.handle(now, Input::ClosePage);
    }

    /// Submits a page command ([`Input::Submit`]). A session command with no target goes to
    /// the session.
    ///
    /// Policy: when ready, it is sent at once; while connecting or reconnecting, it waits in
    /// a bounded queue and is sent when the session is ready again, unless its timeout
    /// passes first. If the socket drops after it was sent and before its response, it is
    /// rejected as `disconnected` and never resent.
    ///
    /// # Errors
    /// `invalidArgument` (nothing sent) or `closed` (the session has ended or never started);
    /// `disconnected` when the queue is full while disconnected.
    pub fn submit(
        &mut self,
        now: Millis,
        command: wire::Command,
        target: Option<&str>,
        opts: SubmitOptions,
    ) -> Result<RequestId, CommandError> {
        match self.handle(now, Input::Submit { command, target: target.map(Cow::Borrowed), opts }) {
            Handled::Submitted(r) => r,
            // Never (`handle` answers a submission with `Submitted`): no panic formatting linked.
            _ => Err(CommandError::invalid("command", Code::NotASubmission)),
        }
    }
}
