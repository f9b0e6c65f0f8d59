//! Replay: a [`Recording`] run through a fresh engine, one step per input, each with the
//! events it produced and, when the input changed it, the model after it (not the whole
//! model for every input: a long recording of a large model would not fit in memory). Two
//! replays of one recording are equal, and a replay equals the recorded session.
//!
//! The browser's `AgentSession.replay` takes the steps as one JSON text ([`replay_json`]),
//! written here and parsed once by the page: no tree per event, no JS object built per step.

use crate::proto::engine::{CommandError, Engine, EngineEvent, Input};
use crate::proto::json::{write_str, Json};
use crate::proto::record::Recording;
use crate::proto::text::{decimal, Msg};
use crate::proto::time::Millis;
use crate::proto::wire::EventKind;

/// What one input produced during a replay.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The engine's events, in order.
    pub events: Vec<EngineEvent>,
    /// The model after the input, when the input changed it.
    pub model: Option<Json>,
}

/// Runs a recording through a fresh engine.
pub fn replay(rec: &Recording) -> Vec<Step> {
    let mut e = Engine::new(rec.to_config());
    rec.inputs.iter().map(|(t, i)| feed(&mut e, *t, i.copy())).collect()
}

/// [`replay`] as JSON text, `[{"events":[summary, …],"model":{…}|null}, …]`, each event as
/// [`EngineEvent::summary`] with messages composed by `text` (the browser's: in JS).
pub fn replay_json(rec: &Recording, text: &dyn Fn(&Msg) -> String) -> String {
    let mut e = Engine::new(rec.to_config());
    let mut out = String::from("[");
    for (k, (t, i)) in rec.inputs.iter().enumerate() {
        // As `feed`, each event written as it is drained: no list of them.
        let before = e.model().version();
        let _ = e.handle(*t, i.copy());
        while e.poll_transmit().is_some() {}
        out.push_str(if k > 0 { ",{\"events\":[" } else { "{\"events\":[" });
        let mut first = true;
        while let Some(ev) = e.poll_event() {
            if !first {
                out.push(',');
            }
            first = false;
            write_summary(&ev, text, &mut out);
        }
        out.push_str("],\"model\":");
        if e.model().version() == before {
            out.push_str("null");
        } else {
            e.model().to_json().write(&mut out);
        }
        out.push('}');
    }
    out.push(']');
    out
}

/// Gives one input to an engine (through the one entry the browser uses too) and drains it.
pub fn feed(e: &mut Engine, now: Millis, input: Input<'_>) -> Step {
    let before = e.model().version();
    let _ = e.handle(now, input);
    while e.poll_transmit().is_some() {}
    let events = std::iter::from_fn(|| e.poll_event()).collect();
    let model = (e.model().version() != before).then(|| e.model().to_json());
    Step { events, model }
}

impl EngineEvent {
    /// A compact JSON summary (for recordings, replays and logs): the event's kind and the
    /// fields that identify it, messages composed by `Display`.
    pub fn summary(&self) -> Json {
        let mut out = String::new();
        write_summary(self, &|m| m.to_string(), &mut out);
        Json::parse(&out).unwrap_or(Json::Null)
    }
}

/// Appends `"key":` (after a comma) to a summary's text.
fn key(out: &mut String, k: &str) {
    out.push_str(",\"");
    out.push_str(k);
    out.push_str("\":");
}

fn null_member(out: &mut String, k: &str) {
    key(out, k);
    out.push_str("null");
}

fn str_member(out: &mut String, k: &str, v: &str) {
    key(out, k);
    write_str(v, out);
}

fn num_member(out: &mut String, k: &str, v: u64) {
    key(out, k);
    out.push_str(&decimal(v));
}

/// The summary of `ev` as JSON text, `{"type":…, …}`, members in a fixed order.
fn write_summary(ev: &EngineEvent, text: &dyn Fn(&Msg) -> String, out: &mut String) {
    out.push_str("{\"type\":");
    match ev {
        EngineEvent::State { state, attempt, retry_in, reason, cause } => {
            out.push_str("\"state\"");
            str_member(out, "state", state.as_str());
            num_member(out, "attempt", u64::from(*attempt));
            match retry_in {
                Some(d) => num_member(out, "retryInMs", *d),
                None => null_member(out, "retryInMs"),
            }
            match reason {
                Some(r) => str_member(out, "reason", r.code()),
                None => null_member(out, "reason"),
            }
            if let Some(c) = cause {
                str_member(out, "cause", c.code());
            }
        }
        EngineEvent::Confirm { message } => {
            out.push_str("\"confirm\"");
            str_member(out, "message", message);
        }
        EngineEvent::Event { event, changes, .. } => {
            out.push_str("\"event\"");
            str_member(out, "name", &event.name);
            str_member(out, "target", event.target.as_str());
            num_member(out, "changes", changes.len() as u64);
        }
        EngineEvent::Spanned { kind, changes, .. } => {
            out.push_str("\"event\"");
            str_member(out, "name", kind.map_or("", EventKind::name));
            num_member(out, "changes", changes.len() as u64);
        }
        EngineEvent::Changed { changes } => {
            out.push_str("\"changed\"");
            num_member(out, "changes", changes.len() as u64);
        }
        EngineEvent::Settled { id, command, result, .. } => {
            out.push_str("\"settled\"");
            num_member(out, "id", *id);
            str_member(out, "command", command);
            str_member(out, "outcome", result.as_ref().map_or_else(CommandError::kind, |_| "ok"));
        }
        EngineEvent::ProtocolError(e) => {
            out.push_str("\"protocolError\"");
            str_member(out, "kind", e.kind.code());
            str_member(out, "message", &text(&e.message));
        }
        EngineEvent::Resynced { changes } => {
            out.push_str("\"resynced\"");
            num_member(out, "removed", *changes as u64);
        }
    }
    out.push('}');
}
