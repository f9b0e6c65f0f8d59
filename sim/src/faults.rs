//! Fault injection. Per connection: what its writer does besides sending frames (drop the
//! socket after N frames, delay responses, slip in a malformed or unmatched frame), set
//! through the control API, the WebSocket URL's query, or for every connection through CLI
//! flags. For the processor: the refuse-next-bind rule (control API or `--refuse-binds`) and
//! the failures the next matching commands get instead of running (control API).

use agentwire::proto::wire::{CommandKey, Frame};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

/// "No value" for the atomic counters below.
pub const OFF: u64 = u64::MAX;

/// What the world hands a connection's writer.
// Nearly every message is a frame: boxing it would add an allocation per frame to save
// queue space only on the rare control messages.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Out {
    /// A frame to encode and send.
    Frame(Frame),
    /// Text sent as is (malformed or hand-made frames).
    Raw(String),
    /// Close with a code and reason (4001 `session replaced`, 1001 on shutdown).
    Close(u16, String),
    /// Drop the TCP connection without a closing handshake (network loss, restart).
    Abort,
    /// The client sent a Close: answer it (RFC 6455 §5.5.1) and end the connection.
    Answer,
    /// A WebSocket ping (keep-alive).
    Ping,
    /// A binary frame of this many bytes (a protocol error: text frames only).
    Binary(usize),
}

/// Faults every new connection starts with (CLI flags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultDefaults {
    /// Drop each connection after it has sent this many frames.
    pub drop_after: Option<u64>,
    /// Delay every response by this many milliseconds.
    pub delay_ms: u64,
    /// Send one malformed frame after this many frames.
    pub malformed_after: Option<u64>,
    /// Send one unmatched response after this many frames.
    pub unmatched_after: Option<u64>,
}

/// One connection's faults, shared by the world (which sets them) and its writer (which
/// acts on them).
#[derive(Debug)]
pub struct ConnFaults {
    /// Frames still to send before the socket is dropped ([`OFF`]: never).
    pub drop_after: AtomicU64,
    /// Delay before each response, in ms.
    pub delay_ms: AtomicU64,
    /// Frame count after which a malformed frame goes out once ([`OFF`]: never).
    pub malformed_after: AtomicU64,
    /// Frame count after which an unmatched response goes out once ([`OFF`]: never).
    pub unmatched_after: AtomicU64,
    /// The outbound queue overflowed (a client that does not read): drop the socket.
    pub overflow: AtomicBool,
    /// Cut silently (`control/cut`): the simulator has let the connection go (session
    /// unbound, nothing more sent), but holds the TCP connection open and ignores what the
    /// client sends, as a proxy or NAT that lost the flow does; it ends when the client closes.
    pub cut: AtomicBool,
    /// The session this connection has bound, for the unmatched response's target.
    pub session: Mutex<Option<String>>,
}

impl ConnFaults {
    /// Faults from the defaults.
    pub fn new(d: &FaultDefaults) -> ConnFaults {
        ConnFaults {
            drop_after: AtomicU64::new(d.drop_after.unwrap_or(OFF)),
            delay_ms: AtomicU64::new(d.delay_ms),
            malformed_after: AtomicU64::new(d.malformed_after.unwrap_or(OFF)),
            unmatched_after: AtomicU64::new(d.unmatched_after.unwrap_or(OFF)),
            overflow: AtomicBool::new(false),
            cut: AtomicBool::new(false),
            session: Mutex::new(None),
        }
    }

    /// Counts one sent frame against `drop_after`; `true` when the socket must go now.
    pub fn count_drop(&self) -> bool {
        let prev = self.drop_after.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            if n == OFF || n == 0 {
                None
            } else {
                Some(n - 1)
            }
        });
        matches!(prev, Ok(1)) || self.drop_after.load(Ordering::Acquire) == 0
    }

    /// Whether the connection was cut silently.
    pub fn is_cut(&self) -> bool {
        self.cut.load(Ordering::Acquire)
    }

    /// Whether the socket must be dropped before sending anything more.
    pub fn must_drop(&self) -> bool {
        self.drop_after.load(Ordering::Acquire) == 0 || self.overflow.load(Ordering::Acquire)
    }

    /// Current response delay.
    pub fn delay(&self) -> u64 {
        self.delay_ms.load(Ordering::Acquire)
    }

    /// Whether a one-shot injection counter fires at `sent` frames (and disarms it).
    pub fn fire(counter: &AtomicU64, sent: u64) -> bool {
        counter.compare_exchange(sent, OFF, Ordering::AcqRel, Ordering::Acquire).is_ok()
    }

    /// The bound session id, if any.
    pub fn session(&self) -> Option<String> {
        self.session.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Records the bound session.
    pub fn set_session(&self, sid: Option<String>) {
        if let Ok(mut s) = self.session.lock() {
            *s = sid;
        }
    }
}

/// Whether a frame is a response (what `delay` holds back).
pub fn is_response(f: &Frame) -> bool {
    matches!(f, Frame::Response(_) | Frame::CoreResponse(_) | Frame::ServiceResponse(_))
}

/// The default malformed frame: not JSON at all.
pub const MALFORMED: &str = "{\"messageType\":\"objectEvent\",\"target\":";

/// A response that answers nothing: a success for a command nobody sent, on a target that
/// does not exist.
pub fn unmatched(session: Option<&str>) -> String {
    let sid = session.unwrap_or("no-session");
    format!(r#"{{"command":"channel.ready","target":"{sid}.sim-unmatched","result":"success","data":{{}}}}"#)
}

/// Refuse the next bind request(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefuseBinds {
    /// How many binds still to refuse.
    pub remaining: u32,
    /// Failure code to answer with.
    pub code: String,
    /// `resource` (bindResource) or `service` (bindService of the processor).
    pub kind: BindKind,
    /// Refuse only this agent's binds (resource binds only).
    pub agent: Option<String>,
}

/// Which bind a [`RefuseBinds`] rule refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindKind {
    /// `bindResource`.
    Resource,
    /// `bindService` of the processor.
    Service,
}

impl Default for RefuseBinds {
    fn default() -> Self {
        RefuseBinds { remaining: 0, code: "RESOURCE_BOUND".into(), kind: BindKind::Resource, agent: None }
    }
}

/// A failure the next matching command gets instead of running (`control/fail`).
#[derive(Debug, Clone)]
pub struct InjectedFailure {
    /// Only commands of this agent's session (any when `None`).
    pub agent: Option<String>,
    /// Only this command (either dialect's name; any when `None`).
    pub command: Option<String>,
    /// The failure code.
    pub code: &'static str,
    /// How many more commands it applies to.
    pub remaining: u32,
}

/// The failure the next command named `name` (either dialect's spelling) of `agent`'s
/// session gets, if a rule matches it; the rule is used up after its `remaining` commands.
pub fn take_injected(rules: &mut Vec<InjectedFailure>, agent: Option<&str>, name: &str) -> Option<&'static str> {
    let key = CommandKey::of_name(name);
    let i = rules.iter().position(|r| {
        r.agent.as_deref().is_none_or(|a| Some(a) == agent)
            && r.command.as_deref().is_none_or(|c| CommandKey::of_name(c) == key)
    })?;
    let code = rules[i].code;
    rules[i].remaining -= 1;
    if rules[i].remaining == 0 {
        rules.remove(i);
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_counter_fires_once_at_zero() {
        let f = ConnFaults::new(&FaultDefaults { drop_after: Some(2), ..Default::default() });
        assert!(!f.must_drop());
        assert!(!f.count_drop());
        assert!(f.count_drop());
        assert!(f.must_drop());
        let f = ConnFaults::new(&FaultDefaults::default());
        assert!(!f.count_drop() && !f.must_drop());
    }

    #[test]
    fn one_shot_injection() {
        let c = AtomicU64::new(3);
        assert!(!ConnFaults::fire(&c, 2));
        assert!(ConnFaults::fire(&c, 3));
        assert!(!ConnFaults::fire(&c, 3));
    }
}
