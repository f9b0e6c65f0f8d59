//! The hot events' data borrowed from the frame (issue 14): `channel.infochanged`,
//! `state.updated` and `interaction.focuschanged`, most of what a session receives. Each has
//! ONE decoder, the view's (`…Ref::read_in`, declared with `wire_view!` and read by the same
//! table loop as every `wire_struct!`, `codec::read_object`; the receive path reads into the
//! event's place, `…Ref::read` gives a value): its strings stay borrowed from
//! the text (copied only when written with escapes), members this version does not know are
//! kept (PROTOCOL.md 1.12, allocated only when present). The owned type of the same name,
//! which the simulator builds and tests compare, is read through it (`EventData::read` reads
//! the three kinds by `Hot::owned`, `FromJson::read` is the view's read and `into_owned`), so
//! both have the same strictness, errors and member paths
//! (`data.agentStatus.status`). The model compares a view with what it holds and copies only
//! what changed.

use super::codec::{is_set, put, read_object, FieldError, FromJson, Seen, ToJson};
use super::types::{AgentStatusValue, ChannelState};
use crate::proto::json::{same, Json, JsonError, Map, Reader};
use std::borrow::Cow;

/// What [`wire_view!`] and [`string_view!`] share: the struct (its members, then `extra`),
/// its `read` (the body given, `$r` the reader) and its [`ReadFrom`](super::codec::ReadFrom).
macro_rules! view_shell {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* }
        read($r:ident, $out:ident) $body:block
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Default)]
        pub struct $name<'a> {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Members this version of the protocol does not define, kept as they came.
            pub extra: std::borrow::Cow<'a, [(String, $crate::proto::json::Json)]>,
        }

        impl<'a> $name<'a> {
            /// Reads the object at the cursor.
            ///
            /// # Errors
            /// The first member, in declared order, that did not fit or is required and absent.
            #[inline(never)]
            pub fn read(r: &mut $crate::proto::json::Reader<'a>) -> Result<Self, $crate::proto::wire::codec::FieldError> {
                let mut out = Self::default();
                out.read_in(r)?;
                Ok(out)
            }

            /// [`Self::read`] into `self`, which is the default value (the receive path
            /// reads the hot data in its place: nothing moved after). After an error, what
            /// `self` holds is not the value: the caller drops or resets it.
            ///
            /// # Errors
            /// As [`Self::read`].
            #[inline(never)]
            pub fn read_in(&mut self, $r: &mut $crate::proto::json::Reader<'a>) -> Result<(), $crate::proto::wire::codec::FieldError> {
                let $out = self;
                $body
            }
        }

        impl<'a> $crate::proto::wire::codec::ReadFrom<'a> for $name<'a> {
            fn read_from(r: &mut $crate::proto::json::Reader<'a>) -> Result<Self, $crate::proto::wire::codec::FieldError> {
                $name::read(r)
            }
        }
    };
}

/// Declares a view: a wire struct whose members may borrow from the frame's text
/// (`Cow<'a, str>`, other views), read by the same table loop as [`wire_struct!`] (same
/// strictness, errors and member paths), with `extra` for members this version does not know
/// (allocated only when present). The owned type it stands for converts by hand.
macro_rules! wire_view {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $key:literal ),* $(,)?
        }
    ) => {
        view_shell! {
            $(#[$meta])*
            $name { $( $(#[$fmeta])* $field : $ty ),* }
            read(r, out) {
                const KEYS: &[&str] = &[$($key),*];
                let mut extra: $crate::proto::json::Map = Vec::new();
                $crate::proto::wire::codec::read_object(
                    r,
                    KEYS,
                    const { $crate::proto::wire::codec::mask(&[$(<$ty as $crate::proto::wire::codec::Member<'a>>::REQUIRED),*]) },
                    &mut extra,
                    &mut |r, i, seen| match i {
                        $( i if i == { const I: usize = $crate::proto::wire::codec::key_index(KEYS, $key); I } => $crate::proto::wire::view::ViewMember::read_in(&mut out.$field, seen, r, i), )*
                        _ => Ok(()),
                    },
                )?;
                out.extra = std::borrow::Cow::Owned(extra);
                Ok(())
            }
        }
    };
}

/// [`wire_view!`] for a view whose members are all strings (`Cow<'a, str>`, required, or
/// `Option<Cow<'a, str>>`): the same table loop, each member read by one non-generic
/// function ([`read_strings`]), with the same
/// strictness, errors and member paths.
macro_rules! string_view {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $key:literal ),* $(,)?
        }
    ) => {
        view_shell! {
            $(#[$meta])*
            $name { $( $(#[$fmeta])* $field : $ty ),* }
            read(r, out) {
                use $crate::proto::wire::view::StrMember;
                const KEYS: &[&str] = &[$($key),*];
                const N: usize = KEYS.len();
                let mut slots: [Option<std::borrow::Cow<'a, str>>; N] = Default::default();
                let mut extra: $crate::proto::json::Map = Vec::new();
                $crate::proto::wire::view::read_strings(r, KEYS, const { $crate::proto::wire::codec::mask(&[$(<$ty as StrMember<'a>>::REQUIRED),*]) }, &mut slots, &mut extra)?;
                let [$($field),*] = slots;
                *out = $name { $($field: <$ty as StrMember<'a>>::from_slot($field),)* extra: std::borrow::Cow::Owned(extra) };
                Ok(())
            }
        }
    };
}

/// [`read_object`](super::codec::read_object) for a view whose members are all strings ([`string_view!`]): each read
/// by [`Seen::string`](super::codec::Seen::string) into `out` (in `keys`' order).
///
/// # Errors
/// As [`read_object`](super::codec::read_object).
#[inline(never)]
pub fn read_strings<'a>(
    r: &mut Reader<'a>,
    keys: &[&str],
    required: u64,
    out: &mut [Option<Cow<'a, str>>],
    extra: &mut Map,
) -> Result<(), FieldError> {
    read_object(r, keys, required, extra, &mut |r, i, seen| match out.get_mut(i) {
        Some(slot) => seen.string(r, i, is_set(required, i), slot),
        _ => Ok(()),
    })
}

/// A member of a [`string_view!`]: a required string or an optional one.
pub trait StrMember<'a>: Sized {
    /// Whether the member must be present.
    const REQUIRED: bool;
    /// The member from what [`read_strings`] read (present when required: checked).
    fn from_slot(s: Option<Cow<'a, str>>) -> Self;
}

impl<'a> StrMember<'a> for Cow<'a, str> {
    const REQUIRED: bool = true;
    fn from_slot(s: Option<Cow<'a, str>>) -> Self {
        s.unwrap_or_default()
    }
}

impl<'a> StrMember<'a> for Option<Cow<'a, str>> {
    const REQUIRED: bool = false;
    fn from_slot(s: Option<Cow<'a, str>>) -> Self {
        s
    }
}

/// How a [`wire_view!`]'s member is read: an optional string by
/// [`Seen::string`](super::codec::Seen::string) (as a [`string_view!`]'s), a nested view by
/// the generic [`Seen::read`](super::codec::Seen::read).
pub trait ViewMember<'a> {
    /// Reads the `i`-th member's value at the cursor into `self`.
    ///
    /// # Errors
    /// Text that is not JSON.
    fn read_in(&mut self, seen: &mut Seen, r: &mut Reader<'a>, i: usize) -> Result<(), JsonError>;
}

impl<'a> ViewMember<'a> for Option<Cow<'a, str>> {
    fn read_in(&mut self, seen: &mut Seen, r: &mut Reader<'a>, i: usize) -> Result<(), JsonError> {
        seen.string(r, i, false, self)
    }
}

impl<'a> ViewMember<'a> for Option<AgentStatusRef<'a>> {
    /// As [`Seen::read`] (`null`: absent), the view read in its place.
    fn read_in(&mut self, seen: &mut Seen, r: &mut Reader<'a>, i: usize) -> Result<(), JsonError> {
        let mark = r.mark();
        if !seen.errors.is_empty() {
            seen.forget(i);
        }
        let v = if r.null() {
            *self = None;
            Ok(())
        } else {
            // (From the default: an earlier duplicate's members do not stay.)
            self.insert(AgentStatusRef::default()).read_in(r)
        };
        match v {
            Ok(()) => seen.present |= 1u64.checked_shl(i as u32).unwrap_or(0),
            // (The member's error is what `finish` answers unless a later duplicate fits.)
            Err(e) => {
                r.reset(mark);
                r.skip()?;
                seen.errors.push((i, e));
            }
        }
        Ok(())
    }
}

/// Members of a view that this version does not know, kept as they came.
pub type Extra<'a> = Cow<'a, [(String, Json)]>;

fn owned_opt(s: Option<Cow<'_, str>>) -> Option<String> {
    s.map(Cow::into_owned)
}

fn borrowed(s: &Option<String>) -> Option<Cow<'_, str>> {
    s.as_deref().map(Cow::Borrowed)
}

/// Whether a stored optional string equals a view's.
fn same_opt(stored: &Option<String>, v: &Option<Cow<'_, str>>) -> bool {
    match (stored, v) {
        (Some(a), Some(b)) => same(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// `agentStatus` of `channel.infochanged`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AgentStatus {
    /// Status.
    pub status: AgentStatusValue,
    /// `acw` or the CTI reason id of the last not-ready.
    pub last_reason_code: Option<String>,
    /// Readable name of the last reason (`""` when none).
    pub last_reason_name: Option<String>,
    /// Members this version of the protocol does not define, kept as they came.
    pub extra: Map,
}

string_view! {
    /// [`AgentStatus`] borrowed from the frame.
    pub struct AgentStatusRef<'a> {
        /// Status, as written.
        status: Cow<'a, str> = "status",
        /// `lastReasonCode`.
        last_reason_code: Option<Cow<'a, str>> = "lastReasonCode",
        /// `lastReasonName`.
        last_reason_name: Option<Cow<'a, str>> = "lastReasonName",
    }
}

impl<'a> AgentStatusRef<'a> {
    /// Whether `stored` already says the same (so nothing is copied).
    pub fn matches(&self, stored: &AgentStatus) -> bool {
        same(stored.status.as_str(), &self.status)
            && same_opt(&stored.last_reason_code, &self.last_reason_code)
            && same_opt(&stored.last_reason_name, &self.last_reason_name)
            && stored.extra[..] == self.extra[..]
    }

    /// The owned value.
    pub fn into_owned(self) -> AgentStatus {
        AgentStatus {
            status: AgentStatusValue::parse(&self.status),
            last_reason_code: owned_opt(self.last_reason_code),
            last_reason_name: owned_opt(self.last_reason_name),
            extra: self.extra.into_owned(),
        }
    }
}

impl AgentStatus {
    /// The value as a view.
    pub fn as_ref(&self) -> AgentStatusRef<'_> {
        AgentStatusRef {
            status: Cow::Borrowed(self.status.as_str()),
            last_reason_code: borrowed(&self.last_reason_code),
            last_reason_name: borrowed(&self.last_reason_name),
            extra: Cow::Borrowed(&self.extra),
        }
    }
}

impl FromJson for AgentStatus {
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        AgentStatusRef::read(r).map(AgentStatusRef::into_owned)
    }
}

impl ToJson for AgentStatus {
    fn to_json(&self) -> Json {
        let mut m = Map::new();
        put(&self.status, "status", &mut m);
        put(&self.last_reason_code, "lastReasonCode", &mut m);
        put(&self.last_reason_name, "lastReasonName", &mut m);
        m.extend(self.extra.iter().cloned());
        Json::Object(m)
    }
}

/// `channel.infochanged` data.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ChannelInfo {
    /// Channel state.
    pub state: Option<ChannelState>,
    /// Agent availability.
    pub agent_status: Option<AgentStatus>,
    /// Members this version of the protocol does not define, kept as they came.
    pub extra: Map,
}

wire_view! {
    /// [`ChannelInfo`] borrowed from the frame.
    pub struct ChannelInfoRef<'a> {
        /// `state`, as written.
        state: Option<Cow<'a, str>> = "state",
        /// `agentStatus`.
        agent_status: Option<AgentStatusRef<'a>> = "agentStatus",
    }
}

impl<'a> ChannelInfoRef<'a> {
    /// The owned value.
    pub fn into_owned(self) -> ChannelInfo {
        ChannelInfo {
            state: self.state.as_deref().map(ChannelState::parse),
            agent_status: self.agent_status.map(AgentStatusRef::into_owned),
            extra: self.extra.into_owned(),
        }
    }
}

impl ChannelInfo {
    /// The value as a view.
    pub fn as_ref(&self) -> ChannelInfoRef<'_> {
        ChannelInfoRef {
            state: self.state.as_ref().map(|s| Cow::Borrowed(s.as_str())),
            agent_status: self.agent_status.as_ref().map(AgentStatus::as_ref),
            extra: Cow::Borrowed(&self.extra),
        }
    }
}

impl FromJson for ChannelInfo {
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        ChannelInfoRef::read(r).map(ChannelInfoRef::into_owned)
    }
}

impl ToJson for ChannelInfo {
    fn to_json(&self) -> Json {
        let mut m = Map::new();
        put(&self.state, "state", &mut m);
        put(&self.agent_status, "agentStatus", &mut m);
        m.extend(self.extra.iter().cloned());
        Json::Object(m)
    }
}

/// `state.updated` data: `{"state": …}`; the target says which object (WIRE-PROFILE §7).
/// `recording` is an agentwire extension (**[I]**): the recording state of an interaction
/// (`recording | paused | stopped`), the way the protocol reports interaction changes
/// through `state.updated`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StateUpdated {
    /// The new state.
    pub state: String,
    /// Recording state of an interaction (**[I]**).
    pub recording: Option<String>,
    /// Members this version of the protocol does not define, kept as they came.
    pub extra: Map,
}

string_view! {
    /// [`StateUpdated`] borrowed from the frame.
    pub struct StateRef<'a> {
        /// `state`.
        state: Cow<'a, str> = "state",
        /// `recording`.
        recording: Option<Cow<'a, str>> = "recording",
    }
}

impl<'a> StateRef<'a> {
    /// The owned value.
    pub fn into_owned(self) -> StateUpdated {
        StateUpdated {
            state: self.state.into_owned(),
            recording: owned_opt(self.recording),
            extra: self.extra.into_owned(),
        }
    }

    /// Whether a stored recording state already says what this one does (`None` here
    /// changes nothing).
    pub fn same_recording(&self, stored: &Option<String>) -> bool {
        self.recording.is_none() || same_opt(stored, &self.recording)
    }
}

impl StateUpdated {
    /// The value as a view.
    pub fn as_ref(&self) -> StateRef<'_> {
        StateRef {
            state: Cow::Borrowed(&self.state),
            recording: borrowed(&self.recording),
            extra: Cow::Borrowed(&self.extra),
        }
    }
}

impl FromJson for StateUpdated {
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        StateRef::read(r).map(StateRef::into_owned)
    }
}

impl ToJson for StateUpdated {
    fn to_json(&self) -> Json {
        let mut m = Map::new();
        put(&self.state, "state", &mut m);
        put(&self.recording, "recording", &mut m);
        m.extend(self.extra.iter().cloned());
        Json::Object(m)
    }
}

/// `interaction.focuschanged` data (**[I]**).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FocusChanged {
    /// Id of the conversation that now has focus.
    pub conversation: String,
    /// Members this version of the protocol does not define, kept as they came.
    pub extra: Map,
}

string_view! {
    /// [`FocusChanged`] borrowed from the frame.
    pub struct FocusRef<'a> {
        /// `conversation`.
        conversation: Cow<'a, str> = "conversation",
    }
}

impl<'a> FocusRef<'a> {
    /// The owned value.
    pub fn into_owned(self) -> FocusChanged {
        FocusChanged { conversation: self.conversation.into_owned(), extra: self.extra.into_owned() }
    }
}

impl FromJson for FocusChanged {
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        FocusRef::read(r).map(FocusRef::into_owned)
    }
}

impl ToJson for FocusChanged {
    fn to_json(&self) -> Json {
        let mut m = Map::new();
        put(&self.conversation, "conversation", &mut m);
        m.extend(self.extra.iter().cloned());
        Json::Object(m)
    }
}

/// The views' string members (`string_view!`, `ViewMember`), read by one function.
impl Seen {
    /// [`Seen::read`] for a string member (`null` for an optional one: absent), the views'
    /// common member: one function for both kinds instead of a generic read per type.
    ///
    /// # Errors
    /// Text that is not JSON.
    #[inline(never)]
    pub fn string<'a>(
        &mut self,
        r: &mut Reader<'a>,
        i: usize,
        required: bool,
        out: &mut Option<Cow<'a, str>>,
    ) -> Result<(), JsonError> {
        let mark = r.mark();
        if !self.errors.is_empty() {
            self.forget(i);
        }
        let v = match r.string() {
            Ok(Some(s)) => Ok(Some(s)),
            Ok(None) if !required && r.null() => Ok(None),
            Ok(None) => Err(FieldError::wrong("a string", r)),
            Err(e) => Err(FieldError::from(e)),
        };
        match v {
            Ok(v) => {
                *out = v;
                self.present |= 1u64.checked_shl(i as u32).unwrap_or(0);
            }
            Err(e) => {
                r.reset(mark);
                r.skip()?;
                self.errors.push((i, e));
            }
        }
        Ok(())
    }
}
