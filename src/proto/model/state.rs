//! The [`Model`] struct: the state of one agent session, what it answers to readers, the
//! resolution of a target to its object kind, and the two helpers with which every handler
//! records a change. The code that changes the state is in `impl Model` blocks of the
//! files of each concern (`session.rs`, `channel.rs`, `interaction.rs`, `resync.rs`), and
//! its entry point, [`Model::apply`], dispatches in `mod.rs`; this file is what they all
//! share, and it imports none of them.

use super::change::{Change, ChangeKind, Changes, ObjectKind};
use super::limits::Limits;
use super::objects::{Channel, ChannelGroup, Conversation, Interaction, Session};
use super::registry::Registry;
use crate::proto::json::{same, Json};

/// The whole state of one agent session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub(super) session: Option<Session>,
    pub(super) groups: Registry<ChannelGroup>,
    pub(super) channels: Registry<Channel>,
    pub(super) interactions: Registry<Interaction>,
    pub(super) conversations: Registry<Conversation>,
    /// Items of `session.externalnotreadyreasons.updated` (checked against `wire::REASON_CODE`).
    pub(super) not_ready_reasons: Vec<Json>,
    /// Items of `session.externallogoutreasons.updated` (`wire::LOGOUT_REASON`).
    pub(super) logout_reasons: Vec<Json>,
    /// The address books (`wire::ADDRESS_BOOK`).
    pub(super) address_books: Vec<Json>,
    /// Approximate bytes of `address_books` (the byte budget).
    pub(super) books_bytes: usize,
    /// Bytes the byte budget dropped since [`Model::take_budget_dropped`] was last called.
    pub(super) budget_dropped: usize,
    /// Ended interactions, oldest first, kept until [`Limits::ended_interactions`] newer
    /// ones push them out.
    pub(super) ended: Vec<String>,
    pub(super) version: u64,
    pub(super) limits: Limits,
    /// Targets re-announced during a resync; `None` outside one.
    /// (A sorted vector, not a `BTreeSet`: the tree's node code costs wasm bytes.)
    pub(super) seen: Option<Vec<String>>,
}

impl Model {
    /// An empty model with `limits` (not inlined: the engine's construction and a new
    /// session share it).
    #[inline(never)]
    pub fn new(limits: Limits) -> Model {
        Model { limits, ..Model::default() }
    }

    /// The bounds this model keeps to.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// A counter that grows on every change: snapshots compare it to know whether to rebuild.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The session, once bound.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The session id, once bound.
    pub fn session_id(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.id.as_str())
    }

    /// Channel groups by target.
    pub fn groups(&self) -> &Registry<ChannelGroup> {
        &self.groups
    }

    /// Channels by target.
    pub fn channels(&self) -> &Registry<Channel> {
        &self.channels
    }

    /// Interactions by target.
    pub fn interactions(&self) -> &Registry<Interaction> {
        &self.interactions
    }

    /// Conversations by target.
    pub fn conversations(&self) -> &Registry<Conversation> {
        &self.conversations
    }

    /// The not-ready reasons the server listed (each checked against `wire::REASON_CODE`).
    pub fn not_ready_reasons(&self) -> &[Json] {
        &self.not_ready_reasons
    }

    /// The logout reasons the server listed (each checked against `wire::LOGOUT_REASON`).
    pub fn logout_reasons(&self) -> &[Json] {
        &self.logout_reasons
    }

    /// The address books, from the last request result or update event (each checked
    /// against `wire::ADDRESS_BOOK`).
    pub fn address_books(&self) -> &[Json] {
        &self.address_books
    }

    /// The channel with this target.
    pub fn channel(&self, target: &str) -> Option<&Channel> {
        self.channels.get(target)
    }

    /// Channels of a group, in target order.
    pub fn channels_of_group<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Channel> + 'a {
        self.channels.values().filter(move |c| c.group() == Some(group))
    }

    /// Resolves a target against the registry.
    pub fn resolve(&self, target: &str) -> Option<ObjectKind> {
        let h = super::registry::hash(target);
        if self.session_id().is_some_and(|s| same(s, target)) {
            Some(ObjectKind::Session)
        } else if self.channels.contains_hashed(target, h) {
            Some(ObjectKind::Channel)
        } else if self.groups.contains_hashed(target, h) {
            Some(ObjectKind::ChannelGroup)
        } else if self.interactions.contains_hashed(target, h) {
            Some(ObjectKind::Interaction)
        } else if self.conversations.contains_hashed(target, h) {
            Some(ObjectKind::Conversation)
        } else {
            None
        }
    }

    /// Records one change: the version grows, and the change is returned.
    pub(super) fn changed(&mut self, kind: ChangeKind, object: ObjectKind, target: &str) -> Changes {
        let mut out = Vec::new();
        self.note(&mut out, kind, object, target);
        out
    }

    /// Records one change into `out` (the version grows).
    pub(super) fn note(&mut self, out: &mut Changes, kind: ChangeKind, object: ObjectKind, target: &str) {
        self.version += 1;
        out.push(Change { kind, object, target: target.to_owned() });
    }

    /// `*.initialized` on the object `t` of `kind` (`preview`: `interaction.preview`, the
    /// interaction's `previewed`): one setter for the six flag events.
    #[inline(never)]
    pub(super) fn set_flag(&mut self, kind: Option<ObjectKind>, t: &str, preview: bool) -> Changes {
        let Some(kind) = kind else { return Vec::new() };
        let flag = match kind {
            ObjectKind::Session => self.session.as_mut().map(|s| &mut s.initialized),
            ObjectKind::ChannelGroup => self.groups.get_mut(t).map(|g| &mut g.initialized),
            ObjectKind::Channel => self.channels.get_mut(t).map(|c| &mut c.initialized),
            ObjectKind::Interaction if preview => self.interactions.get_mut(t).map(|i| &mut i.previewed),
            ObjectKind::Interaction => self.interactions.get_mut(t).map(|i| &mut i.initialized),
            ObjectKind::Conversation => self.conversations.get_mut(t).map(|c| &mut c.initialized),
            _ => None,
        };
        let c = flag.is_some_and(|f| !std::mem::replace(f, true));
        self.updated_if(c, kind, t)
    }

    /// Records an update of `target` when its detachable data `changed`, then keeps the
    /// byte budget (what that drops follows in the changes).
    #[inline(never)]
    pub(super) fn data_changed(&mut self, changed: bool, object: ObjectKind, target: &str) -> Changes {
        let mut out = self.updated_if(changed, object, target);
        if changed {
            self.enforce_budget(target, &mut out);
        }
        out
    }

    /// Records an update of `target` when `changed`, else nothing.
    pub(super) fn updated_if(&mut self, changed: bool, object: ObjectKind, target: &str) -> Changes {
        if changed {
            self.changed(ChangeKind::Updated, object, target)
        } else {
            Vec::new()
        }
    }
}
