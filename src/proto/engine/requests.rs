//! The request lifecycle of page commands (and of the engine's own `session.start`):
//! submission (checked, then sent or queued), correlation of responses (WIRE-PROFILE §5),
//! the dialect switch on `UNKNOWN_COMMAND` (§4), "settle when applied", timeouts, and what a
//! lost or closed connection does to each pending command. Every page command settles
//! exactly once, as an [`EngineEvent::Settled`].

use super::correlation::{Correlation, Origin, Pending, RequestId, Stage, Unmatched};
use super::error::{CloseReason, CommandError, ProtocolErrorKind};
use super::outbox::Outbox;
use super::types::{Config, EngineEvent, SubmitOptions};
use super::validate::{applied, check, observe, Observed};
use crate::proto::model::{Changes, Model};
use crate::proto::redact::{redact_message, redact_request};
use crate::proto::text::{cat, Arg, Code, Msg};
use crate::proto::time::Millis;
use crate::proto::wire::{Command, CommandKind, EventKind, Outcome, Request, Response, ResultData, TargetKind};

/// `on {target}` of a response's message: the target, or `(no target)`.
fn on(target: Option<&str>) -> Arg {
    target.map_or(Arg::from(Code::NoTarget), Arg::from)
}

/// What a response means beyond settling its command.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Answer {
    /// Nothing more.
    Done,
    /// It answers the engine's `session.start`, with this outcome.
    Start(Outcome),
    /// A successful logout: the session ends.
    LoggedOut,
}

/// The pending table and the ids of page commands.
#[derive(Debug)]
pub struct Requests {
    pending: Correlation,
    next_id: RequestId,
    /// Whether the dialect was switched after an `UNKNOWN_COMMAND` (at most once).
    dialect_switched: bool,
}

impl Default for Requests {
    fn default() -> Self {
        Requests { pending: Correlation::default(), next_id: 1, dialect_switched: false }
    }
}

impl Requests {
    /// Commands waiting (`queued = true`) or in flight.
    pub fn count(&self, queued: bool) -> usize {
        self.pending.count(queued)
    }

    /// The earliest deadline of a pending command.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.pending.next_deadline()
    }

    /// A new socket: responses from the previous one are no longer told apart as late.
    pub fn new_socket(&mut self) {
        self.pending.clear_recent();
    }

    fn alloc_id(&mut self) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Submits a page command (the session exists or is being made). `ready`: sent at once;
    /// otherwise queued until the session is ready again.
    #[allow(clippy::too_many_arguments)]
    pub fn submit(
        &mut self,
        now: Millis,
        config: &Config,
        model: &Model,
        command: Command,
        target: Option<&str>,
        opts: SubmitOptions,
        ready: bool,
        out: &mut Outbox,
    ) -> Result<RequestId, CommandError> {
        let target = if model.session_id().is_none()
            && target.is_none()
            && command.kind().is_some_and(|k| k.target_kind() == TargetKind::Session)
        {
            // Before the first session exists: a session command is checked and addressed
            // once the session is ready.
            None
        } else {
            check(model, &command, target)?
        };
        if self.pending.len() >= config.max_pending {
            let msg = Msg::new(Code::TooManyPending).arg(config.max_pending);
            return Err(if ready {
                CommandError::invalid("command", msg)
            } else {
                CommandError::Disconnected { message: msg }
            });
        }
        let request = Request::new(command, target, config.dialect);
        let deadline = now.saturating_add(opts.timeout.unwrap_or(config.request_timeout));
        Ok(self.add(now, Origin::Page, request, deadline, opts.until_applied, ready, out))
    }

    /// Sends the engine's `session.start` and awaits its response until `deadline`.
    pub fn start(&mut self, now: Millis, request: Request, deadline: Millis, out: &mut Outbox) {
        let _ = self.add(now, Origin::Start, request, deadline, false, true, out);
    }

    /// A new pending request, sent at once when `send` (else queued): one path for page
    /// commands and the engine's start.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        now: Millis,
        origin: Origin,
        request: Request,
        deadline: Millis,
        until_applied: bool,
        send: bool,
        out: &mut Outbox,
    ) -> RequestId {
        if send {
            out.send_request(&request);
        }
        let id = self.alloc_id();
        self.pending.push(Pending {
            id,
            origin,
            key: request.key(),
            request,
            stage: if send { Stage::Sent { at: now } } else { Stage::Queued },
            submitted: now,
            deadline,
            until_applied,
            observed: Observed::default(),
        });
        id
    }

    /// Moves the start request's deadline to `later` (initialization is making progress).
    pub fn extend_start(&mut self, later: Millis) {
        for p in self.pending.iter_mut().filter(|p| p.origin == Origin::Start) {
            p.deadline = later.max(p.deadline);
        }
    }

    fn settle(p: Pending, result: Result<Option<ResultData>, CommandError>, now: Millis, out: &mut Outbox) {
        if p.origin != Origin::Page {
            return;
        }
        let elapsed = now.saturating_sub(p.submitted);
        out.event(EngineEvent::Settled {
            id: p.id,
            command: p.request.name,
            target: p.request.target,
            result,
            elapsed,
        });
    }

    /// A resource response arrived.
    pub fn on_response(
        &mut self,
        now: Millis,
        r: Response,
        text: &str,
        config: &mut Config,
        model: &mut Model,
        out: &mut Outbox,
    ) -> Answer {
        let original = match &r.outcome {
            Outcome::Failure { original: Some(o), .. } => Some(&**o),
            _ => None,
        };
        let p = match self.pending.take_match(&r.key(), r.target.as_deref(), original) {
            Ok(p) => p,
            Err(why) => {
                let (kind, what) = match why {
                    Unmatched::Duplicate => (ProtocolErrorKind::DuplicateResponse, Code::DuplicateResponse),
                    Unmatched::Late => (ProtocolErrorKind::LateResponse, Code::LateResponse),
                    Unmatched::Unknown => (ProtocolErrorKind::UnmatchedResponse, Code::UnknownResponse),
                };
                let msg = Msg::new(Code::ResponseUnmatched).arg(what).arg(r.name.trim()).arg(on(r.target.as_deref()));
                out.protocol_error(now, kind, msg, Some(text));
                return Answer::Done;
            }
        };
        let Some(p) = self.respell(now, p, &r, config, out) else { return Answer::Done };
        self.pending.remember(&p, false);
        if let Outcome::Failure { original: Some(o), .. } = &r.outcome {
            if o.key() != p.key || o.target != p.request.target {
                let msg = Msg::new(Code::OriginalMismatch)
                    .arg(r.name.trim())
                    .arg(o.name.as_str())
                    .arg(on(o.target.as_deref()));
                out.protocol_error(now, ProtocolErrorKind::OriginalMismatch, msg, Some(text));
            }
        }
        if p.origin == Origin::Start {
            return Answer::Start(r.outcome);
        }
        // What a server echoes is the page's to see, never the password (issue 15, item 8).
        let pw = config.password.as_str();
        let clean = |mut o: Option<Box<Request>>| {
            if let Some(o) = &mut o {
                redact_request(o, pw);
            }
            o
        };
        let result = match r.outcome {
            Outcome::Success(data) => Ok(data),
            Outcome::Failure { failure, original } => Err(CommandError::Failure {
                code: failure.code().to_owned(),
                message: redact_message(failure.message().unwrap_or_default().to_owned(), pw),
                original: clean(original),
            }),
            Outcome::Confirm { message, original } => Err(CommandError::Failure {
                code: "CONFIRM".into(),
                message: redact_message(message, pw),
                original: clean(original),
            }),
            Outcome::Other(result) => Err(CommandError::Failure {
                code: result.clone(),
                message: cat(&["unexpected result \"", &result, "\""]),
                original: None,
            }),
        };
        if let Ok(Some(data)) = &result {
            out.changed(model.apply_result(p.request.target.as_deref(), data));
            out.budget(now, model);
        }
        let logout = p.request.command.kind() == Some(CommandKind::Logout) && result.is_ok();
        let target = p.request.target.as_deref().unwrap_or_default();
        if p.until_applied && result.is_ok() && !applied(model, &p.request.command, target, &p.observed) {
            let mut p = p;
            let at = match p.stage {
                Stage::Sent { at } => at,
                _ => now,
            };
            p.stage = Stage::Applying { at, data: result.unwrap_or_default() };
            self.pending.push(p);
            return Answer::Done;
        }
        Self::settle(p, result, now, out);
        if logout {
            Answer::LoggedOut
        } else {
            Answer::Done
        }
    }

    /// WIRE-PROFILE §4 has two command-name generations and PROTOCOL §0 asks to allow both
    /// spellings. A server that answers `UNKNOWN_COMMAND` (§7) to a command whose other
    /// spelling differs gets the same request again in the other spelling, once; the first
    /// time, the session switches to that dialect for what follows (queued commands too).
    /// Returns the pending request when it is not resent.
    fn respell(
        &mut self,
        now: Millis,
        mut p: Pending,
        r: &Response,
        config: &mut Config,
        out: &mut Outbox,
    ) -> Option<Pending> {
        let Outcome::Failure { failure, .. } = &r.outcome else { return Some(p) };
        let Some(kind) = p.request.command.kind() else { return Some(p) };
        if failure.code() != "UNKNOWN_COMMAND" {
            return Some(p);
        }
        let Some(sent) = kind.dialect_of(&p.request.name) else { return Some(p) };
        let to = if sent != config.dialect {
            // Sent before the switch: resent in the dialect that works.
            config.dialect
        } else if !self.dialect_switched {
            self.dialect_switched = true;
            config.dialect = sent.other();
            for q in self.pending.iter_mut().filter(|q| matches!(q.stage, Stage::Queued)) {
                if let Some(k) = q.request.command.kind() {
                    q.request.name = k.name(config.dialect).to_owned();
                }
            }
            config.dialect
        } else {
            return Some(p);
        };
        p.request.name = kind.name(to).to_owned();
        p.stage = Stage::Sent { at: now };
        out.send_request(&p.request);
        self.pending.push(p);
        None
    }

    /// An event (or, with `None`, the resync's end) changed the model: settles the
    /// `until: applied` commands it shows applied.
    pub fn track_applied(
        &mut self,
        now: Millis,
        model: &Model,
        event: Option<EventKind>,
        changes: &Changes,
        out: &mut Outbox,
    ) {
        // The receive path's common case: nothing is awaited (no walk, no list to drop).
        if self.pending.is_empty() {
            return;
        }
        let mut done = |p: &mut Pending| {
            if !p.until_applied || matches!(p.stage, Stage::Queued) {
                return false;
            }
            let target = p.request.target.as_deref().unwrap_or_default();
            observe(&mut p.observed, &p.request.command, target, event, changes);
            matches!(p.stage, Stage::Applying { .. }) && applied(model, &p.request.command, target, &p.observed)
        };
        for mut p in self.pending.drain_where(&mut done) {
            let data = match std::mem::replace(&mut p.stage, Stage::Queued) {
                Stage::Applying { data, .. } => data,
                _ => None,
            };
            Self::settle(p, Ok(data), now, out);
        }
    }

    /// The session is ready: queued commands go out (a session command queued before the
    /// session id was known targets it now).
    pub fn send_queued(&mut self, now: Millis, session_id: Option<&str>, out: &mut Outbox) {
        for p in self.pending.iter_mut() {
            if matches!(p.stage, Stage::Queued) {
                if p.request.target.is_none()
                    && p.request.command.kind().is_some_and(|k| k.target_kind() == TargetKind::Session)
                {
                    p.request.target = session_id.map(str::to_owned);
                }
                p.stage = Stage::Sent { at: now };
                out.send_request(&p.request);
            }
        }
    }

    /// Commands past their deadline time out; returns whether the engine's own start
    /// request was among them.
    pub fn expire(&mut self, now: Millis, out: &mut Outbox) -> bool {
        let mut start_expired = false;
        for p in self.pending.drain_where(&mut |p| p.deadline <= now) {
            if p.origin == Origin::Start {
                start_expired = true;
                continue;
            }
            if matches!(p.stage, Stage::Sent { .. }) {
                self.pending.remember(&p, true);
            }
            let after_ms = p.deadline.saturating_sub(p.submitted);
            Self::settle(p, Err(CommandError::Timeout { after_ms }), now, out);
        }
        start_expired
    }

    /// The socket dropped: sent requests may or may not have run, so they reject as
    /// `disconnected` and are never resent. Queued ones wait for the next session; accepted
    /// ones (`Applying`) wait for the resync to show them.
    pub fn lost(&mut self, now: Millis, message: &Msg, out: &mut Outbox) {
        for p in self.pending.drain_where(&mut |p| matches!(p.stage, Stage::Sent { .. })) {
            Self::settle(p, Err(CommandError::Disconnected { message: message.clone() }), now, out);
        }
    }

    /// The session ended: every pending command rejects as `closed`.
    pub fn close(&mut self, now: Millis, reason: &CloseReason, out: &mut Outbox) {
        for p in self.pending.drain_where(&mut |_| true) {
            Self::settle(p, Err(CommandError::Closed { reason: reason.clone() }), now, out);
        }
    }
}
