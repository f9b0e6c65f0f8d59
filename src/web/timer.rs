//! Time for the engine: the host's monotonic clock, and the session's one re-armable timeout
//! (STYLE.md habit 2: the engine keeps every deadline; the web layer arms one JS timeout to
//! the earliest, `poll_timeout()`). The timeout is owned by a Rust value: dropping it cancels
//! it (habit 4).

use super::glue::now_ms;
use crate::proto::time::Millis;
use gloo_timers::callback::Timeout;
use std::cell::Cell;

thread_local! {
    /// The latest time given to any engine (inputs must never go back in time).
    static LAST: Cell<Millis> = const { Cell::new(0) };
}

/// The host's monotonic clock, in whole milliseconds.
pub fn now() -> Millis {
    stamp(now_ms())
}

/// `at` (a `performance.now()` reading, or an event's timestamp on the same clock) as the
/// time of an engine input: never earlier than an input already given.
pub fn stamp(at: f64) -> Millis {
    let t = if at.is_finite() { at.max(0.0) as Millis } else { 0 };
    LAST.with(|l| {
        let t = t.max(l.get());
        l.set(t);
        t
    })
}

/// The one JS timeout of a session, armed for one instant at a time.
#[derive(Debug, Default)]
pub struct Timer {
    timeout: Option<Timeout>,
    at: Option<Millis>,
}

impl Timer {
    /// Arms the timeout for `at` (`None` disarms it) unless it is already armed for that
    /// instant; `fire` runs when it elapses.
    pub fn arm(&mut self, at: Option<Millis>, fire: impl FnOnce() + 'static) {
        if at == self.at && (at.is_none() || self.timeout.is_some()) {
            return;
        }
        self.timeout = None;
        self.at = at;
        if let Some(at) = at {
            let delay = at.saturating_sub(now()).min(i32::MAX as u64) as u32;
            self.timeout = Some(Timeout::new(delay, fire));
        }
    }

    /// Forgets the timeout that has just fired.
    pub fn fired(&mut self) {
        self.timeout = None;
        self.at = None;
    }
}
