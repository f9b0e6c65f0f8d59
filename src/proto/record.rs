//! Record and replay. Because the engine is a pure function of its inputs (time included, and
//! its jitter seed in the configuration), a recording of every input reproduces a session
//! exactly: the same events, the same model states. The browser's recorder (opt-in) writes
//! this format; [`replay`] runs it through a fresh engine. Credentials are never recorded.

use crate::proto::engine::{Config, Engine, EngineEvent, SubmitOptions};
use crate::proto::json::{Json, Map};
use crate::proto::options;
use crate::proto::time::Millis;
use crate::proto::wire::Command;

/// One input to the engine.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// `connect()`.
    Connect,
    /// The socket opened.
    Open,
    /// A text frame (passwords blanked).
    Text(String),
    /// A binary frame of this length.
    Binary(usize),
    /// The socket closed.
    Close(u16, String),
    /// The timer fired.
    Timeout,
    /// A page command.
    Submit {
        /// Command name.
        command: String,
        /// Target.
        target: Option<String>,
        /// Data.
        data: Json,
        /// `until: applied`.
        until_applied: bool,
        /// Timeout override.
        timeout: Option<Millis>,
    },
    /// The answer to the override prompt.
    Confirm(bool),
    /// `close()`.
    ClosePage,
}

/// A recorded session: the configuration (without the password) and every input with its time.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Recording {
    /// The engine configuration that matters for replay.
    pub config: Map,
    /// Inputs in order, with the host time of each.
    pub inputs: Vec<(Millis, Input)>,
}

fn s(v: &str) -> Json {
    Json::str(v)
}

fn n(v: u64) -> Json {
    Json::Number(v.to_string().into())
}

impl Recording {
    /// Starts a recording of an engine with `config` (its password is not kept).
    pub fn new(config: &Config) -> Recording {
        Recording { config: options::write_recorded(config), inputs: Vec::new() }
    }

    /// Appends an input.
    pub fn push(&mut self, now: Millis, input: Input) {
        self.inputs.push((now, input));
    }

    /// The configuration to replay with (password `<redacted>`).
    pub fn to_config(&self) -> Config {
        options::read_recorded(&self.config)
    }

    /// The recording as JSON: `{"version":1,"config":{…},"inputs":[[t,"kind",…],…]}`.
    pub fn to_json(&self) -> Json {
        let inputs = self
            .inputs
            .iter()
            .map(|(t, i)| {
                let mut a = vec![n(*t)];
                match i {
                    Input::Connect => a.push(s("connect")),
                    Input::Open => a.push(s("open")),
                    Input::Text(x) => a.extend([s("text"), s(x)]),
                    Input::Binary(l) => a.extend([s("binary"), n(*l as u64)]),
                    Input::Close(c, r) => a.extend([s("close"), n(u64::from(*c)), s(r)]),
                    Input::Timeout => a.push(s("timeout")),
                    Input::Submit { command, target, data, until_applied, timeout } => a.extend([
                        s("submit"),
                        s(command),
                        target.as_deref().map_or(Json::Null, s),
                        data.clone(),
                        Json::Bool(*until_applied),
                        timeout.map_or(Json::Null, n),
                    ]),
                    Input::Confirm(b) => a.extend([s("confirm"), Json::Bool(*b)]),
                    Input::ClosePage => a.push(s("closePage")),
                }
                Json::Array(a)
            })
            .collect();
        Json::Object(vec![
            ("version".into(), n(1)),
            ("config".into(), Json::Object(self.config.clone())),
            ("inputs".into(), Json::Array(inputs)),
        ])
    }

    /// Reads a recording.
    ///
    /// # Errors
    /// What is wrong with the text.
    pub fn from_json(text: &str) -> Result<Recording, String> {
        let v = Json::parse(text).map_err(|e| e.to_string())?;
        let config = v.get("config").and_then(Json::as_object).cloned().ok_or("recording has no config")?;
        let Some(Json::Array(list)) = v.get("inputs") else { return Err("recording has no inputs".into()) };
        let mut inputs = Vec::with_capacity(list.len());
        for (k, item) in list.iter().enumerate() {
            let Json::Array(a) = item else { return Err(format!("input {k} is not an array")) };
            let at = |i: usize| a.get(i).unwrap_or(&Json::Null);
            let t = at(0).as_u64().ok_or(format!("input {k} has no time"))?;
            let str_at = |i: usize| at(i).as_str().map(str::to_owned);
            let input = match at(1).as_str() {
                Some("connect") => Input::Connect,
                Some("open") => Input::Open,
                Some("text") => Input::Text(str_at(2).ok_or(format!("input {k}: text"))?),
                Some("binary") => Input::Binary(at(2).as_u64().unwrap_or(0) as usize),
                Some("close") => Input::Close(at(2).as_u64().unwrap_or(1006) as u16, str_at(3).unwrap_or_default()),
                Some("timeout") => Input::Timeout,
                Some("submit") => Input::Submit {
                    command: str_at(2).ok_or(format!("input {k}: command"))?,
                    target: str_at(3),
                    data: at(4).clone(),
                    until_applied: matches!(at(5), Json::Bool(true)),
                    timeout: at(6).as_u64(),
                },
                Some("confirm") => Input::Confirm(matches!(at(2), Json::Bool(true))),
                Some("closePage") => Input::ClosePage,
                other => return Err(format!("input {k}: unknown kind {}", other.unwrap_or("(none)"))),
            };
            inputs.push((t, input));
        }
        Ok(Recording { config, inputs })
    }
}

/// What one input produced during a replay.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The engine's events, in order.
    pub events: Vec<EngineEvent>,
    /// The model after the input.
    pub model: Json,
}

/// Runs a recording through a fresh engine and returns, per input, the events and the model
/// state. Two replays of one recording are equal; a replay equals the recorded session.
pub fn replay(rec: &Recording) -> Vec<Step> {
    let mut e = Engine::new(rec.to_config());
    rec.inputs.iter().map(|(t, i)| feed(&mut e, *t, i)).collect()
}

/// Feeds one input to an engine (the same calls the browser layer makes) and drains it.
pub fn feed(e: &mut Engine, now: Millis, input: &Input) -> Step {
    match input {
        Input::Connect => e.connect(now),
        Input::Open => e.handle_open(now),
        Input::Text(t) => e.handle_text(now, t),
        Input::Binary(l) => e.handle_binary(now, *l),
        Input::Close(c, r) => e.handle_close(now, *c, r),
        Input::Timeout => e.handle_timeout(now),
        Input::Submit { command, target, data, until_applied, timeout } => {
            let opts = SubmitOptions { until_applied: *until_applied, timeout: *timeout };
            let result = Command::decode(command, data)
                .map_err(|_| ())
                .and_then(|c| e.submit(now, c, target.as_deref(), opts).map_err(|_| ()));
            let _ = result;
        }
        Input::Confirm(b) => {
            e.confirm(now, *b);
        }
        Input::ClosePage => e.close(now),
    }
    while e.poll_transmit().is_some() {}
    let events = std::iter::from_fn(|| e.poll_event()).collect();
    Step { events, model: e.model().to_json() }
}
