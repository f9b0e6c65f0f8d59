//! The browser side of record/replay: appends every engine input to a
//! [`crate::proto::record::Recording`] (frames with the password blanked).

use crate::proto::engine::{Engine, Input, SubmitOptions};
use crate::proto::record::Recording;
use crate::proto::time::Millis;
use crate::proto::wire::Request;
use std::borrow::Cow;

/// Bounded recorder: past `MAX_INPUTS` the oldest half is dropped (a recording is for bug
/// reports, not an unbounded log).
#[derive(Debug)]
pub struct Recorder {
    rec: Recording,
    dropped: usize,
}

const MAX_INPUTS: usize = 200_000;

impl Recorder {
    pub fn new(engine: &Engine) -> Recorder {
        Recorder { rec: Recording::new(engine.config()), dropped: 0 }
    }

    fn push(&mut self, now: Millis, input: Input<'_>) {
        if self.rec.inputs.len() >= MAX_INPUTS {
            let half = MAX_INPUTS / 2;
            self.rec.inputs.drain(..half);
            self.dropped += half;
        }
        self.rec.push(now, input);
    }

    pub fn connect(&mut self, now: Millis) {
        self.push(now, Input::Connect);
    }
    pub fn open(&mut self, now: Millis) {
        self.push(now, Input::Open);
    }
    pub fn text(&mut self, now: Millis, safe: &str) {
        self.push(now, Input::Text(Cow::Borrowed(safe)));
    }
    pub fn sent(&mut self, _safe: &str) {}
    pub fn binary(&mut self, now: Millis, len: usize) {
        self.push(now, Input::Binary(len));
    }
    pub fn close(&mut self, now: Millis, code: u16, reason: &str) {
        self.push(now, Input::Close { code, reason: Cow::Borrowed(reason) });
    }
    pub fn timeout(&mut self, now: Millis) {
        self.push(now, Input::Timeout);
    }
    pub fn confirm(&mut self, now: Millis, accept: bool) {
        self.push(now, Input::Confirm(accept));
    }
    pub fn close_page(&mut self, now: Millis) {
        self.push(now, Input::ClosePage);
    }
    pub fn submit(&mut self, now: Millis, request: &Request, opts: SubmitOptions) {
        self.push(
            now,
            Input::Submit {
                command: request.command.clone(),
                target: request.target.as_deref().map(Cow::Borrowed),
                opts,
            },
        );
    }

    /// The recording as JSON text (with how many early inputs were dropped, if any).
    pub fn export(&self) -> String {
        let mut v = self.rec.to_json();
        if let crate::proto::json::Json::Object(m) = &mut v {
            m.push(("dropped".into(), crate::proto::json::Json::int(self.dropped as i64)));
        }
        v.to_json_string()
    }
}
