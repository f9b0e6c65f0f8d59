//! The pending-request table (WIRE-PROFILE §5). Resource requests carry no id: a response
//! settles the **oldest** sent request with the same command (trimmed; either dialect's
//! spelling) and the same target. Recently settled and timed-out requests are remembered
//! briefly so a second or late response is reported precisely instead of as "unmatched".

use super::validate::Observed;
use crate::proto::order::{reverse, take};
use crate::proto::time::Millis;
use crate::proto::wire::{CommandKey, Request};

/// The id of a page command (monotonic per engine).
pub type RequestId = u64;

/// Who is waiting for the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A page command: it settles a Promise.
    Page,
    /// The engine's own session start (bootstrap step).
    Start,
}

/// Where a request is.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// Waiting for the session to be ready (while connecting or reconnecting).
    Queued,
    /// Sent; waiting for its response.
    Sent {
        /// When it was sent.
        at: Millis,
    },
    /// Accepted by the server; waiting for the model to show it applied (`until: applied`).
    Applying {
        /// When it was sent.
        at: Millis,
        /// The success data, delivered once applied.
        data: Option<crate::proto::wire::ResultData>,
    },
}

/// One request awaiting its outcome.
#[derive(Clone, Debug)]
pub struct Pending {
    /// Id.
    pub id: RequestId,
    /// Who waits.
    pub origin: Origin,
    /// The request.
    pub request: Request,
    /// Correlation key.
    pub key: CommandKey,
    /// Where it is.
    pub stage: Stage,
    /// When the page submitted it.
    pub submitted: Millis,
    /// When it times out.
    pub deadline: Millis,
    /// Resolve only once the model shows it applied.
    pub until_applied: bool,
    /// What has been seen towards "applied".
    pub observed: Observed,
}

/// Why a response matched nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unmatched {
    /// It answers a request that was already answered.
    Duplicate,
    /// It answers a request that already timed out.
    Late,
    /// It answers nothing known.
    Unknown,
}

#[derive(Clone, Debug)]
struct Recent {
    key: CommandKey,
    target: Option<String>,
    timed_out: bool,
}

const RECENT: usize = 64;

/// The table.
#[derive(Clone, Debug, Default)]
pub struct Correlation {
    items: Vec<Pending>,
    /// Oldest first (a `Vec`: at most [`RECENT`], and one deque type less in the wasm).
    recent: Vec<Recent>,
}

impl Correlation {
    /// Adds a request at the end (submission order).
    pub fn push(&mut self, p: Pending) {
        self.items.push(p);
    }

    /// How many requests are in `stage`-like state.
    pub fn count(&self, queued: bool) -> usize {
        self.items.iter().filter(|p| matches!(p.stage, Stage::Queued) == queued).count()
    }

    /// How many requests are pending (waiting or in flight).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Every pending request, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Pending> {
        self.items.iter()
    }

    /// Mutable access, oldest first.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Pending> {
        self.items.iter_mut()
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Takes the oldest sent request answered by a response with `key` and `target`
    /// (WIRE-PROFILE §5). For a failure, `original` is the request it carries: when several
    /// requests with that command and target are in flight, it picks the oldest one whose
    /// `data` it repeats ("a failure's `original` confirms it").
    ///
    /// # Errors
    /// Why nothing matched.
    pub fn take_match(
        &mut self,
        key: &CommandKey,
        target: Option<&str>,
        original: Option<&Request>,
    ) -> Result<Pending, Unmatched> {
        let candidate = |p: &Pending| {
            matches!(p.stage, Stage::Sent { .. }) && p.key == *key && p.request.target.as_deref() == target
        };
        let same_data = original.and_then(|o| {
            let want = o.command.data();
            self.items.iter().position(|p| candidate(p) && p.request.command.data() == want)
        });
        let pos = same_data.or_else(|| self.items.iter().position(candidate));
        match pos.and_then(|i| take(&mut self.items, i)) {
            Some(p) => Ok(p),
            None => {
                let hit = self.recent.iter().rposition(|r| r.key == *key && r.target.as_deref() == target);
                Err(match hit.and_then(|i| take(&mut self.recent, i)) {
                    Some(r) if r.timed_out => Unmatched::Late,
                    Some(_) => Unmatched::Duplicate,
                    None => Unmatched::Unknown,
                })
            }
        }
    }

    /// Remembers a settled request so a second response to it is reported as a duplicate
    /// (or as late, when it timed out).
    pub fn remember(&mut self, p: &Pending, timed_out: bool) {
        if self.recent.len() >= RECENT {
            take(&mut self.recent, 0);
        }
        self.recent.push(Recent { key: p.key.clone(), target: p.request.target.clone(), timed_out });
    }

    /// Removes and returns every request for which `f` holds, oldest first (`f` sees them
    /// newest first and may update the ones it keeps; a `dyn` predicate: one copy of the loop
    /// in the wasm for every caller).
    pub fn drain_where(&mut self, f: &mut dyn FnMut(&mut Pending) -> bool) -> Vec<Pending> {
        // In place, newest first (so taking them all moves nothing): nothing is moved or
        // allocated unless something is taken.
        let mut out = Vec::new();
        let mut i = self.items.len();
        while i > 0 {
            i -= 1;
            if self.items.get_mut(i).is_some_and(&mut *f) {
                out.extend(take(&mut self.items, i));
            }
        }
        reverse(&mut out);
        out
    }

    /// The earliest deadline.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.items.iter().map(|p| p.deadline).min()
    }

    /// Forgets the duplicate/late memory (a new connection starts clean).
    pub fn clear_recent(&mut self) {
        self.recent.clear();
    }
}
