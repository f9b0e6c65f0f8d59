//! Real-world connectivity (issue 17): what the engine makes of the page being suspended,
//! woken, taken offline or put in the back/forward cache. The host only reports what the
//! browser said ([`Input::Offline`](super::Input::Offline), `Online`, `Suspend`,
//! `Resumed { away_ms }`); every decision is here:
//!
//! | Input | Ready | Reconnecting (backoff) | Connecting / bootstrapping |
//! |---|---|---|---|
//! | `Resumed`, away < [`WAKE_MIN_MS`] | nothing | nothing | nothing |
//! | `Resumed`, away ≥ [`WAKE_MIN_MS`] | probe: a `ping` answered within `wake_probe` ms, commands queued meanwhile; no answer: lost, cause `PROBE_FAILED` | attempt now (unless offline) | nothing (the step's own deadline) |
//! | `Resumed` after `Suspend` | — | attempt now, backoff restarted | — |
//! | `Offline` | socket closed, `reconnecting`, cause `OFFLINE`, no attempt until `Online` | timer stopped, cause `OFFLINE` | as when ready |
//! | `Online` | nothing | attempt now, backoff restarted | nothing |
//! | `Suspend` (`pagehide` into the cache) | socket closed with 1000, `reconnecting`, cause `SUSPENDED`; sent commands `disconnected`, queued ones wait | cause `SUSPENDED`, timer stopped | as when ready |
//!
//! [`Liveness`] holds the three facts these decisions need (offline, suspended, probing) and
//! answers the engine with an [`Act`]; the engine does the socket and state work.

use super::bootstrap::Phase;
use super::error::LostCause;
use super::input::Input;
use super::timers::{Timer, TimerTable};
use crate::proto::text::Msg;
use crate::proto::time::Millis;

/// A page away (frozen, asleep, hidden, or its timer this late) for less than this is not
/// checked: timers in background pages are routinely up to 1 s late.
pub const WAKE_MIN_MS: Millis = 1_500;

/// While a session exists, [`Timer::Watch`] fires at least this often, so a page that was
/// frozen or asleep for more than `WATCH_MS + WAKE_MIN_MS` sees its timer fire late, whatever
/// the other deadlines (the keep-alive's is 30 s away).
pub const WATCH_MS: Millis = 2_000;

/// Where the connection is, as far as these decisions go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Where {
    /// Not started, or ended.
    Idle,
    /// Ready for commands.
    Ready,
    /// Waiting to reconnect.
    Backoff,
    /// A socket is opening or the session is being bound, prepared, started.
    Connecting,
}

impl Where {
    /// Where the bootstrap's `phase` is.
    pub fn of(phase: &Phase) -> Where {
        match phase {
            Phase::Idle | Phase::Closed => Where::Idle,
            Phase::Ready => Where::Ready,
            Phase::Backoff => Where::Backoff,
            _ => Where::Connecting,
        }
    }
}

/// What the engine must do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub enum Act {
    /// Nothing.
    Nothing,
    /// Send a ping now (or re-arm the one in flight) due in this many ms; commands wait.
    Probe(Millis),
    /// The connection is lost for this cause; the socket closes with `code` (1000: cleanly).
    Drop {
        /// Why.
        cause: LostCause,
        /// The close code for the socket.
        code: u16,
    },
    /// Already waiting (the backoff's timer is stopped): report this cause again.
    Hold(LostCause),
    /// Open a new socket now; `restart`: the backoff starts over.
    Attempt {
        /// Whether the backoff starts over.
        restart: bool,
    },
}

/// The facts the decisions need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Liveness {
    offline: bool,
    suspended: bool,
    probing: bool,
    /// Why the session is reconnecting (until it is ready again, or closed).
    cause: Option<LostCause>,
}

impl Liveness {
    /// Whether the browser said it is offline (and not online since).
    pub fn offline(&self) -> bool {
        self.offline
    }

    /// Whether a wake-up probe is awaited (commands wait meanwhile).
    pub fn probing(&self) -> bool {
        self.probing
    }

    /// Whether the engine may arm its reconnect timer: not while offline or in the cache.
    pub fn may_retry(&self) -> bool {
        !self.offline && !self.suspended
    }

    /// Why the session is reconnecting, while it is.
    pub fn cause(&self) -> Option<&LostCause> {
        self.cause.as_ref()
    }

    /// A loss decided elsewhere (`message`) is the cause, unless one of this module's is
    /// already (offline, the cache), or a failed probe if one was awaited. Ends the probe.
    pub fn lost(&mut self, message: &Msg, probe_ms: Millis) {
        if std::mem::take(&mut self.probing) {
            self.cause = Some(LostCause::ProbeFailed { after_ms: probe_ms });
        } else if !self.offline && !self.suspended {
            self.cause = Some(LostCause::Lost { message: message.clone() });
        }
    }

    /// The ping was answered: returns whether a probe ended, so the commands that waited go
    /// out.
    pub fn answered(&mut self) -> bool {
        std::mem::take(&mut self.probing)
    }

    /// The session is ready again, or closed: no cause any more.
    pub fn settled(&mut self) {
        self.cause = None;
        self.probing = false;
    }

    /// A new `connect()`: the page's own call overrides a suspension; whether the browser is
    /// offline stays known.
    pub fn reset(&mut self) {
        self.suspended = false;
        self.settled();
    }

    /// Keeps [`Timer::Watch`] armed while a session exists (re-armed once expired), stopped
    /// otherwise.
    pub fn watch(&self, now: Millis, at: Where, timers: &mut TimerTable) {
        if at == Where::Idle {
            timers.stop(Timer::Watch);
        } else if timers.get(Timer::Watch).is_none_or(|due| due <= now) {
            timers.set(Timer::Watch, now.saturating_add(WATCH_MS));
        }
    }

    /// What `input` (one of `Offline`, `Online`, `Suspend`, `Resumed`) means at `at`;
    /// `probe_ms`: the wake-up probe's deadline. A backoff put on hold has its timer stopped.
    pub fn decide(&mut self, input: &Input<'_>, at: Where, probe_ms: Millis, timers: &mut TimerTable) -> Act {
        let act = match input {
            Input::Offline => self.went_offline(at),
            Input::Online => self.went_online(at),
            Input::Suspend => self.suspend(at),
            Input::Resumed { away_ms } => self.resumed(at, *away_ms, probe_ms),
            _ => Act::Nothing,
        };
        if matches!(act, Act::Hold(_)) {
            timers.stop(Timer::Reconnect);
        }
        act
    }

    /// The page was away (frozen, asleep, hidden, in the cache, or its timer that late) for
    /// `away_ms`.
    pub fn resumed(&mut self, at: Where, away_ms: Millis, probe_ms: Millis) -> Act {
        if std::mem::take(&mut self.suspended) {
            return if self.offline || at != Where::Backoff { Act::Nothing } else { Act::Attempt { restart: true } };
        }
        match at {
            _ if away_ms < WAKE_MIN_MS => Act::Nothing,
            Where::Ready => {
                self.probing = true;
                Act::Probe(probe_ms)
            }
            Where::Backoff if !self.offline => Act::Attempt { restart: false },
            _ => Act::Nothing,
        }
    }

    /// The browser went offline.
    pub fn went_offline(&mut self, at: Where) -> Act {
        self.offline = true;
        self.hold_or_drop(at, LostCause::Offline, 4000)
    }

    /// The browser is online again.
    pub fn went_online(&mut self, at: Where) -> Act {
        self.offline = false;
        // Also when it was not known to be offline (the page loaded offline): an attempt now
        // beats waiting out a long backoff.
        if at == Where::Backoff && !self.suspended {
            return Act::Attempt { restart: true };
        }
        Act::Nothing
    }

    /// The page is going into the back/forward cache.
    pub fn suspend(&mut self, at: Where) -> Act {
        if at == Where::Idle {
            return Act::Nothing;
        }
        self.suspended = true;
        self.hold_or_drop(at, LostCause::Suspended, 1000)
    }

    fn hold_or_drop(&mut self, at: Where, cause: LostCause, code: u16) -> Act {
        self.probing = false;
        if at != Where::Idle {
            self.cause = Some(cause.clone());
        }
        match at {
            Where::Idle => Act::Nothing,
            Where::Backoff => Act::Hold(cause),
            Where::Ready | Where::Connecting => Act::Drop { cause, code },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_absence_is_ignored_and_a_long_one_probes_a_ready_session() {
        let mut l = Liveness::default();
        assert_eq!(l.resumed(Where::Ready, WAKE_MIN_MS - 1, 1_000), Act::Nothing);
        assert!(!l.probing());
        assert_eq!(l.resumed(Where::Ready, WAKE_MIN_MS, 1_500), Act::Probe(1_500));
        assert!(l.probing());
        assert!(l.answered(), "the probe ended");
        assert!(!l.answered(), "once");
    }

    #[test]
    fn the_watch_runs_while_a_session_exists() {
        let l = Liveness::default();
        let mut t = TimerTable::default();
        l.watch(0, Where::Idle, &mut t);
        assert_eq!(t.get(Timer::Watch), None);
        l.watch(10, Where::Connecting, &mut t);
        assert_eq!(t.get(Timer::Watch), Some(10 + WATCH_MS));
        l.watch(500, Where::Ready, &mut t);
        assert_eq!(t.get(Timer::Watch), Some(10 + WATCH_MS), "not pushed back by every input");
        l.watch(10 + WATCH_MS, Where::Backoff, &mut t);
        assert_eq!(t.get(Timer::Watch), Some(10 + 2 * WATCH_MS), "re-armed once expired");
        l.watch(9_000, Where::Idle, &mut t);
        assert_eq!(t.get(Timer::Watch), None, "closed: stopped");
    }

    #[test]
    fn a_failed_probe_is_the_cause_of_the_loss_and_offline_stays_the_cause() {
        let mut l = Liveness::default();
        let _ = l.resumed(Where::Ready, 60_000, 1_000);
        l.lost(&"keep-alive ping unanswered".into(), 1_000);
        assert_eq!(l.cause(), Some(&LostCause::ProbeFailed { after_ms: 1_000 }));
        l.lost(&"socket closed (1006)".into(), 1_000);
        assert_eq!(l.cause(), Some(&LostCause::Lost { message: "socket closed (1006)".into() }));
        let _ = l.went_offline(Where::Ready);
        l.lost(&"socket closed (1006)".into(), 1_000);
        assert_eq!(l.cause(), Some(&LostCause::Offline), "the socket's close after offline");
        l.settled();
        assert_eq!(l.cause(), None);
    }

    #[test]
    fn waking_during_a_backoff_attempts_at_once_unless_offline_and_connecting_waits_for_its_step() {
        let mut l = Liveness::default();
        assert_eq!(l.resumed(Where::Backoff, 5_000, 1_000), Act::Attempt { restart: false });
        assert_eq!(l.resumed(Where::Connecting, 5_000, 1_000), Act::Nothing);
        assert_eq!(l.resumed(Where::Idle, 5_000, 1_000), Act::Nothing);
        let _ = l.went_offline(Where::Backoff);
        assert_eq!(l.resumed(Where::Backoff, 5_000, 1_000), Act::Nothing);
    }

    #[test]
    fn offline_drops_or_holds_and_online_attempts_with_a_fresh_backoff() {
        let mut l = Liveness::default();
        assert_eq!(l.went_offline(Where::Ready), Act::Drop { cause: LostCause::Offline, code: 4000 });
        assert!(l.offline() && !l.may_retry());
        assert_eq!(l.went_offline(Where::Backoff), Act::Hold(LostCause::Offline));
        assert_eq!(l.went_offline(Where::Connecting), Act::Drop { cause: LostCause::Offline, code: 4000 });
        assert_eq!(l.went_offline(Where::Idle), Act::Nothing);
        assert_eq!(l.went_online(Where::Backoff), Act::Attempt { restart: true });
        assert!(!l.offline() && l.may_retry());
        assert_eq!(l.went_online(Where::Ready), Act::Nothing);
        assert_eq!(l.went_online(Where::Backoff), Act::Attempt { restart: true }, "online is always worth an attempt");
    }

    #[test]
    fn offline_ends_a_probe() {
        let mut l = Liveness::default();
        let _ = l.resumed(Where::Ready, 5_000, 1_000);
        let _ = l.went_offline(Where::Ready);
        assert!(!l.probing());
    }

    #[test]
    fn the_cache_closes_cleanly_and_showing_the_page_again_reconnects() {
        let mut l = Liveness::default();
        assert_eq!(l.suspend(Where::Idle), Act::Nothing);
        assert_eq!(l.suspend(Where::Ready), Act::Drop { cause: LostCause::Suspended, code: 1000 });
        assert!(!l.may_retry());
        assert_eq!(l.went_online(Where::Backoff), Act::Nothing, "still in the cache");
        assert_eq!(l.resumed(Where::Backoff, 0, 1_000), Act::Attempt { restart: true }, "however short the stay");
        assert!(l.may_retry());
        // Shown again while offline: wait for online.
        let _ = l.suspend(Where::Ready);
        let _ = l.went_offline(Where::Backoff);
        assert_eq!(l.resumed(Where::Backoff, 0, 1_000), Act::Nothing);
        assert_eq!(l.went_online(Where::Backoff), Act::Attempt { restart: true });
        // A page's own connect() clears the suspension.
        let _ = l.suspend(Where::Backoff);
        l.reset();
        assert!(l.may_retry());
    }

    #[test]
    fn causes_have_stable_codes_and_readable_messages() {
        let all = [
            LostCause::Lost { message: "socket closed (1006)".into() },
            LostCause::Offline,
            LostCause::ProbeFailed { after_ms: 1_000 },
            LostCause::Suspended,
        ];
        let codes: Vec<&str> = all.iter().map(LostCause::code).collect();
        assert_eq!(codes, ["CONNECTION_LOST", "OFFLINE", "PROBE_FAILED", "SUSPENDED"]);
        assert!(all.iter().all(|c| !c.to_string().is_empty()));
    }
}
