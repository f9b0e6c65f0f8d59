//! The checksum of one decoded event, over today's values: the views of the hot kinds, the
//! typed kinds, and the schema tables' checked `Json` read through their accessors. It folds
//! the same fields, in the same order and with the same codes, as (d)'s `d_tree/src/fold.rs`
//! and (b)'s and (c)'s folds, so the run's checksums agree only if the values do.

use crate::proto::json::Json;
use crate::proto::wire::schema::{flag, list, text};
use crate::proto::wire::{AgentStatusValue, ChannelState, DataRef, EventData, EventRef, Hot};
use codec_common::{Fold, INVALID, UNKNOWN};

/// The length of the array member `key`, when present (`null` and absent optional members
/// are left out by the schema decoder).
fn opt_len(v: &Json, key: &str) -> Option<u64> {
    match v.get(key) {
        Some(Json::Array(a)) => Some(a.len() as u64),
        _ => None,
    }
}

fn labels(h: &mut Fold, l: &[Json]) {
    h.num(l.len() as u64);
    for l in l {
        h.opt_str(text(l, "language"));
        h.opt_str(text(l, "country"));
        h.str(text(l, "name").unwrap_or_default());
        h.opt_str(text(l, "description"));
    }
}

fn entry(h: &mut Fold, e: &Json) {
    h.str(text(e, "name").unwrap_or_default());
    h.num(match text(e, "type") {
        Some("external") => 1,
        Some("agent") => 2,
        Some("skill") => 3,
        _ => 99,
    });
    let d = list(e, "destinations");
    h.num(d.len() as u64);
    for d in d {
        h.str(text(d, "label").unwrap_or_default());
        h.str(text(d, "value").unwrap_or_default());
    }
    match e.get("properties") {
        None => h.num(0),
        Some(p) => {
            h.num(1);
            h.opt_str(text(p, "state"));
            h.opt_str(text(p, "mediaType"));
            h.opt_num(p.get("numAvailable").and_then(Json::as_u64));
            h.opt_num(p.get("numUnavailable").and_then(Json::as_u64));
            h.opt_str(text(p, "ewt"));
        }
    }
}

fn group(h: &mut Fold, g: &Json) {
    h.str(text(g, "name").unwrap_or_default());
    let groups = list(g, "groups");
    h.num(groups.len() as u64);
    for g in groups {
        group(h, g);
    }
    let entries = list(g, "entries");
    h.num(entries.len() as u64);
    for e in entries {
        entry(h, e);
    }
}

fn channel_state(s: &str) -> u64 {
    match ChannelState::parse(s) {
        ChannelState::Inactive => 1,
        ChannelState::Unavailable => 2,
        ChannelState::Active => 3,
        ChannelState::Other(_) => 99,
    }
}

fn agent_status(s: &str) -> u64 {
    match AgentStatusValue::parse(s) {
        AgentStatusValue::Ready => 1,
        AgentStatusValue::NotReady => 2,
        AgentStatusValue::AfterCallWork => 3,
        AgentStatusValue::Busy => 4,
        AgentStatusValue::BusyReady => 5,
        AgentStatusValue::BusyNotReady => 6,
        AgentStatusValue::BusyAfterCallWork => 7,
        AgentStatusValue::Other(_) => 99,
    }
}

fn hot(h: &mut Fold, d: &Hot<'_>) -> bool {
    match d {
        Hot::ChannelInfo(d) => {
            h.num(d.state.as_deref().map_or(0, channel_state));
            match &d.agent_status {
                None => h.num(0),
                Some(a) => {
                    h.num(agent_status(&a.status));
                    h.opt_str(a.last_reason_code.as_deref());
                    h.opt_str(a.last_reason_name.as_deref());
                }
            }
        }
        Hot::State(d) => {
            h.str(&d.state);
            h.opt_str(d.recording.as_deref());
        }
        Hot::Focus(d) => h.str(&d.conversation),
        Hot::Typed(d) => return typed(h, d),
    }
    false
}

/// Folds typed data; whether it is untyped (unknown, or known with data that did not fit).
fn typed(h: &mut Fold, d: &EventData) -> bool {
    match d {
        EventData::ChannelInfoChanged(d) => return hot(h, &Hot::ChannelInfo(d.as_ref())),
        EventData::StateUpdated(d) => return hot(h, &Hot::State(d.as_ref())),
        EventData::InteractionFocusChanged(d) => h.str(&d.conversation),
        EventData::InteractionCreated(d) => {
            let i = d.interaction();
            h.str(text(i, "id").unwrap_or_default());
            h.opt_str(text(i, "type"));
            h.opt_str(text(i, "direction"));
        }
        EventData::InteractionDataChanged(d) => h.num(d.data().len() as u64),
        EventData::ConversationCreated(d) => {
            let c = d.conversation();
            h.str(text(c, "id").unwrap_or_default());
            h.opt_str(text(c, "kind"));
        }
        EventData::ConversationMemberAdded(d) => {
            let m = d.member();
            h.str(text(m, "id").unwrap_or_default());
            h.opt_str(text(m, "name"));
            h.opt_str(text(m, "role"));
            h.opt_str(text(m, "address"));
        }
        EventData::ChannelCreated(d) => {
            let c = d.channel();
            h.str(text(c, "id").unwrap_or_default());
            h.opt_str(text(c, "name"));
            h.opt_str(text(c, "type"));
            h.opt_str(text(c, "modelType"));
        }
        EventData::ChannelGroupCreated(d) => {
            let g = d.channelgroup();
            h.str(text(g, "id").unwrap_or_default());
            h.opt_str(text(g, "name"));
        }
        EventData::NotReadyReasonsUpdated(d) => {
            h.num(d.items().len() as u64);
            for r in d.items() {
                h.str(text(r, "reasonCodeId").unwrap_or_default());
                h.str(text(r, "reasonCodeCode").unwrap_or_default());
                h.opt_num(flag(r, "selectable").map(u64::from));
                h.opt_num(opt_len(r, "extensions"));
                labels(h, list(r, "labels"));
            }
        }
        EventData::LogoutReasonsUpdated(d) => {
            h.num(d.items().len() as u64);
            for r in d.items() {
                h.str(text(r, "logoutReasonId").unwrap_or_default());
                h.str(text(r, "logoutReasonCode").unwrap_or_default());
                h.opt_num(opt_len(r, "extensions"));
                labels(h, list(r, "labels"));
            }
        }
        EventData::DispositionsUpdated(d) => {
            h.num(d.items().len() as u64);
            for x in d.items() {
                h.str(text(x, "dispositionId").unwrap_or_default());
                h.opt_str(text(x, "dispositionCode"));
                h.opt_num(opt_len(x, "labels"));
            }
        }
        EventData::AddressBookUpdated(d) => {
            h.num(d.items().len() as u64);
            for b in d.items() {
                group(h, b);
            }
        }
        EventData::AgentLegFailed(d) => h.opt_str(d.error()),
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
            return true;
        }
        EventData::Invalid(..) => {
            h.num(INVALID);
            return true;
        }
    }
    false
}

/// The event's checksum, and whether it is untyped (unknown, or known with data that did not fit).
pub fn event(e: &EventRef<'_>) -> (Fold, bool) {
    let mut h = Fold::default();
    h.str(e.name);
    h.str(e.target);
    let untyped = match e.data {
        DataRef::Hot(d) => hot(&mut h, d),
        DataRef::Other(d) => typed(&mut h, d),
    };
    (h, untyped)
}
