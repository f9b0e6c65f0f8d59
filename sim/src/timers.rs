//! Call-progress timers as data: what is due when, for which agent's interaction. Commands
//! and generated traffic arm them; `traffic.rs` fires what is due on each tick.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::time::Instant;

/// What a timer does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerAction {
    /// A dialled call is answered.
    Connect,
    /// A consult call is answered.
    ConnectConsult,
    /// The far end releases a STARTED interaction.
    End,
    /// Nobody accepted an ALERTING interaction.
    Abandon,
}

/// A pending timer.
#[derive(Debug, Clone)]
pub struct Timer {
    at: Instant,
    seq: u64,
    /// Agent id.
    pub agent: String,
    /// Interaction id.
    pub ix: String,
    /// What to do.
    pub action: TimerAction,
}

impl PartialEq for Timer {
    fn eq(&self, o: &Self) -> bool {
        (self.at, self.seq) == (o.at, o.seq)
    }
}
impl Eq for Timer {}
impl PartialOrd for Timer {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Timer {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(o.at, o.seq))
    }
}

/// The timer queue.
#[derive(Debug, Default)]
pub struct Timers {
    heap: BinaryHeap<Reverse<Timer>>,
    seq: u64,
}

impl Timers {
    /// Arms a timer.
    pub fn push(&mut self, at: Instant, agent: &str, ix: &str, action: TimerAction) {
        self.seq += 1;
        self.heap.push(Reverse(Timer { at, seq: self.seq, agent: agent.to_owned(), ix: ix.to_owned(), action }));
    }

    /// The next timer due at `now`.
    pub fn pop_due(&mut self, now: Instant) -> Option<Timer> {
        if self.heap.peek().is_some_and(|Reverse(t)| t.at <= now) {
            self.heap.pop().map(|Reverse(t)| t)
        } else {
            None
        }
    }
}
