//! The model's byte budget (issue 15, item 3). Object counts are bounded by [`Limits`], but
//! what objects carry is not: attached data, dispositions, scripts, address books and
//! conversation members may each be megabytes. Each object caches the approximate size of
//! what it carries; when a change takes the total past `Limits::bytes`, the oldest detachable
//! data is dropped until it fits again, in this order: ended interactions' attached data,
//! the address books (the page can ask for them again), other interactions' attached data,
//! other channels' dispositions and scripts and other conversations' members, and last the
//! data that was just set. Every drop is an ordinary change of its object, and the engine
//! reports the bytes dropped as a `budgetExceeded` protocol error. Nothing crashes.
//!
//! [`Limits`]: super::limits::Limits

use super::change::{ChangeKind, Changes, ObjectKind};
use super::objects::InteractionState;
use super::state::Model;
use crate::proto::json::Json;

/// Approximate heap bytes of a JSON value (contents plus a fixed cost per value).
pub(super) fn json_bytes(v: &Json) -> usize {
    match v {
        Json::String(s) => 24 + s.len(),
        Json::Number(n) => 16 + n.len(),
        Json::Array(a) => 24 + a.iter().map(json_bytes).sum::<usize>(),
        Json::Object(m) => 24 + m.iter().map(|(k, v)| 24 + k.len() + json_bytes(v)).sum::<usize>(),
        Json::Null | Json::Bool(_) => 8,
    }
}

/// Approximate bytes of a list of JSON values (the cold payloads' items).
pub(super) fn list_bytes(items: &[Json]) -> usize {
    items.iter().map(json_bytes).sum()
}

/// A piece of detachable data: whose, and how soon it goes.
struct Candidate {
    rank: u8,
    kind: ObjectKind,
    target: String,
}

impl Model {
    /// Approximate bytes the model's detachable data holds.
    pub fn data_bytes(&self) -> usize {
        self.books_bytes
            + self.channels.values().map(|c| c.data_bytes).sum::<usize>()
            + self.interactions.values().map(|i| i.data_bytes).sum::<usize>()
            + self.conversations.values().map(|c| c.data_bytes).sum::<usize>()
    }

    /// Bytes the budget dropped since the last call (0 when none).
    pub fn take_budget_dropped(&mut self) -> usize {
        std::mem::take(&mut self.budget_dropped)
    }

    /// The ranks of what is dropped first to last (the order `enforce_budget` walks): an
    /// ended interaction's data, the address books, a live interaction's, a channel's or a
    /// conversation's, then the object whose data just grew.
    const RANKS: [u8; 5] = [Self::ENDED, Self::BOOKS, Self::LIVE, Self::OTHER, Self::CHANGED];
    const ENDED: u8 = 0;
    const BOOKS: u8 = 1;
    const LIVE: u8 = 2;
    const OTHER: u8 = 3;
    const CHANGED: u8 = 9;

    /// After the detachable data of `changed` grew: drops the oldest until the total fits
    /// the budget again; the changes of what was dropped go to `out`.
    pub(super) fn enforce_budget(&mut self, changed: &str, out: &mut Changes) {
        let budget = self.limits.bytes;
        let mut total = self.data_bytes();
        if total <= budget {
            return;
        }
        let sid = self.session_id().unwrap_or_default().to_owned();
        let mut list: Vec<Candidate> = Vec::new();
        let rank = |t: &str, base: u8| if t == changed { Self::CHANGED } else { base };
        for i in self.interactions.values().filter(|i| i.data_bytes > 0) {
            let ended = matches!(i.state, Some(InteractionState::Ended | InteractionState::Completed));
            list.push(Candidate {
                rank: rank(&i.target, if ended { Self::ENDED } else { Self::LIVE }),
                kind: ObjectKind::Interaction,
                target: i.target.clone(),
            });
        }
        if self.books_bytes > 0 {
            list.push(Candidate { rank: rank(&sid, Self::BOOKS), kind: ObjectKind::AddressBooks, target: sid.clone() });
        }
        for c in self.channels.values().filter(|c| c.data_bytes > 0) {
            list.push(Candidate {
                rank: rank(&c.target, Self::OTHER),
                kind: ObjectKind::Channel,
                target: c.target.clone(),
            });
        }
        for c in self.conversations.values().filter(|c| c.data_bytes > 0) {
            list.push(Candidate {
                rank: rank(&c.target, Self::OTHER),
                kind: ObjectKind::Conversation,
                target: c.target.clone(),
            });
        }
        // By rank, then in the order listed.
        for r in Self::RANKS {
            for c in list.iter().filter(|c| c.rank == r) {
                if total <= budget {
                    return;
                }
                let freed = self.drop_data(c.kind, &c.target);
                total = total.saturating_sub(freed);
                self.budget_dropped += freed;
                self.note(out, ChangeKind::Updated, c.kind, &c.target);
            }
        }
    }

    /// Drops the detachable data of one object; returns the bytes it held.
    fn drop_data(&mut self, kind: ObjectKind, target: &str) -> usize {
        match kind {
            ObjectKind::Interaction => self.interactions.get_mut(target).map_or(0, |i| {
                i.data = Vec::new();
                std::mem::take(&mut i.data_bytes)
            }),
            ObjectKind::Channel => self.channels.get_mut(target).map_or(0, |c| {
                c.dispositions = Vec::new();
                c.scripts = None;
                std::mem::take(&mut c.data_bytes)
            }),
            ObjectKind::Conversation => self.conversations.get_mut(target).map_or(0, |c| {
                c.members = Vec::new();
                std::mem::take(&mut c.data_bytes)
            }),
            ObjectKind::AddressBooks => {
                self.address_books = Vec::new();
                std::mem::take(&mut self.books_bytes)
            }
            _ => 0,
        }
    }
}
