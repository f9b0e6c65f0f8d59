//! The objects of a session (PROTOCOL.md §3, §4) as the model holds them, each addressed by
//! its target in the registry. Their JSON snapshots are in `snapshot.rs`.

use super::registry::Targeted;
use crate::proto::json::Json;
use crate::proto::json::Map;
use crate::proto::target;
use crate::proto::wire::enums::wire_enum;
use crate::proto::wire::{AgentStatus, AgentStatusValue, ChannelState};

wire_enum! {
    /// Interaction (and conversation) state (PROTOCOL.md 4.4, **[I]** from the back-end spec).
    pub enum InteractionState {
        /// Inbound or preview, waiting for accept/answer.
        Alerting = "ALERTING",
        /// Outbound, being dialled.
        Dialing = "DIALING",
        /// Connected.
        Started = "STARTED",
        /// Released or transferred.
        Ended = "ENDED",
        /// Wrapped up.
        Completed = "COMPLETED",
    }
}

/// The InContact agent leg, from the `session.agentleg.*` events.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum AgentLeg {
    /// No agent-leg event yet.
    #[default]
    Unknown,
    /// Connected.
    Connected,
    /// Disconnected.
    Disconnected,
    /// Could not be connected, with the server's reason.
    Failed(String),
}

/// The session (the bound session resource).
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// Session id (the resource id; first segment of every target).
    pub id: String,
    /// Whether `session.initialized` arrived.
    pub initialized: bool,
    /// The InContact agent leg.
    pub agent_leg: AgentLeg,
}

/// A channel group.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelGroup {
    /// `<session>.<group>` (its id is the last segment: [`ChannelGroup::id`]).
    pub target: String,
    /// Name, when announced (`channelgroup.created` is **[I]**; groups first seen as the
    /// target of `channel.created` have none).
    pub name: Option<String>,
    /// `state.updated` on the group, if a server sends one.
    pub state: Option<String>,
    /// Whether `channelgroup.initialized` arrived.
    pub initialized: bool,
}

/// A channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    /// Full target (its id and its group's target are in it: [`Channel::id`],
    /// [`Channel::group`]).
    pub target: String,
    /// Whether it is in a group (its target's parent), not stand-alone (a child of the
    /// session).
    pub grouped: bool,
    /// Endpoint name.
    pub name: Option<String>,
    /// `TELEPHONY | EMAIL | CHAT | <custom>`.
    pub kind: Option<String>,
    /// Model type.
    pub model_type: Option<String>,
    /// Channel state; new channels start `INACTIVE`.
    pub state: ChannelState,
    /// Agent status and last reason, once reported.
    pub agent_status: Option<AgentStatus>,
    /// Whether `channel.initialized` arrived.
    pub initialized: bool,
    /// Disposition codes, when reported (each checked against `wire::DISPOSITION`).
    pub dispositions: Vec<Json>,
    /// Scripts, once read with `getscripts` (each checked against `wire::SCRIPT`).
    pub scripts: Option<Vec<Json>>,
    /// Approximate bytes of `dispositions` and `scripts` (the model's byte budget).
    pub data_bytes: usize,
}

impl Channel {
    /// Channel id.
    pub fn id(&self) -> &str {
        target::last(&self.target)
    }

    /// Target of its group, `None` for a stand-alone channel.
    pub fn group(&self) -> Option<&str> {
        self.grouped.then(|| parent(&self.target))
    }

    /// The agent status value, when reported.
    pub fn status(&self) -> Option<&AgentStatusValue> {
        self.agent_status.as_ref().map(|a| &a.status)
    }
}

/// An interaction.
#[derive(Clone, Debug, PartialEq)]
pub struct Interaction {
    /// Full target (its id and its channel's target are in it: [`Interaction::id`],
    /// [`Interaction::channel`]).
    pub target: String,
    /// Media type.
    pub kind: Option<String>,
    /// `inbound | outbound`.
    pub direction: Option<String>,
    /// State, once reported.
    pub state: Option<InteractionState>,
    /// Attached data, merged from every `interaction.datachanged`.
    pub data: Map,
    /// Approximate bytes of `data` (the model's byte budget).
    pub data_bytes: usize,
    /// Id of the conversation with focus.
    pub focus: Option<String>,
    /// Recording state (**[I]**, from `state.updated`'s `recording`).
    pub recording: Option<String>,
    /// Whether `interaction.preview` arrived (awaits accept).
    pub previewed: bool,
    /// Whether `interaction.initialized` arrived.
    pub initialized: bool,
}

/// A conversation (telephony leg) of an interaction.
#[derive(Clone, Debug, PartialEq)]
pub struct Conversation {
    /// Full target (its id and its interaction's target are in it: [`Conversation::id`],
    /// [`Conversation::interaction`]).
    pub target: String,
    /// `primary | consult`.
    pub kind: Option<String>,
    /// State, once reported (conversation states are UNKNOWN in PROTOCOL.md 4.5; the
    /// interaction values are used).
    pub state: Option<InteractionState>,
    /// Members.
    pub members: Vec<Json>,
    /// Approximate bytes of `members` (the model's byte budget).
    pub data_bytes: usize,
    /// Whether `conversation.initialized` arrived.
    pub initialized: bool,
}

impl ChannelGroup {
    /// Group id.
    pub fn id(&self) -> &str {
        target::last(&self.target)
    }
}

impl Interaction {
    /// Interaction id.
    pub fn id(&self) -> &str {
        target::last(&self.target)
    }

    /// Target of its channel.
    pub fn channel(&self) -> &str {
        parent(&self.target)
    }
}

impl Conversation {
    /// Conversation id.
    pub fn id(&self) -> &str {
        target::last(&self.target)
    }

    /// Target of its interaction.
    pub fn interaction(&self) -> &str {
        parent(&self.target)
    }
}

/// The target of an object's parent (every object but the session has one).
fn parent(t: &str) -> &str {
    target::parent(t).unwrap_or_default()
}

impl Targeted for ChannelGroup {
    fn target(&self) -> &String {
        &self.target
    }
}

impl Targeted for Channel {
    fn target(&self) -> &String {
        &self.target
    }
}

impl Targeted for Interaction {
    fn target(&self) -> &String {
        &self.target
    }
}

impl Targeted for Conversation {
    fn target(&self) -> &String {
        &self.target
    }
}
