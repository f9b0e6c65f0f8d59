//! The session model: the one place server messages change state.
//!
//! [`Model::apply`] takes a decoded [`Event`] and returns the [`Changes`] it made (empty
//! when the event repeated what the model already held, which is how a reconnect's
//! re-announced snapshot is reconciled without spurious events). Objects live in a registry
//! keyed by their full target, so targets are resolved by lookup, never by counting
//! segments (PROTOCOL.md 1.8).
//!
//! This file checks each event's target and dispatches it to the handler of its object
//! kind. The rest, one concern per file:
//!
//! - `state.rs`: the [`Model`] struct, its accessors and target resolution;
//! - `session.rs`, `channel.rs` (groups and channels), `interaction.rs` (interactions and
//!   conversations): the handlers, `impl Model` blocks that change the state;
//! - `budget.rs`: the byte budget of the data objects carry;
//! - `resync.rs`: reconciling after a reconnect; `invariants.rs`: the structural checks;
//! - `snapshot.rs`: the JSON the page sees; `labels.rs`: localised reason labels;
//! - `objects.rs`: the objects; `registry.rs`: objects sorted by target;
//! - `change.rs` ([`ObjectKind`], [`Change`]), `limits.rs` ([`Limits`]), `error.rs`
//!   ([`ApplyError`]): the vocabulary the others share.
//!
//! This file imports its children; none of them imports it (they share `state.rs` and the
//! vocabulary files instead), so the files form no import cycle.

mod budget;
mod change;
mod channel;
mod error;
mod interaction;
mod invariants;
pub mod labels;
mod limits;
mod obj;
mod objects;
mod registry;
mod remove;
mod resync;
mod session;
mod snapshot;
mod state;

pub use change::{Change, ChangeKind, Changes, ObjectKind};
pub use error::ApplyError;
pub use limits::Limits;
pub use objects::*;
pub use registry::{Registry, Targeted};
pub use state::Model;

use crate::proto::target;
use crate::proto::wire::{DataRef, Event, EventData, EventRef, Hot, ResultData};
use error::{unknown, wrong_kind};

impl Model {
    /// Applies one event.
    ///
    /// # Errors
    /// An [`ApplyError`] when the event cannot be applied (unknown or foreign target,
    /// invalid id, limit reached); the model is then unchanged. Unknown events change
    /// nothing and are not errors.
    pub fn apply(&mut self, ev: &Event) -> Result<Changes, ApplyError> {
        let hot = ev.hot();
        self.apply_ref(&ev.as_ref(&hot))
    }

    /// Applies one event borrowed from its frame (the receive path: nothing is copied unless
    /// it changes the model).
    ///
    /// # Errors
    /// As [`Model::apply`].
    pub fn apply_ref(&mut self, ev: &EventRef<'_>) -> Result<Changes, ApplyError> {
        let changes = self.apply_event(ev)?;
        // (A creation event's handler records the object it announced.)
        if self.resyncing() {
            self.mark_seen(ev.target);
        }
        Ok(changes)
    }

    /// Applies a command's success data that carries state: the address books of
    /// an address-book query and the scripts of a channel's scripts query. Other results change
    /// nothing here (their effects arrive as events).
    pub fn apply_result(&mut self, target: Option<&str>, data: &ResultData) -> Changes {
        match data {
            ResultData::AddressBooks(b) => self.set_address_books(b),
            ResultData::Scripts(s) => self.set_scripts(target.unwrap_or_default(), s),
            _ => Vec::new(),
        }
    }

    /// Checks the target (a bound session, a valid target of this session, the kind of
    /// object the event is about), then hands the event to that kind's handler.
    fn apply_event(&mut self, ev: &EventRef<'_>) -> Result<Changes, ApplyError> {
        let sid = self.session_id().ok_or(ApplyError::NoSession)?;
        let t = ev.target;
        let found = self.resolve(t);
        // An object the model holds has a valid target of this session (checked when it was
        // created; a new session clears them): only another target is checked here.
        if matches!(found, None | Some(ObjectKind::Session)) {
            target::validate(t)?;
            if target::session_id(t) != sid {
                return Err(ApplyError::OtherSession { target: t.to_owned() });
            }
        }
        let is_session = t == sid;
        use EventData as E;
        use ObjectKind as K;
        // The kind of object each event is about, checked at one place (a creation event's
        // target is checked by its handler; `state.updated` is about any of four kinds).
        let want = match ev.data {
            DataRef::Hot(Hot::ChannelInfo(_)) => Some(K::Channel),
            DataRef::Hot(Hot::Focus(_)) => Some(K::Interaction),
            DataRef::Hot(Hot::State(_)) => None,
            DataRef::Hot(Hot::Typed(d)) | DataRef::Other(d) => match d {
                E::SessionInitialized(_)
                | E::NotReadyReasonsUpdated(_)
                | E::LogoutReasonsUpdated(_)
                | E::AddressBookUpdated(_)
                | E::AgentLegConnected(_)
                | E::AgentLegDisconnected(_)
                | E::AgentLegFailed(_)
                | E::ChannelGroupCreated(_) => Some(K::Session),
                E::ChannelGroupInitialized(_) => Some(K::ChannelGroup),
                E::ChannelInitialized(_) | E::DispositionsUpdated(_) => Some(K::Channel),
                E::InteractionPreview(_)
                | E::InteractionInitialized(_)
                | E::InteractionDataChanged(_)
                | E::InteractionEnded(_) => Some(K::Interaction),
                E::ConversationMemberAdded(_) | E::ConversationInitialized(_) | E::ConversationDisposed(_) => {
                    Some(K::Conversation)
                }
                _ => None,
            },
        };
        if let Some(want) = want {
            match found {
                Some(k) if k == want => {}
                Some(k) => return Err(wrong_kind(t, want, k)),
                None => return Err(unknown(t)),
            }
        }
        let data = match ev.data {
            DataRef::Hot(Hot::ChannelInfo(d)) => return Ok(self.channel_info_changed(t, d)),
            // The one event for several kinds: a channel's, a group's, an interaction's or a
            // conversation's state.
            DataRef::Hot(Hot::State(d)) => {
                return Ok(match found {
                    Some(K::Channel) => self.channel_state(t, &d.state),
                    Some(K::ChannelGroup) => self.group_state(t, &d.state),
                    Some(K::Interaction) => self.interaction_state(t, d),
                    Some(K::Conversation) => self.conversation_state(t, &d.state),
                    Some(k) => return Err(wrong_kind(t, K::Channel, k)),
                    None => return Err(unknown(t)),
                })
            }
            DataRef::Hot(Hot::Focus(d)) => return self.interaction_focus_changed(t, &d.conversation),
            DataRef::Hot(Hot::Typed(d)) | DataRef::Other(d) => d,
        };
        // Each arm gives the result whole: a handler that may fail passes its own on (no `?`
        // taking it apart and making it again per handler).
        let changes = match data {
            // `found` is the kind checked above.
            E::SessionInitialized(_)
            | E::ChannelGroupInitialized(_)
            | E::ChannelInitialized(_)
            | E::InteractionInitialized(_)
            | E::ConversationInitialized(_) => self.set_flag(found, t, false),
            E::InteractionPreview(_) => self.set_flag(found, t, true),
            E::NotReadyReasonsUpdated(d) => self.not_ready_reasons_updated(t, d),
            E::LogoutReasonsUpdated(d) => self.logout_reasons_updated(t, d),
            E::AddressBookUpdated(d) => self.address_books_updated(t, d),
            E::AgentLegConnected(_) | E::AgentLegDisconnected(_) | E::AgentLegFailed(_) => {
                let leg = match data {
                    E::AgentLegConnected(_) => AgentLeg::Connected,
                    E::AgentLegFailed(f) => AgentLeg::Failed(f.error().unwrap_or_default().to_owned()),
                    _ => AgentLeg::Disconnected,
                };
                self.agent_leg_changed(t, leg)
            }
            E::ChannelGroupCreated(d) => return self.channel_group_created(t, d),
            E::ChannelCreated(d) => return self.channel_created(t, is_session, found, d.channel()),
            E::DispositionsUpdated(d) => self.dispositions_updated(t, d),
            E::InteractionCreated(d) => return self.child_created(K::Interaction, t, d.interaction()),
            E::InteractionDataChanged(d) => return self.interaction_data_changed(t, d),
            E::InteractionEnded(_) => self.interaction_ended(t),
            E::ConversationCreated(d) => return self.child_created(K::Conversation, t, d.conversation()),
            E::ConversationMemberAdded(d) => return self.member_added(t, d),
            E::ConversationDisposed(_) => self.remove(K::Conversation, t),
            // (The hot kinds come as views: `EventData::as_ref` makes them so.)
            E::ChannelInfoChanged(_)
            | E::StateUpdated(_)
            | E::InteractionFocusChanged(_)
            | E::Unknown(_)
            | E::Invalid(..) => Vec::new(),
        };
        Ok(changes)
    }
}
