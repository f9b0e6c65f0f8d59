//! What a change is: the kinds of object a target names ([`ObjectKind`]), how one changed
//! ([`ChangeKind`], [`Change`], [`Changes`]), and the two setters the handlers use to
//! notice whether an event changed anything at all.

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

/// Sets `*slot` to a copy of `v` when it differs (copying nothing otherwise) and reports
/// whether it changed: most events repeat what the model holds.
pub(super) fn set_ref<T: PartialEq + Clone>(slot: &mut T, v: &T) -> bool {
    if slot == v {
        false
    } else {
        slot.clone_from(v);
        true
    }
}

/// Sets the list `*slot` to a copy of `v` when it differs (copying nothing otherwise) and
/// reports whether it changed.
pub(super) fn set_vec<T: PartialEq + Clone>(slot: &mut Vec<T>, v: &[T]) -> bool {
    if slot.as_slice() == v {
        false
    } else {
        slot.clear();
        slot.extend_from_slice(v);
        true
    }
}

/// Sets `*slot = v` and reports whether it changed.
pub(super) fn set<T: PartialEq>(slot: &mut T, v: T) -> bool {
    if *slot == v {
        false
    } else {
        *slot = v;
        true
    }
}

/// Sets the optional text `*slot` to a copy of `v` when it differs (copying nothing
/// otherwise) and reports whether it changed.
pub(super) fn set_text(slot: &mut Option<String>, v: Option<&str>) -> bool {
    if slot.as_deref() == v {
        false
    } else {
        *slot = v.map(String::from);
        true
    }
}
