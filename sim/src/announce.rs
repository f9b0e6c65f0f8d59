//! How an agent's objects are announced: the creation sequences of channels, groups,
//! interactions and conversations, a channel's change, the reason lists, and everything a
//! session start reports (PROTOCOL.md 2.6, 3.3 dial list). An agent's creation-target mode
//! picks the target of `interaction.created` / `conversation.created` (the object itself, or
//! its parent); every other event names the object's own target.

use crate::agent::Agent;
use crate::config::Catalog;
use crate::events::{empty, ev, focus, state};
use crate::objects::{IxState, Rec};
use crate::options::CreationTarget;
use agentwire::proto::json::Map;
use agentwire::proto::wire::build::{
    ChannelCreated, ChannelDescriptor, ChannelGroupCreated, ChannelGroupDescriptor, ConversationCreated,
    ConversationDescriptor, InteractionCreated, InteractionData, InteractionDescriptor, LogoutReasons, MemberAdded,
    ReasonCodes,
};
use agentwire::proto::wire::{EventData, Frame, Object};

impl Agent {
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
            EventData::ChannelCreated(
                ChannelCreated {
                    channel: ChannelDescriptor {
                        id: ch.id.clone(),
                        name: Some(ch.name.clone()),
                        kind: Some(ch.media.wire().to_owned()),
                        model_type: Some(ch.media.wire().to_owned()),
                        extra: Map::new(),
                    },
                    extra: Map::new(),
                }
                .into(),
            ),
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
            EventData::ChannelGroupCreated(
                ChannelGroupCreated {
                    channelgroup: ChannelGroupDescriptor {
                        id: g.id.clone(),
                        name: Some(g.name.clone()),
                        extra: Map::new(),
                    },
                    extra: Map::new(),
                }
                .into(),
            ),
        ));
        for ci in 0..self.channels.len() {
            if self.channels[ci].group.as_deref() == Some(g.id.as_str()) {
                self.announce_channel(ci, out);
            }
        }
        out.push(ev(self.group_target(gi), empty(EventData::ChannelGroupInitialized)));
    }

    /// A conversation's creation events: `conversation.created` (target the conversation, or
    /// the interaction in `parent` creation-target mode), `state.updated`, one
    /// `conversation.member.added` per member, `conversation.initialized`.
    pub fn announce_conv(&self, ci: usize, ii: usize, vi: usize, out: &mut Vec<Frame>) {
        let cv = &self.channels[ci].interactions[ii].convs[vi];
        let t = self.cv_target(ci, ii, vi);
        let created = match self.creation_target {
            CreationTarget::Own => t.clone(),
            CreationTarget::Parent => self.ix_target(ci, ii),
        };
        out.push(ev(
            created,
            EventData::ConversationCreated(
                ConversationCreated {
                    conversation: ConversationDescriptor {
                        id: cv.id.clone(),
                        kind: Some(if cv.consult { "consult" } else { "primary" }.to_owned()),
                        extra: Map::new(),
                    },
                    extra: Map::new(),
                }
                .into(),
            ),
        ));
        out.push(ev(t.clone(), state(cv.state, None)));
        for m in &cv.members {
            out.push(ev(
                t.clone(),
                EventData::ConversationMemberAdded(MemberAdded { member: m.clone(), extra: Map::new() }.into()),
            ));
        }
        out.push(ev(t, empty(EventData::ConversationInitialized)));
    }

    /// An interaction's creation sequence (PROTOCOL.md 3.3 dial list from
    /// `interaction.created` on): created (target the interaction, or the channel in
    /// `parent` creation-target mode), state, each conversation, focus (when a consult
    /// exists), datachanged, preview (`preview`: a new interaction, or one still ALERTING),
    /// initialized.
    pub fn announce_ix(&self, ci: usize, ii: usize, preview: bool, out: &mut Vec<Frame>) {
        let ix = &self.channels[ci].interactions[ii];
        let t = self.ix_target(ci, ii);
        let created = match self.creation_target {
            CreationTarget::Own => t.clone(),
            CreationTarget::Parent => self.channel_target(ci),
        };
        out.push(ev(
            created,
            EventData::InteractionCreated(
                InteractionCreated {
                    interaction: InteractionDescriptor {
                        id: ix.id.clone(),
                        kind: Some(ix.media.wire().to_owned()),
                        direction: Some(ix.direction.to_owned()),
                        extra: Map::new(),
                    },
                    extra: Map::new(),
                }
                .into(),
            ),
        ));
        let rec = (ix.recording != Rec::Stopped).then_some(ix.recording);
        out.push(ev(t.clone(), state(ix.state.as_str(), rec)));
        for vi in 0..ix.convs.len() {
            self.announce_conv(ci, ii, vi, out);
        }
        if let Some(f) = &ix.focus {
            out.push(ev(t.clone(), focus(f)));
        }
        out.push(ev(
            t.clone(),
            EventData::InteractionDataChanged(
                InteractionData { data: Object(ix.data.clone()), extra: Map::new() }.into(),
            ),
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
            EventData::NotReadyReasonsUpdated(
                ReasonCodes { reason_codes: cat.reasons.clone(), extra: Map::new() }.into(),
            ),
        )
    }

    /// `session.externallogoutreasons.updated`.
    pub fn logout_reasons_event(&self, cat: &Catalog) -> Frame {
        ev(
            self.sid(),
            EventData::LogoutReasonsUpdated(
                LogoutReasons { logout_reasons: cat.logout_reasons.clone(), extra: Map::new() }.into(),
            ),
        )
    }
}
