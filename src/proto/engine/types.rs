//! The engine's vocabulary: its configuration, the connection state the page sees, what the
//! host must do with the socket ([`Transmit`]) and what happened for the page
//! ([`EngineEvent`]).

use super::backoff::ReconnectPolicy;
use super::correlation::RequestId;
use super::error::{CloseReason, CommandError, LostCause, ProtocolError};
use crate::proto::model::{Changes, Limits};
use crate::proto::text::Msg;
use crate::proto::time::Millis;
use crate::proto::wire::{self, Dialect, Event, EventKind, ResultData};

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
    /// After the page was away (asleep, frozen, hidden, in the back/forward cache), the
    /// socket must answer a `ping` within this many ms, or it counts as lost
    /// (`liveness.rs`).
    pub wake_probe: Millis,
    /// Longest start-up, in ms: from `session.start` to `session.initialized` (also the
    /// longest resync). Initialization may take as long as the CTI needs, and each sign of
    /// progress moves the start deadline on, but never past this (issue 15, items 1 and 6).
    pub startup_timeout: Millis,
    /// Longest wait for the page's answer to the override prompt, in ms; unanswered, the
    /// other session is kept and this one closes as `overrideDeclined`.
    pub confirm_timeout: Millis,
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
    /// The host keeps each text frame until the events it gave are polled (the browser's
    /// inbox): an object event whose name, target and data have spans in the frame is then
    /// given as [`EngineEvent::Spanned`], nothing of it copied, instead of
    /// [`EngineEvent::Event`]. Off by default.
    pub spanned_events: bool,
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
            .field("wake_probe", &self.wake_probe)
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
            wake_probe: 1_000,
            startup_timeout: 30_000,
            confirm_timeout: 30_000,
            reconnect: Some(ReconnectPolicy::default()),
            max_frame_bytes: wire::DEFAULT_MAX_FRAME_BYTES,
            max_pending: 1_000,
            limits: Limits::default(),
            seed: 0x5eed,
            request_id_prefix: "aw-".into(),
            spanned_events: false,
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
        /// Close reason (the host composes its text; at most 123 bytes of it are sent).
        reason: Msg,
    },
}

/// What happened, for the page.
// The protocol event is the large variant and the common one (one per frame): boxing it
// would allocate per frame to shrink the rare ones.
#[allow(clippy::large_enum_variant)]
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
        /// While reconnecting (and through the attempt's states): why the connection was
        /// lost.
        cause: Option<LostCause>,
    },
    /// The agent already has a session: ask the user, then call [`Engine::confirm`].
    Confirm {
        /// The server's prompt.
        message: String,
    },
    /// A server object event, applied to the model, with what it changed.
    Event {
        /// The event (boxed: the queue moves every variant at this one's size).
        event: Box<Event>,
        /// What it changed (empty when it repeated known state).
        changes: Changes,
        /// Where the event's `data`, `name` and `target` are in the text passed to the
        /// `handle_text` call that produced this event (valid only for that text).
        spans: wire::Spans,
    },
    /// A server object event, applied to the model, that is where `spans` say in the text
    /// passed to the `handle_text` call that produced it (only with
    /// [`Config::spanned_events`]; nothing of it was copied).
    Spanned {
        /// The kind, or `None` for an unknown event.
        kind: Option<EventKind>,
        /// Whether its name is the kind's documented spelling (not an alias).
        documented: bool,
        /// What it changed (empty when it repeated known state).
        changes: Changes,
        /// Where its `data`, `name` and `target` are (each is known).
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

/// Options of one command.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SubmitOptions {
    /// Settle only when the model shows the command applied (see [`applied`]).
    pub until_applied: bool,
    /// Override the default timeout, in ms.
    pub timeout: Option<Millis>,
}
