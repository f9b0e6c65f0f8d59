//! (c) `JSON.parse` in JS, then `serde_wasm_bindgen::from_value` into derived structs: the
//! page parses each frame and passes the object (one call per frame); the envelope is read
//! first (`data` kept as a `JsValue`), then `data` into the derived struct of its event, with
//! the field types of agentwire's wire types (owned strings: a JS string cannot be borrowed).
//! Unknown members are skipped; unknown events keep their data as a `JsValue`; a known event
//! whose data does not fit keeps nothing (the page holds the parsed object anyway).

use codec_common::{Fold, Tally, INVALID, UNKNOWN};
use serde::Deserialize;
use std::cell::Cell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// A JS value kept as it is.
#[derive(Deserialize)]
pub struct Js(#[serde(with = "serde_wasm_bindgen::preserve")] pub JsValue);

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "messageType")]
    message_type: String,
    target: String,
    name: String,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    data: JsValue,
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
pub struct AgentStatus {
    pub status: AgentStatusValue,
    pub last_reason_code: Option<String>,
    pub last_reason_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelInfo {
    pub state: Option<ChannelState>,
    pub agent_status: Option<AgentStatus>,
}

#[derive(Deserialize)]
pub struct StateUpdated {
    pub state: String,
    pub recording: Option<String>,
}

#[derive(Deserialize)]
pub struct InteractionDescriptor {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub direction: Option<String>,
}

#[derive(Deserialize)]
pub struct InteractionCreated {
    pub interaction: InteractionDescriptor,
}

/// Free-form key/value data: values kept as JS values.
#[derive(Deserialize)]
pub struct InteractionData {
    pub data: HashMap<String, Js>,
}

#[derive(Deserialize)]
pub struct FocusChanged {
    pub conversation: String,
}

#[derive(Deserialize)]
pub struct ConversationDescriptor {
    pub id: String,
    pub kind: Option<String>,
}

#[derive(Deserialize)]
pub struct ConversationCreated {
    pub conversation: ConversationDescriptor,
}

#[derive(Deserialize)]
pub struct Member {
    pub id: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub address: Option<String>,
}

#[derive(Deserialize)]
pub struct MemberAdded {
    pub member: Member,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelDescriptor {
    pub id: String,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub model_type: Option<String>,
}

#[derive(Deserialize)]
pub struct ChannelCreated {
    pub channel: ChannelDescriptor,
}

#[derive(Deserialize)]
pub struct ChannelGroupDescriptor {
    pub id: String,
    pub name: Option<String>,
}

#[derive(Deserialize)]
pub struct ChannelGroupCreated {
    pub channelgroup: ChannelGroupDescriptor,
}

#[derive(Deserialize)]
pub struct Label {
    pub language: Option<String>,
    pub country: Option<String>,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonCode {
    pub reason_code_id: String,
    pub reason_code_code: String,
    pub selectable: Option<bool>,
    pub extensions: Option<Vec<Js>>,
    pub labels: Vec<Label>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonCodes {
    pub reason_codes: Vec<ReasonCode>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogoutReason {
    pub logout_reason_id: String,
    pub logout_reason_code: String,
    pub extensions: Option<Vec<Js>>,
    pub labels: Vec<Label>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogoutReasons {
    pub logout_reasons: Vec<LogoutReason>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Disposition {
    pub disposition_id: String,
    pub disposition_code: Option<String>,
    pub labels: Option<Vec<Label>>,
}

#[derive(Deserialize)]
pub struct Dispositions {
    pub dispositions: Vec<Disposition>,
}

#[derive(Deserialize)]
pub struct Destination {
    pub label: String,
    pub value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryProperties {
    pub state: Option<String>,
    pub media_type: Option<String>,
    pub num_available: Option<u64>,
    pub num_unavailable: Option<u64>,
    pub ewt: Option<String>,
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
pub struct Entry {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntryType,
    pub destinations: Vec<Destination>,
    pub properties: Option<EntryProperties>,
}

#[derive(Deserialize)]
pub struct EntryGroup {
    pub name: String,
    pub groups: Vec<EntryGroup>,
    pub entries: Vec<Entry>,
}

#[derive(Deserialize)]
pub struct AddressBook {
    pub name: String,
    pub groups: Vec<EntryGroup>,
    pub entries: Vec<Entry>,
}

#[derive(Deserialize)]
pub struct AddressBooks {
    pub addressbooks: Vec<AddressBook>,
}

#[derive(Deserialize)]
pub struct AgentLegFailed {
    pub error: Option<String>,
}

/// The typed data of an object event (agentwire's `EventData`).
pub enum EventData {
    SessionInitialized(Empty),
    NotReadyReasonsUpdated(ReasonCodes),
    LogoutReasonsUpdated(LogoutReasons),
    AgentLegFailed(AgentLegFailed),
    AgentLegConnected(Empty),
    AgentLegDisconnected(Empty),
    AddressBookUpdated(AddressBooks),
    ChannelGroupCreated(ChannelGroupCreated),
    ChannelGroupInitialized(Empty),
    ChannelCreated(ChannelCreated),
    ChannelInfoChanged(ChannelInfo),
    ChannelInitialized(Empty),
    DispositionsUpdated(Dispositions),
    StateUpdated(StateUpdated),
    InteractionCreated(InteractionCreated),
    InteractionPreview(Empty),
    InteractionInitialized(Empty),
    InteractionDataChanged(InteractionData),
    InteractionFocusChanged(FocusChanged),
    InteractionEnded(Empty),
    ConversationCreated(ConversationCreated),
    ConversationMemberAdded(MemberAdded),
    ConversationInitialized(Empty),
    ConversationDisposed(Empty),
    /// An event this version does not know: its data, as a JS value.
    Unknown(Js),
    /// A known event whose data did not fit.
    Invalid,
}

/// A decoded object event.
pub struct Event {
    pub target: String,
    pub name: String,
    pub data: EventData,
}

fn typed<T: for<'de> Deserialize<'de>>(raw: &JsValue) -> Result<T, serde_wasm_bindgen::Error> {
    serde_wasm_bindgen::from_value(raw.clone())
}

fn data(name: &str, raw: JsValue) -> EventData {
    use EventData as D;
    // `null` or absent data reads as `{}`, as in agentwire.
    let raw = if raw.is_null() || raw.is_undefined() { js_sys::Object::new().into() } else { raw };
    let r = match name {
        "session.initialized" => typed(&raw).map(D::SessionInitialized),
        "session.externalnotreadyreasons.updated" => typed(&raw).map(D::NotReadyReasonsUpdated),
        "session.externallogoutreasons.updated" => typed(&raw).map(D::LogoutReasonsUpdated),
        "session.incontact.agentleg.failed" | "session.agentleg.failed" => typed(&raw).map(D::AgentLegFailed),
        "session.agentleg.connected" | "session.incontact.agentleg.connected" => typed(&raw).map(D::AgentLegConnected),
        "session.agentleg.disconnected" | "session.incontact.agentleg.disconnected" => {
            typed(&raw).map(D::AgentLegDisconnected)
        }
        "session.incontact.addressbook.updated" => typed(&raw).map(D::AddressBookUpdated),
        "channelgroup.created" => typed(&raw).map(D::ChannelGroupCreated),
        "channelgroup.initialized" => typed(&raw).map(D::ChannelGroupInitialized),
        "channel.created" => typed(&raw).map(D::ChannelCreated),
        "channel.infochanged" => typed(&raw).map(D::ChannelInfoChanged),
        "channel.initialized" => typed(&raw).map(D::ChannelInitialized),
        "channel.externaldispositions.updated" => typed(&raw).map(D::DispositionsUpdated),
        "state.updated" => typed(&raw).map(D::StateUpdated),
        "interaction.created" => typed(&raw).map(D::InteractionCreated),
        "interaction.preview" => typed(&raw).map(D::InteractionPreview),
        "interaction.initialized" => typed(&raw).map(D::InteractionInitialized),
        "interaction.datachanged" => typed(&raw).map(D::InteractionDataChanged),
        "interaction.focuschanged" => typed(&raw).map(D::InteractionFocusChanged),
        "interaction.ended" => typed(&raw).map(D::InteractionEnded),
        "conversation.created" => typed(&raw).map(D::ConversationCreated),
        "conversation.member.added" => typed(&raw).map(D::ConversationMemberAdded),
        "conversation.initialized" => typed(&raw).map(D::ConversationInitialized),
        "conversation.disposed" => typed(&raw).map(D::ConversationDisposed),
        _ => return D::Unknown(Js(raw)),
    };
    r.unwrap_or(D::Invalid)
}

/// Decodes one parsed frame; `None` when it is not a well-formed object event.
pub fn decode(frame: JsValue) -> Option<Event> {
    let env: Envelope = serde_wasm_bindgen::from_value(frame).ok()?;
    if env.message_type != "objectEvent" {
        return None;
    }
    Some(Event { data: data(&env.name, env.data), target: env.target, name: env.name })
}

fn labels(h: &mut Fold, l: &[Label]) {
    h.num(l.len() as u64);
    for l in l {
        h.opt_str(l.language.as_deref());
        h.opt_str(l.country.as_deref());
        h.str(&l.name);
        h.opt_str(l.description.as_deref());
    }
}

fn entry(h: &mut Fold, e: &Entry) {
    h.str(&e.name);
    h.num(match e.kind {
        EntryType::External => 1,
        EntryType::Agent => 2,
        EntryType::Skill => 3,
        EntryType::Other => 99,
    });
    h.num(e.destinations.len() as u64);
    for d in &e.destinations {
        h.str(&d.label);
        h.str(&d.value);
    }
    match &e.properties {
        None => h.num(0),
        Some(p) => {
            h.num(1);
            h.opt_str(p.state.as_deref());
            h.opt_str(p.media_type.as_deref());
            h.opt_num(p.num_available);
            h.opt_num(p.num_unavailable);
            h.opt_str(p.ewt.as_deref());
        }
    }
}

fn group(h: &mut Fold, name: &str, groups: &[EntryGroup], entries: &[Entry]) {
    h.str(name);
    h.num(groups.len() as u64);
    for g in groups {
        group(h, &g.name, &g.groups, &g.entries);
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
                    h.opt_str(a.last_reason_code.as_deref());
                    h.opt_str(a.last_reason_name.as_deref());
                }
            }
        }
        D::StateUpdated(d) => {
            h.str(&d.state);
            h.opt_str(d.recording.as_deref());
        }
        D::InteractionCreated(d) => {
            h.str(&d.interaction.id);
            h.opt_str(d.interaction.kind.as_deref());
            h.opt_str(d.interaction.direction.as_deref());
        }
        D::InteractionDataChanged(d) => h.num(d.data.len() as u64),
        D::InteractionFocusChanged(d) => h.str(&d.conversation),
        D::ConversationCreated(d) => {
            h.str(&d.conversation.id);
            h.opt_str(d.conversation.kind.as_deref());
        }
        D::ConversationMemberAdded(d) => {
            h.str(&d.member.id);
            h.opt_str(d.member.name.as_deref());
            h.opt_str(d.member.role.as_deref());
            h.opt_str(d.member.address.as_deref());
        }
        D::ChannelCreated(d) => {
            h.str(&d.channel.id);
            h.opt_str(d.channel.name.as_deref());
            h.opt_str(d.channel.kind.as_deref());
            h.opt_str(d.channel.model_type.as_deref());
        }
        D::ChannelGroupCreated(d) => {
            h.str(&d.channelgroup.id);
            h.opt_str(d.channelgroup.name.as_deref());
        }
        D::NotReadyReasonsUpdated(d) => {
            h.num(d.reason_codes.len() as u64);
            for r in &d.reason_codes {
                h.str(&r.reason_code_id);
                h.str(&r.reason_code_code);
                h.opt_num(r.selectable.map(u64::from));
                h.opt_num(r.extensions.as_ref().map(|x| x.len() as u64));
                labels(&mut h, &r.labels);
            }
        }
        D::LogoutReasonsUpdated(d) => {
            h.num(d.logout_reasons.len() as u64);
            for r in &d.logout_reasons {
                h.str(&r.logout_reason_id);
                h.str(&r.logout_reason_code);
                h.opt_num(r.extensions.as_ref().map(|x| x.len() as u64));
                labels(&mut h, &r.labels);
            }
        }
        D::DispositionsUpdated(d) => {
            h.num(d.dispositions.len() as u64);
            for x in &d.dispositions {
                h.str(&x.disposition_id);
                h.opt_str(x.disposition_code.as_deref());
                h.opt_num(x.labels.as_ref().map(|l| l.len() as u64));
            }
        }
        D::AddressBookUpdated(d) => {
            h.num(d.addressbooks.len() as u64);
            for b in &d.addressbooks {
                group(&mut h, &b.name, &b.groups, &b.entries);
            }
        }
        D::AgentLegFailed(d) => h.opt_str(d.error.as_deref()),
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
        D::Invalid => {
            h.num(INVALID);
            return (h, true);
        }
    }
    (h, false)
}

thread_local! {
    static TALLY: Cell<Tally> = const { Cell::new(Tally { frames: 0, sum: 0, untyped: 0, errors: 0 }) };
}

/// Decodes one frame that the page parsed with `JSON.parse`, into the running tally.
#[wasm_bindgen]
pub fn decode_frame(frame: JsValue) {
    let mut t = TALLY.get();
    match decode(frame) {
        Some(e) => {
            let (h, untyped) = fold(&e);
            t.add(h, untyped);
        }
        None => t.error(),
    }
    TALLY.set(t);
}

/// The tally since the last call: `[frames, checksum, untyped, errors]`.
#[wasm_bindgen]
pub fn finish() -> Vec<u32> {
    TALLY.replace(Tally::default()).to_vec()
}
