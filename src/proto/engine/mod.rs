//! The client engine: bootstrap (WIRE-PROFILE §3), correlation (§5), request timeouts, keep-alive and reconnection
//! (§6), as a push/pull state machine with time passed in (quinn-proto's `Connection` contract).
//!
//! ```text
//!   host                                   Engine
//!   handle(now, Input) ──────────────────▶ │  Connect | Resume | Open | Text | Oversized |
//!     (or handle_open, handle_text, …,     │  Binary | Close | Timeout | Submit | Confirm |
//!      submit, confirm, connect, close)    │  ClosePage | Offline | Online | Suspend | Resumed
//!   ◀── poll_transmit(): Open | Send | Close
//!   ◀── poll_event():   state changes, object events + model changes, settled commands,
//!                       protocol errors, confirm prompts, resync
//!   ◀── poll_timeout(): the one deadline at which to give Input::Timeout
//! ```
//!
//! **The contract.** Every input enters through [`Engine::handle`] (the typed methods are shorthands for it), which
//! records it when recording is on. After every input the host drains `poll_transmit` and `poll_event` and re-arms one
//! timer to `poll_timeout` (STYLE.md habits 1–3; a late timeout waits a grace: [`timers::TimerTable::hold_if_late`]).
//! Time is the host's monotonic clock in ms, never going back. No clock, no socket, randomness only from the seed in
//! [`Config`]: the same inputs give the same outputs, so a recording replays exactly. After [`Transmit::Close`] (or a
//! `Close` input), the host drops the old socket and feeds nothing more from it.
//!
//! **The rooms.** This file wires the parts and owns the connection state the page sees; each concern has its file:
//! [`bootstrap`] (§3 steps), [`reconnect`] (retry or give up, which processor, how long) with [`backoff`], [`liveness`]
//! (sleep, wake, offline, the back/forward cache), [`requests`] (commands, to settlement) with [`correlation`] and
//! [`validate`], [`route`] (what a frame means), [`apply`] (an event into the model), [`keepalive`], [`timers`],
//! [`outbox`], [`input`], [`types`], [`error`]. None imports this.

pub mod apply;
pub mod backoff;
pub mod bootstrap;
pub mod correlation;
pub mod error;
pub mod input;
mod inputs;
pub mod keepalive;
pub mod liveness;
pub mod outbox;
pub mod reconnect;
pub mod requests;
pub mod route;
pub mod timers;
pub mod types;
pub mod validate;

pub use backoff::{backoff_delay, RateLimit, ReconnectPolicy, Rng};
pub use correlation::{Correlation, Origin, Pending, RequestId, Stage, Unmatched};
pub use error::{CloseReason, CommandError, LostCause, ProtocolError, ProtocolErrorKind};
pub use input::{Handled, Input, OVERSIZED_HEAD};
pub use liveness::WAKE_MIN_MS;
pub use reconnect::FIRST_CONNECT_ATTEMPTS;
pub use timers::{GRACE_MS, LATE_MS};
pub use types::{Config, ConnectionState, EngineEvent, SubmitOptions, Transmit};
pub use validate::{applied, check, observe, Observed};

use crate::proto::model::Model;
use crate::proto::record::Recorder;
use crate::proto::text::{Code, Msg};
use crate::proto::time::Millis;
use crate::proto::wire::{self, Decoded, Empty, EventKind, Outcome, Request};
use apply::{apply_event, page_event, Incoming};
use bootstrap::{request_id, Bootstrap, Cx, Next, Phase};
use keepalive::KeepAlive;
use liveness::{Act, Liveness, Where};
use outbox::Outbox;
use reconnect::{Lost, Reconnect};
use requests::{Answer, Requests};
use route::{route, route_core, Route};
use timers::{Timer, TimerTable};

/// The sans-IO client.
#[derive(Debug)]
pub struct Engine {
    config: Config,
    state: ConnectionState,
    closed: Option<CloseReason>,
    model: Model,
    boot: Bootstrap,
    reconnect: Reconnect,
    requests: Requests,
    keepalive: KeepAlive,
    live: Liveness,
    timers: TimerTable,
    out: Outbox,
    /// The latest input time (inputs never go back in time).
    now: Millis,
    recorder: Option<Recorder>,
}

/// The parts the bootstrap works with, borrowed from the engine's fields.
macro_rules! cx {
    ($e:ident) => {
        Cx { config: &$e.config, out: &mut $e.out, timers: &mut $e.timers, reconnect: &mut $e.reconnect }
    };
}

impl Engine {
    /// A new engine; nothing happens until [`Input::Connect`].
    pub fn new(config: Config) -> Engine {
        Engine {
            reconnect: Reconnect::new(config.reconnect, config.seed),
            model: Model::new(config.limits),
            out: Outbox::new(&config.password),
            config,
            state: ConnectionState::Idle,
            closed: None,
            boot: Bootstrap::default(),
            requests: Requests::default(),
            keepalive: KeepAlive::default(),
            live: Liveness::default(),
            timers: TimerTable::default(),
            now: 0,
            recorder: None,
        }
    }

    /// The session model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The connection state.
    pub fn state(&self) -> ConnectionState {
        self.state
    }

    /// Why the session closed, once closed.
    pub fn close_reason(&self) -> Option<&CloseReason> {
        self.closed.as_ref()
    }

    /// The session id, once prepared.
    pub fn session_id(&self) -> Option<&str> {
        self.boot.session_id()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Commands waiting (`queued = true`) or in flight.
    pub fn pending_count(&self, queued: bool) -> usize {
        self.requests.count(queued)
    }

    /// Starts recording every input from now on (see [`crate::proto::record`]).
    pub fn start_recording(&mut self) {
        self.recorder.get_or_insert_with(|| Recorder::new(&self.config));
    }

    /// The recording, when recording.
    pub fn recorder(&self) -> Option<&Recorder> {
        self.recorder.as_ref()
    }

    /// Next socket action.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.out.transmits.pop_front()
    }

    /// Next event for the page.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<EngineEvent> {
        self.out.events.pop_front()
    }

    /// When to give [`Input::Timeout`] next: the earliest deadline of the [`TimerTable`].
    pub fn poll_timeout(&self) -> Option<Millis> {
        self.timers.next_timeout()
    }

    /// The one way in: handles `input`, given at `now`.
    pub fn handle(&mut self, now: Millis, input: Input<'_>) -> Handled {
        let now = now.max(self.now);
        self.now = now;
        if let Some(r) = &mut self.recorder {
            r.record(now, &input);
        }
        let mut handled = Handled::Done;
        match input {
            Input::Connect => self.on_connect(now, None),
            Input::Resume(id) => self.on_connect(now, Some(id)),
            Input::Open => self.on_open(now),
            Input::Text(text) => self.on_text(now, &text),
            Input::Oversized { len, head } => {
                let max = self.config.max_frame_bytes;
                self.bad_frame(now, wire::DecodeError::TooLarge { len, max }, Some(&head));
            }
            Input::Binary(len) => self.bad_frame(now, wire::DecodeError::Binary { len }, None),
            Input::Close { code, reason } => self.on_close(now, code, &reason),
            Input::Timeout => self.on_timeout(now),
            Input::Submit { command, target, opts } => {
                handled = Handled::Submitted(self.on_submit(now, command, target.as_deref(), opts));
            }
            Input::Confirm(accept) => handled = Handled::Answered(self.on_confirm(now, accept)),
            Input::ClosePage if !matches!(self.boot.phase, Phase::Closed | Phase::Idle) => {
                self.close_with(now, CloseReason::ClosedByPage, true);
            }
            Input::ClosePage => {}
            Input::Offline | Input::Online | Input::Suspend | Input::Resumed { .. } => self.liveness(now, &input),
        }
        // Pending commands came, went or moved: their earliest deadline is a timer too.
        self.timers.set_opt(Timer::Request, self.requests.next_deadline());
        self.live.watch(now, Where::of(&self.boot.phase), &mut self.timers);
        handled
    }

    fn set_state(&mut self, state: ConnectionState, retry_in: Option<Millis>) {
        if state == self.state && state != ConnectionState::Reconnecting {
            return;
        }
        self.state = state;
        // The attempt under way (0 once ready or closed), so a page can show "attempt N" in
        // every state a reconnect goes through.
        let attempt = if matches!(state, ConnectionState::Ready | ConnectionState::Closed) {
            0
        } else {
            self.reconnect.attempt()
        };
        let reason = if state == ConnectionState::Closed { self.closed.clone() } else { None };
        let cause = self.live.cause().cloned();
        self.out.event(EngineEvent::State { state, attempt, retry_in, reason, cause });
    }

    fn on_connect(&mut self, now: Millis, resume: Option<String>) {
        if !matches!(self.boot.phase, Phase::Idle | Phase::Closed) {
            return;
        }
        let resume = resume.filter(|id| crate::proto::target::validate_id(id).is_ok()); // else a new session
        self.closed = None;
        self.live.reset();
        self.reconnect.connect(resume.is_some());
        resume.iter().for_each(|id| self.out.changed(self.model.begin_session(id)));
        self.boot.set_session(resume);
        self.open(now);
    }

    fn open(&mut self, now: Millis) {
        self.timers.stop(Timer::Reconnect);
        self.requests.new_socket();
        self.boot.open(now, &mut cx!(self));
        self.set_state(ConnectionState::Connecting, None);
    }

    fn on_open(&mut self, now: Millis) {
        if !matches!(self.boot.phase, Phase::Opening) {
            return;
        }
        self.reconnect.opened();
        self.set_state(ConnectionState::Open, None);
        self.boot.on_open(now, &mut cx!(self));
    }

    /// Does what the bootstrap asks.
    fn next(&mut self, now: Millis, next: Next) {
        match next {
            Next::Wait => {}
            Next::Lost(message) => self.connection_lost(now, message, Some(4000)),
            Next::Close(reason) => self.close_with(now, reason, true),
            Next::Prepared(resource_id) => {
                let changes = self.model.begin_session(&resource_id);
                self.out.changed(changes);
            }
            Next::Start => self.start_session(now),
            Next::Confirm(message) => {
                self.out.event(EngineEvent::Confirm { message });
                self.keepalive.start(now, &self.config, &mut self.timers);
            }
        }
    }

    fn start_session(&mut self, now: Millis) {
        let sid = self.boot.session_id().unwrap_or_default().to_owned();
        if self.reconnect.retrying() && self.model.session_id() == Some(sid.as_str()) {
            let changes = self.model.begin_resync();
            self.out.changed(changes);
        }
        let request = Request::new(wire::Command::SessionStart(Empty::new()), Some(sid), self.config.dialect);
        self.boot.starting(now, &mut cx!(self));
        let deadline = self.timers.get(Timer::Step).unwrap_or(now);
        self.requests.start(now, request, deadline, &mut self.out);
        self.set_state(ConnectionState::Initializing, None);
    }

    #[inline(never)] // out of `handle`: compiled on its first use, not at `connect()`
    fn on_confirm(&mut self, now: Millis, accept: bool) -> bool {
        let Some(next) = self.boot.confirm(now, &mut cx!(self), accept) else { return false };
        if accept {
            self.keepalive.pause(&mut self.timers);
        }
        self.next(now, next);
        true
    }

    fn close_with(&mut self, now: Millis, reason: CloseReason, close_socket: bool) {
        // An open socket closes with the reason's code, one still opening with 1000.
        let code = match self.boot.phase {
            Phase::Opening => Some(1000),
            _ if self.boot.socket_open() => Some(reason.close_code()),
            _ => None,
        };
        if let Some(code) = code.filter(|_| close_socket) {
            self.out.transmit(Transmit::Close { code, reason: reason.msg() });
        }
        self.boot.phase = Phase::Closed;
        self.keepalive.stop(&mut self.timers);
        self.timers.stop(Timer::Step);
        self.timers.stop(Timer::Reconnect);
        if self.model.resyncing() {
            let _ = self.model.end_resync();
        }
        self.closed = Some(reason.clone());
        self.live.settled();
        self.requests.close(now, &reason, &mut self.out);
        self.set_state(ConnectionState::Closed, None);
    }

    /// The connection dropped or went silent. `close`: the engine decided it (a timeout, the
    /// browser offline), so the host must close the socket with this code.
    fn connection_lost(&mut self, now: Millis, message: Msg, close: Option<u16>) {
        if matches!(self.boot.phase, Phase::Idle | Phase::Closed | Phase::Backoff) {
            return;
        }
        if let Some(code) = close {
            self.out.transmit(Transmit::Close { code, reason: message.clone() });
        }
        self.live.lost(&message, self.config.wake_probe);
        self.keepalive.stop(&mut self.timers);
        self.timers.stop(Timer::Step);
        self.requests.lost(now, &message, &mut self.out);
        if self.model.resyncing() {
            let changes = self.model.end_resync();
            self.out.changed(changes);
        }
        if !self.live.may_retry() && self.config.reconnect.is_some() {
            // Offline or in the cache: no attempt is made (nor counted) until that ends.
            self.boot.phase = Phase::Backoff;
            return self.set_state(ConnectionState::Reconnecting, None);
        }
        match self.reconnect.on_lost(message, matches!(self.live.cause(), Some(LostCause::ProbeFailed { .. }))) {
            Lost::Close(reason) => self.close_with(now, reason, false),
            Lost::Retry { delay } => {
                self.boot.phase = Phase::Backoff;
                self.timers.set(Timer::Reconnect, now.saturating_add(delay));
                self.set_state(ConnectionState::Reconnecting, Some(delay));
            }
        }
    }

    #[inline(never)] // out of `handle`: compiled on its first use, not at `connect()`
    fn on_close(&mut self, now: Millis, code: u16, reason: &str) {
        if matches!(self.boot.phase, Phase::Idle | Phase::Closed | Phase::Backoff) {
            return;
        }
        if let Some(reason) = Reconnect::on_close_code(code) {
            return self.close_with(now, reason, false);
        }
        self.connection_lost(now, Reconnect::closed_message(code, reason), None);
    }

    /// A binary frame, or one over the size limit: what `on_text`'s decode makes of it.
    fn bad_frame(&mut self, now: Millis, e: wire::DecodeError, head: Option<&str>) {
        if self.boot.socket_open() {
            self.keepalive.heard(now, &self.config, &mut self.timers);
            self.out.protocol_error(now, ProtocolErrorKind::Malformed, e.msg(), head);
        }
    }

    fn on_text(&mut self, now: Millis, text: &str) {
        if !self.boot.socket_open() {
            return;
        }
        self.keepalive.heard(now, &self.config, &mut self.timers);
        // The common object event is read into `ev`, where the engine then reads it.
        let mut ev = None;
        let (to, span) = match wire::decode_received_into(text, self.config.max_frame_bytes, &mut ev) {
            Ok((Some(Decoded::Frame(f)), span)) => (route(f), span),
            Ok((Some(Decoded::Core(c)), span)) => (route_core(c), span),
            // (`decode_received_into` gives no `Decoded::Event`: the event is in `ev`.)
            Ok((_, span)) => {
                if let Some(ev) = ev.as_mut() {
                    self.on_event(now, Incoming::Ref(ev), text, span);
                }
                return;
            }
            Err(e) => return self.out.protocol_error(now, ProtocolErrorKind::Malformed, e.msg(), Some(text)),
        };
        let next = match to {
            Route::Event(ev) => return self.on_event(now, Incoming::Owned(Box::new(ev)), text, span),
            Route::Response(r) => return self.on_response(now, r, text),
            Route::Prepared { request_id, response } => {
                self.boot.on_prepared(now, &mut cx!(self), request_id, response, text)
            }
            // Any answer proves the socket alive, even a server that does not know `ping`.
            Route::CoreResponse(r) if self.keepalive.answers(request_id(&r), now, &self.config, &mut self.timers) => {
                return self.probe_answered(now)
            }
            Route::CoreResponse(r) => self.boot.on_core_response(now, &mut cx!(self), r, text),
            Route::ServiceList(list) => self.boot.on_service_list(now, &mut cx!(self), list),
            // An error answer to the keep-alive is still an answer: the socket is alive.
            Route::Error { request: Some(id), .. }
                if self.keepalive.answers(&id, now, &self.config, &mut self.timers) =>
            {
                return self.probe_answered(now)
            }
            Route::Error { request, code, message } => {
                self.boot.on_error(now, &mut cx!(self), request.as_deref(), &code, message, text)
            }
            Route::Ignore => Next::Wait,
            Route::Unexpected(what) => {
                self.out.protocol_error(now, ProtocolErrorKind::UnexpectedMessage, what, Some(text));
                Next::Wait
            }
        };
        self.next(now, next);
    }

    fn on_event(&mut self, now: Millis, ev: Incoming<'_, '_>, text: &str, spans: wire::Spans) {
        let (started, mut hot) = (matches!(self.boot.phase, Phase::Starting { .. } | Phase::Ready), None);
        let view = ev.view(&mut hot);
        let Some((changes, applied)) = apply_event(&mut self.model, &mut self.out, now, &view, text, started) else {
            return;
        };
        if applied {
            if let Some(later) = self.boot.progress(now, &mut cx!(self)) {
                self.requests.extend_start(later);
            }
            self.requests.track_applied(now, &self.model, view.kind(), &changes, &mut self.out);
        }
        let initialized = applied && view.kind() == Some(EventKind::SessionInitialized);
        let quiet = applied && self.model.resyncing() && changes.is_empty() && view.kind().is_some();
        if !quiet {
            self.out.event(page_event(ev, changes, spans, self.config.spanned_events));
        }
        if initialized && self.boot.started(false) {
            self.become_ready(now);
        }
    }

    fn become_ready(&mut self, now: Millis) {
        self.boot.phase = Phase::Ready;
        self.timers.stop(Timer::Step);
        let resync = self.model.resyncing();
        let changes = self.model.end_resync();
        let removed = changes.len();
        self.out.changed(changes);
        let first = self.reconnect.ready();
        self.live.settled();
        self.keepalive.start(now, &self.config, &mut self.timers);
        self.set_state(ConnectionState::Ready, None);
        if resync && !first {
            self.out.event(EngineEvent::Resynced { changes: removed });
        }
        // Commands that waited (or were accepted before the loss) go on now.
        self.requests.track_applied(now, &self.model, None, &Vec::new(), &mut self.out);
        self.requests.send_queued(now, self.boot.session_id(), &mut self.out);
    }

    fn on_response(&mut self, now: Millis, r: wire::Response, text: &str) {
        match self.requests.on_response(now, r, text, &mut self.config, &mut self.model, &mut self.out) {
            Answer::Done => {}
            Answer::LoggedOut => self.close_with(now, CloseReason::LoggedOut, true),
            Answer::Start(Outcome::Success(_)) => {
                if self.boot.started(true) {
                    self.become_ready(now);
                }
            }
            Answer::Start(outcome) => {
                let (code, msg) = match &outcome {
                    Outcome::Failure { failure, .. } => (failure.code(), failure.message().unwrap_or_default()),
                    _ => ("INVALID_RESPONSE", "unexpected result to session start"),
                };
                let next = self.boot.start_refused(&mut cx!(self), code, msg);
                self.next(now, next);
            }
        }
    }

    #[inline(never)] // out of `handle`: compiled on its first use, not at `connect()`
    fn on_timeout(&mut self, now: Millis) {
        if self.timers.hold_if_late(now) {
            return;
        }
        let start_expired = self.timers.expired(Timer::Request, now) && self.requests.expire(now, &mut self.out);
        let step_due = self.timers.expired(Timer::Step, now)
            || (start_expired && matches!(self.boot.phase, Phase::Starting { .. }));
        if step_due && matches!(self.boot.phase, Phase::Confirm) {
            // Unanswered: the other session is kept (issue 15, item 6).
            return self.close_with(now, CloseReason::OverrideDeclined, true);
        }
        if step_due && !matches!(self.boot.phase, Phase::Idle) {
            return self.connection_lost(now, Msg::new(Code::TimedOut).arg(self.boot.step_name()), Some(4000));
        }
        if self.timers.expired(Timer::Reconnect, now) && matches!(self.boot.phase, Phase::Backoff) {
            return self.open(now);
        }
        if self.timers.expired(Timer::Ping, now) {
            return self.connection_lost(now, Code::KeepAliveUnanswered.into(), Some(4000));
        }
        if self.timers.expired(Timer::Idle, now) {
            self.keepalive.send_ping(now, &self.config, &mut self.timers, &mut self.out);
        }
    }

    /// What the network or the page's absence means: `liveness.rs` decides, this acts (and
    /// `probe_answered` sends the commands that waited for a wake-up probe).
    #[inline(never)] // out of `handle`: compiled on its first use, not at `connect()`
    fn liveness(&mut self, now: Millis, input: &Input<'_>) {
        match self.live.decide(input, Where::of(&self.boot.phase), self.config.wake_probe, &mut self.timers) {
            Act::Nothing => {}
            Act::Probe(within) => self.keepalive.probe(now, within, &self.config, &mut self.timers, &mut self.out),
            Act::Drop { cause, code } => self.connection_lost(now, cause.msg(), Some(code)),
            Act::Hold(_) => self.set_state(ConnectionState::Reconnecting, None),
            Act::Attempt { restart } => {
                self.reconnect.restart(restart);
                self.open(now);
            }
        }
    }

    fn probe_answered(&mut self, now: Millis) {
        if self.live.answered() {
            self.requests.send_queued(now, self.boot.session_id(), &mut self.out);
        }
    }

    #[inline(never)] // out of `handle`: compiled on its first use, not at `connect()`
    fn on_submit(
        &mut self,
        now: Millis,
        command: wire::Command,
        target: Option<&str>,
        opts: SubmitOptions,
    ) -> Result<RequestId, CommandError> {
        if matches!(self.boot.phase, Phase::Idle | Phase::Closed) {
            let reason =
                self.closed.clone().unwrap_or(CloseReason::ConnectFailed { message: Code::NotConnected.into() });
            return Err(CommandError::Closed { reason });
        }
        // Commands wait while a wake-up probe is out, as during a reconnect.
        let ready = matches!(self.boot.phase, Phase::Ready) && !self.live.probing();
        self.requests.submit(now, &self.config, &self.model, command, target, opts, ready, &mut self.out)
    }
}
