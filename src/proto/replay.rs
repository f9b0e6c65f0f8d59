//! Replay: a [`Recording`] run through a fresh engine, one step per input, each with the
//! events it produced and, when the input changed it, the model after it (not the whole
//! model for every input: a long recording of a large model would not fit in memory). Two
//! replays of one recording are equal, and a replay equals the recorded session.

use crate::proto::engine::{Engine, EngineEvent, Input};
use crate::proto::json::Json;
use crate::proto::record::Recording;
use crate::proto::time::Millis;

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

/// Gives one input to an engine (through the one entry the browser uses too) and drains it.
pub fn feed(e: &mut Engine, now: Millis, input: Input<'_>) -> Step {
    let before = e.model().version();
    let _ = e.handle(now, input);
    while e.poll_transmit().is_some() {}
    let events = std::iter::from_fn(|| e.poll_event()).collect();
    let model = (e.model().version() != before).then(|| e.model().to_json());
    Step { events, model }
}
