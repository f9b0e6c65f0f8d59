//! Generated traffic: call-progress timers fired (dialled calls answered, far-end release,
//! abandoned calls), inbound calls and chats on a schedule or on demand, address-book
//! presence changes, another agent taking a channel, and the event flood for benchmarks.
//! One ticker task (`server.rs`) drives the scheduled part through [`tick`]; the control
//! API calls the rest.

use crate::agent::Agent;
use crate::cx::Cx;
use crate::events::{ev, state};
use crate::media::Media;
use crate::objects::{Base, IxState, Obj};
use crate::timers::{Timer, TimerAction};
use crate::world::World;
use agentwire::proto::json::Map;
use agentwire::proto::wire::build::{self, EntryGroup, EntryType};
use agentwire::proto::wire::{AddressBooks, ChannelState, EventData, Frame, Num};
use std::time::{Duration, Instant};

const PRESENCE: &[&str] = &["Available", "Unavailable", "On Call", "After Call Work", "Break"];

/// Which channel of an agent takes an inbound interaction of `media`: ACTIVE, and for
/// telephony without a call. `ready`: the agent must also be ready and idle (the schedule).
fn pick_channel(a: &Agent, media: Option<Media>, ready: bool) -> Option<usize> {
    (0..a.channels.len()).find(|&ci| {
        let ch = &a.channels[ci];
        ch.state == ChannelState::Active
            && media.is_none_or(|m| ch.media == m)
            && (ch.media != Media::Telephony || ch.interactions.is_empty())
            && (!ready || (ch.base == Base::Ready && ch.interactions.is_empty()))
    })
}

/// Runs what is due: timers, floods (`dt` since the last tick), and once a second the
/// inbound schedule and presence changes.
pub fn tick(w: &mut World, now: Instant, dt: Duration, second: bool) {
    while let Some(t) = w.timers.pop_due(now) {
        fire(w, t, now);
    }
    flood(w, dt);
    if second {
        schedule(w, now);
    }
}

fn fire(w: &mut World, t: Timer, now: Instant) {
    let World { agents, cat, timers, next_ix, .. } = w;
    let Some(a) = agents.get_mut(&t.agent) else { return };
    let Some((ci, ii)) = a.find_ix(&t.ix) else { return };
    let mut out = Vec::new();
    let cat = cat.clone();
    let mut cx = Cx { cat: &cat, timers, next_ix, now };
    match t.action {
        TimerAction::Connect => {
            if a.connect(ci, ii, &mut out) {
                cx.talk_timer(&t.agent, &t.ix);
            }
        }
        TimerAction::ConnectConsult => {
            a.connect_consult(ci, ii, &mut out);
        }
        TimerAction::End => {
            if a.channels[ci].interactions[ii].state == IxState::Started {
                a.end_interaction(ci, ii, cat.timing.acw_after_call, &mut out);
            }
        }
        TimerAction::Abandon => {
            if a.channels[ci].interactions[ii].state == IxState::Alerting {
                a.end_interaction(ci, ii, false, &mut out);
            }
        }
    }
    w.deliver(&t.agent, out);
}

fn flood(w: &mut World, dt: Duration) {
    let mut batches: Vec<(u64, Vec<Frame>)> = Vec::new();
    for a in w.agents.values_mut() {
        let Some(conn) = a.listener() else { continue };
        let Some(s) = a.session.as_mut() else { continue };
        if s.flood.0 == 0 || a.channels.is_empty() {
            continue;
        }
        let due = f64::from(s.flood.0) * dt.as_secs_f64() + s.flood.1;
        let n = due.floor().min(100_000.0);
        s.flood.1 = due - n;
        let mut out = Vec::with_capacity(n as usize);
        for k in 0..n as usize {
            let ci = (k / 2) % a.channels.len();
            let t = a.channel_target(ci);
            if k % 2 == 0 {
                out.push(ev(t, a.channels[ci].info()));
            } else {
                out.push(ev(t, state(a.channels[ci].state.as_str(), None)));
            }
        }
        batches.push((conn, out));
    }
    for (conn, out) in batches {
        w.send_all(conn, out);
    }
}

fn schedule(w: &mut World, now: Instant) {
    let every = w.opts.inbound_every;
    if every > 0 {
        let due: Vec<String> = w
            .agents
            .values()
            .filter(|a| a.listener().is_some())
            .filter(|a| a.session.as_ref().and_then(|s| s.next_inbound).is_some_and(|t| t <= now))
            .map(|a| a.id.clone())
            .collect();
        for aid in due {
            let turn = w.agents.get_mut(&aid).and_then(|a| a.session.as_mut()).map(|s| {
                s.next_inbound = Some(now + Duration::from_secs(every));
                s.inbound_turn += 1;
                s.inbound_turn
            });
            let media = if turn.unwrap_or(0) % 2 == 1 { Media::Telephony } else { Media::Chat };
            let ready = w
                .agents
                .get(&aid)
                .and_then(|a| pick_channel(a, Some(media), true).or_else(|| pick_channel(a, None, true)));
            if let Some(ci) = ready {
                let _ = inbound_on(w, &aid, ci, Map::new(), now);
            }
        }
    }
    let every = w.opts.presence_every;
    if every > 0 {
        match w.next_presence {
            Some(t) if t > now => {}
            due => {
                if due.is_some() {
                    let _ = presence(w, None, None);
                }
                w.next_presence = Some(now + Duration::from_secs(every));
            }
        }
    }
}

fn inbound_on(w: &mut World, aid: &str, ci: usize, extra: Map, now: Instant) -> Option<String> {
    let World { agents, cat, timers, next_ix, rng, .. } = w;
    let a = agents.get_mut(aid)?;
    let cat = cat.clone();
    let mut cx = Cx { cat: &cat, timers, next_ix, now };
    let mut out = Vec::new();
    let target = a.place_inbound(ci, &mut cx, rng, extra, &mut out);
    w.deliver(aid, out);
    Some(target)
}

/// An inbound interaction for an agent (or a random logged-in one) on an ACTIVE
/// channel of `media` (any media when `None`). Returns its target.
///
/// # Errors
/// Why none could be placed.
pub fn inbound(w: &mut World, agent: Option<String>, media: Option<Media>, extra: Map) -> Result<String, String> {
    let aid = match agent {
        Some(a) => a,
        None => {
            let mut ids: Vec<&String> = w
                .agents
                .values()
                .filter(|a| a.listener().is_some() && pick_channel(a, media, false).is_some())
                .map(|a| &a.id)
                .collect();
            ids.sort();
            let i = w.rng.below(ids.len());
            ids.get(i).map(|s| (*s).clone()).ok_or("no logged-in agent has an active channel for it")?
        }
    };
    let a = w.agents.get(&aid).ok_or_else(|| format!("no agent {aid:?}"))?;
    if a.session.is_none() {
        return Err(format!("agent {aid} is not logged in"));
    }
    let ci = pick_channel(a, media, false).ok_or_else(|| {
        let m = media.map_or("any", Media::wire);
        format!("agent {aid} has no ACTIVE {m} channel free for an inbound interaction")
    })?;
    inbound_on(w, &aid, ci, extra, Instant::now()).ok_or_else(|| "agent vanished".into())
}

/// The far end releases interactions: the one named by `target`, or all of an agent's.
/// Returns how many ended.
pub fn hangup(w: &mut World, agent: &str, target: Option<&str>) -> usize {
    let acw = w.cat.timing.acw_after_call;
    let Some(a) = w.agents.get_mut(agent) else { return 0 };
    let mut out = Vec::new();
    let mut n = 0;
    loop {
        let next = match target {
            Some(t) => match a.resolve(t) {
                Some(Obj::Interaction(ci, ii)) => Some((ci, ii)),
                _ => None,
            },
            None => (0..a.channels.len()).find(|&ci| !a.channels[ci].interactions.is_empty()).map(|ci| (ci, 0)),
        };
        let Some((ci, ii)) = next else { break };
        a.end_interaction(ci, ii, acw, &mut out);
        n += 1;
        if target.is_some() {
            break;
        }
    }
    w.deliver(agent, out);
    n
}

/// Another agent logs into (`on`) or out of an agent's INACTIVE channel: it becomes
/// UNAVAILABLE or INACTIVE again (PROTOCOL.md 4.2).
///
/// # Errors
/// No such agent/channel, or the channel is ACTIVE.
pub fn set_unavailable(w: &mut World, agent: &str, channel: &str, on: bool) -> Result<(), String> {
    let a = w.agents.get_mut(agent).ok_or_else(|| format!("no agent {agent:?}"))?;
    let ci = a.channels.iter().position(|c| c.id == channel).ok_or_else(|| format!("no channel {channel:?}"))?;
    if a.channels[ci].state == ChannelState::Active {
        return Err(format!("channel {channel} is ACTIVE for agent {agent}"));
    }
    a.channels[ci].state = if on { ChannelState::Unavailable } else { ChannelState::Inactive };
    let mut out = Vec::new();
    if a.session.is_some() {
        a.channel_changed(ci, &mut out);
    }
    w.deliver(agent, out);
    Ok(())
}

/// Changes an address-book agent entry's state (`name`, or a random one; `state`, or a
/// random one) and refreshes skill figures, then sends
/// `session.incontact.addressbook.updated` to every session that asked for real-time
/// updates. Returns the entry name and its new state.
///
/// # Errors
/// No agent entry matches.
pub fn presence(w: &mut World, name: Option<&str>, new_state: Option<&str>) -> Result<(String, String), String> {
    fn entries<'a>(g: &'a mut EntryGroup, out: &mut Vec<&'a mut build::Entry>) {
        out.extend(g.entries.iter_mut());
        for sub in &mut g.groups {
            entries(sub, out);
        }
    }
    let mut all = Vec::new();
    for b in &mut w.books {
        all.extend(b.entries.iter_mut());
        for g in &mut b.groups {
            entries(g, &mut all);
        }
    }
    let rng = &mut w.rng;
    let agents: Vec<usize> = (0..all.len()).filter(|&i| all[i].kind == EntryType::Agent).collect();
    let idx = match name {
        Some(n) => {
            agents.iter().copied().find(|&i| all[i].name == n).ok_or_else(|| format!("no agent entry named {n:?}"))?
        }
        None if agents.is_empty() => return Err("the address book has no agent entries".into()),
        None => agents[rng.below(agents.len())],
    };
    for e in all.iter_mut().filter(|e| e.kind == EntryType::Skill) {
        if let Some(p) = e.properties.as_mut() {
            if p.num_available.is_some() {
                p.num_available = Some(Num(rng.below(6).to_string().into_boxed_str()));
                p.num_unavailable = Some(Num(rng.below(9).to_string().into_boxed_str()));
                p.ewt = Some(format!("00:{:02}:{:02}", rng.below(8), rng.below(60)));
            }
        }
    }
    let st = match new_state {
        Some(s) => s.to_owned(),
        None => PRESENCE[rng.below(PRESENCE.len())].to_owned(),
    };
    let entry = &mut all[idx];
    let props = entry.properties.get_or_insert_with(|| build::EntryProperties {
        state: None,
        media_type: None,
        num_available: None,
        num_unavailable: None,
        ewt: None,
        extra: Map::new(),
    });
    props.state = Some(st.clone());
    let changed = (entry.name.clone(), st);
    let books: AddressBooks = build::AddressBooks { addressbooks: w.books.clone(), extra: Map::new() }.into();
    for a in w.agents.values() {
        let Some(conn) = a.listener() else { continue };
        if a.session.as_ref().is_some_and(|s| s.book) {
            w.send_all(conn, vec![ev(a.sid(), EventData::AddressBookUpdated(books.clone()))]);
        }
    }
    Ok(changed)
}
