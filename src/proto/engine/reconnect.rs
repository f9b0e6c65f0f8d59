//! The reconnect policy (WIRE-PROFILE §6), in one place: when a lost connection is retried
//! and after how long, when it is given up, which processor a retry binds, and which refusals
//! during a retry mean "try again later". The engine asks; this module decides. The delays
//! themselves come from [`backoff_delay`] with jitter from the seeded [`Rng`].

use super::backoff::{backoff_delay, ReconnectPolicy, Rng};
use super::error::CloseReason;
use crate::proto::text::{Code, Msg};
use crate::proto::time::Millis;

/// Retries of a first connection that opened and dropped before the session was ready.
pub const FIRST_CONNECT_ATTEMPTS: u32 = 5;

/// WIRE-PROFILE §6: the server closes with this code when another client replaced the
/// session; that is never retried.
pub const REPLACED_CLOSE_CODE: u16 = 4001;

/// What to do after the connection was lost.
#[derive(Clone, Debug, PartialEq)]
pub enum Lost {
    /// Give up: the session closes for this reason.
    Close(CloseReason),
    /// Open a new socket after this delay (the attempt counter has moved on).
    Retry {
        /// The backoff delay, in ms.
        delay: Millis,
    },
}

/// What to do when a bootstrap step is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Prepare a new session resource on this socket, replacing whatever the agent has.
    Reprepare,
    /// Treat it as a lost connection (and so retry, per [`Reconnect::on_lost`]).
    Retry,
    /// The server refused the session: close.
    Close,
}

/// The bootstrap step a refusal answers (what the policy needs to know of it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusedStep {
    /// Binding the interaction processor.
    Processor,
    /// Binding the session resource.
    Resource,
    /// Any other step.
    Other,
}

/// The policy's state for one `connect()`.
#[derive(Clone, Debug)]
pub struct Reconnect {
    policy: Option<ReconnectPolicy>,
    rng: Rng,
    /// The attempt under way (1-based while reconnecting; 0 once ready).
    attempt: u32,
    /// Whether the session of this `connect()` was ever ready.
    ever_ready: bool,
    /// Whether a socket of this `connect()` ever opened.
    opened: bool,
    /// A retry binds the processor it used before ("binds the processor again"); after that
    /// bind failed, the next attempt runs discovery instead.
    rediscover: bool,
    /// Whether this socket is binding the previous processor (not one just discovered).
    binding_previous: bool,
    /// Whether this socket already re-prepared after `RESOURCE_UNKNOWN` (at most once).
    reprepared: bool,
}

impl Reconnect {
    /// The policy (`None`: never reconnect) with jitter drawn from `seed`.
    pub fn new(policy: Option<ReconnectPolicy>, seed: u64) -> Reconnect {
        Reconnect {
            policy,
            rng: Rng::new(seed),
            attempt: 0,
            ever_ready: false,
            opened: false,
            rediscover: false,
            binding_previous: false,
            reprepared: false,
        }
    }

    /// The attempt under way (0 when none).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Whether this connection is a retry (a reconnect, or a retried first connect).
    pub fn retrying(&self) -> bool {
        self.ever_ready || self.attempt > 0
    }

    /// A new `connect()` starts from scratch; one that resumes another host's session
    /// (`Input::Resume`) is a reconnect of that session, which was ready there.
    pub fn connect(&mut self, resume: bool) {
        self.attempt = 0;
        self.ever_ready = resume;
        self.opened = false;
    }

    /// An attempt is made now, outside the backoff. `fresh` (the browser is online again, the
    /// page is shown again): the backoff starts over, this attempt the first of a new series.
    pub fn restart(&mut self, fresh: bool) {
        if fresh {
            self.attempt = u32::from(self.retrying());
        }
    }

    /// A socket opened.
    pub fn opened(&mut self) {
        self.opened = true;
        self.reprepared = false;
    }

    /// The session is ready; returns whether for the first time since `connect()`.
    pub fn ready(&mut self) -> bool {
        self.attempt = 0;
        let first = !self.ever_ready;
        self.ever_ready = true;
        first
    }

    /// The processor a new socket binds: the configured one; else, on a retry with a session,
    /// the one that holds the session resource (unless binding it failed last time); else
    /// `None`: discover one through the Service Monitor.
    pub fn processor_to_bind(
        &mut self,
        configured: Option<&str>,
        previous: Option<&str>,
        has_session: bool,
    ) -> Option<String> {
        let previous = previous.filter(|_| self.retrying() && !self.rediscover && has_session);
        self.binding_previous = configured.is_none() && previous.is_some();
        let id = configured.or(previous).map(str::to_owned);
        if id.is_none() {
            self.rediscover = false;
        }
        id
    }

    /// Once the processor is bound: whether to bind the session resource held there (a
    /// retry with a session) rather than prepare a new session.
    pub fn resumes(&self, has_session: bool) -> bool {
        self.retrying() && has_session
    }

    /// A bootstrap request failed with `code` at `step`.
    pub fn on_failure(&mut self, step: RefusedStep, code: &str) -> Refusal {
        match step {
            // The session resource is gone: prepare a new one, replacing whatever the agent
            // has. Only for that code, and once per socket.
            RefusedStep::Resource if self.retrying() && code == "RESOURCE_UNKNOWN" && !self.reprepared => {
                self.reprepared = true;
                Refusal::Reprepare
            }
            // The processor used before refused the bind: it may be gone; the next attempt
            // discovers one (and a new resource is prepared there if ours is gone too).
            RefusedStep::Processor if self.binding_previous => {
                self.rediscover = true;
                Refusal::Retry
            }
            _ => self.on_refused(code),
        }
    }

    /// A bootstrap step was refused by the server.
    pub fn on_refused(&self, code: &str) -> Refusal {
        if self.retrying() && code == "RESOURCE_BOUND" {
            // Our previous socket is still bound on the server side: try again later.
            Refusal::Retry
        } else {
            Refusal::Close
        }
    }

    /// Discovery found no usable processor: a reconnect keeps trying, a first connect fails.
    pub fn on_no_processor(&self) -> Refusal {
        if self.ever_ready {
            Refusal::Retry
        } else {
            Refusal::Close
        }
    }

    /// The connection was lost (`message` says how).
    ///
    /// `at_once`: the socket failed the probe after a wake, so the first attempt goes at once.
    /// The backoff's jitter spreads a server's clients when the server comes back; a computer
    /// waking is its own moment, and the probe has already waited `wakeProbeMs`.
    pub fn on_lost(&mut self, message: Msg, at_once: bool) -> Lost {
        // A first connection that never opened means the server cannot be reached: fail, so
        // the page can say so. One that opened and then dropped before the session was ready
        // is a flaky network: retry like a reconnect, at most FIRST_CONNECT_ATTEMPTS times.
        if !self.ever_ready && (!self.opened || self.policy.is_none()) {
            return Lost::Close(CloseReason::ConnectFailed { message });
        }
        let Some(policy) = self.policy else {
            return Lost::Close(CloseReason::ConnectFailed { message: Msg::new(Code::ConnectionLost).arg(message) });
        };
        let max = if self.ever_ready {
            policy.max_attempts
        } else {
            Some(policy.max_attempts.map_or(FIRST_CONNECT_ATTEMPTS, |m| m.min(FIRST_CONNECT_ATTEMPTS)))
        };
        if max.is_some_and(|max| self.attempt >= max) {
            if !self.ever_ready {
                return Lost::Close(CloseReason::ConnectFailed { message });
            }
            return Lost::Close(CloseReason::ReconnectExhausted { attempts: self.attempt });
        }
        let delay = backoff_delay(&policy, self.attempt, self.rng.next_u32());
        self.attempt += 1;
        Lost::Retry { delay: if at_once { 0 } else { delay } }
    }

    /// What a socket closed with `code` and `reason` says, as the loss's message.
    pub fn closed_message(code: u16, reason: &str) -> Msg {
        if reason.is_empty() {
            Msg::new(Code::SocketClosed).arg(code)
        } else {
            Msg::new(Code::SocketClosedWhy).arg(code).arg(reason)
        }
    }

    /// The server closed the socket with `code`: `Some` when that ends the session for good.
    pub fn on_close_code(code: u16) -> Option<CloseReason> {
        (code == REPLACED_CLOSE_CODE).then_some(CloseReason::Replaced)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(max_attempts: Option<u32>) -> Reconnect {
        Reconnect::new(Some(ReconnectPolicy { initial_delay: 100, max_delay: 1_000, max_attempts }), 7)
    }

    #[test]
    fn a_first_connect_that_never_opened_fails_and_one_that_opened_retries_a_bounded_number_of_times() {
        let mut r = policy(None);
        assert!(matches!(r.on_lost("down".into(), false), Lost::Close(CloseReason::ConnectFailed { .. })));
        r.opened();
        for _ in 0..FIRST_CONNECT_ATTEMPTS {
            assert!(matches!(r.on_lost("flaky".into(), false), Lost::Retry { delay } if delay <= 1_000));
        }
        assert!(matches!(r.on_lost("flaky".into(), false), Lost::Close(CloseReason::ConnectFailed { .. })));
    }

    #[test]
    fn a_resumed_session_is_a_reconnect_from_the_start() {
        // Another tab's session, taken over (`tabs: "share"`): it binds the resource it has,
        // its loss is retried by the policy, and its ready is not a first one.
        let mut r = policy(None);
        r.connect(true);
        assert!(r.retrying() && r.resumes(true));
        r.opened();
        for _ in 0..FIRST_CONNECT_ATTEMPTS + 3 {
            assert!(matches!(r.on_lost("flaky".into(), false), Lost::Retry { .. }));
        }
        assert!(!r.ready(), "not a first ready");
        r.connect(false);
        assert!(!r.retrying() && !r.resumes(true), "a plain connect() starts afresh");
    }

    #[test]
    fn after_ready_the_attempts_are_the_policys_and_ready_resets_them() {
        let mut r = policy(Some(2));
        r.opened();
        assert!(r.ready(), "first time ready");
        assert!(matches!(r.on_lost("x".into(), false), Lost::Retry { .. }));
        assert!(matches!(r.on_lost("x".into(), false), Lost::Retry { .. }));
        assert_eq!(r.attempt(), 2);
        assert_eq!(r.on_lost("x".into(), false), Lost::Close(CloseReason::ReconnectExhausted { attempts: 2 }));
        assert!(!r.ready(), "not the first time");
        assert_eq!(r.attempt(), 0);
        let mut off = Reconnect::new(None, 1);
        off.opened();
        off.ready();
        assert!(matches!(off.on_lost("x".into(), false), Lost::Close(CloseReason::ConnectFailed { .. })));
    }

    #[test]
    fn a_retry_binds_the_previous_processor_until_that_bind_fails() {
        let mut r = policy(None);
        r.opened();
        r.ready();
        let _ = r.on_lost("x".into(), false);
        assert_eq!(r.processor_to_bind(None, Some("ip-1"), true).as_deref(), Some("ip-1"));
        assert_eq!(r.on_failure(RefusedStep::Processor, "SERVICE_UNKNOWN"), Refusal::Retry);
        assert_eq!(r.processor_to_bind(None, Some("ip-1"), true), None, "rediscover");
        assert_eq!(r.processor_to_bind(Some("ip-9"), Some("ip-1"), true).as_deref(), Some("ip-9"), "configured wins");
        assert!(r.resumes(true) && !r.resumes(false));
    }

    #[test]
    fn refusals_during_a_retry() {
        let mut r = policy(None);
        assert_eq!(r.on_refused("RESOURCE_BOUND"), Refusal::Close, "not retrying yet");
        assert_eq!(r.on_no_processor(), Refusal::Close);
        r.opened();
        r.ready();
        assert_eq!(r.on_refused("RESOURCE_BOUND"), Refusal::Retry);
        assert_eq!(r.on_failure(RefusedStep::Resource, "RESOURCE_UNKNOWN"), Refusal::Reprepare);
        assert_eq!(r.on_failure(RefusedStep::Resource, "RESOURCE_UNKNOWN"), Refusal::Close, "once per socket");
        r.opened();
        assert_eq!(r.on_failure(RefusedStep::Resource, "RESOURCE_UNKNOWN"), Refusal::Reprepare);
        assert_eq!(r.on_no_processor(), Refusal::Retry);
        assert_eq!(Reconnect::on_close_code(4001), Some(CloseReason::Replaced));
        assert_eq!(Reconnect::on_close_code(1006), None);
    }
}
