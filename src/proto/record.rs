//! Recording. Because the engine is a pure function of its inputs (time included, and its
//! jitter seed in the configuration), a recording of every input reproduces a session
//! exactly: the same events, the same model states. The engine feeds its own [`Recorder`]
//! (opt-in, `Engine::start_recording`) from the one place inputs enter; `proto::replay` runs
//! a [`Recording`] through a fresh engine. Credentials are never recorded: the password is
//! not in the configuration kept, and is blanked in every recorded frame.

use crate::proto::engine::input::Input;
use crate::proto::engine::types::{Config, SubmitOptions};
use crate::proto::json::{write_str, Json, Map};
use crate::proto::options;
use crate::proto::redact::redact;
use crate::proto::text::{decimal, Code, Msg};
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

    /// The recording as JSON: `{"version":1,"config":{…},"inputs":[[t,"kind",…],…]}` (the
    /// tree of [`Recording::write_json`]'s text, which is always JSON).
    pub fn to_json(&self) -> Json {
        let mut out = String::new();
        self.write_json(None, &mut out);
        Json::parse(&out).unwrap_or(Json::Null)
    }

    /// The recording's JSON text (with `"dropped": n` before `inputs` when `dropped` is given),
    /// written one input at a time: a large recording is not copied into a tree first (issue
    /// 15, item 11), nor is an input (issue 14).
    pub fn write_json(&self, dropped: Option<usize>, out: &mut String) {
        out.push_str("{\"version\":1,\"config\":");
        Json::Object(self.config.clone()).write(out);
        if let Some(n) = dropped {
            out.push_str(",\"dropped\":");
            out.push_str(&decimal(n as u64));
        }
        out.push_str(",\"inputs\":[");
        for (k, (t, i)) in self.inputs.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            write_input(*t, i, out);
        }
        out.push_str("]}");
    }

    /// Reads a recording.
    ///
    /// # Errors
    /// What is wrong with the text.
    pub fn from_json(text: &str) -> Result<Recording, Msg> {
        let v = Json::parse(text).map_err(|e| e.msg())?;
        let config = v.get("config").and_then(Json::as_object).cloned().ok_or(Code::RecNoConfig)?;
        let Some(Json::Array(list)) = v.get("inputs") else { return Err(Code::RecNoInputs.into()) };
        let mut inputs = Vec::with_capacity(list.len());
        for (k, item) in list.iter().enumerate() {
            let Json::Array(a) = item else { return Err(Msg::new(Code::RecNotArray).arg(k)) };
            let bad = |what: &str| Msg::new(Code::RecInput).arg(k).arg(what);
            let at = |i: usize| a.get(i).unwrap_or(&Json::Null);
            let t = at(0).as_u64().ok_or_else(|| Msg::new(Code::RecNoTime).arg(k))?;
            let str_at = |i: usize| at(i).as_str().map(str::to_owned);
            let input = match at(1).as_str() {
                Some("connect") => Input::Connect,
                Some("resume") => Input::Resume(str_at(2).ok_or_else(|| bad("resume"))?),
                Some("open") => Input::Open,
                Some("text") => Input::Text(Cow::Owned(str_at(2).ok_or_else(|| bad("text"))?)),
                Some("oversized") => Input::Oversized {
                    len: at(2).as_u64().ok_or_else(|| bad("oversized"))? as usize,
                    head: Cow::Owned(str_at(3).unwrap_or_default()),
                },
                Some("binary") => Input::Binary(at(2).as_u64().unwrap_or(0) as usize),
                Some("close") => Input::Close {
                    code: at(2).as_u64().unwrap_or(1006) as u16,
                    reason: Cow::Owned(str_at(3).unwrap_or_default()),
                },
                Some("timeout") => Input::Timeout,
                Some("submit") => {
                    let name = str_at(2).ok_or_else(|| bad("command"))?;
                    let command = Command::decode(&name, at(4)).map_err(|e| {
                        Msg::new(Code::RecInput).arg(k).arg(Msg::new(Code::InMessage).arg(name.as_str()).arg(e.msg()))
                    })?;
                    let opts =
                        SubmitOptions { until_applied: matches!(at(5), Json::Bool(true)), timeout: at(6).as_u64() };
                    Input::Submit { command, target: str_at(3).map(Cow::Owned), opts }
                }
                Some("confirm") => Input::Confirm(matches!(at(2), Json::Bool(true))),
                Some("closePage") => Input::ClosePage,
                Some("offline") => Input::Offline,
                Some("online") => Input::Online,
                Some("suspend") => Input::Suspend,
                Some("resumed") => Input::Resumed { away_ms: at(2).as_u64().unwrap_or(0) },
                other => return Err(Msg::new(Code::RecUnknownKind).arg(k).arg(other.unwrap_or("(none)"))),
            };
            inputs.push((t, input));
        }
        Ok(Recording { config, inputs })
    }
}

/// The text an input holds, in bytes.
fn text_len(i: &Input<'_>) -> usize {
    match i {
        Input::Text(t) => t.len(),
        Input::Oversized { head, .. } => head.len(),
        Input::Close { reason, .. } => reason.len(),
        _ => 0,
    }
}

/// One input as a recording writes it: `[t, "kind", …]`.
fn write_input(t: Millis, i: &Input<'_>, out: &mut String) {
    let num = |v: u64, out: &mut String| {
        out.push(',');
        out.push_str(&decimal(v));
    };
    let text = |v: &str, out: &mut String| {
        out.push(',');
        write_str(v, out);
    };
    out.push('[');
    out.push_str(&decimal(t));
    text(input_kind(i), out);
    match i {
        Input::Resume(x) => text(x, out),
        Input::Text(x) => text(x, out),
        Input::Oversized { len, head } => {
            num(*len as u64, out);
            text(head, out);
        }
        Input::Binary(l) => num(*l as u64, out),
        Input::Close { code, reason } => {
            num(u64::from(*code), out);
            text(reason, out);
        }
        // Either dialect's name decodes to the same command.
        Input::Submit { command, target, opts } => {
            text(command.name(Dialect::default()), out);
            match target {
                Some(x) => text(x, out),
                None => out.push_str(",null"),
            }
            out.push(',');
            command.data().write(out);
            out.push_str(if opts.until_applied { ",true" } else { ",false" });
            match opts.timeout {
                Some(ms) => num(ms, out),
                None => out.push_str(",null"),
            }
        }
        Input::Confirm(b) => out.push_str(if *b { ",true" } else { ",false" }),
        Input::Resumed { away_ms } => num(*away_ms, out),
        Input::Connect
        | Input::Open
        | Input::Timeout
        | Input::ClosePage
        | Input::Offline
        | Input::Online
        | Input::Suspend => {}
    }
    out.push(']');
}

/// An input's kind in a recording (`from_json` reads the same names).
fn input_kind(i: &Input<'_>) -> &'static str {
    match i {
        Input::Connect => "connect",
        Input::Resume(_) => "resume",
        Input::Open => "open",
        Input::Text(_) => "text",
        Input::Oversized { .. } => "oversized",
        Input::Binary(_) => "binary",
        Input::Close { .. } => "close",
        Input::Timeout => "timeout",
        Input::Submit { .. } => "submit",
        Input::Confirm(_) => "confirm",
        Input::ClosePage => "closePage",
        Input::Offline => "offline",
        Input::Online => "online",
        Input::Suspend => "suspend",
        Input::Resumed { .. } => "resumed",
    }
}

/// The engine's recording sink: every input with its time, the password blanked in frames.
/// Bounded by count and by bytes: past [`Recorder::MAX_INPUTS`] inputs or
/// [`Recorder::MAX_BYTES`] of frame text, the oldest inputs are dropped down to half of it (a
/// recording is for bug reports, not an unbounded log), and the export says how many.
#[derive(Clone, PartialEq)]
pub struct Recorder {
    rec: Recording,
    dropped: usize,
    /// Bytes of text the kept inputs hold.
    bytes: usize,
    /// The bounds: most inputs, most bytes of text.
    max: (usize, usize),
    password: String,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("inputs", &self.rec.inputs.len())
            .field("dropped", &self.dropped)
            .finish_non_exhaustive()
    }
}

impl Recorder {
    /// Most inputs kept.
    pub const MAX_INPUTS: usize = 200_000;
    /// Most bytes of frame text kept.
    pub const MAX_BYTES: usize = 32 << 20;

    /// A recorder for an engine with `config`.
    pub fn new(config: &Config) -> Recorder {
        Recorder::with_bounds(config, Self::MAX_INPUTS, Self::MAX_BYTES)
    }

    /// A recorder keeping at most `max_inputs` inputs and `max_bytes` bytes of text.
    pub fn with_bounds(config: &Config, max_inputs: usize, max_bytes: usize) -> Recorder {
        Recorder {
            rec: Recording::new(config),
            dropped: 0,
            bytes: 0,
            max: (max_inputs, max_bytes),
            password: config.password.clone(),
        }
    }

    /// Records one input given at `now`.
    #[inline(never)] // out of `Engine::handle`: compiled only when a session records
    pub fn record(&mut self, now: Millis, input: &Input<'_>) {
        let owned = match input {
            Input::Text(t) => Input::Text(Cow::Owned(redact(t, &self.password).into_owned())),
            Input::Oversized { len, head } => {
                Input::Oversized { len: *len, head: Cow::Owned(redact(head, &self.password).into_owned()) }
            }
            other => other.copy(),
        };
        self.bytes += text_len(&owned);
        self.rec.inputs.push((now, owned));
        let (max_inputs, max_bytes) = self.max;
        if self.rec.inputs.len() > max_inputs || self.bytes > max_bytes {
            // Down to half of both bounds, oldest first.
            let mut drop = 0;
            while drop < self.rec.inputs.len()
                && (self.rec.inputs.len() - drop > max_inputs / 2 || self.bytes > max_bytes / 2)
            {
                self.bytes -= self.rec.inputs.get(drop).map_or(0, |(_, i)| text_len(i));
                drop += 1;
            }
            // (`retain`, not `drain(..drop)`: a range's check links a panic that formats
            // numbers.)
            let mut k = 0;
            self.rec.inputs.retain(|_| {
                k += 1;
                k > drop
            });
            self.dropped += drop;
        }
    }

    /// What was recorded.
    pub fn recording(&self) -> &Recording {
        &self.rec
    }

    /// The recording as JSON text, with how many early inputs were dropped (if any).
    pub fn export(&self) -> String {
        let mut out = String::with_capacity(self.bytes + 64 * self.rec.inputs.len() + 256);
        self.rec.write_json(Some(self.dropped), &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::engine::types::Config;

    /// Issue 15, item 11: the recorder is bounded by bytes, not only by count, and the
    /// export is still one valid recording that says how many inputs were dropped.
    #[test]
    fn the_recorder_is_bounded_by_bytes() {
        let max_bytes = 1 << 20;
        let mut r = Recorder::with_bounds(&Config::new("4001", "pw"), 1_000, max_bytes);
        let frame = format!(r#"{{"x":"{}"}}"#, "a".repeat(100_000));
        for t in 0..100 {
            r.record(t, &Input::Text(Cow::Borrowed(&frame)));
        }
        assert!(r.bytes <= max_bytes, "{} bytes kept", r.bytes);
        assert!(r.dropped > 0 && r.recording().inputs.len() + r.dropped == 100);
        let text = r.export();
        let back = Recording::from_json(&text).expect("a valid recording");
        assert_eq!(back.inputs.len(), r.recording().inputs.len());
        assert_eq!(Json::parse(&text).unwrap().get("dropped").and_then(Json::as_u64), Some(r.dropped as u64));
        assert_eq!(text, {
            let mut v = r.recording().to_json();
            if let Json::Object(m) = &mut v {
                m.insert(2, ("dropped".into(), Json::int(r.dropped as i64)));
            }
            v.to_json_string()
        });
    }
    /// Every input kind as a recording writes it, and read back as it was.
    #[test]
    fn every_input_kind_is_written_and_read_back() {
        use crate::proto::wire::{Command, Empty};
        let c = |t: &str| Cow::Owned(t.to_owned());
        let submit = Input::Submit {
            command: Command::Ready(Empty::new()),
            target: Some(c("channel/1")),
            opts: SubmitOptions { until_applied: true, timeout: Some(5) },
        };
        let inputs = [
            Input::Connect,
            Input::Resume("s1".into()),
            Input::Open,
            Input::Text(c("{}")),
            Input::Oversized { len: 9, head: c("{") },
            Input::Binary(3),
            Input::Close { code: 1001, reason: c("bye") },
            Input::Timeout,
            submit,
            Input::Confirm(true),
            Input::ClosePage,
            Input::Offline,
            Input::Online,
            Input::Suspend,
            Input::Resumed { away_ms: 7 },
        ];
        let text: Vec<String> = inputs
            .iter()
            .map(|i| {
                let mut out = String::new();
                write_input(1, i, &mut out);
                out
            })
            .collect();
        assert_eq!(
            text.join(","),
            concat!(
                r#"[1,"connect"],[1,"resume","s1"],[1,"open"],[1,"text","{}"],[1,"oversized",9,"{"],"#,
                r#"[1,"binary",3],[1,"close",1001,"bye"],[1,"timeout"],"#,
                r#"[1,"submit","channel.ready","channel/1",{},true,5],[1,"confirm",true],"#,
                r#"[1,"closePage"],[1,"offline"],[1,"online"],[1,"suspend"],[1,"resumed",7]"#
            )
        );
        let back = Recording::from_json(&format!(r#"{{"config":{{}},"inputs":[{}]}}"#, text.join(","))).unwrap();
        let read: Vec<Input<'_>> = back.inputs.into_iter().map(|(_, i)| i).collect();
        assert_eq!(read, inputs);
    }
}
