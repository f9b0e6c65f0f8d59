//! The checksum of one decoded event (the same fields as the other variants' `fold`).

use crate::proto::wire::*;
use codec_common::{Fold, INVALID, UNKNOWN};

fn labels(h: &mut Fold, l: &[Label]) {
    h.num(l.len() as u64);
    for l in l {
        h.opt_str(l.language.as_deref());
        h.opt_str(l.country.as_deref());
        h.str(&l.name);
        h.opt_str(l.description.as_deref());
    }
}

fn entry(h: &mut Fold, e: &Entry) {
    h.str(&e.name);
    h.num(match e.kind {
        EntryType::External => 1,
        EntryType::Agent => 2,
        EntryType::Skill => 3,
        EntryType::Other(_) => 99,
    });
    h.num(e.destinations.len() as u64);
    for d in &e.destinations {
        h.str(&d.label);
        h.str(&d.value);
    }
    match &e.properties {
        None => h.num(0),
        Some(p) => {
            h.num(1);
            h.opt_str(p.state.as_deref());
            h.opt_str(p.media_type.as_deref());
            h.opt_num(p.num_available.as_ref().and_then(Num::as_u64));
            h.opt_num(p.num_unavailable.as_ref().and_then(Num::as_u64));
            h.opt_str(p.ewt.as_deref());
        }
    }
}

fn group(h: &mut Fold, name: &str, groups: &[EntryGroup], entries: &[Entry]) {
    h.str(name);
    h.num(groups.len() as u64);
    for g in groups {
        group(h, &g.name, &g.groups, &g.entries);
    }
    h.num(entries.len() as u64);
    for e in entries {
        entry(h, e);
    }
}

/// The event's checksum, and whether it is untyped (unknown, or known with data that did not fit).
pub fn event(e: &Event) -> (Fold, bool) {
    let mut h = Fold::default();
    h.str(&e.name);
    h.str(&e.target);
    match &e.data {
        EventData::ChannelInfoChanged(d) => {
            h.num(match &d.state {
                None => 0,
                Some(ChannelState::Inactive) => 1,
                Some(ChannelState::Unavailable) => 2,
                Some(ChannelState::Active) => 3,
                Some(ChannelState::Other(_)) => 99,
            });
            match &d.agent_status {
                None => h.num(0),
                Some(a) => {
                    h.num(match a.status {
                        AgentStatusValue::Ready => 1,
                        AgentStatusValue::NotReady => 2,
                        AgentStatusValue::AfterCallWork => 3,
                        AgentStatusValue::Busy => 4,
                        AgentStatusValue::BusyReady => 5,
                        AgentStatusValue::BusyNotReady => 6,
                        AgentStatusValue::BusyAfterCallWork => 7,
                        AgentStatusValue::Other(_) => 99,
                    });
                    h.opt_str(a.last_reason_code.as_deref());
                    h.opt_str(a.last_reason_name.as_deref());
                }
            }
        }
        EventData::StateUpdated(d) => {
            h.str(&d.state);
            h.opt_str(d.recording.as_deref());
        }
        EventData::InteractionCreated(d) => {
            h.str(&d.interaction.id);
            h.opt_str(d.interaction.kind.as_deref());
            h.opt_str(d.interaction.direction.as_deref());
        }
        EventData::InteractionDataChanged(d) => h.num(d.data.0.len() as u64),
        EventData::InteractionFocusChanged(d) => h.str(&d.conversation),
        EventData::ConversationCreated(d) => {
            h.str(&d.conversation.id);
            h.opt_str(d.conversation.kind.as_deref());
        }
        EventData::ConversationMemberAdded(d) => {
            h.str(&d.member.id);
            h.opt_str(d.member.name.as_deref());
            h.opt_str(d.member.role.as_deref());
            h.opt_str(d.member.address.as_deref());
        }
        EventData::ChannelCreated(d) => {
            h.str(&d.channel.id);
            h.opt_str(d.channel.name.as_deref());
            h.opt_str(d.channel.kind.as_deref());
            h.opt_str(d.channel.model_type.as_deref());
        }
        EventData::ChannelGroupCreated(d) => {
            h.str(&d.channelgroup.id);
            h.opt_str(d.channelgroup.name.as_deref());
        }
        EventData::NotReadyReasonsUpdated(d) => {
            h.num(d.reason_codes.len() as u64);
            for r in &d.reason_codes {
                h.str(&r.reason_code_id);
                h.str(&r.reason_code_code);
                h.opt_num(r.selectable.map(u64::from));
                h.opt_num(r.extensions.as_ref().map(|x| x.len() as u64));
                labels(&mut h, &r.labels);
            }
        }
        EventData::LogoutReasonsUpdated(d) => {
            h.num(d.logout_reasons.len() as u64);
            for r in &d.logout_reasons {
                h.str(&r.logout_reason_id);
                h.str(&r.logout_reason_code);
                h.opt_num(r.extensions.as_ref().map(|x| x.len() as u64));
                labels(&mut h, &r.labels);
            }
        }
        EventData::DispositionsUpdated(d) => {
            h.num(d.dispositions.len() as u64);
            for x in &d.dispositions {
                h.str(&x.disposition_id);
                h.opt_str(x.disposition_code.as_deref());
                h.opt_num(x.labels.as_ref().map(|l| l.len() as u64));
            }
        }
        EventData::AddressBookUpdated(d) => {
            h.num(d.addressbooks.len() as u64);
            for b in &d.addressbooks {
                group(&mut h, &b.name, &b.groups, &b.entries);
            }
        }
        EventData::AgentLegFailed(d) => h.opt_str(d.error.as_deref()),
        EventData::SessionInitialized(_)
        | EventData::AgentLegConnected(_)
        | EventData::AgentLegDisconnected(_)
        | EventData::ChannelGroupInitialized(_)
        | EventData::ChannelInitialized(_)
        | EventData::InteractionPreview(_)
        | EventData::InteractionInitialized(_)
        | EventData::InteractionEnded(_)
        | EventData::ConversationInitialized(_)
        | EventData::ConversationDisposed(_) => {}
        EventData::Unknown(_) => {
            h.num(UNKNOWN);
            return (h, true);
        }
        EventData::Invalid(..) => {
            h.num(INVALID);
            return (h, true);
        }
    }
    (h, false)
}
