//! Owned builders of the cold payloads, for the simulator and tests only (host builds; none
//! of this is in the wasm). The SDK keeps these payloads as validated JSON
//! ([`schema`](super::schema), the tables in `types.rs`); what the simulator configures,
//! edits and sends is easier to write as structs, so they stay here, each encoding to the
//! JSON the SDK's table accepts (`From` into the SDK's payload types: no second decoder on
//! the SDK's path).

use super::codec::{wire_struct, Num, Object, ToJson};
use super::enums::wire_enum;
use crate::proto::json::Json;

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

// ---------------------------------------------------------------- service list (2.3)

wire_enum! {
    /// `serviceStatus.status` (2.3; "Stopping"/"Stopped" **[I]**).
    pub enum ServiceStatusValue {
        /// Out of service.
        OutOfService = "OutOfService",
        /// Starting.
        Starting = "Starting",
        /// In service: may be chosen.
        InService = "InService",
        /// Stopping.
        Stopping = "Stopping",
        /// Stopped.
        Stopped = "Stopped",
    }
}

wire_struct! {
    /// `serviceStatus` of a service (load fields **[I]** placed here, as the fixture shows).
    pub struct ServiceStatus {
        /// Status.
        status: ServiceStatusValue = "status",
        /// Whether the processor accepts clients.
        accepting_clients: Option<bool> = "acceptingClients",
        /// Bound clients (fewest wins).
        client_count: Option<Num> = "clientCount",
    }
}

wire_struct! {
    /// Service-specific information (2.3).
    pub struct ServiceDetails {
        /// Vendor.
        vendor: Option<String> = "vendor",
        /// Version.
        version: Option<String> = "version",
        /// CTI vendor.
        cti_vendor: Option<String> = "cti-vendor",
        /// CTI version.
        cti_version: Option<String> = "cti-version",
        /// Instance domain: groups processors serving the same pool of clients.
        instance_domain: Option<String> = "instance-domain",
    }
}

wire_struct! {
    /// One service of `serviceList`.
    pub struct ServiceInfo {
        /// Service id.
        id: String = "id",
        /// Name.
        name: Option<String> = "name",
        /// Type, e.g. `InteractionProcessor`.
        kind: Option<String> = "type",
        /// Status and load.
        service_status: Option<ServiceStatus> = "serviceStatus",
        /// Vendor information.
        info: Option<ServiceDetails> = "info",
    }
}

wire_struct! {
    /// The Service Monitor's `serviceList` event data (2.3).
    pub struct ServiceList {
        /// `serviceList`.
        event_type: String = "eventType",
        /// Every service.
        services: Vec<ServiceInfo> = "services",
    }
}

// ---------------------------------------------------------------- command data (2.4, 3)

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
    /// `prepareSession` success data.
    pub struct PrepareSessionResult {
        /// The session id.
        resource_id: String = "resourceId",
    }
}

wire_struct! {
    /// `failure` of a failure response (1.5).
    pub struct Failure {
        /// Error code.
        code: String = "code",
        /// Human text.
        message: Option<String> = "message",
        /// Stack trace, if any.
        context: Option<Json> = "context",
    }
}

wire_struct! {
    /// A payload with no defined members: `{}` (the typed decoder `Empty`'s table replaced).
    pub struct Empty {}
}

// ---------------------------------------------------------------- object events (3.2–3.5)

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
    /// A member of a conversation (**[I]**; all but `id` are optional).
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

macro_rules! into_payload {
    ($($owned:ident),*) => {$(
        impl From<$owned> for super::$owned {
            /// The payload the SDK reads (the owned struct's JSON is what its table gives).
            fn from(v: $owned) -> Self {
                super::$owned(v.to_json())
            }
        }
    )*};
}
into_payload!(Scripts, ReasonCodes, LogoutReasons, Dispositions, AddressBooks, ServiceList);
into_payload!(
    ChannelCreated,
    ChannelGroupCreated,
    InteractionCreated,
    InteractionData,
    ConversationCreated,
    MemberAdded,
    AgentLegFailed,
    Empty,
    PrepareSessionResult,
    Failure
);
into_payload!(
    PrepareSession,
    AddChannel,
    AddChannelGroup,
    AddressBookRequest,
    ActivateData,
    DeactivateData,
    NotReadyData,
    DialData,
    ConsultData
);
