//! (b) `serde_json` into derived borrowed structs: the envelope first (`name`, `target`, and
//! `data` as a borrowed `RawValue`, since `name` may come after `data`), then `data` into the
//! derived struct of its event, with the field types of agentwire's wire types (src/proto/wire/
//! types.rs). Strings borrow from the frame unless they have escapes; unknown members are
//! skipped; unknown events keep their data as a borrowed span.

use codec_common::{frames, Fold, Tally, INVALID, UNKNOWN};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// A string borrowed from the frame, or owned when it had escapes. (`Option<Cow<str>>` would
/// always own: serde borrows a `Cow` only as a field of its own.)
#[derive(Deserialize, PartialEq, Eq, Hash)]
#[serde(transparent)]
pub struct S<'a>(#[serde(borrow)] pub Cow<'a, str>);

fn s<'a>(x: &'a Option<S<'_>>) -> Option<&'a str> {
    x.as_ref().map(|x| &*x.0)
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "messageType", borrow)]
    message_type: S<'a>,
    #[serde(borrow)]
    target: S<'a>,
    #[serde(borrow)]
    name: S<'a>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

#[derive(Deserialize)]
pub struct Empty {}

#[derive(Deserialize)]
pub enum ChannelState {
    #[serde(rename = "INACTIVE")]
    Inactive,
    #[serde(rename = "UNAVAILABLE")]
    Unavailable,
    #[serde(rename = "ACTIVE")]
    Active,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
pub enum AgentStatusValue {
    #[serde(rename = "ready")]
    Ready,
    #[serde(rename = "not_ready")]
    NotReady,
    #[serde(rename = "after_call_work")]
    AfterCallWork,
    #[serde(rename = "busy")]
    Busy,
    #[serde(rename = "busy_ready")]
    BusyReady,
    #[serde(rename = "busy_not_ready")]
    BusyNotReady,
    #[serde(rename = "busy_after_call_work")]
    BusyAfterCallWork,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatus<'a> {
    pub status: AgentStatusValue,
    #[serde(borrow)]
    pub last_reason_code: Option<S<'a>>,
    #[serde(borrow)]
    pub last_reason_name: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelInfo<'a> {
    pub state: Option<ChannelState>,
    #[serde(borrow)]
    pub agent_status: Option<AgentStatus<'a>>,
}

#[derive(Deserialize)]
pub struct StateUpdated<'a> {
    #[serde(borrow)]
    pub state: S<'a>,
    #[serde(borrow)]
    pub recording: Option<S<'a>>,
}

#[derive(Deserialize)]
pub struct InteractionDescriptor<'a> {
    #[serde(borrow)]
    pub id: S<'a>,
    #[serde(rename = "type", borrow)]
    pub kind: Option<S<'a>>,
    #[serde(borrow)]
    pub direction: Option<S<'a>>,
}

#[derive(Deserialize)]
pub struct InteractionCreated<'a> {
    #[serde(borrow)]
    pub interaction: InteractionDescriptor<'a>,
}

/// Free-form key/value data: values kept as borrowed spans.
#[derive(Deserialize)]
pub struct InteractionData<'a> {
    #[serde(borrow)]
    pub data: HashMap<S<'a>, &'a RawValue>,
}

#[derive(Deserialize)]
pub struct FocusChanged<'a> {
    #[serde(borrow)]
    pub conversation: S<'a>,
}

#[derive(Deserialize)]
pub struct ConversationDescriptor<'a> {
    #[serde(borrow)]
    pub id: S<'a>,
    #[serde(borrow)]
    pub kind: Option<S<'a>>,
}

#[derive(Deserialize)]
pub struct ConversationCreated<'a> {
    #[serde(borrow)]
    pub conversation: ConversationDescriptor<'a>,
}

#[derive(Deserialize)]
pub struct Member<'a> {
    #[serde(borrow)]
    pub id: S<'a>,
    #[serde(borrow)]
    pub name: Option<S<'a>>,
    #[serde(borrow)]
    pub role: Option<S<'a>>,
    #[serde(borrow)]
    pub address: Option<S<'a>>,
}

#[derive(Deserialize)]
pub struct MemberAdded<'a> {
    #[serde(borrow)]
    pub member: Member<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelDescriptor<'a> {
    #[serde(borrow)]
    pub id: S<'a>,
    #[serde(borrow)]
    pub name: Option<S<'a>>,
    #[serde(rename = "type", borrow)]
    pub kind: Option<S<'a>>,
    #[serde(borrow)]
    pub model_type: Option<S<'a>>,
}

#[derive(Deserialize)]
pub struct ChannelCreated<'a> {
    #[serde(borrow)]
    pub channel: ChannelDescriptor<'a>,
}

#[derive(Deserialize)]
pub struct ChannelGroupDescriptor<'a> {
    #[serde(borrow)]
    pub id: S<'a>,
    #[serde(borrow)]
    pub name: Option<S<'a>>,
}

#[derive(Deserialize)]
pub struct ChannelGroupCreated<'a> {
    #[serde(borrow)]
    pub channelgroup: ChannelGroupDescriptor<'a>,
}

#[derive(Deserialize)]
pub struct Label<'a> {
    #[serde(borrow)]
    pub language: Option<S<'a>>,
    #[serde(borrow)]
    pub country: Option<S<'a>>,
    #[serde(borrow)]
    pub name: S<'a>,
    #[serde(borrow)]
    pub description: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonCode<'a> {
    #[serde(borrow)]
    pub reason_code_id: S<'a>,
    #[serde(borrow)]
    pub reason_code_code: S<'a>,
    pub selectable: Option<bool>,
    #[serde(borrow)]
    pub extensions: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    pub labels: Vec<Label<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonCodes<'a> {
    #[serde(borrow)]
    pub reason_codes: Vec<ReasonCode<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogoutReason<'a> {
    #[serde(borrow)]
    pub logout_reason_id: S<'a>,
    #[serde(borrow)]
    pub logout_reason_code: S<'a>,
    #[serde(borrow)]
    pub extensions: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    pub labels: Vec<Label<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogoutReasons<'a> {
    #[serde(borrow)]
    pub logout_reasons: Vec<LogoutReason<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Disposition<'a> {
    #[serde(borrow)]
    pub disposition_id: S<'a>,
    #[serde(borrow)]
    pub disposition_code: Option<S<'a>>,
    #[serde(borrow)]
    pub labels: Option<Vec<Label<'a>>>,
}

#[derive(Deserialize)]
pub struct Dispositions<'a> {
    #[serde(borrow)]
    pub dispositions: Vec<Disposition<'a>>,
}

#[derive(Deserialize)]
pub struct Destination<'a> {
    #[serde(borrow)]
    pub label: S<'a>,
    #[serde(borrow)]
    pub value: S<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryProperties<'a> {
    #[serde(borrow)]
    pub state: Option<S<'a>>,
    #[serde(borrow)]
    pub media_type: Option<S<'a>>,
    pub num_available: Option<u64>,
    pub num_unavailable: Option<u64>,
    #[serde(borrow)]
    pub ewt: Option<S<'a>>,
}

#[derive(Deserialize)]
pub enum EntryType {
    #[serde(rename = "external")]
    External,
    #[serde(rename = "agent")]
    Agent,
    #[serde(rename = "skill")]
    Skill,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
pub struct Entry<'a> {
    #[serde(borrow)]
    pub name: S<'a>,
    #[serde(rename = "type")]
    pub kind: EntryType,
    #[serde(borrow)]
    pub destinations: Vec<Destination<'a>>,
    #[serde(borrow)]
    pub properties: Option<EntryProperties<'a>>,
}

#[derive(Deserialize)]
pub struct EntryGroup<'a> {
    #[serde(borrow)]
    pub name: S<'a>,
    #[serde(borrow)]
    pub groups: Vec<EntryGroup<'a>>,
    #[serde(borrow)]
    pub entries: Vec<Entry<'a>>,
}

#[derive(Deserialize)]
pub struct AddressBook<'a> {
    #[serde(borrow)]
    pub name: S<'a>,
    #[serde(borrow)]
    pub groups: Vec<EntryGroup<'a>>,
    #[serde(borrow)]
    pub entries: Vec<Entry<'a>>,
}

#[derive(Deserialize)]
pub struct AddressBooks<'a> {
    #[serde(borrow)]
    pub addressbooks: Vec<AddressBook<'a>>,
}

#[derive(Deserialize)]
pub struct AgentLegFailed<'a> {
    #[serde(borrow)]
    pub error: Option<S<'a>>,
}

/// The typed data of an object event (agentwire's `EventData`).
pub enum EventData<'a> {
    SessionInitialized(Empty),
    NotReadyReasonsUpdated(ReasonCodes<'a>),
    LogoutReasonsUpdated(LogoutReasons<'a>),
    AgentLegFailed(AgentLegFailed<'a>),
    AgentLegConnected(Empty),
    AgentLegDisconnected(Empty),
    AddressBookUpdated(AddressBooks<'a>),
    ChannelGroupCreated(ChannelGroupCreated<'a>),
    ChannelGroupInitialized(Empty),
    ChannelCreated(ChannelCreated<'a>),
    ChannelInfoChanged(ChannelInfo<'a>),
    ChannelInitialized(Empty),
    DispositionsUpdated(Dispositions<'a>),
    StateUpdated(StateUpdated<'a>),
    InteractionCreated(InteractionCreated<'a>),
    InteractionPreview(Empty),
    InteractionInitialized(Empty),
    InteractionDataChanged(InteractionData<'a>),
    InteractionFocusChanged(FocusChanged<'a>),
    InteractionEnded(Empty),
    ConversationCreated(ConversationCreated<'a>),
    ConversationMemberAdded(MemberAdded<'a>),
    ConversationInitialized(Empty),
    ConversationDisposed(Empty),
    /// An event this version does not know: its data, as a span.
    Unknown(Option<&'a RawValue>),
    /// A known event whose data did not fit: its data, as a span.
    Invalid(Option<&'a RawValue>),
}

/// A decoded object event.
pub struct Event<'a> {
    pub target: Cow<'a, str>,
    pub name: Cow<'a, str>,
    pub data: EventData<'a>,
}

fn typed<'a, T: Deserialize<'a>>(raw: Option<&'a RawValue>) -> serde_json::Result<T> {
    serde_json::from_str(raw.map_or("{}", RawValue::get))
}

fn data<'a>(name: &str, raw: Option<&'a RawValue>) -> EventData<'a> {
    use EventData as D;
    let r = match name {
        "session.initialized" => typed(raw).map(D::SessionInitialized),
        "session.externalnotreadyreasons.updated" => typed(raw).map(D::NotReadyReasonsUpdated),
        "session.externallogoutreasons.updated" => typed(raw).map(D::LogoutReasonsUpdated),
        "session.incontact.agentleg.failed" | "session.agentleg.failed" => typed(raw).map(D::AgentLegFailed),
        "session.agentleg.connected" | "session.incontact.agentleg.connected" => typed(raw).map(D::AgentLegConnected),
        "session.agentleg.disconnected" | "session.incontact.agentleg.disconnected" => {
            typed(raw).map(D::AgentLegDisconnected)
        }
        "session.incontact.addressbook.updated" => typed(raw).map(D::AddressBookUpdated),
        "channelgroup.created" => typed(raw).map(D::ChannelGroupCreated),
        "channelgroup.initialized" => typed(raw).map(D::ChannelGroupInitialized),
        "channel.created" => typed(raw).map(D::ChannelCreated),
        "channel.infochanged" => typed(raw).map(D::ChannelInfoChanged),
        "channel.initialized" => typed(raw).map(D::ChannelInitialized),
        "channel.externaldispositions.updated" => typed(raw).map(D::DispositionsUpdated),
        "state.updated" => typed(raw).map(D::StateUpdated),
        "interaction.created" => typed(raw).map(D::InteractionCreated),
        "interaction.preview" => typed(raw).map(D::InteractionPreview),
        "interaction.initialized" => typed(raw).map(D::InteractionInitialized),
        "interaction.datachanged" => typed(raw).map(D::InteractionDataChanged),
        "interaction.focuschanged" => typed(raw).map(D::InteractionFocusChanged),
        "interaction.ended" => typed(raw).map(D::InteractionEnded),
        "conversation.created" => typed(raw).map(D::ConversationCreated),
        "conversation.member.added" => typed(raw).map(D::ConversationMemberAdded),
        "conversation.initialized" => typed(raw).map(D::ConversationInitialized),
        "conversation.disposed" => typed(raw).map(D::ConversationDisposed),
        _ => return D::Unknown(raw),
    };
    r.unwrap_or(D::Invalid(raw))
}

/// Decodes one frame; `None` when it is not a well-formed object event.
pub fn decode(frame: &str) -> Option<Event<'_>> {
    let env: Envelope = serde_json::from_str(frame).ok()?;
    if env.message_type.0 != "objectEvent" {
        return None;
    }
    // `null` data reads as `{}`, as in agentwire.
    let raw = env.data.filter(|d| d.get() != "null");
    Some(Event { data: data(&env.name.0, raw), target: env.target.0, name: env.name.0 })
}

fn labels(h: &mut Fold, l: &[Label]) {
    h.num(l.len() as u64);
    for l in l {
        h.opt_str(s(&l.language));
        h.opt_str(s(&l.country));
        h.str(&l.name.0);
        h.opt_str(s(&l.description));
    }
}

fn entry(h: &mut Fold, e: &Entry) {
    h.str(&e.name.0);
    h.num(match e.kind {
        EntryType::External => 1,
        EntryType::Agent => 2,
        EntryType::Skill => 3,
        EntryType::Other => 99,
    });
    h.num(e.destinations.len() as u64);
    for d in &e.destinations {
        h.str(&d.label.0);
        h.str(&d.value.0);
    }
    match &e.properties {
        None => h.num(0),
        Some(p) => {
            h.num(1);
            h.opt_str(s(&p.state));
            h.opt_str(s(&p.media_type));
            h.opt_num(p.num_available);
            h.opt_num(p.num_unavailable);
            h.opt_str(s(&p.ewt));
        }
    }
}

fn group(h: &mut Fold, name: &str, groups: &[EntryGroup], entries: &[Entry]) {
    h.str(name);
    h.num(groups.len() as u64);
    for g in groups {
        group(h, &g.name.0, &g.groups, &g.entries);
    }
    h.num(entries.len() as u64);
    for e in entries {
        entry(h, e);
    }
}

/// The event's checksum (the same fields as the other variants), and whether it is untyped.
pub fn fold(e: &Event) -> (Fold, bool) {
    use EventData as D;
    let mut h = Fold::default();
    h.str(&e.name);
    h.str(&e.target);
    match &e.data {
        D::ChannelInfoChanged(d) => {
            h.num(match &d.state {
                None => 0,
                Some(ChannelState::Inactive) => 1,
                Some(ChannelState::Unavailable) => 2,
                Some(ChannelState::Active) => 3,
                Some(ChannelState::Other) => 99,
            });
            match &d.agent_status {
                None => h.num(0),
                Some(a) => {
                    h.num(match a.status {
                        AgentStatusValue::Ready => 1,
                        AgentStatusValue::NotReady => 2,
                        AgentStatusValue::AfterCallWork => 3,
                        AgentStatusValue::Busy => 4,
                        AgentStatusValue::BusyReady => 5,
                        AgentStatusValue::BusyNotReady => 6,
                        AgentStatusValue::BusyAfterCallWork => 7,
                        AgentStatusValue::Other => 99,
                    });
                    h.opt_str(s(&a.last_reason_code));
                    h.opt_str(s(&a.last_reason_name));
                }
            }
        }
        D::StateUpdated(d) => {
            h.str(&d.state.0);
            h.opt_str(s(&d.recording));
        }
        D::InteractionCreated(d) => {
            h.str(&d.interaction.id.0);
            h.opt_str(s(&d.interaction.kind));
            h.opt_str(s(&d.interaction.direction));
        }
        D::InteractionDataChanged(d) => h.num(d.data.len() as u64),
        D::InteractionFocusChanged(d) => h.str(&d.conversation.0),
        D::ConversationCreated(d) => {
            h.str(&d.conversation.id.0);
            h.opt_str(s(&d.conversation.kind));
        }
        D::ConversationMemberAdded(d) => {
            h.str(&d.member.id.0);
            h.opt_str(s(&d.member.name));
            h.opt_str(s(&d.member.role));
            h.opt_str(s(&d.member.address));
        }
        D::ChannelCreated(d) => {
            h.str(&d.channel.id.0);
            h.opt_str(s(&d.channel.name));
            h.opt_str(s(&d.channel.kind));
            h.opt_str(s(&d.channel.model_type));
        }
        D::ChannelGroupCreated(d) => {
            h.str(&d.channelgroup.id.0);
            h.opt_str(s(&d.channelgroup.name));
        }
        D::NotReadyReasonsUpdated(d) => {
            h.num(d.reason_codes.len() as u64);
            for r in &d.reason_codes {
                h.str(&r.reason_code_id.0);
                h.str(&r.reason_code_code.0);
                h.opt_num(r.selectable.map(u64::from));
                h.opt_num(r.extensions.as_ref().map(|x| x.len() as u64));
                labels(&mut h, &r.labels);
            }
        }
        D::LogoutReasonsUpdated(d) => {
            h.num(d.logout_reasons.len() as u64);
            for r in &d.logout_reasons {
                h.str(&r.logout_reason_id.0);
                h.str(&r.logout_reason_code.0);
                h.opt_num(r.extensions.as_ref().map(|x| x.len() as u64));
                labels(&mut h, &r.labels);
            }
        }
        D::DispositionsUpdated(d) => {
            h.num(d.dispositions.len() as u64);
            for x in &d.dispositions {
                h.str(&x.disposition_id.0);
                h.opt_str(s(&x.disposition_code));
                h.opt_num(x.labels.as_ref().map(|l| l.len() as u64));
            }
        }
        D::AddressBookUpdated(d) => {
            h.num(d.addressbooks.len() as u64);
            for b in &d.addressbooks {
                group(&mut h, &b.name.0, &b.groups, &b.entries);
            }
        }
        D::AgentLegFailed(d) => h.opt_str(s(&d.error)),
        D::SessionInitialized(_)
        | D::AgentLegConnected(_)
        | D::AgentLegDisconnected(_)
        | D::ChannelGroupInitialized(_)
        | D::ChannelInitialized(_)
        | D::InteractionPreview(_)
        | D::InteractionInitialized(_)
        | D::InteractionEnded(_)
        | D::ConversationInitialized(_)
        | D::ConversationDisposed(_) => {}
        D::Unknown(_) => {
            h.num(UNKNOWN);
            return (h, true);
        }
        D::Invalid(_) => {
            h.num(INVALID);
            return (h, true);
        }
    }
    (h, false)
}

/// Decodes every frame of `blob` (one per line); returns `[frames, checksum, untyped, errors]`.
#[wasm_bindgen]
pub fn decode_all(blob: &str) -> Vec<u32> {
    let mut t = Tally::default();
    for f in frames(blob) {
        match decode(f) {
            Some(e) => {
                let (h, untyped) = fold(&e);
                t.add(h, untyped);
            }
            None => t.error(),
        }
    }
    t.to_vec()
}
