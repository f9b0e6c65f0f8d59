//! The one way in: every input the engine takes, from the browser, a replay, the fuzzer or a
//! test, is an [`Input`] given to `Engine::handle` with its time. The typed convenience
//! methods (`handle_text`, `submit`, …) build one and call it, so recording and time keeping
//! happen in one place.

use super::correlation::RequestId;
use super::error::CommandError;
use super::types::SubmitOptions;
use crate::proto::wire::Command;
use std::borrow::Cow;

/// How much of an [`Input::Oversized`] frame's beginning a host gives, in bytes: more than the
/// protocol error's excerpt of a frame (512 bytes and the character that crosses it), so the
/// excerpt is the one the whole frame would give.
pub const OVERSIZED_HEAD: usize = 1024;

/// One input. Text is borrowed on the receive path (no copy) and owned in a recording.
#[derive(Clone, Debug, PartialEq)]
pub enum Input<'a> {
    /// The page's `connect()`.
    Connect,
    /// The page's `connect()` resuming the session (resource id) another host prepared: the
    /// tab that held an agent's shared connection closed or crashed (`tabs: "share"`) and this
    /// one takes over. As a reconnect: the processor is found, the resource bound again and
    /// the model resynced (`resynced`); a resource that is gone is prepared anew, replacing.
    Resume(String),
    /// The socket opened.
    Open,
    /// A text frame arrived.
    Text(Cow<'a, str>),
    /// A text frame of `len` bytes (UTF-8) arrived that the host did not copy, because it is
    /// longer than `Config::max_frame_bytes` for certain (the browser knows before any copy
    /// when a frame has more UTF-16 units than the limit has bytes). The engine takes it as it
    /// takes that frame as [`Input::Text`]: the same `frameTooLarge` protocol error, naming the
    /// same size. `head` is the frame's beginning, whole characters, up to [`OVERSIZED_HEAD`]
    /// bytes: the error's excerpt is cut from it.
    Oversized {
        /// The frame's length in bytes.
        len: usize,
        /// Its beginning.
        head: Cow<'a, str>,
    },
    /// A binary frame of this length arrived (a protocol error: text frames only).
    Binary(usize),
    /// The socket closed, by the server or the network.
    Close {
        /// WebSocket close code.
        code: u16,
        /// Close reason.
        reason: Cow<'a, str>,
    },
    /// Time passed: the deadline of `poll_timeout` (or any later time) was reached.
    Timeout,
    /// A page command. A session command with no target goes to the session.
    Submit {
        /// The command.
        command: Command,
        /// Its target as the page gave it.
        target: Option<Cow<'a, str>>,
        /// `until` and `timeoutMs`.
        opts: SubmitOptions,
    },
    /// The answer to the override prompt (`true`: replace the other session).
    Confirm(bool),
    /// The page's `close()`.
    ClosePage,
    /// The browser went offline (`offline` on `window`).
    Offline,
    /// The browser is online again (`online` on `window`).
    Online,
    /// The page is going into the back/forward cache (`pagehide` with `persisted`).
    Suspend,
    /// The page is back after being away: resumed after a freeze, shown from the
    /// back/forward cache, visible after being hidden, or its timer fired this late (asleep,
    /// frozen or throttled). The engine decides what that means (`liveness.rs`).
    Resumed {
        /// How long it was away, in ms, as the host measured it (the wall clock counts a
        /// system sleep that the monotonic clock may not).
        away_ms: u64,
    },
}

impl Input<'_> {
    /// A copy owning its text (for a recording and its replay). A command is copied through
    /// its data ([`Command::copy`]), so the wasm links no clone of every command's data.
    pub fn copy(&self) -> Input<'static> {
        let owned = |t: &Cow<'_, str>| Cow::Owned(t.as_ref().to_owned());
        match self {
            Input::Connect => Input::Connect,
            Input::Resume(id) => Input::Resume(id.clone()),
            Input::Open => Input::Open,
            Input::Text(t) => Input::Text(owned(t)),
            Input::Oversized { len, head } => Input::Oversized { len: *len, head: owned(head) },
            Input::Binary(n) => Input::Binary(*n),
            Input::Close { code, reason } => Input::Close { code: *code, reason: owned(reason) },
            Input::Timeout => Input::Timeout,
            Input::Submit { command, target, opts } => {
                Input::Submit { command: command.copy(), target: target.as_ref().map(owned), opts: *opts }
            }
            Input::Confirm(b) => Input::Confirm(*b),
            Input::ClosePage => Input::ClosePage,
            Input::Offline => Input::Offline,
            Input::Online => Input::Online,
            Input::Suspend => Input::Suspend,
            Input::Resumed { away_ms } => Input::Resumed { away_ms: *away_ms },
        }
    }

    /// The same input, owning its text (for a recording).
    pub fn into_owned(self) -> Input<'static> {
        match self {
            Input::Connect => Input::Connect,
            Input::Resume(id) => Input::Resume(id),
            Input::Open => Input::Open,
            Input::Text(t) => Input::Text(Cow::Owned(t.into_owned())),
            Input::Oversized { len, head } => Input::Oversized { len, head: Cow::Owned(head.into_owned()) },
            Input::Binary(n) => Input::Binary(n),
            Input::Close { code, reason } => Input::Close { code, reason: Cow::Owned(reason.into_owned()) },
            Input::Timeout => Input::Timeout,
            Input::Submit { command, target, opts } => {
                Input::Submit { command, target: target.map(|t| Cow::Owned(t.into_owned())), opts }
            }
            Input::Confirm(b) => Input::Confirm(b),
            Input::ClosePage => Input::ClosePage,
            Input::Offline => Input::Offline,
            Input::Online => Input::Online,
            Input::Suspend => Input::Suspend,
            Input::Resumed { away_ms } => Input::Resumed { away_ms },
        }
    }
}

/// What an input returned, for the inputs that return something.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Handled {
    /// Nothing to report (socket and timer inputs, `connect`, `close`).
    Done,
    /// [`Input::Submit`]: the command's id, or why it was rejected at once (nothing sent).
    Submitted(Result<RequestId, CommandError>),
    /// [`Input::Confirm`]: whether an override prompt was waiting.
    Answered(bool),
}
