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

/// When each [`Timer`] is due (`None`: not armed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimerTable {
    due: [Option<Millis>; 6],
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

    /// The earliest armed deadline.
    pub fn next_timeout(&self) -> Option<Millis> {
        self.due.iter().flatten().min().copied()
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
}
