//! Removal: an object with everything under it, by one walk down the kinds (a group's
//! channels, a channel's interactions, an interaction's conversations), for every path that
//! removes (`conversation.disposed`, COMPLETED, the ended interactions' bound, a resync).
//! An object's parent is the target before its last segment (`invariants.rs` checks that the
//! parent members agree), so the walk needs no parent member of its own.

use super::change::{ChangeKind, Changes, ObjectKind};
use super::registry::Keys;
use super::state::Model;
use crate::proto::target;

/// The kind of the objects directly under one of `kind` that go with it.
fn under(kind: ObjectKind) -> Option<ObjectKind> {
    match kind {
        ObjectKind::ChannelGroup => Some(ObjectKind::Channel),
        ObjectKind::Channel => Some(ObjectKind::Interaction),
        ObjectKind::Interaction => Some(ObjectKind::Conversation),
        _ => None,
    }
}

impl Model {
    /// The registry of `kind`, as far as its targets go (`None` for kinds without one).
    fn keys_of(&self, kind: ObjectKind) -> Option<&dyn Keys> {
        Some(match kind {
            ObjectKind::ChannelGroup => &self.groups,
            ObjectKind::Channel => &self.channels,
            ObjectKind::Interaction => &self.interactions,
            ObjectKind::Conversation => &self.conversations,
            _ => return None,
        })
    }

    /// The targets of the objects of `kind` for which `keep` holds, in target order.
    pub(super) fn targets(&self, kind: ObjectKind, keep: &dyn Fn(&str) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(keys) = self.keys_of(kind) {
            let mut i = 0;
            while let Some(t) = keys.key(i) {
                if keep(t) {
                    out.push(t.to_owned());
                }
                i += 1;
            }
        }
        out
    }

    /// Removes the object of `kind` at `target` with everything under it; the changes list
    /// what is under it first.
    pub(super) fn remove(&mut self, kind: ObjectKind, target: &str) -> Changes {
        let mut out = Vec::new();
        self.remove_into(kind, target, &mut out);
        out
    }

    /// Removes the objects of `kind` directly under `parent`, each with what is under it.
    pub(super) fn remove_under(&mut self, kind: ObjectKind, parent: &str, out: &mut Changes) {
        for t in self.targets(kind, &|t| target::parent(t) == Some(parent)) {
            self.remove_into(kind, &t, out);
        }
    }

    fn remove_into(&mut self, kind: ObjectKind, target: &str, out: &mut Changes) {
        if let Some(child) = under(kind) {
            self.remove_under(child, target, out);
        }
        let gone = match kind {
            ObjectKind::ChannelGroup => self.groups.discard(target),
            ObjectKind::Channel => self.channels.discard(target),
            ObjectKind::Interaction => {
                let gone = self.interactions.discard(target);
                if gone {
                    self.ended.retain(|t| t != target);
                }
                gone
            }
            ObjectKind::Conversation => self.conversations.discard(target),
            _ => false,
        };
        if gone {
            self.note(out, ChangeKind::Removed, kind, target);
        }
    }
}
