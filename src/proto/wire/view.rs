//! The hot events' data borrowed from the frame (issue 14): `channel.infochanged`,
//! `state.updated` and `interaction.focuschanged`, most of what a session receives. Each has
//! ONE decoder, the view's (`…Ref::read`): its strings stay borrowed from the text (copied
//! only when written with escapes), members this version does not know are kept (PROTOCOL.md
//! 1.12, allocated only when present), and the owned type of the same name, which the
//! simulator builds and tests compare, is read through it (`FromJson::read` is the view's
//! read and [`ChannelInfoRef::into_owned`]), so both have the same strictness, errors and
//! member paths (`data.agentStatus.status`) as every `wire_struct!`: a later duplicate of a
//! member wins, and the first member in declared order that did not fit is the error.
//! The model compares a view with what it holds and copies only what changed.

use super::codec::{open, put, FieldError, FromJson, ToJson};
use super::types::{AgentStatusValue, ChannelState};
use crate::proto::json::{Json, JsonError, Map, Reader};
use std::borrow::Cow;

/// Members of a view that this version does not know, kept as they came.
pub type Extra<'a> = Cow<'a, [(String, Json)]>;

/// A member's value, or why it did not fit; `None` while absent.
type Slot<T> = Option<Result<T, FieldError>>;

/// Reads one member's value into its slot; a value that does not fit is skipped and its
/// error kept (a later duplicate replaces both, as `codec::Seen` does).
fn fill<'a, T>(
    r: &mut Reader<'a>,
    slot: &mut Slot<T>,
    read: fn(&mut Reader<'a>) -> Result<T, FieldError>,
) -> Result<(), JsonError> {
    let mark = r.mark();
    let v = read(r);
    if v.is_err() {
        r.reset(mark);
        r.skip()?;
    }
    *slot = Some(v);
    Ok(())
}

/// A required member from its slot.
fn need<T>(slot: Slot<T>, key: &str) -> Result<T, FieldError> {
    slot.unwrap_or_else(|| Err(FieldError::missing())).map_err(|e| e.at(key))
}

/// An optional member from its slot (`null` read as absent).
fn opt<T>(slot: Slot<Option<T>>, key: &str) -> Result<Option<T>, FieldError> {
    slot.unwrap_or(Ok(None)).map_err(|e| e.at(key))
}

/// A string, borrowed when it has no escapes.
fn text<'a>(r: &mut Reader<'a>) -> Result<Cow<'a, str>, FieldError> {
    if r.at_string() {
        Ok(r.string()?)
    } else {
        Err(FieldError::wrong("a string", r))
    }
}

/// A string or `null`.
fn opt_text<'a>(r: &mut Reader<'a>) -> Result<Option<Cow<'a, str>>, FieldError> {
    if r.null() {
        Ok(None)
    } else {
        text(r).map(Some)
    }
}

/// A member this version does not know, kept.
fn keep(extra: &mut Extra<'_>, key: Cow<'_, str>, r: &mut Reader<'_>) -> Result<(), JsonError> {
    let v = r.value()?;
    extra.to_mut().push((key.into_owned(), v));
    Ok(())
}

fn owned_opt(s: Option<Cow<'_, str>>) -> Option<String> {
    s.map(Cow::into_owned)
}

fn borrowed(s: &Option<String>) -> Option<Cow<'_, str>> {
    s.as_deref().map(Cow::Borrowed)
}

fn re<'s>(s: &'s Option<Cow<'_, str>>) -> Option<Cow<'s, str>> {
    s.as_deref().map(Cow::Borrowed)
}

/// Whether a stored optional string equals a view's.
fn same(stored: &Option<String>, v: &Option<Cow<'_, str>>) -> bool {
    stored.as_deref() == v.as_deref()
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

/// [`AgentStatus`] borrowed from the frame.
#[derive(Clone, Debug, PartialEq)]
pub struct AgentStatusRef<'a> {
    /// Status, as written.
    pub status: Cow<'a, str>,
    /// `lastReasonCode`.
    pub last_reason_code: Option<Cow<'a, str>>,
    /// `lastReasonName`.
    pub last_reason_name: Option<Cow<'a, str>>,
    /// Other members.
    pub extra: Extra<'a>,
}

impl<'a> AgentStatusRef<'a> {
    /// Reads the object at the cursor (the one decoder of [`AgentStatus`]).
    ///
    /// # Errors
    /// The first member, in declared order, that did not fit or is required and absent.
    #[inline(never)]
    pub fn read(r: &mut Reader<'a>) -> Result<AgentStatusRef<'a>, FieldError> {
        open(r)?;
        let (mut status, mut code, mut name, mut extra) = (None, None, None, Extra::default());
        while let Some(k) = r.member()? {
            match &*k {
                "status" => fill(r, &mut status, text)?,
                "lastReasonCode" => fill(r, &mut code, opt_text)?,
                "lastReasonName" => fill(r, &mut name, opt_text)?,
                _ => keep(&mut extra, k, r)?,
            }
        }
        Ok(AgentStatusRef {
            status: need(status, "status")?,
            last_reason_code: opt(code, "lastReasonCode")?,
            last_reason_name: opt(name, "lastReasonName")?,
            extra,
        })
    }

    /// Whether `stored` already says the same (so nothing is copied).
    pub fn matches(&self, stored: &AgentStatus) -> bool {
        stored.status.as_str() == self.status
            && same(&stored.last_reason_code, &self.last_reason_code)
            && same(&stored.last_reason_name, &self.last_reason_name)
            && stored.extra[..] == self.extra[..]
    }

    /// The same view, borrowed from this one.
    pub fn reborrow(&self) -> AgentStatusRef<'_> {
        AgentStatusRef {
            status: Cow::Borrowed(&self.status),
            last_reason_code: re(&self.last_reason_code),
            last_reason_name: re(&self.last_reason_name),
            extra: Cow::Borrowed(&self.extra),
        }
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

/// [`ChannelInfo`] borrowed from the frame.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelInfoRef<'a> {
    /// `state`, as written.
    pub state: Option<Cow<'a, str>>,
    /// `agentStatus`.
    pub agent_status: Option<AgentStatusRef<'a>>,
    /// Other members.
    pub extra: Extra<'a>,
}

fn opt_status<'a>(r: &mut Reader<'a>) -> Result<Option<AgentStatusRef<'a>>, FieldError> {
    if r.null() {
        Ok(None)
    } else {
        AgentStatusRef::read(r).map(Some)
    }
}

impl<'a> ChannelInfoRef<'a> {
    /// Reads the object at the cursor (the one decoder of [`ChannelInfo`]).
    ///
    /// # Errors
    /// The first member, in declared order, that did not fit.
    #[inline(never)]
    pub fn read(r: &mut Reader<'a>) -> Result<ChannelInfoRef<'a>, FieldError> {
        open(r)?;
        let (mut state, mut status, mut extra) = (None, None, Extra::default());
        while let Some(k) = r.member()? {
            match &*k {
                "state" => fill(r, &mut state, opt_text)?,
                "agentStatus" => fill(r, &mut status, opt_status)?,
                _ => keep(&mut extra, k, r)?,
            }
        }
        Ok(ChannelInfoRef { state: opt(state, "state")?, agent_status: opt(status, "agentStatus")?, extra })
    }

    /// The same view, borrowed from this one.
    pub fn reborrow(&self) -> ChannelInfoRef<'_> {
        ChannelInfoRef {
            state: re(&self.state),
            agent_status: self.agent_status.as_ref().map(AgentStatusRef::reborrow),
            extra: Cow::Borrowed(&self.extra),
        }
    }

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

/// [`StateUpdated`] borrowed from the frame.
#[derive(Clone, Debug, PartialEq)]
pub struct StateRef<'a> {
    /// `state`.
    pub state: Cow<'a, str>,
    /// `recording`.
    pub recording: Option<Cow<'a, str>>,
    /// Other members.
    pub extra: Extra<'a>,
}

impl<'a> StateRef<'a> {
    /// Reads the object at the cursor (the one decoder of [`StateUpdated`]).
    ///
    /// # Errors
    /// The first member, in declared order, that did not fit or is required and absent.
    #[inline(never)]
    pub fn read(r: &mut Reader<'a>) -> Result<StateRef<'a>, FieldError> {
        open(r)?;
        let (mut state, mut recording, mut extra) = (None, None, Extra::default());
        while let Some(k) = r.member()? {
            match &*k {
                "state" => fill(r, &mut state, text)?,
                "recording" => fill(r, &mut recording, opt_text)?,
                _ => keep(&mut extra, k, r)?,
            }
        }
        Ok(StateRef { state: need(state, "state")?, recording: opt(recording, "recording")?, extra })
    }

    /// The same view, borrowed from this one.
    pub fn reborrow(&self) -> StateRef<'_> {
        StateRef {
            state: Cow::Borrowed(&self.state),
            recording: re(&self.recording),
            extra: Cow::Borrowed(&self.extra),
        }
    }

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
        self.recording.is_none() || same(stored, &self.recording)
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

/// [`FocusChanged`] borrowed from the frame.
#[derive(Clone, Debug, PartialEq)]
pub struct FocusRef<'a> {
    /// `conversation`.
    pub conversation: Cow<'a, str>,
    /// Other members.
    pub extra: Extra<'a>,
}

impl<'a> FocusRef<'a> {
    /// Reads the object at the cursor (the one decoder of [`FocusChanged`]).
    ///
    /// # Errors
    /// A missing or non-string `conversation`.
    #[inline(never)]
    pub fn read(r: &mut Reader<'a>) -> Result<FocusRef<'a>, FieldError> {
        open(r)?;
        let (mut conversation, mut extra) = (None, Extra::default());
        while let Some(k) = r.member()? {
            match &*k {
                "conversation" => fill(r, &mut conversation, text)?,
                _ => keep(&mut extra, k, r)?,
            }
        }
        Ok(FocusRef { conversation: need(conversation, "conversation")?, extra })
    }

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
