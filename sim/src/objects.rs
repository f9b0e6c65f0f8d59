//! The objects an agent owns on the simulated switch (PROTOCOL.md §3): channel groups,
//! channels, interactions and conversations with their states, the session that views
//! them, and [`Obj`], what a target names. Objects keep ids only: targets are built from
//! the session id when events are made (`agent.rs`).

use crate::config::ChannelSpec;
use crate::media::Media;
use agentwire::proto::json::Map;
use agentwire::proto::wire::build::Member;
use agentwire::proto::wire::{AgentStatus, AgentStatusValue, ChannelInfo, ChannelState, EventData};
use std::time::Instant;

/// Connection id.
pub type ConnId = u64;

/// The agent's own availability on a channel, before the busy overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// ready
    Ready,
    /// not_ready
    NotReady,
    /// after_call_work
    Acw,
}

/// Interaction states the simulator holds (ended interactions are removed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IxState {
    /// Waiting for accept / answer.
    Alerting,
    /// Outbound, not yet answered.
    Dialing,
    /// Connected.
    Started,
}

impl IxState {
    /// Wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            IxState::Alerting => "ALERTING",
            IxState::Dialing => "DIALING",
            IxState::Started => "STARTED",
        }
    }
}

/// Recording state of an interaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rec {
    /// Not recording.
    Stopped,
    /// Recording.
    Recording,
    /// Paused.
    Paused,
}

impl Rec {
    /// Wire spelling (`state.updated` `recording`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rec::Stopped => "stopped",
            Rec::Recording => "recording",
            Rec::Paused => "paused",
        }
    }
}

/// A telephony conversation of an interaction.
#[derive(Clone, Debug)]
pub struct Conv {
    /// Id (`cv-1` primary, `cv-2`… consult).
    pub id: String,
    /// Whether this is the consult conversation.
    pub consult: bool,
    /// `ALERTING`, `DIALING`, `STARTED` or `HELD`.
    pub state: &'static str,
    /// Members.
    pub members: Vec<Member>,
}

/// An interaction on a channel.
#[derive(Clone, Debug)]
pub struct Interaction {
    /// Id (`ix-5001`…).
    pub id: String,
    /// Media (the channel's).
    pub media: Media,
    /// `inbound` / `outbound`.
    pub direction: &'static str,
    /// State.
    pub state: IxState,
    /// Recording.
    pub recording: Rec,
    /// Attached data.
    pub data: Map,
    /// Conversations (telephony only).
    pub convs: Vec<Conv>,
    /// Id of the conversation with focus, when a consult call exists.
    pub focus: Option<String>,
    /// Next conversation number.
    pub next_cv: u32,
    /// When it was created.
    pub created: Instant,
}

impl Interaction {
    /// A new conversation id.
    pub fn new_conv_id(&mut self) -> String {
        self.next_cv += 1;
        format!("cv-{}", self.next_cv)
    }

    /// The primary conversation's index.
    pub fn primary(&self) -> Option<usize> {
        self.convs.iter().position(|c| !c.consult)
    }

    /// The consult conversation's index.
    pub fn consult(&self) -> Option<usize> {
        self.convs.iter().position(|c| c.consult)
    }
}

/// A channel.
#[derive(Clone, Debug)]
pub struct Channel {
    /// Id.
    pub id: String,
    /// Endpoint name.
    pub name: String,
    /// Media.
    pub media: Media,
    /// Owning group id (`None`: stand-alone).
    pub group: Option<String>,
    /// Channel state.
    pub state: ChannelState,
    /// Agent availability under the busy overlay.
    pub base: Base,
    /// `lastReasonCode`.
    pub last_code: String,
    /// `lastReasonName`.
    pub last_name: String,
    /// Queue given at activation.
    pub queue: Option<String>,
    /// Added by a command (removed at logout) rather than configured.
    pub dynamic: bool,
    /// Interactions on it.
    pub interactions: Vec<Interaction>,
    /// The state it returns to at logout.
    pub initial: ChannelState,
}

impl Channel {
    /// A new channel from the layout.
    pub fn new(spec: &ChannelSpec, group: Option<String>, name: String, dynamic: bool) -> Channel {
        Channel {
            id: spec.id.clone(),
            name,
            media: spec.media,
            group,
            state: spec.state.clone(),
            base: Base::NotReady,
            last_code: String::new(),
            last_name: String::new(),
            queue: None,
            dynamic,
            interactions: Vec::new(),
            initial: spec.state.clone(),
        }
    }

    /// The agent status on the wire, with the busy overlay while an interaction exists.
    pub fn status(&self) -> AgentStatusValue {
        let busy = !self.interactions.is_empty();
        match (self.base, busy) {
            (Base::Ready, false) => AgentStatusValue::Ready,
            (Base::NotReady, false) => AgentStatusValue::NotReady,
            (Base::Acw, false) => AgentStatusValue::AfterCallWork,
            (Base::Ready, true) => AgentStatusValue::BusyReady,
            (Base::NotReady, true) => AgentStatusValue::BusyNotReady,
            (Base::Acw, true) => AgentStatusValue::BusyAfterCallWork,
        }
    }

    /// `channel.infochanged` data.
    pub fn info(&self) -> EventData {
        EventData::ChannelInfoChanged(ChannelInfo {
            state: Some(self.state.clone()),
            agent_status: Some(AgentStatus {
                status: self.status(),
                last_reason_code: Some(self.last_code.clone()),
                last_reason_name: Some(self.last_name.clone()),
                extra: Map::new(),
            }),
            extra: Map::new(),
        })
    }

    /// Index of an interaction by id.
    pub fn find(&self, ix: &str) -> Option<usize> {
        self.interactions.iter().position(|i| i.id == ix)
    }
}

/// A channel group.
#[derive(Clone, Debug)]
pub struct Group {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Added by a command (removed at logout).
    pub dynamic: bool,
}

/// The session that currently views the agent.
#[derive(Clone, Debug)]
pub struct Session {
    /// Session (resource) id.
    pub id: String,
    /// The client bound to it.
    pub bound: Option<ConnId>,
    /// Whether that client started it (events flow only then).
    pub started: bool,
    /// Whether it asked for real-time address-book updates.
    pub book: bool,
    /// When the next scheduled inbound interaction is due.
    pub next_inbound: Option<Instant>,
    /// Flood rate in events per second (0: off), and the fraction carried between ticks.
    pub flood: (u32, f64),
    /// Which media the schedule delivers next.
    pub inbound_turn: u32,
}

impl Session {
    /// A new, unbound session.
    pub fn new(id: String) -> Session {
        Session { id, bound: None, started: false, book: false, next_inbound: None, flood: (0, 0.0), inbound_turn: 0 }
    }
}

/// The object a target names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Obj {
    /// The session.
    Session,
    /// A group (index).
    Group(usize),
    /// A channel (index).
    Channel(usize),
    /// An interaction (channel, interaction).
    Interaction(usize, usize),
    /// A conversation (channel, interaction, conversation).
    Conversation(usize, usize, usize),
}
