//! The client engine: bootstrap (WIRE-PROFILE §3), correlation (§5), request timeouts,
//! keep-alive and reconnection (§6), as a push/pull state machine with time passed in.
//!
//! ```text
//!   host                                   Engine
//!   connect(now) / submit(now, …) ───────▶ │
//!   handle_open / handle_text /            │  bootstrap phases, pending table,
//!   handle_close / handle_timeout(now) ──▶ │  model, timers, backoff
//!   ◀── poll_transmit(): Open | Send | Close
//!   ◀── poll_event():   state changes, object events + model changes, settled commands,
//!                       protocol errors, confirm prompts, resync
//!   ◀── poll_timeout(): the one deadline at which to call handle_timeout
//! ```
//!
//! After every input, the host drains `poll_transmit` and `poll_event` and re-arms one
//! timer to `poll_timeout` (STYLE.md habits 1–3). The engine never reads a clock, owns no
//! socket and draws randomness only from the seed in [`Config`], so the same inputs give the
//! same outputs: a recorded session replays exactly.
//!
//! After [`Transmit::Close`] (or after `handle_close`), the host must drop the old socket and
//! feed nothing more from it.

mod backoff;
mod correlation;
mod error;
mod validate;

pub use backoff::{backoff_delay, RateLimit, ReconnectPolicy, Rng};
pub use correlation::{Correlation, Origin, Pending, RequestId, Stage, Unmatched};
pub use error::{CloseReason, CommandError, ProtocolError, ProtocolErrorKind};
pub use validate::{applied, check, observe, Observed};

use crate::proto::model::{Changes, Limits, Model};
use crate::proto::time::Millis;
use crate::proto::wire::{
    self, AgentCredentials, Command, CommandKind, CoreCommand, CoreRequest, CoreResponse, Dialect, Empty, Event,
    EventKind, Frame, Outcome, PrepareSession, Request, Response, ResultData, ServiceEventData, ServiceInfo,
    ServiceRequest, ServiceStatusValue, INTERACTION_PROCESSOR, SERVICE_MONITOR,
};
use std::collections::VecDeque;

/// Retries of a first connection that opened and dropped before the session was ready.
pub const FIRST_CONNECT_ATTEMPTS: u32 = 5;

/// How the engine connects and behaves. Credentials stay inside the engine: they are sent in
/// `prepareSession` and never appear in events, errors or logs.
#[derive(Clone, PartialEq)]
pub struct Config {
    /// Agent id.
    pub agent_id: String,
    /// Agent password.
    pub password: String,
    /// Call model for `prepareSession` (omitted when `None`).
    pub model: Option<String>,
    /// The processor's service id; when set, Service Monitor discovery is skipped.
    pub service_id: Option<String>,
    /// Only choose processors of this `instance-domain`.
    pub instance_domain: Option<String>,
    /// Command-name generation of the server.
    pub dialect: Dialect,
    /// Default time a command (and each bootstrap step) may take, in ms.
    pub request_timeout: Millis,
    /// Send a keep-alive `ping` after this much silence from the server, in ms (0: off).
    pub keep_alive: Millis,
    /// Reconnection after an unexpected loss (`None`: off).
    pub reconnect: Option<ReconnectPolicy>,
    /// Largest frame accepted, in bytes.
    pub max_frame_bytes: usize,
    /// Most commands waiting or in flight at once.
    pub max_pending: usize,
    /// Bounds on the model.
    pub limits: Limits,
    /// Seed of the jitter generator (the browser passes a random one).
    pub seed: u64,
    /// Prefix of core-layer `requestId`s, followed by a counter. PROTOCOL 1.2 wants them
    /// unique per request: the browser passes a random prefix per session, so two tabs or two
    /// page loads never reuse an id.
    pub request_id_prefix: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("agent_id", &self.agent_id)
            .field("password", &"<redacted>")
            .field("service_id", &self.service_id)
            .field("dialect", &self.dialect)
            .field("request_timeout", &self.request_timeout)
            .field("keep_alive", &self.keep_alive)
            .field("reconnect", &self.reconnect)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Defaults for an agent: legacy dialect, 10 s requests, 30 s keep-alive, reconnect on.
    pub fn new(agent_id: impl Into<String>, password: impl Into<String>) -> Config {
        Config {
            agent_id: agent_id.into(),
            password: password.into(),
            model: None,
            service_id: None,
            instance_domain: None,
            dialect: Dialect::Legacy,
            request_timeout: 10_000,
            keep_alive: 30_000,
            reconnect: Some(ReconnectPolicy::default()),
            max_frame_bytes: wire::DEFAULT_MAX_FRAME_BYTES,
            max_pending: 1_000,
            limits: Limits::default(),
            seed: 0x5eed,
            request_id_prefix: "aw-".into(),
        }
    }
}

/// The connection as the page sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionState {
    /// Not started.
    Idle,
    /// Opening the socket.
    Connecting,
    /// Socket open; binding and preparing the session.
    Open,
    /// Session started; receiving its objects until `session.initialized`.
    Initializing,
    /// Ready for commands.
    Ready,
    /// Lost; waiting to reconnect.
    Reconnecting,
    /// Ended for good (see [`CloseReason`]).
    Closed,
}

impl ConnectionState {
    /// `idle | connecting | open | initializing | ready | reconnecting | closed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionState::Idle => "idle",
            ConnectionState::Connecting => "connecting",
            ConnectionState::Open => "open",
            ConnectionState::Initializing => "initializing",
            ConnectionState::Ready => "ready",
            ConnectionState::Reconnecting => "reconnecting",
            ConnectionState::Closed => "closed",
        }
    }
}

/// What the host must do with the socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transmit {
    /// Open a new socket to the configured URL (then call `handle_open` or `handle_close`).
    Open,
    /// Send this text frame.
    Send(String),
    /// Close the socket with this code and reason, and drop it.
    Close {
        /// WebSocket close code.
        code: u16,
        /// Close reason.
        reason: String,
    },
}

/// A string member kept in a message's unknown members.
fn extra_str(extra: &crate::proto::json::Map, key: &str) -> Option<String> {
    crate::proto::json::get(extra, key).and_then(|v| v.as_str()).map(str::to_owned)
}

/// A core-layer failure's code: `failure.code` as PROTOCOL 1.5 writes it, else a top-level
/// `code` or `errorType` (the JSON of core responses and errors was not recovered, 1.2).
fn failure_code(failure: Option<&wire::Failure>, extra: &crate::proto::json::Map) -> Option<String> {
    failure.map(|f| f.code.clone()).or_else(|| extra_str(extra, "code")).or_else(|| extra_str(extra, "errorType"))
}

/// What happened, for the page.
#[derive(Clone, Debug, PartialEq)]
pub enum EngineEvent {
    /// The connection state changed.
    State {
        /// New state.
        state: ConnectionState,
        /// Reconnect attempt (1-based) when reconnecting, else 0.
        attempt: u32,
        /// When reconnecting: the delay before the next attempt, in ms.
        retry_in: Option<Millis>,
        /// When closed: why.
        reason: Option<CloseReason>,
    },
    /// The agent already has a session: ask the user, then call [`Engine::confirm`].
    Confirm {
        /// The server's prompt.
        message: String,
    },
    /// A server object event, applied to the model, with what it changed.
    Event {
        /// The event.
        event: Event,
        /// What it changed (empty when it repeated known state).
        changes: Changes,
        /// Where the event's `data`, `name` and `target` are in the text passed to the
        /// `handle_text` call that produced this event (valid only for that text).
        spans: wire::Spans,
    },
    /// The model changed for another reason than an event (a query result, a new session,
    /// objects gone after a resync).
    Changed {
        /// What changed.
        changes: Changes,
    },
    /// A page command ended.
    Settled {
        /// The id returned by [`Engine::submit`].
        id: RequestId,
        /// The command name sent.
        command: String,
        /// Its target.
        target: Option<String>,
        /// Success data, or why not.
        result: Result<Option<ResultData>, CommandError>,
        /// Milliseconds from submission to settlement.
        elapsed: Millis,
    },
    /// The server sent something malformed or unexpected; nothing else was affected.
    ProtocolError(ProtocolError),
    /// After a reconnect, the model again matches the server.
    Resynced {
        /// What changed while away.
        changes: usize,
    },
}

impl EngineEvent {
    /// A compact JSON summary (for recordings, replays and logs): the event's kind and the
    /// fields that identify it.
    pub fn summary(&self) -> crate::proto::json::Json {
        use crate::proto::json::Json;
        let mut m: Vec<(String, Json)> = Vec::with_capacity(4);
        let mut put = |k: &str, v: Json| m.push((k.to_owned(), v));
        match self {
            EngineEvent::State { state, attempt, retry_in, reason } => {
                put("type", Json::str("state"));
                put("state", Json::str(state.as_str()));
                put("attempt", Json::int(i64::from(*attempt)));
                put("retryInMs", retry_in.map_or(Json::Null, |d| Json::int(d as i64)));
                put("reason", reason.as_ref().map_or(Json::Null, |r| Json::str(r.code())));
            }
            EngineEvent::Confirm { message } => {
                put("type", Json::str("confirm"));
                put("message", Json::str(message.as_str()));
            }
            EngineEvent::Event { event, changes, .. } => {
                put("type", Json::str("event"));
                put("name", Json::str(event.name.as_str()));
                put("target", Json::str(event.target.as_str()));
                put("changes", Json::int(changes.len() as i64));
            }
            EngineEvent::Changed { changes } => {
                put("type", Json::str("changed"));
                put("changes", Json::int(changes.len() as i64));
            }
            EngineEvent::Settled { id, command, result, .. } => {
                put("type", Json::str("settled"));
                put("id", Json::int(*id as i64));
                put("command", Json::str(command.as_str()));
                put("outcome", Json::str(result.as_ref().map_or_else(CommandError::kind, |_| "ok")));
            }
            EngineEvent::ProtocolError(e) => {
                put("type", Json::str("protocolError"));
                put("kind", Json::str(e.kind.code()));
                put("message", Json::str(e.message.as_str()));
            }
            EngineEvent::Resynced { changes } => {
                put("type", Json::str("resynced"));
                put("removed", Json::int(*changes as i64));
            }
        }
        Json::Object(m)
    }
}

/// Options of one command.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SubmitOptions {
    /// Settle only when the model shows the command applied (see [`applied`]).
    pub until_applied: bool,
    /// Override the default timeout, in ms.
    pub timeout: Option<Millis>,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Opening { deadline: Millis },
    Monitor { req: String, bound: bool, services: Option<Vec<ServiceInfo>>, deadline: Millis },
    Processor { req: String, deadline: Millis },
    Prepare { req: String, deadline: Millis },
    Confirm,
    Resource { req: String, deadline: Millis },
    Starting { deadline: Millis, started: bool, initialized: bool },
    Ready,
    Backoff { until: Millis },
    Closed,
}

/// The sans-IO client.
#[derive(Debug)]
pub struct Engine {
    config: Config,
    phase: Phase,
    state: ConnectionState,
    model: Model,
    pending: Correlation,
    transmits: VecDeque<Transmit>,
    events: VecDeque<EngineEvent>,
    next_id: RequestId,
    next_core: u64,
    processor: Option<String>,
    session_id: Option<String>,
    ever_ready: bool,
    attempt: u32,
    rng: Rng,
    errors: RateLimit,
    last_rx: Millis,
    ping: Option<(String, Millis)>,
    closed: Option<CloseReason>,
    /// Whether a socket of this connect() ever opened.
    opened: bool,
    /// A retry binds the processor it used before (WIRE-PROFILE §6, "binds the processor
    /// again"); after that bind failed, the next attempt runs discovery instead.
    rediscover: bool,
    /// Whether this socket is binding the previous processor (not one just discovered).
    binding_previous: bool,
    /// Whether this socket already re-prepared after `RESOURCE_UNKNOWN` (at most once).
    reprepared: bool,
    /// Whether the dialect was switched after an `UNKNOWN_COMMAND` (at most once).
    dialect_switched: bool,
}

impl Engine {
    /// A new engine; nothing happens until [`Engine::connect`].
    pub fn new(config: Config) -> Engine {
        Engine {
            rng: Rng::new(config.seed),
            model: Model::new(config.limits),
            config,
            phase: Phase::Idle,
            state: ConnectionState::Idle,
            pending: Correlation::default(),
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            next_id: 1,
            next_core: 1,
            processor: None,
            session_id: None,
            ever_ready: false,
            attempt: 0,
            errors: RateLimit::new(20, 10),
            last_rx: 0,
            ping: None,
            closed: None,
            opened: false,
            rediscover: false,
            binding_previous: false,
            reprepared: false,
            dialect_switched: false,
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
        self.session_id.as_deref()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Commands waiting (`queued = true`) or in flight.
    pub fn pending_count(&self, queued: bool) -> usize {
        self.pending.count(queued)
    }

    /// Next socket action.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// Next event for the page.
    pub fn poll_event(&mut self) -> Option<EngineEvent> {
        self.events.pop_front()
    }

    /// When to call [`Engine::handle_timeout`] next.
    pub fn poll_timeout(&self) -> Option<Millis> {
        let phase = match &self.phase {
            Phase::Opening { deadline }
            | Phase::Monitor { deadline, .. }
            | Phase::Processor { deadline, .. }
            | Phase::Prepare { deadline, .. }
            | Phase::Resource { deadline, .. }
            | Phase::Starting { deadline, .. } => Some(*deadline),
            Phase::Backoff { until } => Some(*until),
            // Keep-alive while ready, and while the override prompt waits for the user (an
            // idle socket would otherwise be closed by a proxy and the prompt come back).
            Phase::Ready | Phase::Confirm => match &self.ping {
                Some((_, deadline)) => Some(*deadline),
                None if self.config.keep_alive > 0 => Some(self.last_rx.saturating_add(self.config.keep_alive)),
                None => None,
            },
            Phase::Idle | Phase::Closed => None,
        };
        [phase, self.pending.next_deadline()].into_iter().flatten().min()
    }

    fn set_state(&mut self, state: ConnectionState, retry_in: Option<Millis>) {
        if state == self.state && state != ConnectionState::Reconnecting {
            return;
        }
        self.state = state;
        // The attempt under way (0 once ready or closed), so a page can show "attempt N" in
        // every state a reconnect goes through.
        let attempt = if matches!(state, ConnectionState::Ready | ConnectionState::Closed) { 0 } else { self.attempt };
        let reason = if state == ConnectionState::Closed { self.closed.clone() } else { None };
        self.events.push_back(EngineEvent::State { state, attempt, retry_in, reason });
    }

    fn core_id(&mut self) -> String {
        let id = format!("{}{}", self.config.request_id_prefix, self.next_core);
        self.next_core += 1;
        id
    }

    fn send(&mut self, frame: &Frame) {
        self.transmits.push_back(Transmit::Send(wire::encode(frame)));
    }

    /// Starts connecting (again, after a close).
    pub fn connect(&mut self, now: Millis) {
        if !matches!(self.phase, Phase::Idle | Phase::Closed) {
            return;
        }
        self.closed = None;
        self.attempt = 0;
        self.ever_ready = false;
        self.opened = false;
        self.session_id = None;
        self.open(now);
    }

    fn open(&mut self, now: Millis) {
        self.phase = Phase::Opening { deadline: now.saturating_add(self.config.request_timeout) };
        self.pending.clear_recent();
        self.transmits.push_back(Transmit::Open);
        self.set_state(ConnectionState::Connecting, None);
    }

    /// The socket opened.
    pub fn handle_open(&mut self, now: Millis) {
        if !matches!(self.phase, Phase::Opening { .. }) {
            return;
        }
        self.last_rx = now;
        self.opened = true;
        self.reprepared = false;
        self.set_state(ConnectionState::Open, None);
        // A retry goes back to the processor that holds the session resource.
        let previous = if self.retrying() && !self.rediscover && self.session_id.is_some() {
            self.processor.clone()
        } else {
            None
        };
        self.binding_previous = self.config.service_id.is_none() && previous.is_some();
        match self.config.service_id.clone().or(previous) {
            Some(id) => self.bind_processor(now, id),
            None => {
                self.rediscover = false;
                let req = self.core_id();
                let mut r = CoreRequest::new(req.clone(), CoreCommand::BindService);
                r.service_id = Some(SERVICE_MONITOR.to_owned());
                self.send(&Frame::CoreRequest(r));
                let deadline = now.saturating_add(self.config.request_timeout);
                self.phase = Phase::Monitor { req, bound: false, services: None, deadline };
            }
        }
    }

    fn bind_processor(&mut self, now: Millis, service_id: String) {
        let req = self.core_id();
        let mut r = CoreRequest::new(req.clone(), CoreCommand::BindService);
        r.service_id = Some(service_id.clone());
        self.processor = Some(service_id);
        self.send(&Frame::CoreRequest(r));
        self.phase = Phase::Processor { req, deadline: now.saturating_add(self.config.request_timeout) };
    }

    fn prepare(&mut self, now: Millis, overriding: bool) {
        let req = self.core_id();
        let data = PrepareSession {
            model: self.config.model.clone(),
            overriding: Some(overriding),
            agent: AgentCredentials {
                id: self.config.agent_id.clone(),
                password: self.config.password.clone(),
                extra: Vec::new(),
            },
            extra: Vec::new(),
        };
        let request = Request::new(Command::PrepareSession(data), None, self.config.dialect);
        let frame = Frame::ServiceRequest(ServiceRequest {
            request_id: req.clone(),
            service_id: self.processor.clone(),
            request,
        });
        self.send(&frame);
        self.phase = Phase::Prepare { req, deadline: now.saturating_add(self.config.request_timeout) };
    }

    fn bind_resource(&mut self, now: Millis) {
        let req = self.core_id();
        let mut r = CoreRequest::new(req.clone(), CoreCommand::BindResource);
        r.resource_id = self.session_id.clone();
        self.send(&Frame::CoreRequest(r));
        self.phase = Phase::Resource { req, deadline: now.saturating_add(self.config.request_timeout) };
    }

    fn start_session(&mut self, now: Millis) {
        let sid = self.session_id.clone().unwrap_or_default();
        if self.retrying() && self.model.session_id() == Some(sid.as_str()) {
            let changes = self.model.begin_resync();
            if !changes.is_empty() {
                self.events.push_back(EngineEvent::Changed { changes });
            }
        }
        let request = Request::new(Command::SessionStart(Empty::new()), Some(sid), self.config.dialect);
        self.send(&Frame::Request(request.clone()));
        let deadline = now.saturating_add(self.config.request_timeout);
        let id = self.alloc_id();
        self.pending.push(Pending {
            id,
            origin: Origin::Start,
            key: request.key(),
            request,
            stage: Stage::Sent { at: now },
            submitted: now,
            deadline,
            until_applied: false,
            observed: Observed::default(),
        });
        self.phase = Phase::Starting { deadline, started: false, initialized: false };
        self.set_state(ConnectionState::Initializing, None);
    }

    fn alloc_id(&mut self) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Answers the override prompt: `true` replaces the existing session, `false` keeps it
    /// and closes this one. Returns whether a prompt was waiting.
    pub fn confirm(&mut self, now: Millis, accept: bool) -> bool {
        if self.phase != Phase::Confirm {
            return false;
        }
        if accept {
            self.prepare(now, true);
        } else {
            self.close_with(CloseReason::OverrideDeclined, true);
        }
        true
    }

    /// Closes the session for good (the page's `close()`): every pending command is
    /// rejected as `closed`, timers stop, the socket closes.
    pub fn close(&mut self, _now: Millis) {
        if !matches!(self.phase, Phase::Closed | Phase::Idle) {
            self.close_with(CloseReason::ClosedByPage, true);
        }
    }

    /// Whether this connection is a retry (a reconnect, or a retried first connect).
    fn retrying(&self) -> bool {
        self.ever_ready || self.attempt > 0
    }

    fn socket_open(&self) -> bool {
        !matches!(self.phase, Phase::Idle | Phase::Opening { .. } | Phase::Backoff { .. } | Phase::Closed)
    }

    fn close_with(&mut self, reason: CloseReason, close_socket: bool) {
        if close_socket && self.socket_open() {
            let code =
                if reason == CloseReason::ClosedByPage || reason == CloseReason::LoggedOut { 1000 } else { 4000 };
            self.transmits.push_back(Transmit::Close { code, reason: reason.to_string() });
        }
        if matches!(self.phase, Phase::Opening { .. }) && close_socket {
            self.transmits.push_back(Transmit::Close { code: 1000, reason: reason.to_string() });
        }
        self.phase = Phase::Closed;
        self.ping = None;
        if self.model.resyncing() {
            self.model.end_resync();
        }
        self.closed = Some(reason.clone());
        for p in self.pending.drain_where(|_| true) {
            self.settle(p, Err(CommandError::Closed { reason: reason.clone() }), 0);
        }
        self.set_state(ConnectionState::Closed, None);
    }

    fn settle(&mut self, p: Pending, result: Result<Option<ResultData>, CommandError>, now: Millis) {
        if p.origin != Origin::Page {
            return;
        }
        let elapsed = now.saturating_sub(p.submitted);
        self.events.push_back(EngineEvent::Settled {
            id: p.id,
            command: p.request.name,
            target: p.request.target,
            result,
            elapsed,
        });
    }

    /// The connection dropped or went silent. `close_socket`: the engine decided it (timeout),
    /// so the host must close the socket.
    fn connection_lost(&mut self, now: Millis, message: String, close_socket: bool) {
        if matches!(self.phase, Phase::Idle | Phase::Closed | Phase::Backoff { .. }) {
            return;
        }
        if close_socket {
            self.transmits.push_back(Transmit::Close { code: 4000, reason: message.clone() });
        }
        self.ping = None;
        // Sent requests may or may not have run: reject them, never resend. Queued ones wait
        // for the next session; accepted ones (`Applying`) wait for the resync to show them.
        let lost = self.pending.drain_where(|p| matches!(p.stage, Stage::Sent { .. }));
        for p in lost {
            self.settle(p, Err(CommandError::Disconnected { message: message.clone() }), now);
        }
        if self.model.resyncing() {
            let changes = self.model.end_resync();
            if !changes.is_empty() {
                self.events.push_back(EngineEvent::Changed { changes });
            }
        }
        // A first connection that never opened means the server cannot be reached: fail, so
        // the page can say so. One that opened and then dropped before the session was ready
        // is a flaky network: retry like a reconnect, at most FIRST_CONNECT_ATTEMPTS times.
        if !self.ever_ready && (!self.opened || self.config.reconnect.is_none()) {
            return self.close_with(CloseReason::ConnectFailed { message }, false);
        }
        let Some(policy) = self.config.reconnect else {
            return self
                .close_with(CloseReason::ConnectFailed { message: format!("connection lost: {message}") }, false);
        };
        let max = if self.ever_ready {
            policy.max_attempts
        } else {
            Some(policy.max_attempts.map_or(FIRST_CONNECT_ATTEMPTS, |m| m.min(FIRST_CONNECT_ATTEMPTS)))
        };
        if max.is_some_and(|max| self.attempt >= max) {
            if !self.ever_ready {
                return self.close_with(CloseReason::ConnectFailed { message }, false);
            }
            return self.close_with(CloseReason::ReconnectExhausted { attempts: self.attempt }, false);
        }
        let delay = backoff_delay(&policy, self.attempt, self.rng.next_u32());
        self.attempt += 1;
        self.phase = Phase::Backoff { until: now.saturating_add(delay) };
        self.set_state(ConnectionState::Reconnecting, Some(delay));
    }

    /// The socket closed (by the server or the network).
    pub fn handle_close(&mut self, now: Millis, code: u16, reason: &str) {
        if matches!(self.phase, Phase::Idle | Phase::Closed | Phase::Backoff { .. }) {
            return;
        }
        if code == 4001 {
            // WIRE-PROFILE §6: another client replaced this session; never reconnect.
            return self.close_with(CloseReason::Replaced, false);
        }
        let why = if reason.is_empty() {
            format!("socket closed ({code})")
        } else {
            format!("socket closed ({code} {reason})")
        };
        self.connection_lost(now, why, false);
    }

    /// A binary frame arrived (a protocol error: text frames only).
    pub fn handle_binary(&mut self, now: Millis, len: usize) {
        if self.socket_open() {
            self.last_rx = now;
            let e = wire::DecodeError::Binary { len };
            self.protocol_error(now, ProtocolErrorKind::Malformed, e.to_string(), None);
        }
    }

    fn protocol_error(&mut self, now: Millis, kind: ProtocolErrorKind, message: String, frame: Option<&str>) {
        if let Some(suppressed) = self.errors.take(now) {
            if suppressed > 0 {
                self.events.push_back(EngineEvent::ProtocolError(ProtocolError {
                    kind: ProtocolErrorKind::Suppressed,
                    message: format!("{suppressed} more protocol errors were not reported (rate limit)"),
                    frame: None,
                }));
            }
            let frame = frame.map(|f| error::excerpt(f, 512));
            self.events.push_back(EngineEvent::ProtocolError(ProtocolError { kind, message, frame }));
        }
    }

    /// A text frame arrived.
    pub fn handle_text(&mut self, now: Millis, text: &str) {
        if !self.socket_open() {
            return;
        }
        self.last_rx = now;
        let (frame, span) = match wire::decode_spanned(text, self.config.max_frame_bytes) {
            Ok(f) => f,
            Err(e) => return self.protocol_error(now, ProtocolErrorKind::Malformed, e.to_string(), Some(text)),
        };
        match frame {
            Frame::Event(ev) => self.on_event(now, ev, text, span),
            Frame::Response(r) if r.kind() == Some(CommandKind::PrepareSession) => self.on_prepared(now, None, r, text),
            Frame::Response(r) => self.on_response(now, r, text),
            Frame::CoreResponse(r) => self.on_core_response(now, r, text),
            Frame::ServiceResponse(r) => self.on_prepared(now, r.request_id, r.response, text),
            Frame::ServiceEvent(e) => {
                if let (Phase::Monitor { services, .. }, ServiceEventData::ServiceList(list)) =
                    (&mut self.phase, e.data)
                {
                    *services = Some(list.services);
                    self.maybe_choose(now);
                }
            }
            Frame::CoreEvent(_) => {}
            Frame::CoreError(e) => {
                // PROTOCOL 1.2: "an error type plus details"; a `code` member is read too.
                let code = e.error_type.clone().or_else(|| extra_str(&e.extra, "code")).unwrap_or("CORE_ERROR".into());
                let msg = e.message.or(e.error_type).unwrap_or_else(|| "coreError".into());
                self.bootstrap_error(now, e.request_id.as_deref(), &code, msg, text);
            }
            Frame::ServiceError(e) => {
                let code = failure_code(e.failure.as_ref(), &e.extra).unwrap_or("SERVICE_ERROR".into());
                let msg = e.failure.and_then(|f| f.message).or(e.message).unwrap_or_else(|| "serviceError".into());
                self.bootstrap_error(now, e.request_id.as_deref(), &code, msg, text);
            }
            other => {
                let what = match &other {
                    Frame::Unknown { message_type, .. } => {
                        format!("unknown messageType \"{message_type}\" ignored")
                    }
                    Frame::Resource { class, .. } => {
                        format!("{class} ignored: session-resource messages travel top-level (WIRE-PROFILE §2)")
                    }
                    _ => "a request-class message sent to the client was ignored".to_owned(),
                };
                self.protocol_error(now, ProtocolErrorKind::UnexpectedMessage, what, Some(text));
            }
        }
    }

    fn bootstrap_request(&self) -> Option<&str> {
        match &self.phase {
            Phase::Monitor { req, .. }
            | Phase::Processor { req, .. }
            | Phase::Prepare { req, .. }
            | Phase::Resource { req, .. } => Some(req),
            _ => None,
        }
    }

    fn bootstrap_error(&mut self, now: Millis, req: Option<&str>, code: &str, message: String, text: &str) {
        if req.is_some() && self.ping.as_ref().is_some_and(|(id, _)| Some(id.as_str()) == req) {
            // An error answer to the keep-alive is still an answer: the socket is alive.
            self.ping = None;
        } else if req.is_some() && req == self.bootstrap_request() {
            self.bootstrap_failed(now, code, message);
        } else {
            self.protocol_error(now, ProtocolErrorKind::UnexpectedMessage, format!("{code}: {message}"), Some(text));
        }
    }

    /// A bootstrap request failed with `code`.
    fn bootstrap_failed(&mut self, now: Millis, code: &str, message: String) {
        match self.phase {
            // WIRE-PROFILE §6: the session resource is gone: prepare a new one, replacing
            // whatever the agent has. Only for that code, and once per socket.
            Phase::Resource { .. } if self.retrying() && code == "RESOURCE_UNKNOWN" && !self.reprepared => {
                self.reprepared = true;
                self.prepare(now, true)
            }
            // The processor used before refused the bind: it may be gone; the next attempt
            // discovers one (and a new resource is prepared there if ours is gone too).
            Phase::Processor { .. } if self.binding_previous => {
                self.rediscover = true;
                self.connection_lost(now, format!("{code}: {message}"), true)
            }
            _ => self.refused(now, code, message),
        }
    }

    /// A bootstrap step was refused by the server.
    fn refused(&mut self, now: Millis, code: &str, message: String) {
        if self.retrying() && code == "RESOURCE_BOUND" {
            // Our previous socket is still bound on the server side: try again later.
            return self.connection_lost(now, format!("{code}: {message}"), true);
        }
        self.close_with(CloseReason::Refused { code: code.to_owned(), message }, true);
    }

    fn on_core_response(&mut self, now: Millis, r: CoreResponse, text: &str) {
        if self.ping.as_ref().is_some_and(|(id, _)| *id == r.request_id) {
            // Any answer proves the socket alive, even a server that does not know `ping`.
            self.ping = None;
            return;
        }
        if Some(r.request_id.as_str()) != self.bootstrap_request() {
            return self.protocol_error(
                now,
                ProtocolErrorKind::UnmatchedResponse,
                format!("coreResponse to unknown requestId \"{}\"", r.request_id),
                Some(text),
            );
        }
        if !r.is_success() {
            let code = failure_code(r.failure.as_ref(), &r.extra).unwrap_or_else(|| r.result.clone());
            let message = r
                .failure
                .and_then(|f| f.message)
                .unwrap_or_else(|| format!("{} failed", r.command.unwrap_or_default()));
            return self.bootstrap_failed(now, &code, message);
        }
        match &mut self.phase {
            Phase::Monitor { bound, .. } => {
                *bound = true;
                self.maybe_choose(now);
            }
            Phase::Processor { .. } => {
                if self.retrying() && self.session_id.is_some() {
                    self.bind_resource(now);
                } else {
                    self.prepare(now, false);
                }
            }
            Phase::Resource { .. } => self.start_session(now),
            _ => {}
        }
    }

    /// Once the Service Monitor is bound and its list arrived, picks the processor
    /// (WIRE-PROFILE §3.2): an `InteractionProcessor`, `InService`, accepting clients (absent
    /// counts as accepting), in the configured instance domain, with the fewest clients.
    fn maybe_choose(&mut self, now: Millis) {
        let Phase::Monitor { bound: true, services: Some(services), .. } = &self.phase else {
            return;
        };
        let domain = self.config.instance_domain.as_deref();
        let best = services
            .iter()
            .filter(|s| s.kind.as_deref() == Some(INTERACTION_PROCESSOR))
            .filter(|s| {
                s.service_status
                    .as_ref()
                    .is_some_and(|st| st.status == ServiceStatusValue::InService && st.accepting_clients != Some(false))
            })
            .filter(|s| domain.is_none() || s.info.as_ref().and_then(|i| i.instance_domain.as_deref()) == domain)
            .min_by_key(|s| {
                s.service_status
                    .as_ref()
                    .and_then(|st| st.client_count.as_ref())
                    .and_then(|n| n.as_u64())
                    .unwrap_or(u64::MAX)
            })
            .map(|s| s.id.clone());
        match best {
            Some(id) => self.bind_processor(now, id),
            None if self.ever_ready => self.connection_lost(now, "no interaction processor available".into(), true),
            None => self.close_with(CloseReason::NoProcessor, true),
        }
    }

    fn on_prepared(&mut self, now: Millis, request_id: Option<String>, r: Response, text: &str) {
        let matches =
            matches!(&self.phase, Phase::Prepare { req, .. } if request_id.as_ref().is_none_or(|id| id == req));
        if !matches {
            return self.protocol_error(
                now,
                ProtocolErrorKind::UnmatchedResponse,
                "unexpected prepareSession response".into(),
                Some(text),
            );
        }
        match r.outcome {
            Outcome::Success(Some(ResultData::PrepareSession(p))) => {
                if let Err(e) = crate::proto::target::validate_id(&p.resource_id) {
                    return self.refused(now, "INVALID_RESOURCE_ID", e.to_string());
                }
                let changes = self.model.begin_session(&p.resource_id);
                if !changes.is_empty() {
                    self.events.push_back(EngineEvent::Changed { changes });
                }
                self.session_id = Some(p.resource_id);
                self.bind_resource(now);
            }
            Outcome::Success(_) => {
                self.refused(now, "INVALID_RESPONSE", "prepareSession succeeded without data.resourceId".into())
            }
            Outcome::Confirm { message, .. } => {
                self.phase = Phase::Confirm;
                self.events.push_back(EngineEvent::Confirm { message });
            }
            Outcome::Failure { failure, .. } => {
                let msg = failure.message.unwrap_or_default();
                self.refused(now, &failure.code, msg);
            }
            Outcome::Other(result) => {
                self.refused(now, "INVALID_RESPONSE", format!("prepareSession result \"{result}\""))
            }
        }
    }

    fn on_event(&mut self, now: Millis, ev: Event, text: &str, spans: wire::Spans) {
        if !matches!(self.phase, Phase::Starting { .. } | Phase::Ready) {
            return self.protocol_error(
                now,
                ProtocolErrorKind::UnexpectedMessage,
                format!("{} before the session was started", ev.name),
                Some(text),
            );
        }
        if let crate::proto::wire::EventData::Invalid(_, e) = &ev.data {
            // Reported, and still dispatched with its raw data (the model is unchanged).
            let message = format!("{}: {e}", ev.name);
            self.protocol_error(now, ProtocolErrorKind::InvalidEvent, message, Some(text));
        }
        let changes = match self.model.apply(&ev) {
            Ok(c) => c,
            // PROTOCOL.md 1.12: unknown (and untyped) events reach the page whatever their
            // target; only the model ignores them.
            Err(_) if ev.kind().is_none() => Vec::new(),
            Err(e) => {
                return self.protocol_error(
                    now,
                    ProtocolErrorKind::InvalidEvent,
                    format!("{}: {e}", ev.name),
                    Some(text),
                )
            }
        };
        if let Phase::Starting { deadline, .. } = &mut self.phase {
            // Initialization takes as long as the CTI needs (PROTOCOL 2.6 gives no bound):
            // the start timeout counts from the last sign of progress, not from the request.
            let later = now.saturating_add(self.config.request_timeout);
            *deadline = later.max(*deadline);
            for p in self.pending.iter_mut().filter(|p| p.origin == Origin::Start) {
                p.deadline = later.max(p.deadline);
            }
        }
        let initialized = ev.kind() == Some(EventKind::SessionInitialized);
        let quiet = self.model.resyncing() && changes.is_empty() && ev.kind().is_some();
        self.track_applied(now, ev.kind(), &changes);
        if !quiet {
            self.events.push_back(EngineEvent::Event { event: ev, changes, spans });
        }
        if initialized {
            if let Phase::Starting { initialized, started, .. } = &mut self.phase {
                *initialized = true;
                if *started {
                    self.become_ready(now);
                }
            }
        }
    }

    fn track_applied(&mut self, now: Millis, event: Option<EventKind>, changes: &Changes) {
        let mut done = Vec::new();
        for p in self.pending.iter_mut() {
            if !p.until_applied || matches!(p.stage, Stage::Queued) {
                continue;
            }
            let target = p.request.target.as_deref().unwrap_or_default();
            observe(&mut p.observed, &p.request.command, target, event, changes);
            if matches!(p.stage, Stage::Applying { .. })
                && applied(&self.model, &p.request.command, target, &p.observed)
            {
                done.push(p.id);
            }
        }
        if !done.is_empty() {
            for p in self.pending.drain_where(|p| done.contains(&p.id)) {
                let data = match &p.stage {
                    Stage::Applying { data, .. } => data.clone(),
                    _ => None,
                };
                self.settle(p, Ok(data), now);
            }
        }
    }

    fn become_ready(&mut self, now: Millis) {
        self.phase = Phase::Ready;
        let resync = self.model.resyncing();
        let changes = self.model.end_resync();
        let removed = changes.len();
        if !changes.is_empty() {
            self.events.push_back(EngineEvent::Changed { changes });
        }
        self.attempt = 0;
        let first = !self.ever_ready;
        self.ever_ready = true;
        self.last_rx = now;
        self.set_state(ConnectionState::Ready, None);
        if resync && !first {
            self.events.push_back(EngineEvent::Resynced { changes: removed });
        }
        // Commands that waited (or were accepted before the loss) go on now.
        self.track_applied(now, None, &Vec::new());
        let sid = self.session_id.clone();
        let mut to_send = Vec::new();
        for p in self.pending.iter_mut() {
            if matches!(p.stage, Stage::Queued) {
                // A session command queued before the session id was known targets it now.
                if p.request.target.is_none()
                    && p.request.command.kind().is_some_and(|k| k.target_kind() == wire::TargetKind::Session)
                {
                    p.request.target = sid.clone();
                }
                p.stage = Stage::Sent { at: now };
                to_send.push(p.request.clone());
            }
        }
        for r in to_send {
            self.send(&Frame::Request(r));
        }
    }

    fn on_response(&mut self, now: Millis, r: Response, text: &str) {
        let original = match &r.outcome {
            Outcome::Failure { original: Some(o), .. } => Some(&**o),
            _ => None,
        };
        let p = match self.pending.take_match(&r.key(), r.target.as_deref(), original) {
            Ok(p) => p,
            Err(why) => {
                let (kind, what) = match why {
                    Unmatched::Duplicate => (ProtocolErrorKind::DuplicateResponse, "a second response to"),
                    Unmatched::Late => (ProtocolErrorKind::LateResponse, "a response after the timeout of"),
                    Unmatched::Unknown => (ProtocolErrorKind::UnmatchedResponse, "a response to no pending"),
                };
                let msg = format!("{what} {} on {}", r.name.trim(), r.target.as_deref().unwrap_or("(no target)"));
                return self.protocol_error(now, kind, msg, Some(text));
            }
        };
        let p = match self.respell(now, p, &r) {
            Some(p) => p,
            None => return,
        };
        self.pending.remember(&p, false);
        if let Outcome::Failure { original: Some(o), .. } = &r.outcome {
            if o.key() != p.key || o.target != p.request.target {
                let msg = format!(
                    "failure of {} carries the original of {} on {}",
                    r.name.trim(),
                    o.name,
                    o.target.as_deref().unwrap_or("(no target)")
                );
                self.protocol_error(now, ProtocolErrorKind::OriginalMismatch, msg, Some(text));
            }
        }
        if p.origin == Origin::Start {
            return match r.outcome {
                Outcome::Success(_) => {
                    if let Phase::Starting { started, initialized, .. } = &mut self.phase {
                        *started = true;
                        if *initialized {
                            self.become_ready(now);
                        }
                    }
                }
                Outcome::Failure { failure, .. } => {
                    self.refused(now, &failure.code, failure.message.unwrap_or_default())
                }
                _ => self.refused(now, "INVALID_RESPONSE", "unexpected result to session start".into()),
            };
        }
        let result = match r.outcome {
            Outcome::Success(data) => Ok(data),
            Outcome::Failure { failure, original } => Err(CommandError::Failure {
                code: failure.code,
                message: failure.message.unwrap_or_default(),
                original,
            }),
            Outcome::Confirm { message, original } => {
                Err(CommandError::Failure { code: "CONFIRM".into(), message, original })
            }
            Outcome::Other(result) => Err(CommandError::Failure {
                code: result.clone(),
                message: format!("unexpected result \"{result}\""),
                original: None,
            }),
        };
        if let Ok(Some(data)) = &result {
            let changes = match data {
                ResultData::AddressBooks(b) => self.model.set_address_books(b.addressbooks.clone()),
                ResultData::Scripts(s) => {
                    let t = p.request.target.clone().unwrap_or_default();
                    self.model.set_scripts(&t, s.scripts.clone())
                }
                _ => Vec::new(),
            };
            if !changes.is_empty() {
                self.events.push_back(EngineEvent::Changed { changes });
            }
        }
        let logout = p.request.command.kind() == Some(CommandKind::Logout) && result.is_ok();
        let target = p.request.target.clone().unwrap_or_default();
        if let (Ok(data), true) = (&result, p.until_applied) {
            if !applied(&self.model, &p.request.command, &target, &p.observed) {
                let mut p = p;
                let at = match p.stage {
                    Stage::Sent { at } => at,
                    _ => now,
                };
                p.stage = Stage::Applying { at, data: data.clone() };
                self.pending.push(p);
                return;
            }
        }
        self.settle(p, result, now);
        if logout {
            self.close_with(CloseReason::LoggedOut, true);
        }
    }

    /// WIRE-PROFILE §4 has two command-name generations and PROTOCOL §0 asks to allow both
    /// spellings. A server that answers `UNKNOWN_COMMAND` (§7) to a command whose other
    /// spelling differs gets the same request again in the other spelling, once; the first
    /// time, the session switches to that dialect for what follows (queued commands too).
    /// Returns the pending request when it is not resent.
    fn respell(&mut self, now: Millis, mut p: Pending, r: &Response) -> Option<Pending> {
        let Outcome::Failure { failure, .. } = &r.outcome else { return Some(p) };
        let Some(kind) = p.request.command.kind() else { return Some(p) };
        if failure.code != "UNKNOWN_COMMAND" {
            return Some(p);
        }
        let Some(sent) = kind.dialect_of(&p.request.name) else { return Some(p) };
        let to = if sent != self.config.dialect {
            // Sent before the switch: resent in the dialect that works.
            self.config.dialect
        } else if !self.dialect_switched {
            self.dialect_switched = true;
            self.config.dialect = sent.other();
            for q in self.pending.iter_mut().filter(|q| matches!(q.stage, Stage::Queued)) {
                if let Some(k) = q.request.command.kind() {
                    q.request.name = k.name(self.config.dialect).to_owned();
                }
            }
            self.config.dialect
        } else {
            return Some(p);
        };
        p.request.name = kind.name(to).to_owned();
        p.stage = Stage::Sent { at: now };
        self.send(&Frame::Request(p.request.clone()));
        self.pending.push(p);
        None
    }

    /// Time passed: expires requests, bootstrap steps and keep-alives; reconnects when due.
    pub fn handle_timeout(&mut self, now: Millis) {
        let expired = self.pending.drain_where(|p| p.deadline <= now);
        let mut start_expired = false;
        for p in expired {
            if p.origin == Origin::Start {
                start_expired = true;
                continue;
            }
            let sent = matches!(p.stage, Stage::Sent { .. });
            if sent {
                self.pending.remember(&p, true);
            }
            let after_ms = p.deadline.saturating_sub(p.submitted);
            self.settle(p, Err(CommandError::Timeout { after_ms }), now);
        }
        match self.phase.clone() {
            Phase::Opening { deadline } if deadline <= now => {
                self.connection_lost(now, "timed out opening the socket".into(), true);
            }
            Phase::Monitor { deadline, .. }
            | Phase::Processor { deadline, .. }
            | Phase::Prepare { deadline, .. }
            | Phase::Resource { deadline, .. }
            | Phase::Starting { deadline, .. }
                if deadline <= now || start_expired =>
            {
                let step = match self.phase {
                    Phase::Monitor { .. } => "binding the Service Monitor",
                    Phase::Processor { .. } => "binding the interaction processor",
                    Phase::Prepare { .. } => "preparing the session",
                    Phase::Resource { .. } => "binding the session resource",
                    _ => "starting the session",
                };
                self.connection_lost(now, format!("timed out {step}"), true);
            }
            Phase::Backoff { until } if until <= now => self.open(now),
            Phase::Ready | Phase::Confirm => self.keep_alive(now),
            _ => {}
        }
    }

    fn keep_alive(&mut self, now: Millis) {
        if self.config.keep_alive == 0 {
            return;
        }
        match &self.ping {
            Some((_, deadline)) if *deadline <= now => {
                self.connection_lost(now, "keep-alive ping unanswered".into(), true);
            }
            Some(_) => {}
            None if now >= self.last_rx.saturating_add(self.config.keep_alive) => {
                let id = self.core_id();
                self.send(&Frame::CoreRequest(CoreRequest::new(id.clone(), CoreCommand::Ping)));
                self.ping = Some((id, now.saturating_add(self.config.request_timeout)));
            }
            None => {}
        }
    }

    /// Submits a page command. A session command with no target goes to the session.
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
        command: Command,
        target: Option<&str>,
        opts: SubmitOptions,
    ) -> Result<RequestId, CommandError> {
        if matches!(self.phase, Phase::Idle | Phase::Closed) {
            let reason = self.closed.clone().unwrap_or(CloseReason::ConnectFailed { message: "not connected".into() });
            return Err(CommandError::Closed { reason });
        }
        let target = if self.model.session_id().is_none()
            && target.is_none()
            && command.kind().is_some_and(|k| k.target_kind() == wire::TargetKind::Session)
        {
            // Before the first session exists: a session command is checked and addressed
            // once the session is ready.
            None
        } else {
            check(&self.model, &command, target)?
        };
        if self.pending.count(true) + self.pending.count(false) >= self.config.max_pending {
            let msg = format!("more than {} commands pending", self.config.max_pending);
            return Err(if self.phase == Phase::Ready {
                CommandError::invalid("command", msg)
            } else {
                CommandError::Disconnected { message: msg }
            });
        }
        let request = Request::new(command, target, self.config.dialect);
        let ready = self.phase == Phase::Ready;
        if ready {
            self.send(&Frame::Request(request.clone()));
        }
        let id = self.alloc_id();
        let timeout = opts.timeout.unwrap_or(self.config.request_timeout);
        self.pending.push(Pending {
            id,
            origin: Origin::Page,
            key: request.key(),
            request,
            stage: if ready { Stage::Sent { at: now } } else { Stage::Queued },
            submitted: now,
            deadline: now.saturating_add(timeout),
            until_applied: opts.until_applied,
            observed: Observed::default(),
        });
        Ok(id)
    }
}
