//! What a handler borrows from the world besides the agent: the catalog, the timers, the
//! interaction counter and the time. Commands and generated traffic both run call progress
//! through it.

use crate::config::Catalog;
use crate::timers::{TimerAction, Timers};
use std::time::{Duration, Instant};

/// What handlers borrow besides the agent.
#[derive(Debug)]
pub struct Cx<'a> {
    /// Configuration.
    pub cat: &'a Catalog,
    /// Timers.
    pub timers: &'a mut Timers,
    /// Interaction counter.
    pub next_ix: &'a mut u64,
    /// Now.
    pub now: Instant,
}

impl Cx<'_> {
    /// A new interaction id.
    pub fn ix_id(&mut self) -> String {
        let id = format!("ix-{}", *self.next_ix);
        *self.next_ix += 1;
        id
    }

    /// Arms the far end's release of a STARTED interaction (`talk_secs`).
    pub fn talk_timer(&mut self, agent: &str, ix: &str) {
        if self.cat.timing.talk_secs > 0 {
            let at = self.now + Duration::from_secs(self.cat.timing.talk_secs);
            self.timers.push(at, agent, ix, TimerAction::End);
        }
    }
}
