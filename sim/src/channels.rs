//! Channel and channel-group commands (PROTOCOL.md 3.2, 3.3; adding them, 3.1): activation,
//! readiness, deactivation (one channel, or a group's members in order, stopping at the
//! first failure), and the channels and groups a session adds. A state change is reported
//! as `channel.infochanged` then `state.updated`; an added channel or group is announced
//! with its creation events.

use crate::agent::Agent;
use crate::config::{Catalog, ChannelSpec};
use crate::fail::{fail, Fail};
use crate::media::Media;
use crate::objects::{Base, Channel, Group};
use agentwire::proto::wire::{
    ActivateData, AddChannel, AddChannelGroup, ChannelState, DeactivateData, Frame, NotReadyData,
};

/// `INVALID_STATE` unless the channel is ACTIVE.
pub fn require_active(a: &Agent, ci: usize) -> Result<(), Fail> {
    let ch = &a.channels[ci];
    if ch.state != ChannelState::Active {
        return fail("INVALID_STATE", format!("channel {} is {}, not ACTIVE", ch.id, ch.state));
    }
    Ok(())
}

/// Fails on a logout reason that is not in the configured list (none is fine).
fn check_logout_reason(cat: &Catalog, reason: Option<&str>) -> Result<(), Fail> {
    match reason.map(str::trim) {
        None | Some("") => Ok(()),
        Some(r) if cat.logout_reasons.iter().any(|l| l.logout_reason_code == r || l.logout_reason_id == r) => Ok(()),
        Some(r) => fail("INVALID_REQUEST", format!("unknown logout reason {r:?}")),
    }
}

/// Activates a channel: INACTIVE → ACTIVE, agent not ready, with the queue of the data.
pub fn activate(a: &mut Agent, ci: usize, d: &ActivateData, out: &mut Vec<Frame>) -> Result<(), Fail> {
    let ch = &mut a.channels[ci];
    match ch.state {
        ChannelState::Active => return fail("INVALID_STATE", format!("channel {} is already active", ch.id)),
        ChannelState::Unavailable => {
            return fail("INVALID_STATE", format!("another agent is logged into channel {}", ch.id))
        }
        _ => {}
    }
    ch.state = ChannelState::Active;
    ch.base = Base::NotReady;
    ch.queue = d.queue().map(str::to_owned);
    a.channel_changed(ci, out);
    Ok(())
}

/// Deactivates an ACTIVE channel without an interaction.
fn deactivate(a: &mut Agent, ci: usize, out: &mut Vec<Frame>) -> Result<(), Fail> {
    require_active(a, ci)?;
    let ch = &mut a.channels[ci];
    if !ch.interactions.is_empty() {
        return fail("INVALID_STATE", format!("channel {} has an ongoing interaction", ch.id));
    }
    ch.state = ChannelState::Inactive;
    ch.base = Base::NotReady;
    ch.queue = None;
    a.channel_changed(ci, out);
    Ok(())
}

/// `channel.deactivate`: the channel must be ACTIVE and the logout reason known.
pub fn deactivate_checked(
    a: &mut Agent,
    ci: usize,
    d: &DeactivateData,
    cat: &Catalog,
    out: &mut Vec<Frame>,
) -> Result<(), Fail> {
    require_active(a, ci)?;
    check_logout_reason(cat, d.reason())?;
    deactivate(a, ci, out)
}

/// `channel.notready` with a reason code of the list, or `acw` (→ after_call_work).
pub fn not_ready(a: &mut Agent, ci: usize, d: &NotReadyData, cat: &Catalog, out: &mut Vec<Frame>) -> Result<(), Fail> {
    require_active(a, ci)?;
    let code = d.reasoncode().trim();
    let (base, code, name) = if code.eq_ignore_ascii_case("acw") {
        (Base::Acw, "acw".to_owned(), "After Call Work".to_owned())
    } else {
        // `reasonCodeCode` is the value to send (PROTOCOL 3.1, INFERRED); the id is accepted too.
        let Some(r) = cat.reasons.iter().find(|r| r.reason_code_code == code || r.reason_code_id == code) else {
            return fail(
                "INVALID_REQUEST",
                format!("unknown reason code {code:?} (see session.externalnotreadyreasons.updated)"),
            );
        };
        if r.selectable == Some(false) {
            return fail("INVALID_REQUEST", format!("reason code {code:?} cannot be chosen by the agent"));
        }
        (Base::NotReady, r.reason_code_code.clone(), Catalog::label_name(&r.labels))
    };
    let ch = &mut a.channels[ci];
    ch.base = base;
    ch.last_code = code;
    ch.last_name = name;
    a.channel_changed(ci, out);
    Ok(())
}

/// `channel.ready` on an ACTIVE channel.
pub fn ready(a: &mut Agent, ci: usize, out: &mut Vec<Frame>) -> Result<(), Fail> {
    require_active(a, ci)?;
    a.channels[ci].base = Base::Ready;
    a.channel_changed(ci, out);
    Ok(())
}

/// `channelgroup.activate` on a group: its first INACTIVE member.
pub fn activate_group(a: &mut Agent, gi: usize, d: &ActivateData, out: &mut Vec<Frame>) -> Result<(), Fail> {
    let g = a.groups[gi].id.clone();
    let members: Vec<usize> =
        (0..a.channels.len()).filter(|&ci| a.channels[ci].group.as_deref() == Some(g.as_str())).collect();
    let Some(&ci) = members.iter().find(|&&ci| a.channels[ci].state == ChannelState::Inactive) else {
        if let Some(&ci) = members.iter().find(|&&ci| a.channels[ci].state == ChannelState::Unavailable) {
            return fail("INVALID_STATE", format!("another agent is logged into channel {}", a.channels[ci].id));
        }
        return fail("INVALID_STATE", format!("every channel of group {g} is already active"));
    };
    activate(a, ci, d, out)
}

/// `channelgroup.activateall`: every member not ACTIVE, in order, stopping at the first failure.
pub fn activate_all(a: &mut Agent, gi: usize, d: &ActivateData, out: &mut Vec<Frame>) -> Result<(), Fail> {
    let g = a.groups[gi].id.clone();
    for ci in 0..a.channels.len() {
        if a.channels[ci].group.as_deref() == Some(g.as_str()) && a.channels[ci].state != ChannelState::Active {
            activate(a, ci, d, out)?;
        }
    }
    Ok(())
}

/// `channelgroup.deactivateall`: each ACTIVE member in order, made not ready first when
/// ready; stops at a member with an interaction.
pub fn deactivate_all(
    a: &mut Agent,
    gi: usize,
    d: &DeactivateData,
    cat: &Catalog,
    out: &mut Vec<Frame>,
) -> Result<(), Fail> {
    let g = a.groups[gi].id.clone();
    let reason = d.reason();
    check_logout_reason(cat, reason)?;
    for ci in 0..a.channels.len() {
        if a.channels[ci].group.as_deref() != Some(g.as_str()) || a.channels[ci].state != ChannelState::Active {
            continue;
        }
        if !a.channels[ci].interactions.is_empty() {
            return fail("INVALID_STATE", format!("channel {} has an ongoing interaction", a.channels[ci].id));
        }
        if a.channels[ci].base == Base::Ready {
            a.channels[ci].base = Base::NotReady;
            a.channel_changed(ci, out);
        }
        deactivate(a, ci, out)?;
    }
    Ok(())
}

/// `session.addchannel`: a new INACTIVE channel for an endpoint, announced.
pub fn add_channel(a: &mut Agent, d: &AddChannel, out: &mut Vec<Frame>) -> Result<(), Fail> {
    let Some(media) = Media::parse(d.kind()) else {
        return fail("INVALID_REQUEST", format!("channel type {:?} is not Telephony, Chat or Email", d.kind()));
    };
    let endpoint = d.endpoint().trim();
    if endpoint.is_empty() || endpoint.len() > 128 {
        return fail("INVALID_REQUEST", "endpoint must have 1 to 128 characters");
    }
    if a.channels.iter().any(|c| c.name == endpoint) {
        return fail("INVALID_STATE", format!("endpoint {endpoint:?} is already a channel of this session"));
    }
    if a.channels.len() >= 64 {
        return fail("INVALID_STATE", "too many channels in this session");
    }
    let spec = ChannelSpec { id: a.fresh_id("ch"), media, name: endpoint.to_owned(), state: ChannelState::Inactive };
    a.channels.push(Channel::new(&spec, None, endpoint.to_owned(), true));
    a.announce_channel(a.channels.len() - 1, out);
    Ok(())
}

/// `session.addchannelgroup`: a new group with a telephony and a chat channel, announced.
pub fn add_group(a: &mut Agent, d: &AddChannelGroup, out: &mut Vec<Frame>) -> Result<(), Fail> {
    let name = d.name().trim();
    if name.is_empty() || name.len() > 128 {
        return fail("INVALID_REQUEST", "channelgroup.name must have 1 to 128 characters");
    }
    if a.groups.iter().any(|g| g.name == name) {
        return fail("INVALID_STATE", format!("channel group {name:?} already exists"));
    }
    if a.channels.len() >= 62 {
        return fail("INVALID_STATE", "too many channels in this session");
    }
    let gid = a.fresh_id("cg");
    a.groups.push(Group { id: gid.clone(), name: name.to_owned(), dynamic: true });
    for (suffix, media) in [("tel", Media::Telephony), ("chat", Media::Chat)] {
        let endpoint = format!("{name}-{suffix}");
        let spec = ChannelSpec { id: a.fresh_id("ch"), media, name: endpoint.clone(), state: ChannelState::Inactive };
        a.channels.push(Channel::new(&spec, Some(gid.clone()), endpoint, true));
    }
    a.announce_group(a.groups.len() - 1, out);
    Ok(())
}
