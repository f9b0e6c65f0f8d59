//! Object events (PROTOCOL.md 1.7 and §3): one typed variant per event name.

use super::codec::{FieldError, FromJson, ToJson};
use super::schema::{self, Data};
use super::types::*;
use super::view::{ChannelInfo, ChannelInfoRef, FocusChanged, FocusRef, StateRef, StateUpdated};
use crate::proto::json::{same, Json, Reader};

/// The SDK's own event names (`connectionchange`, `confirm`, `protocolerror`, `resynced`,
/// `commandcomplete`, and `protocolevent`, the catch-all copy of every protocol event):
/// reserved, so a server event of one of these names is reported as a protocol error instead
/// of reaching the page's listeners as if the SDK had sent it.
pub const SDK_EVENT_NAMES: [&str; 6] =
    ["connectionchange", "confirm", "protocolerror", "resynced", "commandcomplete", "protocolevent"];

macro_rules! events {
    ($( $(#[$m:meta])* $kind:ident ( $data:ty ) = $name:literal $(| $alias:literal)*; )*) => {
        /// Every object event name of PROTOCOL.md and WIRE-PROFILE §7, without data.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventKind { $( $(#[$m])* $kind, )* }

        /// The typed `data` of an object event.
        #[derive(Clone, Debug, PartialEq)]
        pub enum EventData {
            $( $(#[$m])* $kind($data), )*
            /// An event this version does not know, with its raw data (passed on to the page).
            Unknown(Json),
            /// A known event whose `data` does not have the documented shape: its raw data
            /// (passed on to the page, untyped, PROTOCOL.md 1.12 and 3.6) and what did not fit
            /// (reported as a protocol error). The model is not changed by it.
            Invalid(Json, FieldError),
        }

        impl EventKind {
            /// Every kind, for tables and the TypeScript event-map test.
            pub const ALL: &'static [EventKind] = &[$(EventKind::$kind),*];

            /// Every kind's spellings, the documented one first, in [`EventKind::ALL`]'s order
            /// (one table that `name`, `names` and `lookup` read, instead of a match each).
            const SPELLINGS: &'static [&'static [&'static str]] = &[$( &[$name $(, $alias)*], )*];

            /// The event's name on the wire (the documented spelling).
            pub fn name(self) -> &'static str {
                self.names().first().copied().unwrap_or_default()
            }

            /// Every spelling a server may use for this event (PROTOCOL.md 3.1 notes that the
            /// agent-leg failure has two).
            pub fn names(self) -> &'static [&'static str] {
                EventKind::SPELLINGS.get(self as usize).copied().unwrap_or_default()
            }

            /// The kind for a wire name, with the table's own string for it (an event keeps
            /// that instead of a copy of the frame's): one hash of the name, then the slots
            /// of [`INDEX`] from there until the name or an empty slot.
            pub fn lookup(name: &str) -> Option<(EventKind, &'static str)> {
                let mut h = hash(name.as_bytes());
                loop {
                    let v = usize::from(*INDEX.get(h)?).checked_sub(1)?;
                    let n = EventKind::SPELLINGS.get(v / 4)?.get(v % 4)?;
                    if same(n, name) {
                        return Some((*EventKind::ALL.get(v / 4)?, n));
                    }
                    h = (h + 1) % SLOTS;
                }
            }

            /// The kind for a wire name.
            pub fn from_name(name: &str) -> Option<EventKind> {
                EventKind::lookup(name).map(|(k, _)| k)
            }
        }

        impl EventData {
            /// The kind, or `None` for an unknown event.
            pub fn kind(&self) -> Option<EventKind> {
                match self {
                    $( EventData::$kind(_) => Some(EventKind::$kind), )*
                    EventData::Unknown(_) | EventData::Invalid(..) => None,
                }
            }

            /// Reads the data of an event of a known kind at the reader's cursor.
            ///
            /// # Errors
            /// The member of `data` that does not fit the event.
            pub fn read(kind: EventKind, r: &mut Reader<'_>) -> Result<EventData, FieldError> {
                // A kind with a table is read by the one schema decoder (its arm only picks
                // the table); a typed one by its own decoder, the hot kinds by their views.
                if let EventKind::ChannelInfoChanged | EventKind::StateUpdated | EventKind::InteractionFocusChanged = kind {
                    return Hot::owned(kind, r);
                }
                let table = match kind {
                    $( EventKind::$kind => match <$data as Data>::TABLE {
                        Some(t) => t,
                        None => return <$data>::read(r).map(EventData::$kind),
                    }, )*
                };
                let j = schema::read(r, table)?;
                Ok(match kind {
                    $( EventKind::$kind => match <$data as Data>::from_checked(j) {
                        Ok(d) => EventData::$kind(d),
                        Err(j) => EventData::Unknown(j),
                    }, )*
                })
            }

            /// Decodes the data of an event of a known kind from a tree.
            ///
            /// # Errors
            /// The member of `data` that does not fit the event.
            pub fn from_data(kind: EventKind, data: &Json) -> Result<EventData, FieldError> {
                let text = data.to_json_string();
                EventData::read(kind, &mut Reader::new(&text))
            }

            /// The `data` member.
            pub fn to_json(&self) -> Json {
                // The trees cloned by one call (as `Command::data`).
                let tree = match self {
                    $( EventData::$kind(d) => d.tree(), )*
                    EventData::Unknown(j) | EventData::Invalid(j, _) => Some(j),
                };
                if let Some(t) = tree {
                    return t.clone();
                }
                match self {
                    $( EventData::$kind(d) => d.to_json(), )*
                    EventData::Unknown(j) | EventData::Invalid(j, _) => j.clone(),
                }
            }
        }
    };
}

/// Slots of [`INDEX`].
const SLOTS: usize = 64;

/// A slot of [`INDEX`] for a name: its length and two of its last bytes, mixed (the top
/// bits of a multiplicative hash). Not a loop over the name, which every object event pays:
/// with today's names no lookup probes more than two slots, `channel.infochanged` and
/// `state.updated` one (FNV-1a over every byte probed four for `state.updated`).
const fn hash(b: &[u8]) -> usize {
    let x = match b {
        [.., c, _, z] => b.len() as u32 ^ (*c as u32 * 9) ^ *z as u32,
        _ => b.len() as u32,
    };
    (x.wrapping_mul(0x9e37_79b1) >> (32 - SLOTS.trailing_zeros())) as usize
}

/// Every spelling of every event kind by the hash of its name (open addressing, built at
/// compile time): `0` is an empty slot, else `1 + kind * 4 + spelling` (`EventKind::ALL`'s
/// index, the spelling's index in `EventKind::names`). At most half the slots are used, so a
/// lookup ends at an empty one.
static INDEX: [u8; SLOTS] = {
    let mut t = [0_u8; SLOTS];
    let (mut k, mut used) = (0, 0);
    while k < EventKind::SPELLINGS.len() {
        let names = EventKind::SPELLINGS[k];
        assert!(names.len() <= 4 && 1 + k * 4 + 3 <= u8::MAX as usize);
        let mut a = 0;
        while a < names.len() {
            let mut h = hash(names[a].as_bytes());
            while t[h] != 0 {
                h = (h + 1) % SLOTS;
            }
            t[h] = (1 + k * 4 + a) as u8;
            (a, used) = (a + 1, used + 1);
        }
        k += 1;
    }
    assert!(used * 2 <= SLOTS, "event names: raise SLOTS");
    t
};

// The kinds without a table (read by their own typed decoders).
impl Data for ChannelInfo {}
impl Data for StateUpdated {}
impl Data for FocusChanged {}

events! {
    /// End of initialization; always last of the start sequence.
    SessionInitialized(Empty) = "session.initialized";
    /// The not-ready reason codes.
    NotReadyReasonsUpdated(ReasonCodes) = "session.externalnotreadyreasons.updated";
    /// The logout reasons.
    LogoutReasonsUpdated(LogoutReasons) = "session.externallogoutreasons.updated";
    /// The InContact agent leg could not be connected (both documented spellings).
    AgentLegFailed(AgentLegFailed) = "session.incontact.agentleg.failed" | "session.agentleg.failed";
    /// The agent leg is connected. PROTOCOL.md 3.1 names it only in the request section and
    /// asks to accept both spellings of the agent-leg events: the `incontact` one is accepted
    /// too (INFERRED, by analogy with the failure event).
    AgentLegConnected(Empty) = "session.agentleg.connected" | "session.incontact.agentleg.connected";
    /// The agent leg is disconnected (both spellings, as above).
    AgentLegDisconnected(Empty) = "session.agentleg.disconnected" | "session.incontact.agentleg.disconnected";
    /// The address book changed.
    AddressBookUpdated(AddressBooks) = "session.incontact.addressbook.updated";
    /// A channel group was created (**[I]** name, WIRE-PROFILE §7; target the session).
    ChannelGroupCreated(ChannelGroupCreated) = "channelgroup.created";
    /// A channel group finished initializing (**[I]** name; target the group).
    ChannelGroupInitialized(Empty) = "channelgroup.initialized";
    /// A channel was created (target the session or its group).
    ChannelCreated(ChannelCreated) = "channel.created";
    /// A channel's state or the agent's status on it changed.
    ChannelInfoChanged(ChannelInfo) = "channel.infochanged";
    /// A channel finished initializing.
    ChannelInitialized(Empty) = "channel.initialized";
    /// A channel's disposition codes (**[I]** data).
    DispositionsUpdated(Dispositions) = "channel.externaldispositions.updated";
    /// The state of the channel, interaction or conversation named by the target.
    StateUpdated(StateUpdated) = "state.updated";
    /// A new interaction on a channel.
    InteractionCreated(InteractionCreated) = "interaction.created";
    /// An interaction awaits acceptance.
    InteractionPreview(Empty) = "interaction.preview";
    /// An interaction finished its creation sequence.
    InteractionInitialized(Empty) = "interaction.initialized";
    /// An interaction's attached data changed.
    InteractionDataChanged(InteractionData) = "interaction.datachanged";
    /// An interaction's active conversation changed.
    InteractionFocusChanged(FocusChanged) = "interaction.focuschanged";
    /// An interaction finished for the agent.
    InteractionEnded(Empty) = "interaction.ended";
    /// A new conversation of an interaction.
    ConversationCreated(ConversationCreated) = "conversation.created";
    /// A member joined a conversation.
    ConversationMemberAdded(MemberAdded) = "conversation.member.added";
    /// A conversation finished its creation sequence.
    ConversationInitialized(Empty) = "conversation.initialized";
    /// A conversation ended.
    ConversationDisposed(Empty) = "conversation.disposed";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &k in EventKind::ALL {
            for n in k.names() {
                assert_eq!(EventKind::from_name(n), Some(k));
            }
        }
        assert_eq!(EventKind::from_name("session.agentleg.failed"), Some(EventKind::AgentLegFailed));
        for n in ["", "state.update", "state.updatedd", "State.updated", "channel.infochanged ", "x"] {
            assert_eq!(EventKind::from_name(n), None);
        }
        // The table's own string, the documented one or the alias as it came.
        let (_, alias) = EventKind::lookup(&String::from("session.agentleg.failed")).unwrap();
        assert!(std::ptr::eq(alias, EventKind::AgentLegFailed.names()[1]));
    }
}

/// The data of a [`Received`](super::Received) event: a hot kind borrowed from the frame, or typed.
#[derive(Clone, Debug, PartialEq)]
pub enum Hot<'a> {
    /// `channel.infochanged`.
    ChannelInfo(ChannelInfoRef<'a>),
    /// `state.updated`.
    State(StateRef<'a>),
    /// `interaction.focuschanged`.
    Focus(FocusRef<'a>),
    /// Any other known kind.
    Typed(EventData),
}

impl<'a> Hot<'a> {
    /// The kind.
    pub fn kind(&self) -> Option<EventKind> {
        match self {
            Hot::ChannelInfo(_) => Some(EventKind::ChannelInfoChanged),
            Hot::State(_) => Some(EventKind::StateUpdated),
            Hot::Focus(_) => Some(EventKind::InteractionFocusChanged),
            Hot::Typed(d) => d.kind(),
        }
    }

    /// Reads the data of an event of a known kind at the cursor.
    ///
    /// # Errors
    /// The member of `data` that does not fit the event.
    pub fn read(kind: EventKind, r: &mut Reader<'a>) -> Result<Hot<'a>, FieldError> {
        let mut h = Hot::empty(kind);
        h.read_in(kind, r)?;
        Ok(h)
    }

    /// The owned data of a hot kind's event, read by its view ([`EventData::read`]'s: one
    /// path for the views and the owned types).
    ///
    /// # Errors
    /// As [`Hot::read`].
    #[inline(never)]
    pub fn owned(kind: EventKind, r: &mut Reader<'a>) -> Result<EventData, FieldError> {
        let mut h = Hot::empty(kind);
        h.read_in(kind, r)?;
        Ok(h.into_data())
    }

    /// The owned data.
    pub fn into_data(self) -> EventData {
        match self {
            Hot::ChannelInfo(d) => EventData::ChannelInfoChanged(d.into_owned()),
            Hot::State(d) => EventData::StateUpdated(d.into_owned()),
            Hot::Focus(d) => EventData::InteractionFocusChanged(d.into_owned()),
            Hot::Typed(d) => d,
        }
    }

    /// The default value [`Hot::read_in`] reads the data of a `kind` event into.
    #[inline(always)]
    pub fn empty(kind: EventKind) -> Hot<'a> {
        match kind {
            EventKind::ChannelInfoChanged => Hot::ChannelInfo(ChannelInfoRef::default()),
            EventKind::StateUpdated => Hot::State(StateRef::default()),
            EventKind::InteractionFocusChanged => Hot::Focus(FocusRef::default()),
            _ => Hot::Typed(EventData::Unknown(crate::proto::json::Json::Null)),
        }
    }

    /// [`Hot::read`] in place: `self` is [`Hot::empty`]`(kind)`; the hot kinds' views are
    /// read into it (nothing moved after). After an error, `self` is not the value.
    ///
    /// # Errors
    /// As [`Hot::read`].
    #[inline(always)]
    pub fn read_in(&mut self, kind: EventKind, r: &mut Reader<'a>) -> Result<(), FieldError> {
        match self {
            Hot::ChannelInfo(v) => v.read_in(r),
            Hot::State(v) => v.read_in(r),
            Hot::Focus(v) => v.read_in(r),
            Hot::Typed(d) => {
                *d = EventData::read(kind, r)?;
                Ok(())
            }
        }
    }
}
