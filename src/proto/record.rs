//! Recording. Because the engine is a pure function of its inputs (time included, and its
//! jitter seed in the configuration), a recording of every input reproduces a session
//! exactly: the same events, the same model states. The engine feeds its own [`Recorder`]
//! (opt-in, `Engine::start_recording`) from the one place inputs enter; `proto::replay` runs
//! a [`Recording`] through a fresh engine. Credentials are never recorded: the password is
//! not in the configuration kept, and is blanked in every recorded frame.

use crate::proto::engine::input::Input;
use crate::proto::engine::types::{Config, SubmitOptions};
use crate::proto::json::{Json, Map};
use crate::proto::options;
use crate::proto::time::Millis;
use crate::proto::wire::{Command, Dialect};
use std::borrow::Cow;

/// A recorded session: the configuration (without the password) and every input with its time.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Recording {
    /// The engine configuration that matters for replay.
    pub config: Map,
    /// Inputs in order, with the host time of each.
    pub inputs: Vec<(Millis, Input<'static>)>,
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
    pub fn push(&mut self, now: Millis, input: Input<'_>) {
        self.inputs.push((now, input.into_owned()));
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
                    Input::Oversized { len, head } => a.extend([s("oversized"), n(*len as u64), s(head)]),
                    Input::Binary(l) => a.extend([s("binary"), n(*l as u64)]),
                    Input::Close { code, reason } => a.extend([s("close"), n(u64::from(*code)), s(reason)]),
                    Input::Timeout => a.push(s("timeout")),
                    // Either dialect's name decodes to the same command.
                    Input::Submit { command, target, opts } => a.extend([
                        s("submit"),
                        s(command.name(Dialect::default())),
                        target.as_deref().map_or(Json::Null, s),
                        command.data(),
                        Json::Bool(opts.until_applied),
                        opts.timeout.map_or(Json::Null, n),
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
                Some("text") => Input::Text(Cow::Owned(str_at(2).ok_or(format!("input {k}: text"))?)),
                Some("oversized") => Input::Oversized {
                    len: at(2).as_u64().ok_or(format!("input {k}: oversized"))? as usize,
                    head: Cow::Owned(str_at(3).unwrap_or_default()),
                },
                Some("binary") => Input::Binary(at(2).as_u64().unwrap_or(0) as usize),
                Some("close") => Input::Close {
                    code: at(2).as_u64().unwrap_or(1006) as u16,
                    reason: Cow::Owned(str_at(3).unwrap_or_default()),
                },
                Some("timeout") => Input::Timeout,
                Some("submit") => {
                    let name = str_at(2).ok_or(format!("input {k}: command"))?;
                    let command = Command::decode(&name, at(4)).map_err(|e| format!("input {k}: {name}: {e}"))?;
                    let opts =
                        SubmitOptions { until_applied: matches!(at(5), Json::Bool(true)), timeout: at(6).as_u64() };
                    Input::Submit { command, target: str_at(3).map(Cow::Owned), opts }
                }
                Some("confirm") => Input::Confirm(matches!(at(2), Json::Bool(true))),
                Some("closePage") => Input::ClosePage,
                other => return Err(format!("input {k}: unknown kind {}", other.unwrap_or("(none)"))),
            };
            inputs.push((t, input));
        }
        Ok(Recording { config, inputs })
    }
}

/// The engine's recording sink: every input with its time, the password blanked in frames.
/// Bounded: past [`Recorder::MAX_INPUTS`] the oldest half is dropped (a recording is for bug
/// reports, not an unbounded log), and the export says how many.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorder {
    rec: Recording,
    dropped: usize,
    password: String,
}

impl Recorder {
    /// Most inputs kept.
    pub const MAX_INPUTS: usize = 200_000;

    /// A recorder for an engine with `config`.
    pub fn new(config: &Config) -> Recorder {
        Recorder { rec: Recording::new(config), dropped: 0, password: config.password.clone() }
    }

    /// Records one input given at `now`.
    pub fn record(&mut self, now: Millis, input: &Input<'_>) {
        if self.rec.inputs.len() >= Self::MAX_INPUTS {
            let half = Self::MAX_INPUTS / 2;
            self.rec.inputs.drain(..half);
            self.dropped += half;
        }
        let owned = match input {
            Input::Text(t) => Input::Text(Cow::Owned(redact(t, &self.password).into_owned())),
            Input::Oversized { len, head } => {
                Input::Oversized { len: *len, head: Cow::Owned(redact(head, &self.password).into_owned()) }
            }
            other => other.clone().into_owned(),
        };
        self.rec.inputs.push((now, owned));
    }

    /// What was recorded.
    pub fn recording(&self) -> &Recording {
        &self.rec
    }

    /// The recording as JSON text, with how many early inputs were dropped (if any).
    pub fn export(&self) -> String {
        let mut v = self.rec.to_json();
        if let Json::Object(m) = &mut v {
            m.push(("dropped".into(), Json::int(self.dropped as i64)));
        }
        v.to_json_string()
    }
}

/// `text` with every JSON string equal to `password` replaced by `"<redacted>"` (for logs and
/// recordings; the password travels only inside a JSON string).
pub fn redact<'a>(text: &'a str, password: &str) -> Cow<'a, str> {
    if password.is_empty() {
        return Cow::Borrowed(text);
    }
    let pat = Json::str(password).to_json_string();
    let (t, p) = (text.as_bytes(), pat.as_bytes());
    let mut out = String::new();
    let (mut i, mut run) = (0, 0);
    while i + p.len() <= t.len() {
        if t.get(i..i + p.len()) == Some(p) {
            out.push_str(text.get(run..i).unwrap_or(""));
            out.push_str("\"<redacted>\"");
            i += p.len();
            run = i;
        } else {
            i += 1;
        }
    }
    if run == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(text.get(run..).unwrap_or(""));
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn the_password_is_blanked_wherever_it_is_a_json_string() {
        let t = r#"{"a":"pa\"ss","b":"pa\"ss","c":"xpa\"ssx"}"#;
        assert_eq!(redact(t, "pa\"ss"), r#"{"a":"<redacted>","b":"<redacted>","c":"xpa\"ssx"}"#);
        assert_eq!(redact(t, ""), t);
        assert!(matches!(redact("no secret here", "secret"), std::borrow::Cow::Borrowed(_)));
    }
}
