//! Interaction commands: dial (PROTOCOL.md 3.3), accept and recording (3.4), answer (3.5).
//! Consult calls, consult transfer and conference are call progress in `calls.rs`.

use crate::agent::Agent;
use crate::calls::interaction;
use crate::channels::require_active;
use crate::cx::Cx;
use crate::events::{ev, member, state};
use crate::fail::{fail, Fail};
use crate::media::Media;
use crate::objects::{Conv, IxState, Rec};
use crate::timers::TimerAction;
use agentwire::proto::json::{Json, Map};
use agentwire::proto::wire::{DialData, Frame};
use std::time::Duration;

/// `INVALID_REQUEST` unless `dest` is 1 to 64 printable characters.
pub fn check_destination(dest: &str) -> Result<(), Fail> {
    // Printable characters; spaces are allowed inside (`+1 512 555 0199`), not alone.
    if dest.trim().is_empty() || dest.len() > 64 || dest.chars().any(char::is_control) {
        return fail("INVALID_REQUEST", "destination must be 1 to 64 printable characters");
    }
    Ok(())
}

/// `channel.dial` on an ACTIVE telephony channel without a call: the interaction DIALING,
/// answered after `connect_ms`.
pub fn dial(a: &mut Agent, ci: usize, d: &DialData, cx: &mut Cx<'_>, out: &mut Vec<Frame>) -> Result<(), Fail> {
    if a.channels[ci].media != Media::Telephony {
        return fail("UNSUPPORTED", format!("channel {} is not a telephony channel", a.channels[ci].id));
    }
    require_active(a, ci)?;
    let dest = d.destination().trim();
    check_destination(dest)?;
    if !a.channels[ci].interactions.is_empty() {
        return fail("INVALID_STATE", "a call is already in progress on this channel (use a consult call)");
    }
    let id = cx.ix_id();
    let mut data: Map = vec![
        ("ANI".into(), Json::str(&a.extension)),
        ("DNIS".into(), Json::str(dest)),
        ("callType".into(), Json::str("outbound")),
    ];
    if let Some(ext) = d.extensions() {
        if !ext.is_empty() {
            data.push(("extensions".into(), Json::Object(ext.clone())));
        }
    }
    let mut ix = interaction(id.clone(), Media::Telephony, "outbound", IxState::Dialing, data, cx.now);
    let cv = ix.new_conv_id();
    let members = vec![a.as_member("m-1"), member("m-2", dest, "customer", dest)];
    ix.convs.push(Conv { id: cv, consult: false, state: "DIALING", members });
    let ii = a.add_interaction(ci, ix, out);
    if cx.cat.timing.connect_ms == 0 {
        a.connect(ci, ii, out);
        cx.talk_timer(&a.id, &id);
    } else {
        let at = cx.now + Duration::from_millis(cx.cat.timing.connect_ms);
        cx.timers.push(at, &a.id, &id, TimerAction::Connect);
    }
    Ok(())
}

/// `interaction.accept` of an ALERTING interaction (and its primary conversation).
pub fn accept(a: &mut Agent, ci: usize, ii: usize, cx: &mut Cx<'_>, out: &mut Vec<Frame>) -> Result<(), Fail> {
    let t = a.ix_target(ci, ii);
    let ix = &mut a.channels[ci].interactions[ii];
    if ix.state != IxState::Alerting {
        return fail("INVALID_STATE", format!("interaction {} is {}, not ALERTING", ix.id, ix.state.as_str()));
    }
    ix.state = IxState::Started;
    let id = ix.id.clone();
    out.push(ev(t, state("STARTED", None)));
    if let Some(vi) = a.channels[ci].interactions[ii].primary() {
        if a.channels[ci].interactions[ii].convs[vi].state == "ALERTING" {
            a.channels[ci].interactions[ii].convs[vi].state = "STARTED";
            out.push(ev(a.cv_target(ci, ii, vi), state("STARTED", None)));
        }
    }
    cx.talk_timer(&a.id, &id);
    Ok(())
}

/// `conversation.answer` of an ALERTING primary conversation (and its interaction).
pub fn answer(
    a: &mut Agent,
    ci: usize,
    ii: usize,
    vi: usize,
    cx: &mut Cx<'_>,
    out: &mut Vec<Frame>,
) -> Result<(), Fail> {
    let cv = &a.channels[ci].interactions[ii].convs[vi];
    if cv.consult || cv.state != "ALERTING" {
        return fail("INVALID_STATE", format!("conversation {} is not an alerting call", cv.id));
    }
    a.channels[ci].interactions[ii].convs[vi].state = "STARTED";
    out.push(ev(a.cv_target(ci, ii, vi), state("STARTED", None)));
    let ix = &mut a.channels[ci].interactions[ii];
    let id = ix.id.clone();
    if ix.state == IxState::Alerting {
        ix.state = IxState::Started;
        out.push(ev(a.ix_target(ci, ii), state("STARTED", None)));
    }
    cx.talk_timer(&a.id, &id);
    Ok(())
}

/// A recording command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecOp {
    /// From stopped to recording.
    Start,
    /// To stopped, from anything.
    Stop,
    /// From recording to paused (telephony only).
    Pause,
    /// From paused to recording.
    Resume,
}

/// A recording command on a STARTED interaction (stop: in any state).
pub fn recording(a: &mut Agent, ci: usize, ii: usize, op: RecOp, out: &mut Vec<Frame>) -> Result<(), Fail> {
    let ix = &a.channels[ci].interactions[ii];
    let from = ix.recording;
    if op == RecOp::Pause && ix.media != Media::Telephony {
        return fail("UNSUPPORTED", "recording pause is only supported on telephony");
    }
    // Stop succeeds even when already stopped, in any state (PROTOCOL.md 3.4).
    if op != RecOp::Stop && ix.state != IxState::Started {
        return fail("INVALID_STATE", format!("interaction {} is {}, not STARTED", ix.id, ix.state.as_str()));
    }
    let (need, to) = match op {
        RecOp::Start => (Some(Rec::Stopped), Rec::Recording),
        RecOp::Stop => (None, Rec::Stopped),
        RecOp::Pause => (Some(Rec::Recording), Rec::Paused),
        RecOp::Resume => (Some(Rec::Paused), Rec::Recording),
    };
    if need.is_some_and(|n| n != from) {
        return fail("INVALID_STATE", format!("recording is {}", from.as_str()));
    }
    let st = ix.state.as_str();
    a.channels[ci].interactions[ii].recording = to;
    out.push(ev(a.ix_target(ci, ii), state(st, Some(to))));
    Ok(())
}
