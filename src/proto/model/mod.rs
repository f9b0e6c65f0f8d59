//! The session model: the one place server messages change state.
//!
//! [`Model::apply`] takes a decoded [`Event`] and returns the [`Changes`] it made (empty
//! when the event repeated what the model already held, which is how a reconnect's
//! re-announced snapshot is reconciled without spurious events). Objects live in a registry
//! keyed by their full target, so targets are resolved by lookup, never by counting
//! segments (PROTOCOL.md 1.8).

pub mod labels;
mod objects;
mod registry;

pub use objects::*;
pub use registry::{Registry, Targeted};

use crate::proto::json::{Json, Map};
use crate::proto::target::{self, TargetError};
use crate::proto::wire::*;
use std::collections::VecDeque;
use std::fmt;

/// What kind of object a target names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectKind {
    /// The session.
    Session,
    /// A channel group.
    ChannelGroup,
    /// A channel.
    Channel,
    /// An interaction.
    Interaction,
    /// A conversation.
    Conversation,
    /// The not-ready reason list (target the session).
    NotReadyReasons,
    /// The logout reason list (target the session).
    LogoutReasons,
    /// The address books (target the session).
    AddressBooks,
}

impl ObjectKind {
    /// Lower-case name used in errors and snapshots.
    pub fn name(self) -> &'static str {
        match self {
            ObjectKind::Session => "session",
            ObjectKind::ChannelGroup => "channelgroup",
            ObjectKind::Channel => "channel",
            ObjectKind::Interaction => "interaction",
            ObjectKind::Conversation => "conversation",
            ObjectKind::NotReadyReasons => "notReadyReasons",
            ObjectKind::LogoutReasons => "logoutReasons",
            ObjectKind::AddressBooks => "addressBooks",
        }
    }
}

/// How an object changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// It appeared.
    Added,
    /// Some of its members changed.
    Updated,
    /// It is gone.
    Removed,
}

/// One object that changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// How.
    pub kind: ChangeKind,
    /// Which kind of object.
    pub object: ObjectKind,
    /// Its target.
    pub target: String,
}

/// What one input changed in the model, in order. Empty when nothing changed.
pub type Changes = Vec<Change>;

/// Bounds on what the model holds, so a hostile or broken server cannot grow it without end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Channels and channel groups.
    pub channels: usize,
    /// Live interactions.
    pub interactions: usize,
    /// Ended interactions kept for the page before the oldest is dropped (servers that never
    /// send `COMPLETED` would otherwise grow the model).
    pub ended_interactions: usize,
    /// Conversations.
    pub conversations: usize,
    /// Members per conversation.
    pub members: usize,
    /// Attached-data keys per interaction.
    pub data_keys: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            channels: 5_000,
            interactions: 1_000,
            ended_interactions: 50,
            conversations: 4_000,
            members: 64,
            data_keys: 512,
        }
    }
}

/// Why an event could not be applied. The model is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq)]
pub enum ApplyError {
    /// No session is bound yet.
    NoSession,
    /// The target belongs to another session.
    OtherSession {
        /// The target.
        target: String,
    },
    /// The target is not a valid target, or an announced id is not a valid id.
    Target(TargetError),
    /// The event's data id and its target's last segment disagree.
    IdMismatch {
        /// The target.
        target: String,
        /// The id in `data`.
        id: String,
    },
    /// A limit of [`Limits`] would be exceeded.
    LimitExceeded {
        /// What.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::NoSession => f.write_str("event before any session was bound"),
            ApplyError::OtherSession { target } => {
                write!(f, "target \"{target}\" belongs to another session")
            }
            ApplyError::Target(e) => e.fmt(f),
            ApplyError::IdMismatch { target, id } => {
                write!(f, "id \"{id}\" in data does not match target \"{target}\"")
            }
            ApplyError::LimitExceeded { what, limit } => write!(f, "more than {limit} {what}"),
        }
    }
}

impl std::error::Error for ApplyError {}

impl From<TargetError> for ApplyError {
    fn from(e: TargetError) -> Self {
        ApplyError::Target(e)
    }
}

fn unknown(target: &str) -> ApplyError {
    ApplyError::Target(TargetError::Unknown { target: target.to_owned() })
}

fn wrong_kind(target: &str, expected: ObjectKind, found: ObjectKind) -> ApplyError {
    ApplyError::Target(TargetError::WrongKind {
        target: target.to_owned(),
        expected: expected.name(),
        found: found.name(),
    })
}

/// Sets `*slot` to a copy of `v` when it differs (copying nothing otherwise) and reports
/// whether it changed: most events repeat what the model holds.
fn set_ref<T: PartialEq + Clone>(slot: &mut T, v: &T) -> bool {
    if slot == v {
        false
    } else {
        slot.clone_from(v);
        true
    }
}

/// Sets `*slot = v` and reports whether it changed.
fn set<T: PartialEq>(slot: &mut T, v: T) -> bool {
    if *slot == v {
        false
    } else {
        *slot = v;
        true
    }
}

/// The whole state of one agent session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    session: Option<Session>,
    groups: Registry<ChannelGroup>,
    channels: Registry<Channel>,
    interactions: Registry<Interaction>,
    conversations: Registry<Conversation>,
    not_ready_reasons: Vec<ReasonCode>,
    logout_reasons: Vec<LogoutReason>,
    address_books: Vec<AddressBook>,
    ended: VecDeque<String>,
    version: u64,
    limits: Limits,
    /// Targets re-announced during a resync; `None` outside one.
    /// (A sorted vector, not a `BTreeSet`: the tree's node code costs wasm bytes.)
    seen: Option<Vec<String>>,
}

impl Model {
    /// An empty model with `limits`.
    pub fn new(limits: Limits) -> Model {
        Model { limits, ..Model::default() }
    }

    /// Starts the model of session `id` (the prepared resource). Keeps the objects when it
    /// is the same session (a reconnect), clears them for another.
    pub fn begin_session(&mut self, id: &str) -> Changes {
        let same = self.session.as_ref().is_some_and(|s| s.id == id);
        if same {
            return Vec::new();
        }
        let had = self.session.is_some();
        let limits = self.limits;
        *self = Model { limits, version: self.version + 1, ..Model::default() };
        self.session = Some(Session { id: id.to_owned(), initialized: false, agent_leg: AgentLeg::Unknown });
        vec![Change {
            kind: if had { ChangeKind::Updated } else { ChangeKind::Added },
            object: ObjectKind::Session,
            target: id.to_owned(),
        }]
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

    /// The not-ready reasons the server listed.
    pub fn not_ready_reasons(&self) -> &[ReasonCode] {
        &self.not_ready_reasons
    }

    /// The logout reasons the server listed.
    pub fn logout_reasons(&self) -> &[LogoutReason] {
        &self.logout_reasons
    }

    /// The address books, from the last request result or update event.
    pub fn address_books(&self) -> &[AddressBook] {
        &self.address_books
    }

    /// The channel with this target.
    pub fn channel(&self, target: &str) -> Option<&Channel> {
        self.channels.get(target)
    }

    /// Channels of a group, in target order.
    pub fn channels_of_group<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Channel> + 'a {
        self.channels.values().filter(move |c| c.group.as_deref() == Some(group))
    }

    /// Resolves a target against the registry.
    pub fn resolve(&self, target: &str) -> Option<ObjectKind> {
        if self.session_id() == Some(target) {
            Some(ObjectKind::Session)
        } else if self.channels.contains_key(target) {
            Some(ObjectKind::Channel)
        } else if self.groups.contains_key(target) {
            Some(ObjectKind::ChannelGroup)
        } else if self.interactions.contains_key(target) {
            Some(ObjectKind::Interaction)
        } else if self.conversations.contains_key(target) {
            Some(ObjectKind::Conversation)
        } else {
            None
        }
    }

    /// Records a `getscripts` result on its channel.
    pub fn set_scripts(&mut self, channel: &str, scripts: Vec<Script>) -> Changes {
        let c = self.channels.get_mut(channel).is_some_and(|c| set(&mut c.scripts, Some(scripts)));
        self.updated_if(c, ObjectKind::Channel, channel)
    }

    /// Records an address-book request result.
    pub fn set_address_books(&mut self, books: Vec<AddressBook>) -> Changes {
        let target = self.session_id().unwrap_or_default().to_owned();
        if set(&mut self.address_books, books) {
            self.changed(ChangeKind::Updated, ObjectKind::AddressBooks, &target)
        } else {
            Vec::new()
        }
    }

    fn changed(&mut self, kind: ChangeKind, object: ObjectKind, target: &str) -> Changes {
        self.version += 1;
        vec![Change { kind, object, target: target.to_owned() }]
    }

    /// During a resync, records that `target` (and so each of its ancestors) was announced.
    fn mark_seen(&mut self, target: &str) {
        if let Some(seen) = &mut self.seen {
            let mut t = target;
            loop {
                match seen.binary_search_by(|x| x.as_str().cmp(t)) {
                    Ok(_) => break,
                    Err(i) => seen.insert(i, t.to_owned()),
                }
                match target::parent(t) {
                    Some(p) => t = p,
                    None => break,
                }
            }
        }
    }

    /// After an event applied: what it announced counts as re-announced.
    fn mark_announced(&mut self, ev: &Event) {
        if self.seen.is_none() {
            return;
        }
        let child = match &ev.data {
            EventData::ChannelCreated(d) => target::child(&ev.target, &d.channel.id).ok(),
            EventData::ChannelGroupCreated(d) => target::child(&ev.target, &d.channelgroup.id).ok(),
            _ => None,
        };
        match child {
            Some(c) => self.mark_seen(&c),
            None => self.mark_seen(&ev.target.clone()),
        }
    }

    /// Starts reconciling with a re-announced snapshot (after a reconnect): objects not
    /// announced again before [`Model::end_resync`] are removed then.
    pub fn begin_resync(&mut self) -> Changes {
        self.seen = Some(Vec::new());
        let sid = self.session_id().unwrap_or_default().to_owned();
        let c = self.session.as_mut().is_some_and(|s| set(&mut s.initialized, false));
        self.updated_if(c, ObjectKind::Session, &sid)
    }

    /// Whether a resync is under way.
    pub fn resyncing(&self) -> bool {
        self.seen.is_some()
    }

    /// Ends a resync: removes every object the server did not announce again.
    pub fn end_resync(&mut self) -> Changes {
        let Some(seen) = self.seen.take() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        fn gone<V: Targeted>(m: &Registry<V>, seen: &[String]) -> Vec<String> {
            m.keys().filter(|t| seen.binary_search(t).is_err()).cloned().collect()
        }
        for t in gone(&self.conversations, &seen) {
            out.extend(self.remove_conversation(&t));
        }
        for t in gone(&self.interactions, &seen) {
            out.extend(self.remove_interaction(&t));
        }
        for t in gone(&self.channels, &seen) {
            out.extend(self.remove_channel(&t));
        }
        for t in gone(&self.groups, &seen) {
            let members: Vec<String> = self.channels_of_group(&t).map(|c| c.target.clone()).collect();
            for c in members {
                out.extend(self.remove_channel(&c));
            }
            self.groups.remove(&t);
            out.extend(self.changed(ChangeKind::Removed, ObjectKind::ChannelGroup, &t));
        }
        out
    }

    fn remove_conversation(&mut self, target: &str) -> Changes {
        if self.conversations.remove(target).is_some() {
            self.changed(ChangeKind::Removed, ObjectKind::Conversation, target)
        } else {
            Vec::new()
        }
    }

    fn remove_channel(&mut self, target: &str) -> Changes {
        let mut out = Vec::new();
        let ixs: Vec<String> =
            self.interactions.values().filter(|i| i.channel == target).map(|i| i.target.clone()).collect();
        for i in ixs {
            out.extend(self.remove_interaction(&i));
        }
        if self.channels.remove(target).is_some() {
            out.extend(self.changed(ChangeKind::Removed, ObjectKind::Channel, target));
        }
        out
    }

    fn remove_interaction(&mut self, target: &str) -> Changes {
        let mut out = Vec::new();
        let convs: Vec<String> =
            self.conversations.values().filter(|c| c.interaction == target).map(|c| c.target.clone()).collect();
        for c in convs {
            out.extend(self.remove_conversation(&c));
        }
        if self.interactions.remove(target).is_some() {
            self.ended.retain(|t| t != target);
            out.extend(self.changed(ChangeKind::Removed, ObjectKind::Interaction, target));
        }
        out
    }

    /// Applies one event.
    ///
    /// # Errors
    /// An [`ApplyError`] when the event cannot be applied (unknown or foreign target,
    /// invalid id, limit reached); the model is then unchanged. Unknown events change
    /// nothing and are not errors.
    pub fn apply(&mut self, ev: &Event) -> Result<Changes, ApplyError> {
        let changes = self.apply_event(ev)?;
        self.mark_announced(ev);
        Ok(changes)
    }

    fn apply_event(&mut self, ev: &Event) -> Result<Changes, ApplyError> {
        let sid = self.session_id().ok_or(ApplyError::NoSession)?.to_owned();
        let t = ev.target.as_str();
        target::validate(t)?;
        if target::session_id(t) != sid {
            return Err(ApplyError::OtherSession { target: t.to_owned() });
        }
        let is_session = t == sid;
        let found = self.resolve(t);
        let need_session = || match found {
            Some(ObjectKind::Session) => Ok(()),
            Some(k) => Err(wrong_kind(t, ObjectKind::Session, k)),
            None => Err(unknown(t)),
        };
        let expect = |want: ObjectKind| -> Result<(), ApplyError> {
            match found {
                Some(k) if k == want => Ok(()),
                Some(k) => Err(wrong_kind(t, want, k)),
                None => Err(unknown(t)),
            }
        };
        let session_changes = |m: &mut Model, changed: bool, obj: ObjectKind| -> Changes {
            if changed {
                m.changed(ChangeKind::Updated, obj, &sid)
            } else {
                Vec::new()
            }
        };
        Ok(match &ev.data {
            EventData::SessionInitialized(_) => {
                need_session()?;
                let c = self.session.as_mut().is_some_and(|s| set(&mut s.initialized, true));
                session_changes(self, c, ObjectKind::Session)
            }
            EventData::NotReadyReasonsUpdated(d) => {
                need_session()?;
                let c = set_ref(&mut self.not_ready_reasons, &d.reason_codes);
                session_changes(self, c, ObjectKind::NotReadyReasons)
            }
            EventData::LogoutReasonsUpdated(d) => {
                need_session()?;
                let c = set_ref(&mut self.logout_reasons, &d.logout_reasons);
                session_changes(self, c, ObjectKind::LogoutReasons)
            }
            EventData::AddressBookUpdated(d) => {
                need_session()?;
                let c = set_ref(&mut self.address_books, &d.addressbooks);
                session_changes(self, c, ObjectKind::AddressBooks)
            }
            EventData::AgentLegConnected(_) | EventData::AgentLegDisconnected(_) | EventData::AgentLegFailed(_) => {
                need_session()?;
                let leg = match &ev.data {
                    EventData::AgentLegConnected(_) => AgentLeg::Connected,
                    EventData::AgentLegDisconnected(_) => AgentLeg::Disconnected,
                    EventData::AgentLegFailed(f) => AgentLeg::Failed(f.error.clone().unwrap_or_default()),
                    _ => AgentLeg::Unknown,
                };
                let c = self.session.as_mut().is_some_and(|s| set(&mut s.agent_leg, leg));
                session_changes(self, c, ObjectKind::Session)
            }
            EventData::ChannelGroupCreated(d) => {
                need_session()?;
                let gt = target::child(t, &d.channelgroup.id)?;
                self.upsert_group(&gt, d.channelgroup.name.clone())?
            }
            EventData::ChannelGroupInitialized(_) => {
                expect(ObjectKind::ChannelGroup)?;
                let c = self.groups.get_mut(t).is_some_and(|g| set(&mut g.initialized, true));
                self.updated_if(c, ObjectKind::ChannelGroup, t)
            }
            EventData::ChannelCreated(d) => self.channel_created(t, is_session, found, &d.channel)?,
            EventData::ChannelInfoChanged(d) => {
                expect(ObjectKind::Channel)?;
                let mut c = false;
                if let Some(ch) = self.channels.get_mut(t) {
                    if let Some(s) = &d.state {
                        c |= set_ref(&mut ch.state, s);
                    }
                    if let Some(a) = &d.agent_status {
                        if ch.agent_status.as_ref() != Some(a) {
                            ch.agent_status = Some(a.clone());
                            c = true;
                        }
                    }
                }
                self.updated_if(c, ObjectKind::Channel, t)
            }
            EventData::ChannelInitialized(_) => {
                expect(ObjectKind::Channel)?;
                let c = self.channels.get_mut(t).is_some_and(|ch| set(&mut ch.initialized, true));
                self.updated_if(c, ObjectKind::Channel, t)
            }
            EventData::DispositionsUpdated(d) => {
                expect(ObjectKind::Channel)?;
                let c = self.channels.get_mut(t).is_some_and(|ch| set_ref(&mut ch.dispositions, &d.dispositions));
                self.updated_if(c, ObjectKind::Channel, t)
            }
            EventData::StateUpdated(d) => self.state_updated(t, found, d)?,
            EventData::InteractionCreated(d) => self.interaction_created(t, &d.interaction)?,
            EventData::InteractionPreview(_) => {
                expect(ObjectKind::Interaction)?;
                let c = self.interactions.get_mut(t).is_some_and(|i| set(&mut i.previewed, true));
                self.updated_if(c, ObjectKind::Interaction, t)
            }
            EventData::InteractionInitialized(_) => {
                expect(ObjectKind::Interaction)?;
                let c = self.interactions.get_mut(t).is_some_and(|i| set(&mut i.initialized, true));
                self.updated_if(c, ObjectKind::Interaction, t)
            }
            EventData::InteractionDataChanged(d) => {
                expect(ObjectKind::Interaction)?;
                let limit = self.limits.data_keys;
                let mut c = false;
                if let Some(i) = self.interactions.get_mut(t) {
                    let mut data = i.data.clone();
                    merge(&mut data, &d.data.0);
                    if data.len() > limit {
                        return Err(ApplyError::LimitExceeded { what: "attached-data keys", limit });
                    }
                    c = set(&mut i.data, data);
                }
                self.updated_if(c, ObjectKind::Interaction, t)
            }
            EventData::InteractionFocusChanged(d) => {
                expect(ObjectKind::Interaction)?;
                target::validate_id(&d.conversation)?;
                let c = self.interactions.get_mut(t).is_some_and(|i| set(&mut i.focus, Some(d.conversation.clone())));
                self.updated_if(c, ObjectKind::Interaction, t)
            }
            EventData::InteractionEnded(_) => {
                expect(ObjectKind::Interaction)?;
                self.interaction_ended(t)
            }
            EventData::ConversationCreated(d) => self.conversation_created(t, &d.conversation)?,
            EventData::ConversationMemberAdded(d) => {
                expect(ObjectKind::Conversation)?;
                let limit = self.limits.members;
                let mut c = false;
                if let Some(cv) = self.conversations.get_mut(t) {
                    let full = cv.members.len() >= limit;
                    match cv.members.iter_mut().find(|m| m.id == d.member.id) {
                        Some(m) => c = set(m, d.member.clone()),
                        None if full => {
                            return Err(ApplyError::LimitExceeded { what: "members in a conversation", limit })
                        }
                        None => {
                            cv.members.push(d.member.clone());
                            c = true;
                        }
                    }
                }
                self.updated_if(c, ObjectKind::Conversation, t)
            }
            EventData::ConversationInitialized(_) => {
                expect(ObjectKind::Conversation)?;
                let c = self.conversations.get_mut(t).is_some_and(|cv| set(&mut cv.initialized, true));
                self.updated_if(c, ObjectKind::Conversation, t)
            }
            EventData::ConversationDisposed(_) => {
                expect(ObjectKind::Conversation)?;
                self.remove_conversation(t)
            }
            EventData::Unknown(_) | EventData::Invalid(..) => Vec::new(),
        })
    }

    fn updated_if(&mut self, changed: bool, object: ObjectKind, target: &str) -> Changes {
        if changed {
            self.changed(ChangeKind::Updated, object, target)
        } else {
            Vec::new()
        }
    }

    fn upsert_group(&mut self, gt: &str, name: Option<String>) -> Result<Changes, ApplyError> {
        if let Some(g) = self.groups.get_mut(gt) {
            let c = name.is_some() && set(&mut g.name, name);
            return Ok(self.updated_if(c, ObjectKind::ChannelGroup, gt));
        }
        if self.resolve(gt).is_some() {
            return Err(wrong_kind(gt, ObjectKind::ChannelGroup, self.resolve(gt).unwrap_or(ObjectKind::Session)));
        }
        if self.groups.len() + self.channels.len() >= self.limits.channels {
            return Err(ApplyError::LimitExceeded { what: "channels and groups", limit: self.limits.channels });
        }
        let id = target::last(gt).to_owned();
        self.groups.insert(ChannelGroup { id, target: gt.to_owned(), name, state: None, initialized: false });
        Ok(self.changed(ChangeKind::Added, ObjectKind::ChannelGroup, gt))
    }

    fn channel_created(
        &mut self,
        t: &str,
        is_session: bool,
        found: Option<ObjectKind>,
        d: &ChannelDescriptor,
    ) -> Result<Changes, ApplyError> {
        let mut out = Vec::new();
        let ct = target::child(t, &d.id)?;
        // The target is the session (stand-alone channel) or a group. A group the server
        // never announced (`channelgroup.created` is INFERRED) is created from the target,
        // which must then be a direct child of the session. Everything is checked before
        // anything is inserted, so a rejected event changes nothing.
        let implicit_group = match found {
            _ if is_session => false,
            Some(ObjectKind::ChannelGroup) => false,
            Some(k) => return Err(wrong_kind(t, ObjectKind::ChannelGroup, k)),
            None if target::parent(t) == self.session_id() => true,
            None => return Err(unknown(t)),
        };
        let new_channel = !self.channels.contains_key(&ct);
        if new_channel {
            if let Some(k) = self.resolve(&ct) {
                return Err(wrong_kind(&ct, ObjectKind::Channel, k));
            }
        }
        let needed = usize::from(implicit_group) + usize::from(new_channel);
        if self.groups.len() + self.channels.len() + needed > self.limits.channels {
            return Err(ApplyError::LimitExceeded { what: "channels and groups", limit: self.limits.channels });
        }
        if implicit_group {
            out.extend(self.upsert_group(t, None)?);
        }
        let group = (!is_session).then(|| t.to_owned());
        if let Some(ch) = self.channels.get_mut(&ct) {
            let mut c = set_ref(&mut ch.name, &d.name);
            c |= set_ref(&mut ch.kind, &d.kind);
            c |= set_ref(&mut ch.model_type, &d.model_type);
            out.extend(self.updated_if(c, ObjectKind::Channel, &ct));
            return Ok(out);
        }
        self.channels.insert(Channel {
            id: d.id.clone(),
            target: ct.clone(),
            group,
            name: d.name.clone(),
            kind: d.kind.clone(),
            model_type: d.model_type.clone(),
            state: ChannelState::Inactive,
            agent_status: None,
            initialized: false,
            dispositions: Vec::new(),
            scripts: None,
        });
        out.extend(self.changed(ChangeKind::Added, ObjectKind::Channel, &ct));
        Ok(out)
    }

    fn state_updated(&mut self, t: &str, found: Option<ObjectKind>, d: &StateUpdated) -> Result<Changes, ApplyError> {
        let c = match found {
            Some(ObjectKind::Channel) => {
                self.channels.get_mut(t).is_some_and(|ch| set(&mut ch.state, ChannelState::parse(&d.state)))
            }
            Some(ObjectKind::ChannelGroup) => {
                self.groups.get_mut(t).is_some_and(|g| set(&mut g.state, Some(d.state.clone())))
            }
            Some(ObjectKind::Interaction) => {
                let st = InteractionState::parse(&d.state);
                if st == InteractionState::Completed {
                    return Ok(self.remove_interaction(t));
                }
                let ended = st == InteractionState::Ended;
                let mut c = false;
                if let Some(i) = self.interactions.get_mut(t) {
                    c = set(&mut i.state, Some(st));
                    if d.recording.is_some() {
                        c |= set_ref(&mut i.recording, &d.recording);
                    }
                }
                if ended {
                    let mut out = self.updated_if(c, ObjectKind::Interaction, t);
                    out.extend(self.interaction_ended(t));
                    return Ok(out);
                }
                c
            }
            Some(ObjectKind::Conversation) => self
                .conversations
                .get_mut(t)
                .is_some_and(|cv| set(&mut cv.state, Some(InteractionState::parse(&d.state)))),
            Some(k) => return Err(wrong_kind(t, ObjectKind::Channel, k)),
            None => return Err(unknown(t)),
        };
        Ok(self.updated_if(c, found.unwrap_or(ObjectKind::Channel), t))
    }

    fn interaction_created(&mut self, t: &str, d: &InteractionDescriptor) -> Result<Changes, ApplyError> {
        target::validate_id(&d.id)?;
        if target::last(t) != d.id {
            return Err(ApplyError::IdMismatch { target: t.to_owned(), id: d.id.clone() });
        }
        let parent = target::parent(t).unwrap_or_default();
        match self.resolve(parent) {
            Some(ObjectKind::Channel) => {}
            Some(k) => return Err(wrong_kind(parent, ObjectKind::Channel, k)),
            None => return Err(unknown(parent)),
        }
        if let Some(i) = self.interactions.get_mut(t) {
            let mut c = d.kind.is_some() && set_ref(&mut i.kind, &d.kind);
            c |= d.direction.is_some() && set_ref(&mut i.direction, &d.direction);
            return Ok(self.updated_if(c, ObjectKind::Interaction, t));
        }
        if let Some(k) = self.resolve(t) {
            return Err(wrong_kind(t, ObjectKind::Interaction, k));
        }
        if self.interactions.len() >= self.limits.interactions {
            return Err(ApplyError::LimitExceeded { what: "interactions", limit: self.limits.interactions });
        }
        self.interactions.insert(Interaction {
            id: d.id.clone(),
            target: t.to_owned(),
            channel: parent.to_owned(),
            kind: d.kind.clone(),
            direction: d.direction.clone(),
            state: None,
            data: Vec::new(),
            focus: None,
            recording: None,
            previewed: false,
            initialized: false,
        });
        Ok(self.changed(ChangeKind::Added, ObjectKind::Interaction, t))
    }

    /// `interaction.ended` (or state ENDED): the interaction stays, ENDED, without
    /// conversations (PROTOCOL.md 3.5: none remain once ENDED), until COMPLETED or until
    /// [`Limits::ended_interactions`] newer ones push it out.
    fn interaction_ended(&mut self, t: &str) -> Changes {
        let mut out = Vec::new();
        let convs: Vec<String> =
            self.conversations.values().filter(|c| c.interaction == t).map(|c| c.target.clone()).collect();
        for c in convs {
            out.extend(self.remove_conversation(&c));
        }
        let c = self.interactions.get_mut(t).is_some_and(|i| set(&mut i.state, Some(InteractionState::Ended)));
        out.extend(self.updated_if(c, ObjectKind::Interaction, t));
        if !self.ended.iter().any(|e| e == t) {
            self.ended.push_back(t.to_owned());
        }
        while self.ended.len() > self.limits.ended_interactions {
            if let Some(old) = self.ended.pop_front() {
                out.extend(self.remove_interaction(&old));
            }
        }
        out
    }

    fn conversation_created(&mut self, t: &str, d: &ConversationDescriptor) -> Result<Changes, ApplyError> {
        target::validate_id(&d.id)?;
        if target::last(t) != d.id {
            return Err(ApplyError::IdMismatch { target: t.to_owned(), id: d.id.clone() });
        }
        let parent = target::parent(t).unwrap_or_default();
        match self.resolve(parent) {
            Some(ObjectKind::Interaction) => {}
            Some(k) => return Err(wrong_kind(parent, ObjectKind::Interaction, k)),
            None => return Err(unknown(parent)),
        }
        if let Some(cv) = self.conversations.get_mut(t) {
            let c = d.kind.is_some() && set_ref(&mut cv.kind, &d.kind);
            return Ok(self.updated_if(c, ObjectKind::Conversation, t));
        }
        if let Some(k) = self.resolve(t) {
            return Err(wrong_kind(t, ObjectKind::Conversation, k));
        }
        if self.conversations.len() >= self.limits.conversations {
            return Err(ApplyError::LimitExceeded { what: "conversations", limit: self.limits.conversations });
        }
        self.conversations.insert(Conversation {
            id: d.id.clone(),
            target: t.to_owned(),
            interaction: parent.to_owned(),
            kind: d.kind.clone(),
            state: None,
            members: Vec::new(),
            initialized: false,
        });
        Ok(self.changed(ChangeKind::Added, ObjectKind::Conversation, t))
    }

    /// Checks the model's structural invariants: every object belongs to the session and to
    /// a parent that exists. Used by tests and the fuzzer.
    ///
    /// # Errors
    /// The first broken invariant, described.
    pub fn check_invariants(&self) -> Result<(), String> {
        let Some(sid) = self.session_id() else {
            return if self.channels.is_empty() && self.groups.is_empty() && self.interactions.is_empty() {
                Ok(())
            } else {
                Err("objects without a session".into())
            };
        };
        for (t, g) in self.groups.iter() {
            if target::parent(t) != Some(sid) || g.target != *t || target::last(t) != g.id {
                return Err(format!("group {t} is not a child of session {sid}"));
            }
        }
        for (t, c) in self.channels.iter() {
            let parent = target::parent(t).unwrap_or_default();
            let ok_parent = match &c.group {
                None => parent == sid,
                Some(g) => g == parent && self.groups.contains_key(g),
            };
            if !ok_parent || c.target != *t || target::last(t) != c.id || c.id.contains('.') {
                return Err(format!("channel {t} has no valid parent"));
            }
        }
        for (t, i) in self.interactions.iter() {
            if !self.channels.contains_key(&i.channel) || target::parent(t) != Some(i.channel.as_str()) {
                return Err(format!("interaction {t} has no channel"));
            }
        }
        for (t, c) in self.conversations.iter() {
            if !self.interactions.contains_key(&c.interaction) || target::parent(t) != Some(c.interaction.as_str()) {
                return Err(format!("conversation {t} has no interaction"));
            }
        }
        Ok(())
    }

    /// An interaction's snapshot with its conversations inside (`conversations: [...]`).
    pub fn interaction_json(&self, i: &Interaction) -> Json {
        let mut v = i.to_json();
        if let Json::Object(m) = &mut v {
            let convs =
                self.conversations.values().filter(|c| c.interaction == i.target).map(ToJson::to_json).collect();
            m.push(("conversations".into(), Json::Array(convs)));
        }
        v
    }

    /// The snapshot of the object at `target`, whatever its kind.
    pub fn object_json(&self, target: &str) -> Option<Json> {
        Some(match self.resolve(target)? {
            ObjectKind::Session => self.session.as_ref()?.to_json(),
            ObjectKind::ChannelGroup => self.groups.get(target)?.to_json(),
            ObjectKind::Channel => self.channels.get(target)?.to_json(),
            ObjectKind::Interaction => self.interaction_json(self.interactions.get(target)?),
            ObjectKind::Conversation => self.conversations.get(target)?.to_json(),
            _ => return None,
        })
    }

    /// The whole model as one JSON snapshot (the shape the JS API returns).
    pub fn to_json(&self) -> Json {
        let list = |it: Vec<Json>| Json::Array(it);
        Json::Object(vec![
            ("session".into(), self.session.as_ref().map_or(Json::Null, ToJson::to_json)),
            ("channelGroups".into(), list(self.groups.values().map(ToJson::to_json).collect())),
            ("channels".into(), list(self.channels.values().map(ToJson::to_json).collect())),
            ("interactions".into(), list(self.interactions.values().map(|i| self.interaction_json(i)).collect())),
            ("conversations".into(), list(self.conversations.values().map(ToJson::to_json).collect())),
            ("notReadyReasons".into(), self.not_ready_reasons.to_json()),
            ("logoutReasons".into(), self.logout_reasons.to_json()),
            ("addressBooks".into(), self.address_books.to_json()),
        ])
    }
}

/// Merges `changes` into `data`: existing keys are replaced in place, new ones appended.
fn merge(data: &mut Map, changes: &Map) {
    for (k, v) in changes {
        match data.iter_mut().find(|(dk, _)| dk == k) {
            Some((_, dv)) => *dv = v.clone(),
            None => data.push((k.clone(), v.clone())),
        }
    }
}
