//! Call progress shared by commands and generated traffic: new interactions, answer,
//! release, consult calls, consult transfer and conference (PROTOCOL.md 3.3–3.5, 4.4).

use crate::agent::Agent;
use crate::config::Catalog;
use crate::cx::Cx;
use crate::events::{empty, ev, focus, member, state};
use crate::fail::{fail, Fail};
use crate::media::Media;
use crate::objects::{Base, Conv, Interaction, IxState, Rec};
use crate::rng::Rng;
use crate::timers::TimerAction;
use agentwire::proto::json::{Json, Map};
use agentwire::proto::wire::build::MemberAdded;
use agentwire::proto::wire::{EventData, Frame};
use std::time::{Duration, Instant};

/// A new interaction without conversations.
pub fn interaction(
    id: String,
    media: Media,
    direction: &'static str,
    st: IxState,
    data: Map,
    now: Instant,
) -> Interaction {
    Interaction {
        id,
        media,
        direction,
        state: st,
        recording: Rec::Stopped,
        data,
        convs: Vec::new(),
        focus: None,
        next_cv: 0,
        created: now,
    }
}

const CUSTOMERS: &[&str] =
    &["Jordan Lee", "Sam Rivera", "Priya Natarajan", "Mateo García", "Yuki Tanaka", "Olivia Brown"];
const TOPICS: &[&str] =
    &["Billing question", "Password reset", "Order status", "Cancel subscription", "Address change"];

impl Agent {
    /// Puts an interaction on a channel: `channel.infochanged` + `state.updated` when the
    /// busy overlay changes the agent status, then the creation sequence with
    /// `interaction.preview`. Returns its index.
    pub fn add_interaction(&mut self, ci: usize, ix: Interaction, out: &mut Vec<Frame>) -> usize {
        let before = self.channels[ci].status();
        self.channels[ci].interactions.push(ix);
        let ii = self.channels[ci].interactions.len() - 1;
        if self.channels[ci].status() != before {
            self.channel_changed(ci, out);
        }
        self.announce_ix(ci, ii, true, out);
        ii
    }

    /// An inbound interaction arrives on a channel, ALERTING. Returns its target.
    pub fn place_inbound(
        &mut self,
        ci: usize,
        cx: &mut Cx<'_>,
        rng: &mut Rng,
        extra: Map,
        out: &mut Vec<Frame>,
    ) -> String {
        let media = self.channels[ci].media;
        let id = cx.ix_id();
        let customer = CUSTOMERS[rng.below(CUSTOMERS.len())];
        let mut data: Map = match media {
            Media::Telephony => vec![
                ("ANI".into(), Json::str(format!("+1512555{:04}", rng.below(10_000)))),
                ("DNIS".into(), Json::str("8005550100")),
                ("accountNumber".into(), Json::str(format!("{:04}", rng.below(10_000)))),
            ],
            Media::Chat => vec![
                ("customerName".into(), Json::str(customer)),
                ("topic".into(), Json::str(TOPICS[rng.below(TOPICS.len())])),
                ("language".into(), Json::str("en")),
            ],
            Media::Email => vec![
                ("from".into(), Json::str(format!("{}@example.net", customer.to_lowercase().replace(' ', ".")))),
                ("subject".into(), Json::str(TOPICS[rng.below(TOPICS.len())])),
            ],
        };
        for (k, v) in extra {
            data.retain(|(x, _)| *x != k);
            data.push((k, v));
        }
        let mut ix = interaction(id.clone(), media, "inbound", IxState::Alerting, data, cx.now);
        if media == Media::Telephony {
            let ani = ix.data.iter().find(|(k, _)| k == "ANI").and_then(|(_, v)| v.as_str()).unwrap_or("").to_owned();
            let cv = ix.new_conv_id();
            let members = vec![member("m-1", customer, "customer", &ani), self.as_member("m-2")];
            ix.convs.push(Conv { id: cv, consult: false, state: "ALERTING", members });
        }
        let ii = self.add_interaction(ci, ix, out);
        if cx.cat.timing.ring_secs > 0 {
            let at = cx.now + Duration::from_secs(cx.cat.timing.ring_secs);
            cx.timers.push(at, &self.id, &id, TimerAction::Abandon);
        }
        self.ix_target(ci, ii)
    }

    /// A dialled call is answered: its primary conversation, then the interaction, go
    /// STARTED. `false` when it was no longer dialling.
    pub fn connect(&mut self, ci: usize, ii: usize, out: &mut Vec<Frame>) -> bool {
        if self.channels[ci].interactions[ii].state != IxState::Dialing {
            return false;
        }
        if let Some(vi) = self.channels[ci].interactions[ii].primary() {
            if self.channels[ci].interactions[ii].convs[vi].state == "DIALING" {
                self.channels[ci].interactions[ii].convs[vi].state = "STARTED";
                out.push(ev(self.cv_target(ci, ii, vi), state("STARTED", None)));
            }
        }
        self.channels[ci].interactions[ii].state = IxState::Started;
        out.push(ev(self.ix_target(ci, ii), state("STARTED", None)));
        true
    }

    /// A consult call is answered.
    pub fn connect_consult(&mut self, ci: usize, ii: usize, out: &mut Vec<Frame>) -> bool {
        let Some(vi) = self.channels[ci].interactions[ii].consult() else { return false };
        if self.channels[ci].interactions[ii].convs[vi].state != "DIALING" {
            return false;
        }
        self.channels[ci].interactions[ii].convs[vi].state = "STARTED";
        out.push(ev(self.cv_target(ci, ii, vi), state("STARTED", None)));
        true
    }

    /// Removes an interaction and drops the busy overlay; with `acw`, a ready telephony
    /// agent goes to after_call_work.
    fn remove_interaction(&mut self, ci: usize, ii: usize, acw: bool, out: &mut Vec<Frame>) {
        let before = self.channels[ci].status();
        let ix = self.channels[ci].interactions.remove(ii);
        let ch = &mut self.channels[ci];
        if acw && ix.media == Media::Telephony && ch.base == Base::Ready {
            ch.base = Base::Acw;
            ch.last_code = "acw".into();
            ch.last_name = "After Call Work".into();
        }
        if self.channels[ci].status() != before {
            self.channel_changed(ci, out);
        }
    }

    /// The far end released (or nobody answered): each conversation ENDED and disposed, the
    /// interaction ENDED and `interaction.ended`, then the channel status.
    pub fn end_interaction(&mut self, ci: usize, ii: usize, acw: bool, out: &mut Vec<Frame>) {
        for vi in 0..self.channels[ci].interactions[ii].convs.len() {
            let t = self.cv_target(ci, ii, vi);
            out.push(ev(t.clone(), state("ENDED", None)));
            out.push(ev(t, empty(EventData::ConversationDisposed)));
        }
        let t = self.ix_target(ci, ii);
        out.push(ev(t.clone(), state("ENDED", None)));
        out.push(ev(t, empty(EventData::InteractionEnded)));
        self.remove_interaction(ci, ii, acw, out);
    }

    /// `interaction.request.consult`: the primary call is held and a consult call dialled.
    pub fn start_consult(
        &mut self,
        ci: usize,
        ii: usize,
        dest: &str,
        cx: &mut Cx<'_>,
        out: &mut Vec<Frame>,
    ) -> Result<(), Fail> {
        let ix = &self.channels[ci].interactions[ii];
        if ix.media != Media::Telephony {
            return fail("UNSUPPORTED", "consult calls are telephony only");
        }
        if ix.state != IxState::Started {
            return fail("INVALID_STATE", format!("interaction {} is {}, not STARTED", ix.id, ix.state.as_str()));
        }
        if ix.consult().is_some() {
            return fail("INVALID_STATE", "a consult call already exists");
        }
        let Some(p) = ix.primary() else { return fail("INVALID_STATE", "the interaction has no call") };
        let n = ix.convs.iter().map(|c| c.members.len()).sum::<usize>();
        let me = self.as_member(&format!("m-{}", n + 1));
        let party = member(&format!("m-{}", n + 2), dest, "consult", dest);
        let ix = &mut self.channels[ci].interactions[ii];
        ix.convs[p].state = "HELD";
        let id = ix.new_conv_id();
        ix.convs.push(Conv { id: id.clone(), consult: true, state: "DIALING", members: vec![me, party] });
        ix.focus = Some(id.clone());
        let ix_id = ix.id.clone();
        let vi = ix.convs.len() - 1;
        out.push(ev(self.cv_target(ci, ii, p), state("HELD", None)));
        self.announce_conv(ci, ii, vi, out);
        out.push(ev(self.ix_target(ci, ii), focus(&id)));
        if cx.cat.timing.connect_ms == 0 {
            self.connect_consult(ci, ii, out);
        } else {
            let at = cx.now + Duration::from_millis(cx.cat.timing.connect_ms);
            cx.timers.push(at, &self.id, &ix_id, TimerAction::ConnectConsult);
        }
        Ok(())
    }

    fn connected_consult(&self, ci: usize, ii: usize) -> Result<(usize, usize), Fail> {
        let ix = &self.channels[ci].interactions[ii];
        if ix.media != Media::Telephony {
            return fail("UNSUPPORTED", "consult transfer and conference are telephony only");
        }
        match (ix.state, ix.primary(), ix.consult()) {
            (IxState::Started, Some(p), Some(c)) if ix.convs[c].state == "STARTED" => Ok((p, c)),
            _ => fail("INVALID_STATE", "there is no connected consult call"),
        }
    }

    /// `interaction.consulttransfer`, with the secondary events of PROTOCOL.md 3.4 in order:
    /// `state.updated` (original), `conversation.disposed` (original),
    /// `interaction.focuschanged`, `state.updated` (consult), `conversation.disposed`
    /// (consult), `interaction.ended`; then the channel status.
    pub fn consult_transfer(&mut self, ci: usize, ii: usize, cat: &Catalog, out: &mut Vec<Frame>) -> Result<(), Fail> {
        let (p, c) = self.connected_consult(ci, ii)?;
        let (pt, ct, it) = (self.cv_target(ci, ii, p), self.cv_target(ci, ii, c), self.ix_target(ci, ii));
        let consult_id = self.channels[ci].interactions[ii].convs[c].id.clone();
        out.push(ev(pt.clone(), state("ENDED", None)));
        out.push(ev(pt, empty(EventData::ConversationDisposed)));
        out.push(ev(it.clone(), focus(&consult_id)));
        out.push(ev(ct.clone(), state("ENDED", None)));
        out.push(ev(ct, empty(EventData::ConversationDisposed)));
        out.push(ev(it, empty(EventData::InteractionEnded)));
        self.remove_interaction(ci, ii, cat.timing.acw_after_call, out);
        Ok(())
    }

    /// `interaction.consultconference`: the consult party joins the original call
    /// (`conversation.member.added` on it), the consult conversation ends and is disposed,
    /// focus returns to the original, which is STARTED again.
    pub fn consult_conference(&mut self, ci: usize, ii: usize, out: &mut Vec<Frame>) -> Result<(), Fail> {
        let (p, c) = self.connected_consult(ci, ii)?;
        let (pt, ct, it) = (self.cv_target(ci, ii, p), self.cv_target(ci, ii, c), self.ix_target(ci, ii));
        let ix = &mut self.channels[ci].interactions[ii];
        let joining: Vec<_> =
            ix.convs[c].members.iter().filter(|m| m.role.as_deref() != Some("agent")).cloned().collect();
        for m in &joining {
            out.push(ev(
                pt.clone(),
                EventData::ConversationMemberAdded(MemberAdded { member: m.clone(), extra: Map::new() }.into()),
            ));
        }
        ix.convs[p].members.extend(joining);
        out.push(ev(ct.clone(), state("ENDED", None)));
        out.push(ev(ct, empty(EventData::ConversationDisposed)));
        ix.convs.remove(c);
        let primary = ix.convs.iter().position(|v| !v.consult).unwrap_or(0);
        let pid = ix.convs.get(primary).map(|v| v.id.clone()).unwrap_or_default();
        if let Some(v) = ix.convs.get_mut(primary) {
            v.state = "STARTED";
        }
        ix.focus = Some(pid.clone());
        out.push(ev(it, focus(&pid)));
        out.push(ev(pt, state("STARTED", None)));
        Ok(())
    }
}
