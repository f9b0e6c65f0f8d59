//! Time for the engine: the host's monotonic clock, and the session's one re-armable timeout
//! (STYLE.md habit 2: the engine keeps every deadline; the web layer arms one JS timeout to
//! the earliest, `poll_timeout()`). The timeout is owned by a Rust value: dropping it cancels
//! it (habit 4). It calls the session's one callback (`pump::new_waker`) with [`FIRED`]: no
//! closure is made per arming (issue 14).

use super::glue::{clear_timer, now_ms, set_timer, wall_ms};
use crate::proto::time::Millis;
use std::cell::Cell;
use wasm_bindgen::JsValue;

/// What the session's callback is called with when the timeout fires.
pub const FIRED: u32 = 8;

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

/// The one JS timeout of a session, armed for one instant at a time. It also measures how
/// late it fires, on both clocks: a page frozen or throttled sees it late on the monotonic
/// clock, a computer asleep on the wall clock only (`performance.now()` may stop during a
/// system sleep; `Date.now()` does not).
#[derive(Debug, Default)]
pub struct Timer {
    /// The handle `setTimeout` gave (a number in browsers, an object in Node).
    timeout: Option<JsValue>,
    at: Option<Millis>,
    /// When the wall clock should read `at` (ms, `Date.now()`).
    wall_at: f64,
}

impl Timer {
    /// Arms the timeout for `at` (`None` disarms it) unless it is already armed for that
    /// instant; `wake(FIRED)` runs when it elapses.
    pub fn arm(&mut self, at: Option<Millis>, wake: &JsValue) {
        if at == self.at && (at.is_none() || self.timeout.is_some()) {
            return;
        }
        self.cancel();
        self.at = at;
        if let Some(at) = at {
            let delay = at.saturating_sub(now()).min(i32::MAX as u64) as u32;
            self.wall_at = wall_ms() + f64::from(delay);
            self.timeout = Some(set_timer(wake, FIRED, delay));
        }
    }

    fn cancel(&mut self) {
        if let Some(t) = self.timeout.take() {
            clear_timer(&t);
        }
    }

    /// Forgets the timeout that has just fired at `now`; returns how late it fired, in ms
    /// (the larger lateness of the two clocks).
    pub fn fired(&mut self, now: Millis) -> Millis {
        self.timeout = None;
        let late = self.at.take().map_or(0, |at| now.saturating_sub(at));
        let wall_late = wall_ms() - self.wall_at;
        let wall_late = if wall_late.is_finite() && wall_late > 0.0 { wall_late as Millis } else { 0 };
        late.max(wall_late)
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.cancel();
    }
}
