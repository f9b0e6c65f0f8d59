//! The `data` payloads of requests, responses and events (PROTOCOL.md §2–3, WIRE-PROFILE §7).
//!
//! Field names are the protocol's own, casing quirks included (PROTOCOL.md 1.11:
//! `channeloptions` in activate, `channelOptions` in deactivate, `reasoncode` in notready).
//! Shapes marked **[I]** in PROTOCOL.md are INFERRED; each such struct says so.

use super::codec::{wire_struct, FieldError, FromJson, Num, Object, ToJson};
use super::enums::wire_enum;
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
    /// The agent's credentials in `prepareSession`.
    pub struct AgentCredentials {
        /// Agent id.
        id: String = "id",
        /// Agent password. Never logged or recorded by agentwire.
        password: String = "password",
    }
}

wire_struct! {
    /// `prepareSession` request data (PROTOCOL.md 2.4, **[V]**).
    pub struct PrepareSession {
        /// Call model the processor should use.
        model: Option<String> = "model",
        /// Replace an existing session of this agent.
        /// Absent reads as `false` (the documented first attempt).
        overriding: Option<bool> = "override",
        /// Credentials.
        agent: AgentCredentials = "agent",
    }
}

wire_struct! {
    /// `prepareSession` success data: the session resource id (**[I]** field name, WIRE-PROFILE §3).
    pub struct PrepareSessionResult {
        /// The session id: first segment of every target.
        resource_id: String = "resourceId",
    }
}

// ---------------------------------------------------------------- session requests (3.1)

wire_struct! {
    /// The channel to add in `session.request.addchannel`.
    pub struct NewChannel {
        /// The CTI's identifier for the channel (the extension for telephony).
        endpoint: String = "endpoint",
        /// `Telephony | Chat | Email` (note: title case here, upper case in `channel.created`).
        kind: String = "type",
    }
}

wire_struct! {
    /// `session.request.addchannel` data.
    pub struct AddChannel {
        /// The channel to add.
        channel: NewChannel = "channel",
    }
}

wire_struct! {
    /// The group to add in `session.addchannelgroup` (**[I]** shape).
    pub struct NewChannelGroup {
        /// Group name.
        name: String = "name",
    }
}

wire_struct! {
    /// `session.addchannelgroup` data (**[I]** shape: `{"channelgroup":{"name":…}}`).
    pub struct AddChannelGroup {
        /// The group to add.
        channelgroup: NewChannelGroup = "channelgroup",
    }
}

wire_struct! {
    /// `session.request.incontact.addressbook` data.
    pub struct AddressBookRequest {
        /// Ask for real-time agent states and skill figures.
        realtime: Option<bool> = "realtime",
    }
}

// ---------------------------------------------------------------- channel requests (3.3)

wire_struct! {
    /// `channeloptions` of `channel.activate` and the channel-group activations.
    pub struct ActivateOptions {
        /// The queue to log into.
        queue: Option<String> = "queue",
    }
}

wire_struct! {
    /// `channel.activate` / `channelgroup.request.activate(all)` data.
    /// The group commands' data is **[I]**: "any applicable channel options", written like
    /// `channel.activate`'s.
    pub struct ActivateData {
        /// Options (all lower case on the wire: `channeloptions`).
        channeloptions: Option<ActivateOptions> = "channeloptions",
    }
}

wire_struct! {
    /// `channelOptions` of `channel.deactivate`.
    pub struct DeactivateOptions {
        /// Queues being deactivated (**[I]** comma-separated list).
        queue: Option<String> = "queue",
        /// Logout reason code (numeric, sent as a string).
        reason: Option<String> = "reason",
    }
}

wire_struct! {
    /// `channel.deactivate` / `channelgroup.request.deactivateall` data.
    /// The group command's data is **[I]**, written like `channel.deactivate`'s.
    pub struct DeactivateData {
        /// Options (camel case on the wire: `channelOptions`).
        channel_options: Option<DeactivateOptions> = "channelOptions",
    }
}

wire_struct! {
    /// `channel.notready` data.
    pub struct NotReadyData {
        /// `acw` for after-call work, or a reason code from the server's list (`reasonCodeCode`).
        reasoncode: String = "reasoncode",
        /// Informational text.
        reasondesc: Option<String> = "reasondesc",
    }
}

wire_struct! {
    /// `channel.dial` data.
    pub struct DialData {
        /// Number to dial.
        destination: String = "destination",
        /// Platform-specific extensions.
        extensions: Option<Object> = "extensions",
    }
}

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

wire_struct! {
    /// `interaction.request.consult` (legacy `interaction.consult`) data. **[I]**: PROTOCOL.md
    /// recovered no command that places the consult call that `consulttransfer` and
    /// `consultconference` need (the back-end bridge has `interaction.request.consult`), so
    /// agentwire defines it the way `channel.dial` is written.
    pub struct ConsultData {
        /// Number or agent to consult.
        destination: String = "destination",
        /// Platform-specific extensions.
        extensions: Option<Object> = "extensions",
    }
}

wire_struct! {
    /// One script of `channel.request.incontact.getscripts`.
    pub struct Script {
        /// Script id.
        script_id: String = "scriptId",
        /// Script name.
        script_name: String = "scriptName",
    }
}

wire_struct! {
    /// `channel.request.incontact.getscripts` success data.
    pub struct Scripts {
        /// Scripts available for the channel.
        scripts: Vec<Script> = "scripts",
    }
}

// ---------------------------------------------------------------- reasons (3.1 events)

wire_struct! {
    /// A localised label of a reason code.
    pub struct Label {
        /// ISO language, e.g. `en`.
        language: Option<String> = "language",
        /// ISO country, e.g. `US`.
        country: Option<String> = "country",
        /// Short name.
        name: String = "name",
        /// Longer description.
        description: Option<String> = "description",
    }
}

wire_struct! {
    /// A not-ready reason code.
    pub struct ReasonCode {
        /// The CTI's id of the reason.
        reason_code_id: String = "reasonCodeId",
        /// The value to send as `reasoncode` in `channel.notready` (**[I]**).
        reason_code_code: String = "reasonCodeCode",
        /// Whether the agent may pick it (**[I]**: `false` marks switch-set codes).
        selectable: Option<bool> = "selectable",
        /// Platform extensions.
        extensions: Option<Vec<Json>> = "extensions",
        /// Labels, one per language/country.
        labels: Vec<Label> = "labels",
    }
}

wire_struct! {
    /// `session.externalnotreadyreasons.updated` data.
    pub struct ReasonCodes {
        /// The agent's not-ready reasons.
        reason_codes: Vec<ReasonCode> = "reasonCodes",
    }
}

wire_struct! {
    /// A logout reason.
    pub struct LogoutReason {
        /// The CTI's id of the reason.
        logout_reason_id: String = "logoutReasonId",
        /// The code to send as `channelOptions.reason` of `channel.deactivate`.
        logout_reason_code: String = "logoutReasonCode",
        /// Platform extensions.
        extensions: Option<Vec<Json>> = "extensions",
        /// Labels, one per language/country.
        labels: Vec<Label> = "labels",
    }
}

wire_struct! {
    /// `session.externallogoutreasons.updated` data.
    pub struct LogoutReasons {
        /// The agent's logout reasons.
        logout_reasons: Vec<LogoutReason> = "logoutReasons",
    }
}

wire_struct! {
    /// A disposition code (**[I]** shape, by analogy with reason codes).
    pub struct Disposition {
        /// Id.
        disposition_id: String = "dispositionId",
        /// Code.
        disposition_code: Option<String> = "dispositionCode",
        /// Labels.
        labels: Option<Vec<Label>> = "labels",
    }
}

wire_struct! {
    /// `channel.externaldispositions.updated` data (**[I]**).
    pub struct Dispositions {
        /// Disposition codes of the channel.
        dispositions: Vec<Disposition> = "dispositions",
    }
}

// ---------------------------------------------------------------- address book (3.1)

wire_struct! {
    /// A destination of an address-book entry.
    pub struct Destination {
        /// Display label.
        label: String = "label",
        /// Value to dial.
        value: String = "value",
    }
}

wire_struct! {
    /// Properties of an address-book entry (agent: `state`; skill: `mediaType` and figures).
    pub struct EntryProperties {
        /// Agent state name (agent entries).
        state: Option<String> = "state",
        /// Media type (skill entries).
        media_type: Option<String> = "mediaType",
        /// Available agents (skill entries, optional).
        num_available: Option<Num> = "numAvailable",
        /// Unavailable agents (skill entries, optional).
        num_unavailable: Option<Num> = "numUnavailable",
        /// Estimated wait time (skill entries, optional).
        ewt: Option<String> = "ewt",
    }
}

wire_enum! {
    /// Kind of an address-book entry.
    pub enum EntryType {
        /// An external contact.
        External = "external",
        /// Another agent.
        Agent = "agent",
        /// A skill (queue).
        Skill = "skill",
    }
}

wire_struct! {
    /// An address-book entry.
    pub struct Entry {
        /// Display name.
        name: String = "name",
        /// Kind.
        kind: EntryType = "type",
        /// Where to reach it.
        destinations: Vec<Destination> = "destinations",
        /// Kind-specific properties.
        properties: Option<EntryProperties> = "properties",
    }
}

wire_struct! {
    /// A group of an address book; groups nest.
    pub struct EntryGroup {
        /// Group name.
        name: String = "name",
        /// Sub-groups.
        groups: Vec<EntryGroup> = "groups",
        /// Entries.
        entries: Vec<Entry> = "entries",
    }
}

wire_struct! {
    /// An address book.
    pub struct AddressBook {
        /// Book name.
        name: String = "name",
        /// Groups.
        groups: Vec<EntryGroup> = "groups",
        /// Top-level entries.
        entries: Vec<Entry> = "entries",
    }
}

wire_struct! {
    /// The address-book request's result and `session.incontact.addressbook.updated` data.
    pub struct AddressBooks {
        /// The books.
        addressbooks: Vec<AddressBook> = "addressbooks",
    }
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
