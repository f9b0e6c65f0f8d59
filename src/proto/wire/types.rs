//! The `data` payloads of requests, responses and events (PROTOCOL.md §2–3, WIRE-PROFILE §7).
//!
//! Field names are the protocol's own, casing quirks included (PROTOCOL.md 1.11:
//! `channeloptions` in activate, `channelOptions` in deactivate, `reasoncode` in notready).
//! Shapes marked **[I]** in PROTOCOL.md are INFERRED; each such struct says so.

use super::codec::{wire_struct, FieldError, FromJson, Object, ToJson};
use super::enums::wire_enum;
use super::schema::Shape::{self, Any, Bool, Num, Str};
use super::schema::{list_payload, opt, req};
use crate::proto::json::{Json, Map};
use crate::proto::text::cat;

wire_struct! {
    /// A payload with no defined members: `{}` (unknown members are still kept).
    pub struct Empty {}
}

impl Empty {
    /// `{}`.
    pub fn new() -> Empty {
        Empty { extra: Vec::new() }
    }
}

// ---------------------------------------------------------------- prepareSession (2.4)

wire_struct! {
    /// `prepareSession` success data: the session resource id (**[I]** field name, WIRE-PROFILE §3).
    pub struct PrepareSessionResult {
        /// The session id: first segment of every target.
        resource_id: String = "resourceId",
    }
}

// ---------------------------------------------------------------- session requests (3.1)

// ---------------------------------------------------------------- channel requests (3.3)

/// `interaction.request.incontact.signal` data: parameters `p1` … `p20`, only those with a
/// value. Members outside `p1`…`p20` are kept in `extra`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SignalData {
    /// `(n, value)` for each `p<n>` present, in arrival order.
    pub params: Vec<(u8, String)>,
    /// Members that are not `p1`…`p20`.
    pub extra: Map,
}

impl SignalData {
    /// The parameter number of a member name `p1`…`p20`.
    pub fn param_index(key: &str) -> Option<u8> {
        let n = u8::try_from(crate::proto::text::parse_u64(key.strip_prefix('p')?)?).ok()?;
        (1..=20).contains(&n).then_some(n)
    }
}

impl FromJson for SignalData {
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        let m = v.as_object().ok_or_else(|| FieldError::wrong_type("an object", v))?;
        let mut out = SignalData::default();
        for (k, val) in m {
            match SignalData::param_index(k) {
                Some(n) => out.params.push((n, String::from_json(val).map_err(|e| e.at(k))?)),
                None => out.extra.push((k.clone(), val.clone())),
            }
        }
        Ok(out)
    }
}

impl ToJson for SignalData {
    fn to_json(&self) -> Json {
        let mut m: Map = self
            .params
            .iter()
            .map(|(n, v)| (cat(&["p", &crate::proto::text::decimal(u64::from(*n))]), Json::str(v)))
            .collect();
        m.extend(self.extra.iter().cloned());
        Json::Object(m)
    }
}

// ---------------------------------------------------------------- cold payloads (issue 14)
//
// The lists below arrive a few times per session and never on the hot path: each is a
// validated JSON tree checked against its table by `schema::read` (one generic decoder), and
// the model reads what it uses through `schema::text`/`flag`/`list`. Members not in a table
// are kept as they came (PROTOCOL.md 1.12). Host builds have owned builders of the same
// payloads in `wire::build` (simulator, tests).

/// A localised label of a reason code: `language`, `country` (ISO), `name` (short),
/// `description`.
pub static LABEL: Shape =
    Shape::Object(&[opt("language", Str), opt("country", Str), req("name", Str), opt("description", Str)]);

/// A not-ready reason code: the CTI's id; the value to send as `reasoncode` in
/// `channel.notready` (**[I]**); whether the agent may pick it (**[I]**: `false` marks
/// switch-set codes); platform extensions; one label per language/country.
pub static REASON_CODE: Shape = Shape::Object(&[
    req("reasonCodeId", Str),
    req("reasonCodeCode", Str),
    opt("selectable", Bool),
    opt("extensions", Shape::Array(&Any)),
    req("labels", Shape::Array(&LABEL)),
]);

/// A logout reason: the CTI's id; the code to send as `channelOptions.reason` of
/// `channel.deactivate`; platform extensions; labels.
pub static LOGOUT_REASON: Shape = Shape::Object(&[
    req("logoutReasonId", Str),
    req("logoutReasonCode", Str),
    opt("extensions", Shape::Array(&Any)),
    req("labels", Shape::Array(&LABEL)),
]);

/// A disposition code (**[I]** shape, by analogy with reason codes).
pub static DISPOSITION: Shape =
    Shape::Object(&[req("dispositionId", Str), opt("dispositionCode", Str), opt("labels", Shape::Array(&LABEL))]);

/// A destination of an address-book entry: display label, value to dial.
pub static DESTINATION: Shape = Shape::Object(&[req("label", Str), req("value", Str)]);

/// An address-book entry: name, `type` (`external | agent | skill`, other values kept),
/// destinations, kind-specific properties (agent: `state`; skill: `mediaType` and the
/// optional figures).
pub static ENTRY: Shape = Shape::Object(&[
    req("name", Str),
    req("type", Str),
    req("destinations", Shape::Array(&DESTINATION)),
    opt(
        "properties",
        Shape::Object(&[
            opt("state", Str),
            opt("mediaType", Str),
            opt("numAvailable", Num),
            opt("numUnavailable", Num),
            opt("ewt", Str),
        ]),
    ),
]);

/// A group of an address book; groups nest.
pub static ENTRY_GROUP: Shape =
    Shape::Object(&[req("name", Str), req("groups", Shape::Array(&ENTRY_GROUP)), req("entries", Shape::Array(&ENTRY))]);

/// An address book: name, groups, top-level entries.
pub static ADDRESS_BOOK: Shape =
    Shape::Object(&[req("name", Str), req("groups", Shape::Array(&ENTRY_GROUP)), req("entries", Shape::Array(&ENTRY))]);

/// One script of `channel.request.incontact.getscripts`: id and name.
pub static SCRIPT: Shape = Shape::Object(&[req("scriptId", Str), req("scriptName", Str)]);

list_payload! {
    /// `channel.request.incontact.getscripts` success data: `{"scripts": [SCRIPT…]}`.
    Scripts = "scripts": SCRIPT
}

list_payload! {
    /// `session.externalnotreadyreasons.updated` data: `{"reasonCodes": [REASON_CODE…]}`.
    ReasonCodes = "reasonCodes": REASON_CODE
}

list_payload! {
    /// `session.externallogoutreasons.updated` data: `{"logoutReasons": [LOGOUT_REASON…]}`.
    LogoutReasons = "logoutReasons": LOGOUT_REASON
}

list_payload! {
    /// `channel.externaldispositions.updated` data (**[I]**): `{"dispositions": [DISPOSITION…]}`.
    Dispositions = "dispositions": DISPOSITION
}

list_payload! {
    /// The address-book request's result and `session.incontact.addressbook.updated` data:
    /// `{"addressbooks": [ADDRESS_BOOK…]}`.
    AddressBooks = "addressbooks": ADDRESS_BOOK
}

// ---------------------------------------------------------------- channels (3.2, 3.3)

wire_enum! {
    /// Channel state (PROTOCOL.md 4.2).
    pub enum ChannelState {
        /// No agent logged into the channel; every new channel starts here.
        Inactive = "INACTIVE",
        /// Another agent is logged into the channel.
        Unavailable = "UNAVAILABLE",
        /// This session's agent is logged in.
        Active = "ACTIVE",
    }
}

wire_enum! {
    /// Agent status on a channel (PROTOCOL.md 4.3).
    pub enum AgentStatusValue {
        /// Can receive work.
        Ready = "ready",
        /// Not ready.
        NotReady = "not_ready",
        /// Wrapping up.
        AfterCallWork = "after_call_work",
        /// Busy.
        Busy = "busy",
        /// Busy with an interaction, base status ready.
        BusyReady = "busy_ready",
        /// Busy with an interaction, base status not ready.
        BusyNotReady = "busy_not_ready",
        /// Busy with an interaction, base status after-call work.
        BusyAfterCallWork = "busy_after_call_work",
    }
}

wire_struct! {
    /// The channel announced by `channel.created`.
    pub struct ChannelDescriptor {
        /// Channel id (no `.`).
        id: String = "id",
        /// Endpoint name.
        name: Option<String> = "name",
        /// `TELEPHONY | EMAIL | CHAT | <custom>`.
        kind: Option<String> = "type",
        /// Model type.
        model_type: Option<String> = "modelType",
    }
}

wire_struct! {
    /// `channel.created` data.
    pub struct ChannelCreated {
        /// The new channel.
        channel: ChannelDescriptor = "channel",
    }
}

wire_struct! {
    /// The group announced by `channelgroup.created` (**[I]**, WIRE-PROFILE §7).
    pub struct ChannelGroupDescriptor {
        /// Group id (no `.`).
        id: String = "id",
        /// Name.
        name: Option<String> = "name",
    }
}

wire_struct! {
    /// `channelgroup.created` data (**[I]**).
    pub struct ChannelGroupCreated {
        /// The new group.
        channelgroup: ChannelGroupDescriptor = "channelgroup",
    }
}

// ---------------------------------------------------------------- interactions (3.4, 3.5)

wire_struct! {
    /// The interaction announced by `interaction.created` (**[I]**, WIRE-PROFILE §7).
    pub struct InteractionDescriptor {
        /// Interaction id.
        id: String = "id",
        /// Media type, e.g. `TELEPHONY`, `CHAT`.
        kind: Option<String> = "type",
        /// `inbound | outbound`.
        direction: Option<String> = "direction",
    }
}

wire_struct! {
    /// `interaction.created` data.
    pub struct InteractionCreated {
        /// The new interaction.
        interaction: InteractionDescriptor = "interaction",
    }
}

wire_struct! {
    /// `interaction.datachanged` data: attached / CTI data (**[I]**).
    pub struct InteractionData {
        /// Key/value pairs that changed.
        data: Object = "data",
    }
}

wire_struct! {
    /// The conversation announced by `conversation.created` (**[I]**).
    pub struct ConversationDescriptor {
        /// Conversation id.
        id: String = "id",
        /// `primary | consult`.
        kind: Option<String> = "kind",
    }
}

wire_struct! {
    /// `conversation.created` data.
    pub struct ConversationCreated {
        /// The new conversation.
        conversation: ConversationDescriptor = "conversation",
    }
}

wire_struct! {
    /// A member of a conversation (**[I]**; WIRE-PROFILE names `id,name,role`, the fixture
    /// shows `address`; all but `id` are optional).
    pub struct Member {
        /// Member id.
        id: String = "id",
        /// Display name.
        name: Option<String> = "name",
        /// Role, e.g. `agent`, `customer`, `consult`.
        role: Option<String> = "role",
        /// Address (number).
        address: Option<String> = "address",
    }
}

wire_struct! {
    /// `conversation.member.added` data.
    pub struct MemberAdded {
        /// The member.
        member: Member = "member",
    }
}

wire_struct! {
    /// `session.incontact.agentleg.failed` data.
    pub struct AgentLegFailed {
        /// Why.
        error: Option<String> = "error",
    }
}
