//! Session-resource commands (PROTOCOL.md §3): checks in a fixed order (command known and
//! in the dialect → resource bound → session started → target exists and has the right
//! kind → object state → data), then the state change and its secondary events in the
//! documented order. The response goes out first, then the events.

use crate::agent::{ev, state, Agent, Base, ConnId, IxState, Obj, Rec};
use crate::config::Catalog;
use crate::cx::Cx;
use crate::fail::{fail, failure, Fail};
use crate::media::Media;
use crate::timers::TimerAction;
use crate::world::World;
use agentwire::proto::json::{Json, Map};
use agentwire::proto::wire::{
    ActivateData, AddChannel, AddChannelGroup, AddressBooks, ChannelState, Command, CommandKind, DeactivateData,
    DialData, Empty, EventData, Frame, NotReadyData, Request, Response, ResultData, Scripts, TargetKind,
};
use std::time::{Duration, Instant};

/// `interaction.request.consult` (in both dialects): not in PROTOCOL.md (the
/// back-end bridge has it, 3.4 "not recovered"); the simulator's way to set up the consult
/// call that consult transfer and conference need.
pub const CONSULT_CURRENT: &str = "interaction.request.consult";

/// What a request asks for.
enum Cmd<'r> {
    Known(CommandKind, &'r Command),
    Consult(Json),
}

type Outcome = Result<Option<ResultData>, Fail>;

fn echo(req: &Request) -> Outcome {
    Ok(Some(ResultData::Echo(req.command.clone())))
}

fn kind_name(k: TargetKind) -> &'static str {
    match k {
        TargetKind::None => "service",
        TargetKind::Session => "session",
        TargetKind::ChannelGroup => "channel group",
        TargetKind::Channel => "channel",
        TargetKind::Interaction => "interaction",
        TargetKind::Conversation => "conversation",
    }
}

impl World {
    /// Runs a session-resource request and sends its response, then its events.
    pub fn resource(&mut self, conn: ConnId, req: Request) {
        let mut events = Vec::new();
        let result = match self.take_injected(conn, &req) {
            Some(code) => fail(code, "failure injected by control/fail"),
            None => self.run(conn, &req, &mut events),
        };
        let resp = match result {
            Ok(data) => Response::success(&req, data),
            Err(f) => {
                tracing::debug!(conn, command = %req.name, code = f.code, "{}", f.message);
                failure(&req, f.code, f.message)
            }
        };
        let mut frames = Vec::with_capacity(events.len() + 1);
        frames.push(Frame::Response(resp));
        frames.extend(events);
        self.send_all(conn, frames);
    }

    /// The injected failure this request gets, if a `control/fail` rule matches it.
    fn take_injected(&mut self, conn: ConnId, req: &Request) -> Option<&'static str> {
        if self.injected.is_empty() {
            return None;
        }
        let sid = self.conns.get(&conn).and_then(|c| c.bound.clone())?;
        let agent = self.sessions.get(&sid).cloned();
        let key = agentwire::proto::wire::CommandKey::of_name(&req.name);
        let i = self.injected.iter().position(|r| {
            r.agent.as_ref().is_none_or(|a| Some(a) == agent.as_ref())
                && r.command.as_deref().is_none_or(|c| agentwire::proto::wire::CommandKey::of_name(c) == key)
        })?;
        let code = self.injected[i].code;
        self.injected[i].remaining -= 1;
        if self.injected[i].remaining == 0 {
            self.injected.remove(i);
        }
        Some(code)
    }

    /// The agent whose session `sid` this client has bound.
    fn bound_agent(&self, conn: ConnId, sid: &str) -> Result<String, Fail> {
        let bound = self.conns.get(&conn).and_then(|c| c.bound.as_deref());
        if bound != Some(sid) {
            return fail("NOT_BOUND", format!("resource {sid:?} is not bound by this client (bindResource first)"));
        }
        match self.sessions.get(sid) {
            Some(a) => Ok(a.clone()),
            None => fail("INVALID_STATE", format!("session {sid} has ended (logged out or replaced)")),
        }
    }

    fn run(&mut self, conn: ConnId, req: &Request, out: &mut Vec<Frame>) -> Outcome {
        let cmd = match req.command.kind() {
            Some(CommandKind::PrepareSession) => return fail("INVALID_REQUEST", "prepareSession is a service request"),
            Some(CommandKind::Consult) if self.opts.dialect.accepts(CommandKind::Consult, &req.name) => {
                Cmd::Consult(req.command.data())
            }
            Some(k) if self.opts.dialect.accepts(k, &req.name) => Cmd::Known(k, &req.command),
            Some(_) => {
                return fail(
                    "UNKNOWN_COMMAND",
                    format!("{:?} is not a command of this processor's dialect", req.name.trim()),
                )
            }
            None => {
                let name = req.name.trim();
                return fail("UNKNOWN_COMMAND", format!("unknown command {name:?}"));
            }
        };
        let Some(target) = req.target.as_deref() else {
            return fail("INVALID_REQUEST", "the request has no target");
        };
        let sid = target.split('.').next().unwrap_or_default().to_owned();
        let aid = self.bound_agent(conn, &sid)?;
        let now = Instant::now();
        let World { agents, cat, timers, next_ix, books, opts, sessions, .. } = self;
        let cat = cat.clone();
        let Some(a) = agents.get_mut(&aid) else { return fail("INVALID_STATE", "agent vanished") };
        let started = a.session.as_ref().is_some_and(|s| s.started);
        if !started && !matches!(cmd, Cmd::Known(CommandKind::SessionStart, _)) {
            return fail("INVALID_STATE", "start the session first (session.start / session.request.start)");
        }
        let Some(obj) = a.resolve(target) else {
            return fail("UNKNOWN_TARGET", format!("no object {target:?} in session {sid}"));
        };
        let mut cx = Cx { cat: &cat, timers, next_ix, now };
        let (kind, command) = match cmd {
            Cmd::Consult(data) => {
                let Obj::Interaction(ci, ii) = obj else {
                    return fail("UNKNOWN_TARGET", format!("{target:?} is not an interaction"));
                };
                let dest = data.get("destination").and_then(Json::as_str).map(str::trim).unwrap_or_default();
                check_destination(dest)?;
                a.start_consult(ci, ii, dest, &mut cx, out)?;
                return Ok(Some(ResultData::Raw(data)));
            }
            Cmd::Known(k, c) => (k, c),
        };
        let wrong = || fail("UNKNOWN_TARGET", format!("{target:?} is not a {}", kind_name(kind.target_kind())));
        match (command, obj) {
            (Command::SessionStart(_), Obj::Session) => {
                if let Some(s) = a.session.as_mut() {
                    s.started = true;
                    s.next_inbound = (opts.inbound_every > 0).then(|| now + Duration::from_secs(opts.inbound_every));
                }
                out.extend(a.announce_all(&cat));
                echo(req)
            }
            (Command::Logout(_), Obj::Session) => {
                if a.busy() {
                    return fail("INVALID_STATE", "an interaction is still ongoing; end it before logging out");
                }
                a.reset(&cat);
                a.session = None;
                sessions.remove(&sid);
                tracing::info!(agent = %aid, session = %sid, "logged out");
                Ok(None)
            }
            (Command::AddChannel(d), Obj::Session) => add_channel(a, d, out).and_then(|_| echo(req)),
            (Command::AddChannelGroup(d), Obj::Session) => add_group(a, d, out).and_then(|_| echo(req)),
            (Command::RequestNotReadyReasons(_), Obj::Session) => {
                out.push(a.reasons_event(&cat));
                echo(req)
            }
            (Command::RequestLogoutReasons(_), Obj::Session) => {
                out.push(a.logout_reasons_event(&cat));
                echo(req)
            }
            (Command::AddressBook(d), Obj::Session) => {
                if let Some(s) = a.session.as_mut() {
                    s.book = d.realtime == Some(true);
                }
                let books = AddressBooks { addressbooks: books.clone(), extra: Map::new() };
                Ok(Some(ResultData::AddressBooks(books)))
            }
            (Command::AgentLegConnect(_), Obj::Session) => {
                let phone = a.channels.iter().any(|c| c.media == Media::Telephony && c.state == ChannelState::Active);
                if phone {
                    a.leg = true;
                    out.push(ev(a.sid(), EventData::AgentLegConnected(Empty::new())));
                } else {
                    let error = Some("no active telephony channel to connect the agent leg to".to_owned());
                    let data = agentwire::proto::wire::AgentLegFailed { error, extra: Map::new() };
                    out.push(ev(a.sid(), EventData::AgentLegFailed(data)));
                }
                echo(req)
            }
            (Command::AgentLegDisconnect(_), Obj::Session) => {
                if !a.leg {
                    return fail("INVALID_STATE", "the agent leg is not connected");
                }
                a.leg = false;
                out.push(ev(a.sid(), EventData::AgentLegDisconnected(Empty::new())));
                echo(req)
            }
            (Command::GroupActivate(d), Obj::Group(gi)) => {
                let g = a.groups[gi].id.clone();
                let members: Vec<usize> =
                    (0..a.channels.len()).filter(|&ci| a.channels[ci].group.as_deref() == Some(g.as_str())).collect();
                let Some(&ci) = members.iter().find(|&&ci| a.channels[ci].state == ChannelState::Inactive) else {
                    if let Some(&ci) = members.iter().find(|&&ci| a.channels[ci].state == ChannelState::Unavailable) {
                        return fail(
                            "INVALID_STATE",
                            format!("another agent is logged into channel {}", a.channels[ci].id),
                        );
                    }
                    return fail("INVALID_STATE", format!("every channel of group {g} is already active"));
                };
                activate(a, ci, d, out).and_then(|_| echo(req))
            }
            (Command::GroupActivate(d), Obj::Channel(ci)) if a.channels[ci].group.is_some() => {
                activate(a, ci, d, out).and_then(|_| echo(req))
            }
            (Command::GroupActivateAll(d), Obj::Group(gi)) => {
                let g = a.groups[gi].id.clone();
                for ci in 0..a.channels.len() {
                    if a.channels[ci].group.as_deref() == Some(g.as_str())
                        && a.channels[ci].state != ChannelState::Active
                    {
                        activate(a, ci, d, out)?;
                    }
                }
                echo(req)
            }
            (Command::GroupDeactivateAll(d), Obj::Group(gi)) => {
                let g = a.groups[gi].id.clone();
                let reason = d.channel_options.as_ref().and_then(|o| o.reason.as_deref());
                check_logout_reason(&cat, reason)?;
                for ci in 0..a.channels.len() {
                    if a.channels[ci].group.as_deref() != Some(g.as_str())
                        || a.channels[ci].state != ChannelState::Active
                    {
                        continue;
                    }
                    if !a.channels[ci].interactions.is_empty() {
                        return fail(
                            "INVALID_STATE",
                            format!("channel {} has an ongoing interaction", a.channels[ci].id),
                        );
                    }
                    if a.channels[ci].base == Base::Ready {
                        a.channels[ci].base = Base::NotReady;
                        a.channel_changed(ci, out);
                    }
                    deactivate(a, ci, out)?;
                }
                echo(req)
            }
            (Command::Activate(d), Obj::Channel(ci)) => activate(a, ci, d, out).and_then(|_| echo(req)),
            (Command::Deactivate(d), Obj::Channel(ci)) => {
                deactivate_checked(a, ci, d, &cat, out).and_then(|_| echo(req))
            }
            (Command::Ready(_), Obj::Channel(ci)) => {
                require_active(a, ci)?;
                a.channels[ci].base = Base::Ready;
                a.channel_changed(ci, out);
                echo(req)
            }
            (Command::NotReady(d), Obj::Channel(ci)) => not_ready(a, ci, d, &cat, out).and_then(|_| echo(req)),
            (Command::Dial(d), Obj::Channel(ci)) => dial(a, ci, d, &mut cx, out).and_then(|_| echo(req)),
            (Command::GetScripts(_), Obj::Channel(ci)) => {
                let media = a.channels[ci].media;
                let scripts = cat.scripts.iter().filter(|(m, _)| *m == media).map(|(_, s)| s.clone()).collect();
                Ok(Some(ResultData::Scripts(Scripts { scripts, extra: Map::new() })))
            }
            (Command::Accept(_), Obj::Interaction(ci, ii)) => {
                accept(a, ci, ii, &mut cx, out)?;
                echo(req)
            }
            (Command::Answer(_), Obj::Conversation(ci, ii, vi)) => {
                answer(a, ci, ii, vi, &mut cx, out)?;
                echo(req)
            }
            (Command::ConsultTransfer(_), Obj::Interaction(ci, ii)) => {
                a.consult_transfer(ci, ii, &cat, out)?;
                echo(req)
            }
            (Command::ConsultConference(_), Obj::Interaction(ci, ii)) => {
                a.consult_conference(ci, ii, out)?;
                echo(req)
            }
            (Command::RecordingStart(_), Obj::Interaction(ci, ii)) => {
                recording(a, ci, ii, RecOp::Start, out).and_then(|_| echo(req))
            }
            (Command::RecordingStop(_), Obj::Interaction(ci, ii)) => {
                recording(a, ci, ii, RecOp::Stop, out).and_then(|_| echo(req))
            }
            (Command::RecordingPause(_), Obj::Interaction(ci, ii)) => {
                recording(a, ci, ii, RecOp::Pause, out).and_then(|_| echo(req))
            }
            (Command::RecordingResume(_), Obj::Interaction(ci, ii)) => {
                recording(a, ci, ii, RecOp::Resume, out).and_then(|_| echo(req))
            }
            (Command::Signal(_), Obj::Interaction(..)) => echo(req),
            _ => wrong(),
        }
    }
}

fn require_active(a: &Agent, ci: usize) -> Result<(), Fail> {
    let ch = &a.channels[ci];
    if ch.state != ChannelState::Active {
        return fail("INVALID_STATE", format!("channel {} is {}, not ACTIVE", ch.id, ch.state));
    }
    Ok(())
}

fn check_destination(dest: &str) -> Result<(), Fail> {
    // Printable characters; spaces are allowed inside (`+1 512 555 0199`), not alone.
    if dest.trim().is_empty() || dest.len() > 64 || dest.chars().any(char::is_control) {
        return fail("INVALID_REQUEST", "destination must be 1 to 64 printable characters");
    }
    Ok(())
}

fn check_logout_reason(cat: &Catalog, reason: Option<&str>) -> Result<(), Fail> {
    match reason.map(str::trim) {
        None | Some("") => Ok(()),
        Some(r) if cat.logout_reasons.iter().any(|l| l.logout_reason_code == r || l.logout_reason_id == r) => Ok(()),
        Some(r) => fail("INVALID_REQUEST", format!("unknown logout reason {r:?}")),
    }
}

fn activate(a: &mut Agent, ci: usize, d: &ActivateData, out: &mut Vec<Frame>) -> Result<(), Fail> {
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
    ch.queue = d.channeloptions.as_ref().and_then(|o| o.queue.clone());
    a.channel_changed(ci, out);
    Ok(())
}

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

fn deactivate_checked(
    a: &mut Agent,
    ci: usize,
    d: &DeactivateData,
    cat: &Catalog,
    out: &mut Vec<Frame>,
) -> Result<(), Fail> {
    require_active(a, ci)?;
    check_logout_reason(cat, d.channel_options.as_ref().and_then(|o| o.reason.as_deref()))?;
    deactivate(a, ci, out)
}

fn not_ready(a: &mut Agent, ci: usize, d: &NotReadyData, cat: &Catalog, out: &mut Vec<Frame>) -> Result<(), Fail> {
    require_active(a, ci)?;
    let code = d.reasoncode.trim();
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

fn dial(a: &mut Agent, ci: usize, d: &DialData, cx: &mut Cx<'_>, out: &mut Vec<Frame>) -> Result<(), Fail> {
    if a.channels[ci].media != Media::Telephony {
        return fail("UNSUPPORTED", format!("channel {} is not a telephony channel", a.channels[ci].id));
    }
    require_active(a, ci)?;
    let dest = d.destination.trim();
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
    if let Some(ext) = &d.extensions {
        if !ext.0.is_empty() {
            data.push(("extensions".into(), Json::Object(ext.0.clone())));
        }
    }
    let mut ix = crate::calls::interaction(id.clone(), Media::Telephony, "outbound", IxState::Dialing, data, cx.now);
    let cv = ix.new_conv_id();
    let members = vec![a.as_member("m-1"), crate::agent::member("m-2", dest, "customer", dest)];
    ix.convs.push(crate::agent::Conv { id: cv, consult: false, state: "DIALING", members });
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

fn accept(a: &mut Agent, ci: usize, ii: usize, cx: &mut Cx<'_>, out: &mut Vec<Frame>) -> Result<(), Fail> {
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

fn answer(a: &mut Agent, ci: usize, ii: usize, vi: usize, cx: &mut Cx<'_>, out: &mut Vec<Frame>) -> Result<(), Fail> {
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
#[derive(Clone, Copy, PartialEq, Eq)]
enum RecOp {
    Start,
    Stop,
    Pause,
    Resume,
}

fn recording(a: &mut Agent, ci: usize, ii: usize, op: RecOp, out: &mut Vec<Frame>) -> Result<(), Fail> {
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

fn add_channel(a: &mut Agent, d: &AddChannel, out: &mut Vec<Frame>) -> Result<(), Fail> {
    let Some(media) = Media::parse(&d.channel.kind) else {
        return fail("INVALID_REQUEST", format!("channel type {:?} is not Telephony, Chat or Email", d.channel.kind));
    };
    let endpoint = d.channel.endpoint.trim();
    if endpoint.is_empty() || endpoint.len() > 128 {
        return fail("INVALID_REQUEST", "endpoint must have 1 to 128 characters");
    }
    if a.channels.iter().any(|c| c.name == endpoint) {
        return fail("INVALID_STATE", format!("endpoint {endpoint:?} is already a channel of this session"));
    }
    if a.channels.len() >= 64 {
        return fail("INVALID_STATE", "too many channels in this session");
    }
    let spec = crate::config::ChannelSpec {
        id: a.fresh_id("ch"),
        media,
        name: endpoint.to_owned(),
        state: ChannelState::Inactive,
    };
    a.channels.push(crate::agent::Channel::new(&spec, None, endpoint.to_owned(), true));
    a.announce_channel(a.channels.len() - 1, out);
    Ok(())
}

fn add_group(a: &mut Agent, d: &AddChannelGroup, out: &mut Vec<Frame>) -> Result<(), Fail> {
    let name = d.channelgroup.name.trim();
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
    a.groups.push(crate::agent::Group { id: gid.clone(), name: name.to_owned(), dynamic: true });
    for (suffix, media) in [("tel", Media::Telephony), ("chat", Media::Chat)] {
        let endpoint = format!("{name}-{suffix}");
        let spec = crate::config::ChannelSpec {
            id: a.fresh_id("ch"),
            media,
            name: endpoint.clone(),
            state: ChannelState::Inactive,
        };
        a.channels.push(crate::agent::Channel::new(&spec, Some(gid.clone()), endpoint, true));
    }
    a.announce_group(a.groups.len() - 1, out);
    Ok(())
}
