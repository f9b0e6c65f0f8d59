//! The engine's typed errors: how a command can end badly ([`CommandError`]), what the
//! server did wrong ([`ProtocolError`]), why a session ended ([`CloseReason`]), and why it is
//! reconnecting ([`LostCause`]).

use crate::proto::text::{Code, Msg};
use crate::proto::time::Millis;
use crate::proto::wire::Request;

/// How a command ended when it did not succeed. Every command ends in exactly one outcome:
/// a success, or one of these.
#[derive(Clone, Debug, PartialEq)]
pub enum CommandError {
    /// The server answered `failure`.
    Failure {
        /// The server's code.
        code: String,
        /// The server's text.
        message: String,
        /// The failed request as the server echoed it.
        original: Option<Box<Request>>,
    },
    /// No response (or, with `until: applied`, no confirming event) before the deadline.
    Timeout {
        /// The timeout that passed, in milliseconds.
        after_ms: u64,
    },
    /// The connection dropped after the command was sent and before its response: the server
    /// may or may not have executed it, so agentwire does not resend it.
    Disconnected {
        /// What happened.
        message: Msg,
    },
    /// Bad input from the page; nothing was sent.
    InvalidArgument {
        /// The argument at fault (`target`, `reasonCode`, …).
        argument: &'static str,
        /// What was wrong.
        message: Msg,
    },
    /// The session ended (closed by the page, logged out, replaced by another tab, or
    /// reconnection gave up) before the command could complete.
    Closed {
        /// Why.
        reason: CloseReason,
    },
}

impl CommandError {
    /// The stable kind: `failure`, `timeout`, `disconnected`, `invalidArgument`, `closed`.
    pub fn kind(&self) -> &'static str {
        match self {
            CommandError::Failure { .. } => "failure",
            CommandError::Timeout { .. } => "timeout",
            CommandError::Disconnected { .. } => "disconnected",
            CommandError::InvalidArgument { .. } => "invalidArgument",
            CommandError::Closed { .. } => "closed",
        }
    }

    /// The code: the server's for failures, otherwise a stable agentwire code.
    pub fn code(&self) -> &str {
        match self {
            CommandError::Failure { code, .. } => code,
            CommandError::Timeout { .. } => "TIMEOUT",
            CommandError::Disconnected { .. } => "DISCONNECTED",
            CommandError::InvalidArgument { .. } => "INVALID_ARGUMENT",
            CommandError::Closed { reason } => reason.code(),
        }
    }

    pub(crate) fn invalid(argument: &'static str, message: impl Into<Msg>) -> CommandError {
        CommandError::InvalidArgument { argument, message: message.into() }
    }
}

impl CommandError {
    /// What happened, as a message for people.
    pub fn msg(&self) -> Msg {
        match self {
            CommandError::Failure { code, message, .. } => {
                Msg::new(Code::ServerFailure).arg(code.as_str()).arg(message.as_str())
            }
            CommandError::Timeout { after_ms } => Msg::new(Code::NoAnswerWithin).arg(*after_ms),
            CommandError::Disconnected { message } => Msg::new(Code::DisconnectedBefore).arg(message.clone()),
            CommandError::InvalidArgument { argument, message } => {
                Msg::new(Code::InvalidArgument).arg(*argument).arg(message.clone())
            }
            CommandError::Closed { reason } => Msg::new(Code::SessionClosed).arg(reason.msg()),
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.msg().fmt(f)
    }
}

impl std::error::Error for CommandError {}

/// Why the session ended (the `closed` connection state).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloseReason {
    /// The page called `close()`.
    ClosedByPage,
    /// `session.request.logout` succeeded.
    LoggedOut,
    /// Another client took over the session (close code 4001, WIRE-PROFILE §6).
    Replaced,
    /// The page declined the override prompt.
    OverrideDeclined,
    /// The server refused a bootstrap step (bad credentials, no such service, …).
    Refused {
        /// Server code.
        code: String,
        /// Server text.
        message: Msg,
    },
    /// No interaction processor in service accepts clients (WIRE-PROFILE §3.2).
    NoProcessor,
    /// The first connection could not be made or was lost before the session was ready.
    ConnectFailed {
        /// What happened.
        message: Msg,
    },
    /// Reconnecting gave up after the policy's attempts.
    ReconnectExhausted {
        /// Attempts made.
        attempts: u32,
    },
}

impl CloseReason {
    /// The code the SDK closes its socket with for this reason: 1000 (normal) when the page
    /// or the agent ended the session, else 4000.
    pub fn close_code(&self) -> u16 {
        if matches!(self, CloseReason::ClosedByPage | CloseReason::LoggedOut) {
            1000
        } else {
            4000
        }
    }

    /// A stable code for the reason.
    pub fn code(&self) -> &str {
        match self {
            CloseReason::ClosedByPage => "CLOSED",
            CloseReason::LoggedOut => "LOGGED_OUT",
            CloseReason::Replaced => "REPLACED",
            CloseReason::OverrideDeclined => "OVERRIDE_DECLINED",
            CloseReason::Refused { code, .. } => code,
            CloseReason::NoProcessor => "NO_PROCESSOR",
            CloseReason::ConnectFailed { .. } => "CONNECT_FAILED",
            CloseReason::ReconnectExhausted { .. } => "RECONNECT_EXHAUSTED",
        }
    }

    /// A short stable name: `closed`, `loggedOut`, `replaced`, `declined`, `refused`,
    /// `noProcessor`, `connectFailed`, `reconnectExhausted`.
    pub fn kind(&self) -> &'static str {
        match self {
            CloseReason::ClosedByPage => "closed",
            CloseReason::LoggedOut => "loggedOut",
            CloseReason::Replaced => "replaced",
            CloseReason::OverrideDeclined => "declined",
            CloseReason::Refused { .. } => "refused",
            CloseReason::NoProcessor => "noProcessor",
            CloseReason::ConnectFailed { .. } => "connectFailed",
            CloseReason::ReconnectExhausted { .. } => "reconnectExhausted",
        }
    }
}

impl CloseReason {
    /// Why, as a message for people.
    pub fn msg(&self) -> Msg {
        // The reasons without data: their code alone (one construction for all).
        let code = match self {
            CloseReason::ClosedByPage => Code::ClosedByPage,
            CloseReason::LoggedOut => Code::LoggedOut,
            CloseReason::Replaced => Code::Replaced,
            CloseReason::OverrideDeclined => Code::OverrideDeclined,
            CloseReason::NoProcessor => Code::NoProcessor,
            CloseReason::Refused { code, message } => {
                return Msg::new(Code::RefusedByServer).arg(code.as_str()).arg(message.clone())
            }
            CloseReason::ConnectFailed { message } => return Msg::new(Code::CouldNotConnect).arg(message.clone()),
            CloseReason::ReconnectExhausted { attempts } => return Msg::new(Code::GaveUpReconnecting).arg(*attempts),
        };
        Msg::new(code)
    }
}

impl std::fmt::Display for CloseReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.msg().fmt(f)
    }
}

/// What kind of protocol error the server committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolErrorKind {
    /// The frame could not be decoded (see the message for which member).
    Malformed,
    /// A response that matches no pending request.
    UnmatchedResponse,
    /// A second response to a request already settled.
    DuplicateResponse,
    /// A response to a request that had already timed out.
    LateResponse,
    /// A failure whose `original` names another request than the one it matched.
    OriginalMismatch,
    /// A well-formed message that makes no sense now (unknown `messageType`, a core response
    /// to no request, a request sent to the client).
    UnexpectedMessage,
    /// An event that could not be applied to the model (unknown object, foreign session,
    /// invalid id, limit reached), or a known event whose `data` does not have the documented
    /// shape. Either way the event is still dispatched (with its raw `data`; `object` is null
    /// where no object matches) and the model is unchanged.
    InvalidEvent,
    /// Errors dropped by the rate limit; the message says how many.
    Suppressed,
    /// The server's data passed the model's byte budget (`maxModelBytes`): the oldest
    /// detachable data (attached data, dispositions, scripts, address books, members) was
    /// dropped to stay within it; the message says how much.
    BudgetExceeded,
}

impl ProtocolErrorKind {
    /// Every kind, for tables and the TypeScript test (tests/tables.rs checks it is complete).
    pub const ALL: [ProtocolErrorKind; 9] = [
        ProtocolErrorKind::Malformed,
        ProtocolErrorKind::UnmatchedResponse,
        ProtocolErrorKind::DuplicateResponse,
        ProtocolErrorKind::LateResponse,
        ProtocolErrorKind::OriginalMismatch,
        ProtocolErrorKind::UnexpectedMessage,
        ProtocolErrorKind::InvalidEvent,
        ProtocolErrorKind::Suppressed,
        ProtocolErrorKind::BudgetExceeded,
    ];

    /// A stable code.
    pub fn code(self) -> &'static str {
        match self {
            ProtocolErrorKind::Malformed => "malformed",
            ProtocolErrorKind::UnmatchedResponse => "unmatchedResponse",
            ProtocolErrorKind::DuplicateResponse => "duplicateResponse",
            ProtocolErrorKind::LateResponse => "lateResponse",
            ProtocolErrorKind::OriginalMismatch => "originalMismatch",
            ProtocolErrorKind::UnexpectedMessage => "unexpectedMessage",
            ProtocolErrorKind::InvalidEvent => "invalidEvent",
            ProtocolErrorKind::Suppressed => "suppressed",
            ProtocolErrorKind::BudgetExceeded => "budgetExceeded",
        }
    }
}

/// A malformed or unexpected server message. The session goes on.
#[derive(Clone, Debug, PartialEq)]
pub struct ProtocolError {
    /// What kind.
    pub kind: ProtocolErrorKind,
    /// What was wrong, for people.
    pub message: Msg,
    /// The start of the offending frame (at most 512 bytes), when there is one.
    pub frame: Option<String>,
}

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.code(), self.message)
    }
}

/// The first `max` bytes of `s`, cut on a character boundary.
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    // `get`, not indexing: no slice-panic formatting code in the wasm.
    let mut out = s.get(..end).unwrap_or("").to_owned();
    out.push('…');
    out
}

/// Why the session is reconnecting: the `cause` of a `reconnecting` state, for the page to
/// show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LostCause {
    /// The socket closed, or went silent (a bootstrap step or the keep-alive unanswered).
    Lost {
        /// What happened.
        message: Msg,
    },
    /// The browser says it is offline; no attempt is made until it is online again.
    Offline,
    /// After a wake, the socket did not answer the probe within `wake_probe` ms.
    ProbeFailed {
        /// The probe's deadline, in ms.
        after_ms: Millis,
    },
    /// The page went into the back/forward cache; it reconnects when shown again.
    Suspended,
}

impl LostCause {
    /// `CONNECTION_LOST | OFFLINE | PROBE_FAILED | SUSPENDED`.
    pub fn code(&self) -> &'static str {
        match self {
            LostCause::Lost { .. } => "CONNECTION_LOST",
            LostCause::Offline => "OFFLINE",
            LostCause::ProbeFailed { .. } => "PROBE_FAILED",
            LostCause::Suspended => "SUSPENDED",
        }
    }
}

impl LostCause {
    /// Why, as a message for people.
    pub fn msg(&self) -> Msg {
        match self {
            LostCause::Lost { message } => message.clone(),
            LostCause::Offline => Msg::new(Code::Offline),
            LostCause::ProbeFailed { after_ms } => Msg::new(Code::ProbeFailed).arg(*after_ms),
            LostCause::Suspended => Msg::new(Code::Suspended),
        }
    }
}

impl std::fmt::Display for LostCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.msg().fmt(f)
    }
}
