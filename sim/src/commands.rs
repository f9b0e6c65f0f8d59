//! Session-resource commands (PROTOCOL.md §3): checks in a fixed order (command known and
//! in the dialect → resource bound → session started → target exists and has the right
//! kind → object state → data), then the state change and its secondary events in the
//! documented order. The response goes out first, then the events.
//!
//! This file runs a request through those checks and routes it by command and object; the
//! handlers are in `channels.rs` (channels and groups), `interactions.rs` and `calls.rs`
//! (interactions and consult calls), session handlers inline below.

use crate::channels;
use crate::cx::Cx;
use crate::events::ev;
use crate::fail::{fail, failure, Fail};
use crate::faults;
use crate::interactions::{self, RecOp};
use crate::media::Media;
use crate::objects::{ConnId, Obj};
use crate::world::World;
use agentwire::proto::json::{Json, Map};
use agentwire::proto::wire::build::{AddressBooks, Scripts};
use agentwire::proto::wire::{
    ChannelState, Command, CommandKind, Empty, EventData, Frame, Request, Response, ResultData, TargetKind,
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

/// Runs a session-resource request and sends its response, then its events.
pub fn resource(w: &mut World, conn: ConnId, req: Request) {
    w.note_request(conn, &req);
    let mut events = Vec::new();
    let result = match take_injected(w, conn, &req) {
        Some(code) => fail(code, "failure injected by control/fail"),
        None => run(w, conn, &req, &mut events),
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
    w.send_all(conn, frames);
}

/// The injected failure this request gets, if a `control/fail` rule matches it.
fn take_injected(w: &mut World, conn: ConnId, req: &Request) -> Option<&'static str> {
    if w.injected.is_empty() {
        return None;
    }
    let sid = w.conns.get(&conn).and_then(|c| c.bound.clone())?;
    let agent = w.sessions.get(&sid).cloned();
    faults::take_injected(&mut w.injected, agent.as_deref(), &req.name)
}

/// The agent whose session `sid` this client has bound.
fn bound_agent(w: &World, conn: ConnId, sid: &str) -> Result<String, Fail> {
    let bound = w.conns.get(&conn).and_then(|c| c.bound.as_deref());
    if bound != Some(sid) {
        return fail("NOT_BOUND", format!("resource {sid:?} is not bound by this client (bindResource first)"));
    }
    match w.sessions.get(sid) {
        Some(a) => Ok(a.clone()),
        None => fail("INVALID_STATE", format!("session {sid} has ended (logged out or replaced)")),
    }
}

fn run(w: &mut World, conn: ConnId, req: &Request, out: &mut Vec<Frame>) -> Outcome {
    let cmd = match req.command.kind() {
        Some(CommandKind::PrepareSession) => return fail("INVALID_REQUEST", "prepareSession is a service request"),
        Some(CommandKind::Consult) if w.opts.dialect.accepts(CommandKind::Consult, &req.name) => {
            Cmd::Consult(req.command.data())
        }
        Some(k) if w.opts.dialect.accepts(k, &req.name) => Cmd::Known(k, &req.command),
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
    let aid = bound_agent(w, conn, &sid)?;
    let now = Instant::now();
    let World { agents, cat, timers, next_ix, books, opts, sessions, .. } = w;
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
            interactions::check_destination(dest)?;
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
        (Command::AddChannel(d), Obj::Session) => channels::add_channel(a, d, out).and_then(|_| echo(req)),
        (Command::AddChannelGroup(d), Obj::Session) => channels::add_group(a, d, out).and_then(|_| echo(req)),
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
                s.book = d.realtime() == Some(true);
            }
            let books = AddressBooks { addressbooks: books.clone(), extra: Map::new() };
            Ok(Some(ResultData::AddressBooks(books.into())))
        }
        (Command::AgentLegConnect(_), Obj::Session) => {
            let phone = a.channels.iter().any(|c| c.media == Media::Telephony && c.state == ChannelState::Active);
            if phone {
                a.leg = true;
                out.push(ev(a.sid(), EventData::AgentLegConnected(Empty::new())));
            } else {
                let error = Some("no active telephony channel to connect the agent leg to".to_owned());
                let data = agentwire::proto::wire::build::AgentLegFailed { error, extra: Map::new() };
                out.push(ev(a.sid(), EventData::AgentLegFailed(data.into())));
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
        (Command::GroupActivate(d), Obj::Group(gi)) => channels::activate_group(a, gi, d, out).and_then(|_| echo(req)),
        (Command::GroupActivate(d), Obj::Channel(ci)) if a.channels[ci].group.is_some() => {
            channels::activate(a, ci, d, out).and_then(|_| echo(req))
        }
        (Command::GroupActivateAll(d), Obj::Group(gi)) => channels::activate_all(a, gi, d, out).and_then(|_| echo(req)),
        (Command::GroupDeactivateAll(d), Obj::Group(gi)) => {
            channels::deactivate_all(a, gi, d, &cat, out).and_then(|_| echo(req))
        }
        (Command::Activate(d), Obj::Channel(ci)) => channels::activate(a, ci, d, out).and_then(|_| echo(req)),
        (Command::Deactivate(d), Obj::Channel(ci)) => {
            channels::deactivate_checked(a, ci, d, &cat, out).and_then(|_| echo(req))
        }
        (Command::Ready(_), Obj::Channel(ci)) => channels::ready(a, ci, out).and_then(|_| echo(req)),
        (Command::NotReady(d), Obj::Channel(ci)) => channels::not_ready(a, ci, d, &cat, out).and_then(|_| echo(req)),
        (Command::Dial(d), Obj::Channel(ci)) => interactions::dial(a, ci, d, &mut cx, out).and_then(|_| echo(req)),
        (Command::GetScripts(_), Obj::Channel(ci)) => {
            let media = a.channels[ci].media;
            let scripts = cat.scripts.iter().filter(|(m, _)| *m == media).map(|(_, s)| s.clone()).collect();
            Ok(Some(ResultData::Scripts(Scripts { scripts, extra: Map::new() }.into())))
        }
        (Command::Accept(_), Obj::Interaction(ci, ii)) => {
            interactions::accept(a, ci, ii, &mut cx, out)?;
            echo(req)
        }
        (Command::Answer(_), Obj::Conversation(ci, ii, vi)) => {
            interactions::answer(a, ci, ii, vi, &mut cx, out)?;
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
            interactions::recording(a, ci, ii, RecOp::Start, out).and_then(|_| echo(req))
        }
        (Command::RecordingStop(_), Obj::Interaction(ci, ii)) => {
            interactions::recording(a, ci, ii, RecOp::Stop, out).and_then(|_| echo(req))
        }
        (Command::RecordingPause(_), Obj::Interaction(ci, ii)) => {
            interactions::recording(a, ci, ii, RecOp::Pause, out).and_then(|_| echo(req))
        }
        (Command::RecordingResume(_), Obj::Interaction(ci, ii)) => {
            interactions::recording(a, ci, ii, RecOp::Resume, out).and_then(|_| echo(req))
        }
        (Command::Signal(_), Obj::Interaction(..)) => echo(req),
        _ => wrong(),
    }
}
