//! Every deadline the engine keeps, as data (STYLE.md habit 2, quinn-proto's
//! `connection/timer.rs`): one [`Timer`] per kind of deadline and one table of when each is
//! due. [`TimerTable::next_timeout`] is the whole answer to `Engine::poll_timeout`; the engine
//! arms and stops entries where the protocol starts and ends the waits they stand for.

use crate::proto::time::Millis;

/// A kind of deadline. At most one of each is armed at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// The connection step under way: opening the socket, a bootstrap request
    /// (WIRE-PROFILE §3), or the session start and its initialization (pushed back on every
    /// sign of progress). Expiry: the connection is lost.
    Step,
    /// The end of a reconnect backoff (WIRE-PROFILE §6). Expiry: open a new socket.
    Reconnect,
    /// Keep-alive: when the server has been silent for `keep_alive` ms (while ready, or while
    /// the override prompt waits). Expiry: send a `ping`.
    Idle,
    /// The keep-alive `ping` is unanswered by this time. Expiry: the connection is lost.
    Ping,
    /// The earliest deadline of a pending command (the pending table holds each one's).
    /// Expiry: those commands time out.
    Request,
    /// A watch that fires every `liveness::WATCH_MS` while a session exists, so that the host
    /// sees its timer fire late after the page was frozen or the computer asleep, however far
    /// the other deadlines are. Expiry: re-armed (nothing else).
    Watch,
}

impl Timer {
    /// Every timer, in the order expired ones are handled.
    pub const ALL: [Timer; 6] = [Timer::Request, Timer::Step, Timer::Reconnect, Timer::Ping, Timer::Idle, Timer::Watch];

    fn index(self) -> usize {
        match self {
            Timer::Step => 0,
            Timer::Reconnect => 1,
            Timer::Idle => 2,
            Timer::Ping => 3,
            Timer::Request => 4,
            Timer::Watch => 5,
        }
    }
}

/// A timeout given this long after the earliest deadline means the page did not run meanwhile
/// (a long task on a busy main thread, a frozen or throttled page, a sleep): answers that
/// arrived in that time may still be queued behind the timer, so expiries wait [`GRACE_MS`]
/// once before they count (a pong queued behind a 1.2 s long task must not lose the
/// connection; a command's answer queued behind it must not time the command out).
pub const LATE_MS: Millis = 250;

/// How long expiries wait after a late timeout: long enough for the queued socket messages to
/// be handled first, short against every protocol deadline.
pub const GRACE_MS: Millis = 50;

/// When each [`Timer`] is due (`None`: not armed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimerTable {
    due: [Option<Millis>; 6],
    /// A grace under way ([`TimerTable::hold_if_late`]): when it began, and until when no
    /// deadline counts as expired.
    hold: Option<(Millis, Millis)>,
}

impl TimerTable {
    /// Arms `timer` for `at` (replacing any earlier setting).
    pub fn set(&mut self, timer: Timer, at: Millis) {
        self.due[timer.index()] = Some(at);
    }

    /// Arms `timer` for `at`, or stops it when `at` is `None`.
    pub fn set_opt(&mut self, timer: Timer, at: Option<Millis>) {
        self.due[timer.index()] = at;
    }

    /// Stops `timer`.
    pub fn stop(&mut self, timer: Timer) {
        self.due[timer.index()] = None;
    }

    /// When `timer` is due.
    pub fn get(&self, timer: Timer) -> Option<Millis> {
        self.due[timer.index()]
    }

    /// Whether `timer` is armed.
    pub fn is_armed(&self, timer: Timer) -> bool {
        self.get(timer).is_some()
    }

    /// Whether `timer` is armed and due at `now`.
    pub fn expired(&self, timer: Timer, now: Millis) -> bool {
        self.get(timer).is_some_and(|at| at <= now)
    }

    /// The earliest armed deadline (not before the end of a grace under way).
    pub fn next_timeout(&self) -> Option<Millis> {
        let at = self.due.iter().flatten().min().copied()?;
        Some(self.hold.map_or(at, |(_, end)| at.max(end)))
    }

    /// Called when the host's timer fires at `now`: whether the expiries must wait. A timeout
    /// at least [`LATE_MS`] after the earliest deadline starts a grace of [`GRACE_MS`] (input
    /// handled meanwhile may stop the deadlines it answers); the timeout at its end acts.
    pub fn hold_if_late(&mut self, now: Millis) -> bool {
        let earliest = self.due.iter().flatten().min().copied();
        if let Some((began, end)) = self.hold {
            if now < end {
                return true;
            }
            self.hold = None;
            // The deadlines the grace was for: they act now. Later ones (the grace outlived
            // them, e.g. every deadline was stopped meanwhile) are judged afresh.
            if earliest.is_some_and(|at| at <= began) {
                return false;
            }
        }
        let late = earliest.is_some_and(|at| now.saturating_sub(at) >= LATE_MS);
        if late {
            self.hold = Some((now, now.saturating_add(GRACE_MS)));
        }
        late
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_timeout_is_the_earliest_armed_one() {
        let mut t = TimerTable::default();
        assert_eq!(t.next_timeout(), None);
        t.set(Timer::Idle, 30_000);
        t.set(Timer::Request, 10_000);
        assert_eq!(t.next_timeout(), Some(10_000));
        assert!(t.expired(Timer::Request, 10_000) && !t.expired(Timer::Idle, 10_000));
        t.stop(Timer::Request);
        assert_eq!(t.next_timeout(), Some(30_000));
        t.set_opt(Timer::Idle, None);
        assert!(!t.is_armed(Timer::Idle));
        for timer in Timer::ALL {
            assert!(!t.is_armed(timer));
            t.set(timer, 1);
        }
        assert_eq!(t.due, [Some(1); 6], "each timer has its own slot");
    }

    #[test]
    fn a_late_timeout_holds_the_expiries_once_for_the_grace() {
        let mut t = TimerTable::default();
        t.set(Timer::Ping, 1_000);
        // On time, or a little late: act now.
        assert!(!t.hold_if_late(1_000));
        assert!(!t.hold_if_late(1_000 + LATE_MS - 1));
        // Late: wait the grace; the next timeout is its end, and a timeout given early still waits.
        assert!(t.hold_if_late(1_000 + LATE_MS));
        let end = 1_000 + LATE_MS + GRACE_MS;
        assert_eq!(t.next_timeout(), Some(end));
        assert!(t.hold_if_late(end - 1));
        // At its end: act, however late the deadline is by then.
        assert!(!t.hold_if_late(end));
        assert_eq!(t.next_timeout(), Some(1_000));
        // Nothing armed: nothing to hold.
        let mut idle = TimerTable::default();
        assert!(!idle.hold_if_late(1_000_000));
        // A grace whose deadlines were all stopped (answered) is not carried over to later
        // ones: a later late timeout gets a grace of its own.
        let mut t = TimerTable::default();
        t.set(Timer::Ping, 1_000);
        assert!(t.hold_if_late(2_000));
        t.stop(Timer::Ping);
        t.set(Timer::Request, 10_000);
        assert!(t.hold_if_late(20_000), "late again, long after: a new grace");
        assert!(!t.hold_if_late(20_000 + GRACE_MS));
    }
}
