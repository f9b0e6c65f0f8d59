//! One agent's state on the simulated switch: channel groups, channels, interactions and
//! conversations, plus the session that currently views them. Objects belong to the agent,
//! not to the session: a replaced or re-bound session re-announces them (PROTOCOL.md 2.6).
//!
//! Targets are built from the session id when events are made, so objects keep ids only.

use crate::config::{Catalog, ChannelSpec};
use crate::media::Media;
use agentwire::proto::json::{Json, Map};
use agentwire::proto::wire::{
    AgentStatus, AgentStatusValue, ChannelCreated, ChannelDescriptor, ChannelGroupCreated, ChannelGroupDescriptor,
    ChannelInfo, ChannelState, ConversationCreated, ConversationDescriptor, Empty, Event, EventData, FocusChanged,
    Frame, InteractionCreated, InteractionData, InteractionDescriptor, LogoutReasons, Member, MemberAdded, Object,
    ReasonCodes, StateUpdated,
};
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

/// An agent and everything the switch knows about them.
#[derive(Clone, Debug)]
pub struct Agent {
    /// Agent id.
    pub id: String,
    /// Password.
    pub password: String,
    /// Display name.
    pub name: String,
    /// Extension.
    pub extension: String,
    /// Groups.
    pub groups: Vec<Group>,
    /// Channels (group members and stand-alone).
    pub channels: Vec<Channel>,
    /// The session, while the agent is logged in.
    pub session: Option<Session>,
    /// InContact agent leg connected.
    pub leg: bool,
    /// Counter for ids of added channels and groups.
    pub seq: u32,
}

/// An event frame.
pub fn ev(target: impl Into<String>, data: EventData) -> Frame {
    Frame::Event(Event::new(target, data))
}

/// `state.updated` data.
pub fn state(s: &str, recording: Option<Rec>) -> EventData {
    EventData::StateUpdated(StateUpdated {
        state: s.to_owned(),
        recording: recording.map(|r| r.as_str().to_owned()),
        extra: Map::new(),
    })
}

/// An empty-data event of `kind`.
pub fn empty(kind: fn(Empty) -> EventData) -> EventData {
    kind(Empty::new())
}

/// A conversation member.
pub fn member(id: &str, name: &str, role: &str, address: &str) -> Member {
    Member {
        id: id.to_owned(),
        name: Some(name.to_owned()),
        role: Some(role.to_owned()),
        address: Some(address.to_owned()),
        extra: Map::new(),
    }
}

/// Fills `{agent}`, `{name}`, `{extension}` in a name template.
pub fn fill(template: &str, id: &str, name: &str, extension: &str) -> String {
    template.replace("{agent}", id).replace("{name}", name).replace("{extension}", extension)
}

impl Agent {
    /// A logged-out agent with the configured layout.
    pub fn new(cat: &Catalog, cfg: &crate::config::AgentConfig) -> Agent {
        let extension = if cfg.extension.is_empty() { cfg.id.clone() } else { cfg.extension.clone() };
        let name = if cfg.name.is_empty() { format!("Agent {}", cfg.id) } else { cfg.name.clone() };
        let mut a = Agent {
            id: cfg.id.clone(),
            password: cfg.password.clone(),
            name,
            extension,
            groups: Vec::new(),
            channels: Vec::new(),
            session: None,
            leg: false,
            seq: 0,
        };
        a.reset(cat);
        a
    }

    /// Back to the configured layout, everything INACTIVE (logout).
    pub fn reset(&mut self, cat: &Catalog) {
        self.groups.clear();
        self.channels.clear();
        for g in &cat.groups {
            self.groups.push(Group { id: g.id.clone(), name: g.name.clone(), dynamic: false });
            for c in &g.channels {
                let name = fill(&c.name, &self.id, &self.name, &self.extension);
                self.channels.push(Channel::new(c, Some(g.id.clone()), name, false));
            }
        }
        for c in &cat.channels {
            let name = fill(&c.name, &self.id, &self.name, &self.extension);
            self.channels.push(Channel::new(c, None, name, false));
        }
        self.leg = false;
    }

    /// The session id, or `""`.
    pub fn sid(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.id.as_str())
    }

    /// The client that should get this agent's events: bound and started.
    pub fn listener(&self) -> Option<ConnId> {
        self.session.as_ref().filter(|s| s.started).and_then(|s| s.bound)
    }

    /// Target of a group.
    pub fn group_target(&self, gi: usize) -> String {
        format!("{}.{}", self.sid(), self.groups[gi].id)
    }

    /// Target of a channel.
    pub fn channel_target(&self, ci: usize) -> String {
        let ch = &self.channels[ci];
        match &ch.group {
            Some(g) => format!("{}.{g}.{}", self.sid(), ch.id),
            None => format!("{}.{}", self.sid(), ch.id),
        }
    }

    /// Target of an interaction.
    pub fn ix_target(&self, ci: usize, ii: usize) -> String {
        format!("{}.{}", self.channel_target(ci), self.channels[ci].interactions[ii].id)
    }

    /// Target of a conversation.
    pub fn cv_target(&self, ci: usize, ii: usize, vi: usize) -> String {
        format!("{}.{}", self.ix_target(ci, ii), self.channels[ci].interactions[ii].convs[vi].id)
    }

    /// Finds the object a target names (exactly its canonical target).
    pub fn resolve(&self, target: &str) -> Option<Obj> {
        let sid = self.sid();
        let rest = target.strip_prefix(sid)?;
        if rest.is_empty() {
            return Some(Obj::Session);
        }
        let segs: Vec<&str> = rest.strip_prefix('.')?.split('.').collect();
        let (ci, tail) = if let Some(gi) = self.groups.iter().position(|g| g.id == segs[0]) {
            let Some(ch) = segs.get(1) else { return Some(Obj::Group(gi)) };
            let g = &self.groups[gi].id;
            let ci = self.channels.iter().position(|c| c.id == *ch && c.group.as_deref() == Some(g))?;
            (ci, &segs[2..])
        } else {
            let ci = self.channels.iter().position(|c| c.id == segs[0] && c.group.is_none())?;
            (ci, &segs[1..])
        };
        match tail {
            [] => Some(Obj::Channel(ci)),
            [ix] => Some(Obj::Interaction(ci, self.channels[ci].find(ix)?)),
            [ix, cv] => {
                let ii = self.channels[ci].find(ix)?;
                let vi = self.channels[ci].interactions[ii].convs.iter().position(|c| c.id == *cv)?;
                Some(Obj::Conversation(ci, ii, vi))
            }
            _ => None,
        }
    }

    /// Finds an interaction anywhere by id.
    pub fn find_ix(&self, ix: &str) -> Option<(usize, usize)> {
        self.channels.iter().enumerate().find_map(|(ci, c)| c.find(ix).map(|ii| (ci, ii)))
    }

    /// An id `<prefix>-<n>` no group or channel of this agent uses yet.
    pub fn fresh_id(&mut self, prefix: &str) -> String {
        loop {
            self.seq += 1;
            let id = format!("{prefix}-{}", self.seq);
            if !self.groups.iter().any(|g| g.id == id) && !self.channels.iter().any(|c| c.id == id) {
                return id;
            }
        }
    }

    /// Whether any interaction exists.
    pub fn busy(&self) -> bool {
        self.channels.iter().any(|c| !c.interactions.is_empty())
    }

    /// `channel.infochanged` + `state.updated` for a channel.
    pub fn channel_changed(&self, ci: usize, out: &mut Vec<Frame>) {
        let t = self.channel_target(ci);
        out.push(ev(t.clone(), self.channels[ci].info()));
        out.push(ev(t, state(self.channels[ci].state.as_str(), None)));
    }

    /// `channel.created` (target the session or group), `channel.infochanged`,
    /// `channel.initialized`.
    pub fn announce_channel(&self, ci: usize, out: &mut Vec<Frame>) {
        let ch = &self.channels[ci];
        let parent = match &ch.group {
            Some(g) => format!("{}.{g}", self.sid()),
            None => self.sid().to_owned(),
        };
        out.push(ev(
            parent,
            EventData::ChannelCreated(ChannelCreated {
                channel: ChannelDescriptor {
                    id: ch.id.clone(),
                    name: Some(ch.name.clone()),
                    kind: Some(ch.media.wire().to_owned()),
                    model_type: Some(ch.media.wire().to_owned()),
                    extra: Map::new(),
                },
                extra: Map::new(),
            }),
        ));
        let t = self.channel_target(ci);
        out.push(ev(t.clone(), ch.info()));
        out.push(ev(t, empty(EventData::ChannelInitialized)));
    }

    /// A group with its members: `channelgroup.created`, each member's creation events,
    /// `channelgroup.initialized`.
    pub fn announce_group(&self, gi: usize, out: &mut Vec<Frame>) {
        let g = &self.groups[gi];
        out.push(ev(
            self.sid(),
            EventData::ChannelGroupCreated(ChannelGroupCreated {
                channelgroup: ChannelGroupDescriptor {
                    id: g.id.clone(),
                    name: Some(g.name.clone()),
                    extra: Map::new(),
                },
                extra: Map::new(),
            }),
        ));
        for ci in 0..self.channels.len() {
            if self.channels[ci].group.as_deref() == Some(g.id.as_str()) {
                self.announce_channel(ci, out);
            }
        }
        out.push(ev(self.group_target(gi), empty(EventData::ChannelGroupInitialized)));
    }

    /// A conversation's creation events: `conversation.created`, `state.updated`, one
    /// `conversation.member.added` per member, `conversation.initialized`.
    pub fn announce_conv(&self, ci: usize, ii: usize, vi: usize, out: &mut Vec<Frame>) {
        let cv = &self.channels[ci].interactions[ii].convs[vi];
        let t = self.cv_target(ci, ii, vi);
        out.push(ev(
            t.clone(),
            EventData::ConversationCreated(ConversationCreated {
                conversation: ConversationDescriptor {
                    id: cv.id.clone(),
                    kind: Some(if cv.consult { "consult" } else { "primary" }.to_owned()),
                    extra: Map::new(),
                },
                extra: Map::new(),
            }),
        ));
        out.push(ev(t.clone(), state(cv.state, None)));
        for m in &cv.members {
            out.push(ev(
                t.clone(),
                EventData::ConversationMemberAdded(MemberAdded { member: m.clone(), extra: Map::new() }),
            ));
        }
        out.push(ev(t, empty(EventData::ConversationInitialized)));
    }

    /// An interaction's creation sequence (PROTOCOL.md 3.3 dial list from
    /// `interaction.created` on): created, state, each conversation, focus (when a consult
    /// exists), datachanged, preview (`preview`: a new interaction, or one still ALERTING),
    /// initialized.
    pub fn announce_ix(&self, ci: usize, ii: usize, preview: bool, out: &mut Vec<Frame>) {
        let ix = &self.channels[ci].interactions[ii];
        let t = self.ix_target(ci, ii);
        out.push(ev(
            t.clone(),
            EventData::InteractionCreated(InteractionCreated {
                interaction: InteractionDescriptor {
                    id: ix.id.clone(),
                    kind: Some(ix.media.wire().to_owned()),
                    direction: Some(ix.direction.to_owned()),
                    extra: Map::new(),
                },
                extra: Map::new(),
            }),
        ));
        let rec = (ix.recording != Rec::Stopped).then_some(ix.recording);
        out.push(ev(t.clone(), state(ix.state.as_str(), rec)));
        for vi in 0..ix.convs.len() {
            self.announce_conv(ci, ii, vi, out);
        }
        if let Some(f) = &ix.focus {
            out.push(ev(
                t.clone(),
                EventData::InteractionFocusChanged(FocusChanged { conversation: f.clone(), extra: Map::new() }),
            ));
        }
        out.push(ev(
            t.clone(),
            EventData::InteractionDataChanged(InteractionData { data: Object(ix.data.clone()), extra: Map::new() }),
        ));
        if preview || ix.state == IxState::Alerting {
            out.push(ev(t.clone(), empty(EventData::InteractionPreview)));
        }
        out.push(ev(t, empty(EventData::InteractionInitialized)));
    }

    /// Everything a session start reports (PROTOCOL.md 2.6): groups with their channels,
    /// stand-alone channels, the reason lists, interactions in progress, and
    /// `session.initialized` last.
    pub fn announce_all(&self, cat: &Catalog) -> Vec<Frame> {
        let mut out = Vec::new();
        for gi in 0..self.groups.len() {
            self.announce_group(gi, &mut out);
        }
        for ci in 0..self.channels.len() {
            if self.channels[ci].group.is_none() {
                self.announce_channel(ci, &mut out);
            }
        }
        out.push(self.reasons_event(cat));
        out.push(self.logout_reasons_event(cat));
        for ci in 0..self.channels.len() {
            for ii in 0..self.channels[ci].interactions.len() {
                self.announce_ix(ci, ii, false, &mut out);
            }
        }
        if self.leg {
            out.push(ev(self.sid(), empty(EventData::AgentLegConnected)));
        }
        out.push(ev(self.sid(), empty(EventData::SessionInitialized)));
        out
    }

    /// `session.externalnotreadyreasons.updated`.
    pub fn reasons_event(&self, cat: &Catalog) -> Frame {
        ev(
            self.sid(),
            EventData::NotReadyReasonsUpdated(ReasonCodes { reason_codes: cat.reasons.clone(), extra: Map::new() }),
        )
    }

    /// `session.externallogoutreasons.updated`.
    pub fn logout_reasons_event(&self, cat: &Catalog) -> Frame {
        ev(
            self.sid(),
            EventData::LogoutReasonsUpdated(LogoutReasons {
                logout_reasons: cat.logout_reasons.clone(),
                extra: Map::new(),
            }),
        )
    }

    /// The agent as a conversation member.
    pub fn as_member(&self, id: &str) -> Member {
        member(id, &self.name, "agent", &self.extension)
    }

    /// A short JSON summary for the control API's `state`.
    pub fn summary(&self) -> Json {
        let channels = (0..self.channels.len())
            .map(|ci| {
                let ch = &self.channels[ci];
                let ixs = (0..ch.interactions.len())
                    .map(|ii| {
                        let ix = &ch.interactions[ii];
                        Json::Object(vec![
                            ("target".into(), Json::str(self.ix_target(ci, ii))),
                            ("media".into(), Json::str(ix.media.wire())),
                            ("state".into(), Json::str(ix.state.as_str())),
                            ("recording".into(), Json::str(ix.recording.as_str())),
                            ("conversations".into(), Json::int(ix.convs.len() as i64)),
                        ])
                    })
                    .collect();
                Json::Object(vec![
                    ("target".into(), Json::str(self.channel_target(ci))),
                    ("media".into(), Json::str(ch.media.wire())),
                    ("state".into(), Json::str(ch.state.as_str())),
                    ("status".into(), Json::str(ch.status().as_str())),
                    ("interactions".into(), Json::Array(ixs)),
                ])
            })
            .collect();
        let session = match &self.session {
            Some(s) => Json::Object(vec![
                ("id".into(), Json::str(&s.id)),
                ("bound".into(), s.bound.map_or(Json::Null, |c| Json::int(c as i64))),
                ("started".into(), Json::Bool(s.started)),
                ("flood".into(), Json::int(i64::from(s.flood.0))),
            ]),
            None => Json::Null,
        };
        Json::Object(vec![
            ("agent".into(), Json::str(&self.id)),
            ("session".into(), session),
            ("agentLeg".into(), Json::Bool(self.leg)),
            ("channels".into(), Json::Array(channels)),
        ])
    }
}
