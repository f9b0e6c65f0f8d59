//! One agent on the simulated switch and everything it owns: channel groups, channels,
//! interactions and conversations (`objects.rs`), plus the session that currently views
//! them. Objects belong to the agent, not to the session: a replaced or re-bound session
//! re-announces them (PROTOCOL.md 2.6).
//!
//! Targets are built from the session id when events are made, so objects keep ids only.
//! This file holds the agent's layout, targets and lookups; `announce.rs` (creation
//! events) and `calls.rs` (call progress) add methods of their own and are not called
//! from here.

use crate::config::{AgentConfig, Catalog};
use crate::events::member;
use crate::objects::{Channel, ConnId, Group, Obj, Session};
use crate::options::CreationTarget;
use agentwire::proto::json::Json;
use agentwire::proto::wire::build::Member;

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
    /// The target its `interaction.created` / `conversation.created` events name (kept
    /// across logins; `--creation-target`, `control/creation-target`).
    pub creation_target: CreationTarget,
}

/// Fills `{agent}`, `{name}`, `{extension}` in a name template.
pub fn fill(template: &str, id: &str, name: &str, extension: &str) -> String {
    template.replace("{agent}", id).replace("{name}", name).replace("{extension}", extension)
}

impl Agent {
    /// A logged-out agent with the configured layout whose creation events name `creation`.
    pub fn new(cat: &Catalog, cfg: &AgentConfig, creation: CreationTarget) -> Agent {
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
            creation_target: creation,
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
            ("creationTarget".into(), Json::str(self.creation_target.as_str())),
            ("channels".into(), Json::Array(channels)),
        ])
    }
}
