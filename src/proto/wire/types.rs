//! The `data` payloads of requests, responses and events (PROTOCOL.md §2–3, WIRE-PROFILE §7).
//!
//! Field names are the protocol's own, casing quirks included (PROTOCOL.md 1.11:
//! `channeloptions` in activate, `channelOptions` in deactivate, `reasoncode` in notready).
//! Shapes marked **[I]** in PROTOCOL.md are INFERRED; each such struct says so.

use super::codec::{FieldError, FromJson, ToJson};
use super::enums::wire_enum;
use super::schema::Shape::{self, Any, Bool, Num, Str};
use super::schema::{self, list_payload, opt, payload, req, Field};
use crate::proto::json::{Json, Map};
use crate::proto::text::cat;

payload! {
    /// A payload with no defined members: `{}` (unknown members are still kept, in order).
    Empty = {
        static SHAPE: Shape = Shape::Object(&[]);
        &SHAPE
    }
}

impl Empty {
    /// `{}`.
    pub fn new() -> Empty {
        Empty(Json::Object(Vec::new()))
    }
}

impl Default for Empty {
    fn default() -> Empty {
        Empty::new()
    }
}

// ---------------------------------------------------------------- prepareSession (2.4)

payload! {
    /// `prepareSession` success data: `{"resourceId": string}`, the session resource id, the
    /// first segment of every target (**[I]** member name, WIRE-PROFILE §3).
    PrepareSessionResult = {
        static SHAPE: Shape = Shape::Object(&[req("resourceId", &Str)]);
        &SHAPE
    }
}

impl PrepareSessionResult {
    /// `{"resourceId": id}`.
    pub fn new(id: &str) -> PrepareSessionResult {
        PrepareSessionResult(Json::Object(vec![("resourceId".into(), Json::str(id))]))
    }

    /// The session id.
    pub fn resource_id(&self) -> &str {
        schema::text(&self.0, "resourceId").unwrap_or_default()
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
            match (SignalData::param_index(k), val) {
                (Some(n), Json::String(v)) => out.params.push((n, v.clone())),
                (Some(_), other) => return Err(FieldError::wrong_type("a string", other).at(k)),
                (None, _) => out.extra.push((k.clone(), val.clone())),
            }
        }
        Ok(out)
    }
}

impl ToJson for SignalData {
    fn to_json(&self) -> Json {
        let mut m: Map = Vec::with_capacity(self.params.len() + self.extra.len());
        for (n, v) in &self.params {
            m.push((cat(&["p", &crate::proto::text::decimal(u64::from(*n))]), Json::str(v)));
        }
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
    Shape::Object(&[opt("language", &Str), opt("country", &Str), req("name", &Str), opt("description", &Str)]);

/// A not-ready reason code: the CTI's id; the value to send as `reasoncode` in
/// `channel.notready` (**[I]**); whether the agent may pick it (**[I]**: `false` marks
/// switch-set codes); platform extensions; one label per language/country.
pub static REASON_CODE: Shape = Shape::Object(&[
    req("reasonCodeId", &Str),
    req("reasonCodeCode", &Str),
    opt("selectable", &Bool),
    opt("extensions", &Shape::Array(&Any)),
    req("labels", &Shape::Array(&LABEL)),
]);

/// A logout reason: the CTI's id; the code to send as `channelOptions.reason` of
/// `channel.deactivate`; platform extensions; labels.
pub static LOGOUT_REASON: Shape = Shape::Object(&[
    req("logoutReasonId", &Str),
    req("logoutReasonCode", &Str),
    opt("extensions", &Shape::Array(&Any)),
    req("labels", &Shape::Array(&LABEL)),
]);

/// A disposition code (**[I]** shape, by analogy with reason codes).
pub static DISPOSITION: Shape =
    Shape::Object(&[req("dispositionId", &Str), opt("dispositionCode", &Str), opt("labels", &Shape::Array(&LABEL))]);

/// A destination of an address-book entry: display label, value to dial.
pub static DESTINATION: Shape = Shape::Object(&[req("label", &Str), req("value", &Str)]);

/// An address-book entry: name, `type` (`external | agent | skill`, other values kept),
/// destinations, kind-specific properties (agent: `state`; skill: `mediaType` and the
/// optional figures).
pub static ENTRY: Shape = Shape::Object(&[
    req("name", &Str),
    req("type", &Str),
    req("destinations", &Shape::Array(&DESTINATION)),
    opt(
        "properties",
        &Shape::Object(&[
            opt("state", &Str),
            opt("mediaType", &Str),
            opt("numAvailable", &Num),
            opt("numUnavailable", &Num),
            opt("ewt", &Str),
        ]),
    ),
]);

/// A group of an address book; groups nest.
pub static ENTRY_GROUP: Shape = Shape::Object(&[
    req("name", &Str),
    req("groups", &Shape::Array(&ENTRY_GROUP)),
    req("entries", &Shape::Array(&ENTRY)),
]);

/// An address book: name, groups, top-level entries.
pub static ADDRESS_BOOK: Shape = Shape::Object(&[
    req("name", &Str),
    req("groups", &Shape::Array(&ENTRY_GROUP)),
    req("entries", &Shape::Array(&ENTRY)),
]);

/// One script of `channel.request.incontact.getscripts`: id and name.
pub static SCRIPT: Shape = Shape::Object(&[req("scriptId", &Str), req("scriptName", &Str)]);

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

// The object events' payloads (issue 14): each arrives once per object (created, a member
// added, attached data changed), so each is a table too; the model reads them through the
// accessors below. The ids are checked by the model (`target::child`, `validate_id`: a `.`
// in an id is refused with the target's error), as before.

/// The channel announced by `channel.created`: id (no `.`), endpoint name, `type`
/// (`TELEPHONY | EMAIL | CHAT | <custom>`), model type.
pub const CHANNEL: &[Field] = &[req("id", &Str), opt("name", &Str), opt("type", &Str), opt("modelType", &Str)];

/// The group announced by `channelgroup.created` (**[I]**, WIRE-PROFILE §7): id, name.
pub const CHANNEL_GROUP: &[Field] = &[req("id", &Str), opt("name", &Str)];

/// The interaction announced by `interaction.created` (**[I]**, WIRE-PROFILE §7): id, media
/// `type` (`TELEPHONY`, `CHAT`, …), `direction` (`inbound | outbound`).
pub const INTERACTION: &[Field] = &[req("id", &Str), opt("type", &Str), opt("direction", &Str)];

/// The conversation announced by `conversation.created` (**[I]**): id, `kind`
/// (`primary | consult`).
pub const CONVERSATION: &[Field] = &[req("id", &Str), opt("kind", &Str)];

/// A member of a conversation (**[I]**; WIRE-PROFILE names `id,name,role`, the fixture shows
/// `address`; all but `id` are optional).
pub const MEMBER: &[Field] = &[req("id", &Str), opt("name", &Str), opt("role", &Str), opt("address", &Str)];

/// Declares an object event's payload `{ "<key>": <shape> }` (the member required) and its
/// accessor `$get()`, the checked inner object.
macro_rules! wrapped_payload {
    ($(#[$meta:meta])* $name:ident = $key:literal : $inner:path, $get:ident) => {
        payload! {
            $(#[$meta])*
            $name = {
                static SHAPE: Shape = Shape::Object(&[req($key, &Shape::Object($inner))]);
                &SHAPE
            }
        }

        impl $name {
            #[doc = concat!("The checked `", $key, "` object.")]
            pub fn $get(&self) -> &Json {
                self.0.get($key).unwrap_or(&Json::Null)
            }
        }
    };
}

wrapped_payload! {
    /// `channel.created` data: `{"channel": CHANNEL}`.
    ChannelCreated = "channel": CHANNEL, channel
}

wrapped_payload! {
    /// `channelgroup.created` data (**[I]**): `{"channelgroup": CHANNEL_GROUP}`.
    ChannelGroupCreated = "channelgroup": CHANNEL_GROUP, channelgroup
}

wrapped_payload! {
    /// `interaction.created` data: `{"interaction": INTERACTION}`.
    InteractionCreated = "interaction": INTERACTION, interaction
}

wrapped_payload! {
    /// `conversation.created` data: `{"conversation": CONVERSATION}`.
    ConversationCreated = "conversation": CONVERSATION, conversation
}

wrapped_payload! {
    /// `conversation.member.added` data: `{"member": MEMBER}`.
    MemberAdded = "member": MEMBER, member
}

payload! {
    /// `interaction.datachanged` data (**[I]**): `{"data": {…}}`, the attached / CTI
    /// key/value pairs that changed (any values).
    InteractionData = {
        static SHAPE: Shape = Shape::Object(&[req("data", &Shape::Object(&[]))]);
        &SHAPE
    }
}

impl InteractionData {
    /// The key/value pairs that changed.
    pub fn data(&self) -> &[(String, Json)] {
        match self.0.get("data") {
            Some(Json::Object(m)) => m,
            _ => &[],
        }
    }
}

payload! {
    /// `session.incontact.agentleg.failed` data: `{"error"?: string}`.
    AgentLegFailed = {
        static SHAPE: Shape = Shape::Object(&[opt("error", &Str)]);
        &SHAPE
    }
}

impl AgentLegFailed {
    /// Why, when the server said.
    pub fn error(&self) -> Option<&str> {
        schema::text(&self.0, "error")
    }
}

/// The id of a checked object (`""` if it has none, which no target accepts).
pub fn id_of(v: &Json) -> &str {
    schema::text(v, "id").unwrap_or_default()
}
