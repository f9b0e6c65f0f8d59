//! The driver (STYLE.md habit 3): one small, boring pump. Every input (socket, timer, page
//! call) goes into the engine; then the pump flushes transmits to the socket, drains the
//! engine's events into a list, **releases the borrow**, and only then settles Promises and
//! dispatches DOM events (habit 8), so a listener may call back into the session. Finally it
//! re-arms the one timer to `poll_timeout()` and notifies subscribers once.

use super::convert::{parse_json_text, to_js};
use super::error::AgentwireError;
use super::options::{OnExisting, LEVELS};
use super::socket::{Socket, SocketInput};
use crate::proto::engine::{ConnectionState, Engine, EngineEvent, ProtocolError, RequestId, Transmit};
use crate::proto::json::Json;
use crate::proto::time::Millis;
use crate::proto::wire::EventKind;
use gloo_timers::callback::Timeout;
use js_sys::Function;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::EventTarget;

#[wasm_bindgen(module = "/src/web/js/glue.js")]
extern "C" {
    /// The page-side half of a session (see `Port` in `js/glue.js`).
    pub type Port;
    #[wasm_bindgen(constructor)]
    fn new(et: &EventTarget, lookup: &JsValue, names: &str) -> Port;
    /// A protocol event of the frame being handled, as index ranges into it.
    #[wasm_bindgen(method)]
    #[allow(clippy::too_many_arguments)]
    fn event(this: &Port, k: u32, na: u32, nb: u32, ta: u32, tb: u32, a: i32, b: i32);
    /// A protocol event with no frame at hand.
    #[wasm_bindgen(method, js_name = eventText)]
    fn event_text(this: &Port, name: &str, target: &str, data: &str);
    #[wasm_bindgen(js_name = dispatchCustom)]
    fn dispatch_custom(et: &EventTarget, name: &str, detail: &JsValue, handler: &JsValue);
    #[wasm_bindgen(js_name = callLogger)]
    fn call_logger(logger: &JsValue, level: &str, message: &str, context: &JsValue);
    #[wasm_bindgen(js_name = nowMs)]
    fn now_ms() -> f64;
}

thread_local! {
    /// The latest time given to any engine (inputs must never go back in time).
    static LAST: std::cell::Cell<Millis> = const { std::cell::Cell::new(0) };
}

/// The host's monotonic clock, in whole milliseconds.
pub fn now() -> Millis {
    stamp(now_ms())
}

/// `at` (a `performance.now()` reading, or an event's timestamp on the same clock) as the
/// time of an engine input: never earlier than an input already given.
fn stamp(at: f64) -> Millis {
    let t = if at.is_finite() { at.max(0.0) as Millis } else { 0 };
    LAST.with(|l| {
        let t = t.max(l.get());
        l.set(t);
        t
    })
}

/// The SDK's own events that also have an `on<name>` property.
pub const HANDLER_EVENTS: [&str; 5] = ["connectionchange", "confirm", "protocolerror", "resynced", "commandcomplete"];

/// Shared state of one `AgentSession`.
pub struct Inner {
    pub engine: Engine,
    pub url: String,
    socket: Option<Socket>,
    generation: u32,
    timer: Option<Timeout>,
    timer_at: Option<Millis>,
    /// Pending Promises' `(id, resolve, reject)` (a few at a time: a vector, no tree code).
    pub promises: Vec<(RequestId, Function, Function)>,
    pub connect_waiters: Vec<(Function, Function)>,
    pub subscribers: Vec<(u32, Function)>,
    pub next_subscriber: u32,
    notified: (u64, u64),
    pub epoch: u64,
    pub snapshot: Option<((u64, u64), JsValue)>,
    pub et: EventTarget,
    pub handlers: [JsValue; 5],
    pub log_level: usize,
    pub logger: JsValue,
    pub on_existing: OnExisting,
    pub port: Rc<Port>,
    pub recorder: Option<super::record::Recorder>,
    weak: Weak<RefCell<Inner>>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner").field("engine", &self.engine).field("url", &self.url).finish_non_exhaustive()
    }
}

impl Inner {
    pub fn new(
        weak: Weak<RefCell<Inner>>,
        engine: Engine,
        url: String,
        et: EventTarget,
        lookup: JsValue,
        opts: (usize, JsValue, OnExisting, bool),
    ) -> Inner {
        let (log_level, logger, on_existing, record) = opts;
        let recorder = record.then(|| super::record::Recorder::new(&engine));
        let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.name()).collect();
        let port = Rc::new(Port::new(&et, &lookup, &names.join(",")));
        Inner {
            port,
            engine,
            url,
            socket: None,
            generation: 0,
            timer: None,
            timer_at: None,
            promises: Vec::new(),
            connect_waiters: Vec::new(),
            subscribers: Vec::new(),
            next_subscriber: 1,
            notified: (0, 0),
            epoch: 0,
            snapshot: None,
            et,
            handlers: Default::default(),
            log_level,
            logger,
            on_existing,
            recorder,
            weak,
        }
    }

    /// Logs at `level` (0 debug … 3 error) through the page's logger or the console.
    pub fn log(&self, level: usize, message: &str, context: &JsValue) {
        if level < self.log_level || level > 3 {
            return;
        }
        let sink = if self.logger.is_object() {
            self.logger.clone()
        } else {
            js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap_or(JsValue::UNDEFINED)
        };
        call_logger(&sink, LEVELS[level], &format!("[agentwire] {message}"), context);
    }

    /// Credentials never reach a log or a recording: the password is blanked wherever it
    /// appears in a frame.
    fn redact(&self, text: &str) -> String {
        let pw = &self.engine.config().password;
        if pw.is_empty() {
            return text.to_owned();
        }
        let escaped = Json::str(pw.as_str()).to_json_string();
        replace_all(text, &escaped, "\"<redacted>\"")
    }

    fn flush_transmits(&mut self) {
        while let Some(t) = self.engine.poll_transmit() {
            match t {
                Transmit::Open => {
                    self.socket = None;
                    self.generation = self.generation.wrapping_add(1);
                    let (weak, generation) = (self.weak.clone(), self.generation);
                    let input = move |i: SocketInput| {
                        if let Some(rc) = weak.upgrade() {
                            drive_socket(&rc, generation, i);
                        }
                    };
                    match Socket::open(&self.url, &self.port, input) {
                        Ok(s) => self.socket = Some(s),
                        Err(e) => {
                            let msg = js_sys::Error::from(e).message().as_string().unwrap_or_default();
                            self.log(3, &format!("cannot open {}: {msg}", self.url), &JsValue::UNDEFINED);
                            let now = now();
                            self.record_close(now, 1006, &msg);
                            self.engine.handle_close(now, 1006, &msg);
                        }
                    }
                }
                Transmit::Send(text) => {
                    if self.log_level == 0 || self.recorder.is_some() {
                        let safe = self.redact(&text);
                        if let Some(r) = &mut self.recorder {
                            r.sent(&safe);
                        }
                        self.log(0, &format!("→ {safe}"), &JsValue::UNDEFINED);
                    }
                    if let Some(s) = &self.socket {
                        s.send(&text);
                    }
                }
                Transmit::Close { code, reason } => {
                    if let Some(s) = self.socket.take() {
                        s.close(code, &reason);
                    }
                    // Late callbacks of the old socket are ignored.
                    self.generation = self.generation.wrapping_add(1);
                }
            }
        }
    }

    fn record_close(&mut self, now: Millis, code: u16, reason: &str) {
        if let Some(r) = &mut self.recorder {
            r.close(now, code, reason);
        }
    }

    fn rearm_timer(&mut self) {
        let want = self.engine.poll_timeout();
        if want == self.timer_at && (want.is_none() || self.timer.is_some()) {
            return;
        }
        self.timer = None;
        self.timer_at = want;
        if let Some(at) = want {
            let delay = at.saturating_sub(now()).min(i32::MAX as u64) as u32;
            let weak = self.weak.clone();
            self.timer = Some(Timeout::new(delay, move || {
                if let Some(rc) = weak.upgrade() {
                    drive_timer(&rc);
                }
            }));
        }
    }
}

/// `text` with every `pat` (which starts with an ASCII byte) replaced by `with`. Hand-written
/// because `str::replace` links the substring searcher and the slice-panic formatting for the
/// one place that needs it (1.1 KB gzip of wasm, measured when it was replaced).
fn replace_all(text: &str, pat: &str, with: &str) -> String {
    let (t, p) = (text.as_bytes(), pat.as_bytes());
    let mut out = String::with_capacity(text.len());
    let (mut i, mut run) = (0, 0);
    while !p.is_empty() && i + p.len() <= t.len() {
        if t.get(i..i + p.len()) == Some(p) {
            out.push_str(text.get(run..i).unwrap_or(""));
            out.push_str(with);
            i += p.len();
            run = i;
        } else {
            i += 1;
        }
    }
    out.push_str(text.get(run..).unwrap_or(""));
    out
}

fn drive_socket(rc: &Rc<RefCell<Inner>>, generation: u32, input: SocketInput) {
    let mut frame = None;
    {
        let Ok(mut i) = rc.try_borrow_mut() else { return };
        if generation != i.generation {
            return;
        }
        // A text frame carries its own arrival time (an event timestamp, which may lag the
        // clock: `stamp` keeps engine time from going back).
        let now = match &input {
            SocketInput::Text(_, at) if *at > 0.0 => stamp(*at),
            _ => now(),
        };
        match input {
            SocketInput::Open => {
                if let Some(r) = &mut i.recorder {
                    r.open(now);
                }
                i.engine.handle_open(now);
            }
            SocketInput::Text(text, _) => {
                if i.log_level == 0 || i.recorder.is_some() {
                    let safe = i.redact(&text);
                    if let Some(r) = &mut i.recorder {
                        r.text(now, &safe);
                    }
                    i.log(0, &format!("← {safe}"), &JsValue::UNDEFINED);
                }
                i.engine.handle_text(now, &text);
                frame = Some(text);
            }
            SocketInput::Binary(len) => {
                if let Some(r) = &mut i.recorder {
                    r.binary(now, len);
                }
                i.engine.handle_binary(now, len);
            }
            SocketInput::Closed(code, reason) => {
                i.socket = None;
                i.generation = i.generation.wrapping_add(1);
                i.record_close(now, code, &reason);
                i.engine.handle_close(now, code, &reason);
            }
        }
    }
    pump(rc, frame.as_deref());
}

fn drive_timer(rc: &Rc<RefCell<Inner>>) {
    {
        let Ok(mut i) = rc.try_borrow_mut() else { return };
        i.timer = None;
        i.timer_at = None;
        let now = now();
        if let Some(r) = &mut i.recorder {
            r.timeout(now);
        }
        i.engine.handle_timeout(now);
    }
    pump(rc, None);
}

/// Runs the engine's output until it is quiet. `frame` is the text frame just fed (the
/// page-side port holds the same string while it is handled).
pub fn pump(rc: &Rc<RefCell<Inner>>, frame: Option<&str>) {
    loop {
        // One event at a time, the borrow released before each dispatch (habit 8), so a
        // listener may call back into the session.
        let event = {
            let Ok(mut i) = rc.try_borrow_mut() else { return };
            i.flush_transmits();
            i.engine.poll_event()
        };
        match event {
            Some(e) => dispatch(rc, e, frame),
            None => break,
        }
    }
    if let Ok(mut i) = rc.try_borrow_mut() {
        i.rearm_timer();
    }
    notify_subscribers(rc);
}

/// `text[..byte]` in UTF-16 code units: a byte offset as a JS string index (the same number
/// when the text is ASCII).
fn js_index(text: &str, ascii: bool, byte: usize) -> u32 {
    if ascii {
        return byte as u32;
    }
    text.get(..byte).unwrap_or(text).chars().map(char::len_utf16).sum::<usize>() as u32
}

fn handler(rc: &Rc<RefCell<Inner>>, name: &str) -> JsValue {
    let i = rc.borrow();
    HANDLER_EVENTS.iter().position(|n| *n == name).map_or(JsValue::UNDEFINED, |k| i.handlers[k].clone())
}

fn custom(rc: &Rc<RefCell<Inner>>, name: &str, detail: &JsValue) {
    let et = rc.borrow().et.clone();
    dispatch_custom(&et, name, detail, &handler(rc, name));
}

fn obj(members: Vec<(&str, Json)>) -> Json {
    Json::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn opt_str(s: Option<&str>) -> Json {
    s.map_or(Json::Null, Json::str)
}

fn dispatch(rc: &Rc<RefCell<Inner>>, e: EngineEvent, frame: Option<&str>) {
    match e {
        EngineEvent::Event { event, spans, .. } => {
            let port = rc.borrow().port.clone();
            match (frame, spans.name, spans.target) {
                (Some(text), Some((na, nb)), Some((ta, tb))) => {
                    // The frame's own string on the page side, sliced by index: nothing is
                    // copied out of wasm memory. Known names are interned strings.
                    let k = event.kind().filter(|k| k.name() == event.name).map_or(0, |k| k as u32 + 1);
                    let ascii = text.is_ascii();
                    let ix = |x| js_index(text, ascii, x);
                    let (a, b) = spans.data.map_or((-1, -1), |(a, b)| (ix(a) as i32, ix(b) as i32));
                    port.event(k, ix(na), ix(nb), ix(ta), ix(tb), a, b);
                }
                _ => port.event_text(&event.name, &event.target, &event.data.to_json().to_json_string()),
            }
        }
        EngineEvent::State { state, attempt, retry_in, reason } => {
            let waiters = {
                let mut i = rc.borrow_mut();
                i.epoch += 1;
                let msg = match &reason {
                    Some(r) => format!("connection {}: {r}", state.as_str()),
                    None => format!("connection {}", state.as_str()),
                };
                i.log(
                    if state == ConnectionState::Closed && reason.is_some() { 2 } else { 1 },
                    &msg,
                    &JsValue::UNDEFINED,
                );
                if matches!(state, ConnectionState::Ready | ConnectionState::Closed) {
                    std::mem::take(&mut i.connect_waiters)
                } else {
                    Vec::new()
                }
            };
            for (resolve, reject) in waiters {
                let _ = match &reason {
                    Some(r) if state == ConnectionState::Closed => {
                        reject.call1(&JsValue::UNDEFINED, &AgentwireError::closed(r).into_js())
                    }
                    _ => resolve.call0(&JsValue::UNDEFINED),
                };
            }
            let reason_json = reason.as_ref().map_or(Json::Null, |r| {
                obj(vec![
                    ("kind", Json::str(r.kind())),
                    ("code", Json::str(r.code())),
                    ("message", Json::str(r.to_string())),
                ])
            });
            let detail = obj(vec![
                ("state", Json::str(state.as_str())),
                ("attempt", Json::int(i64::from(attempt))),
                ("retryInMs", retry_in.map_or(Json::Null, |d| Json::int(d as i64))),
                ("reason", reason_json),
            ]);
            custom(rc, "connectionchange", &to_js(&detail));
        }
        EngineEvent::Confirm { message } => {
            let on_existing = rc.borrow().on_existing;
            if on_existing != OnExisting::Prompt {
                let now = now();
                let mut i = rc.borrow_mut();
                if let Some(r) = &mut i.recorder {
                    r.confirm(now, on_existing == OnExisting::Replace);
                }
                i.engine.confirm(now, on_existing == OnExisting::Replace);
                return;
            }
            let detail = to_js(&obj(vec![("message", Json::str(message))]));
            for (name, accept) in [("accept", true), ("decline", false)] {
                let weak = Rc::downgrade(rc);
                let f = Closure::<dyn FnMut()>::new(move || {
                    if let Some(rc) = weak.upgrade() {
                        super::session::answer_confirm(&rc, accept);
                    }
                });
                let _ = js_sys::Reflect::set(&detail, &name.into(), &f.into_js_value());
            }
            custom(rc, "confirm", &detail);
        }
        EngineEvent::Settled { id, command, target, result, elapsed } => {
            let promise = {
                let mut i = rc.borrow_mut();
                let at = i.promises.iter().position(|p| p.0 == id);
                at.map(|k| {
                    let (_, resolve, reject) = i.promises.swap_remove(k);
                    (resolve, reject)
                })
            };
            let error = result.as_ref().err().map(AgentwireError::from);
            if let Some((resolve, reject)) = promise {
                let _ = match (&result, &error) {
                    (Ok(Some(data)), _) => resolve.call1(&JsValue::UNDEFINED, &to_js(&data.to_json())),
                    (Ok(None), _) => resolve.call0(&JsValue::UNDEFINED),
                    (Err(_), Some(err)) => reject.call1(&JsValue::UNDEFINED, &err.clone().into_js()),
                    (Err(_), None) => Ok(JsValue::UNDEFINED),
                };
            }
            let err_json = error.as_ref().map_or(Json::Null, |e| {
                obj(vec![
                    ("kind", Json::str(e.kind())),
                    ("code", Json::str(e.code())),
                    ("message", Json::str(e.message())),
                ])
            });
            let detail = obj(vec![
                ("id", Json::int(id as i64)),
                ("command", Json::str(command.trim())),
                ("target", opt_str(target.as_deref())),
                ("ok", Json::Bool(result.is_ok())),
                ("elapsedMs", Json::int(elapsed as i64)),
                ("error", err_json),
            ]);
            {
                let i = rc.borrow();
                let outcome =
                    if result.is_ok() { "ok".to_owned() } else { error.map(|e| e.kind()).unwrap_or_default() };
                i.log(
                    0,
                    &format!("{} {} → {outcome} in {elapsed} ms", command.trim(), target.as_deref().unwrap_or("")),
                    &JsValue::UNDEFINED,
                );
            }
            custom(rc, "commandcomplete", &to_js(&detail));
        }
        EngineEvent::ProtocolError(ProtocolError { kind, message, frame }) => {
            rc.borrow().log(2, &format!("protocol error ({}): {message}", kind.code()), &JsValue::UNDEFINED);
            let detail = obj(vec![
                ("kind", Json::str(kind.code())),
                ("message", Json::str(message)),
                ("frame", opt_str(frame.as_deref())),
            ]);
            custom(rc, "protocolerror", &to_js(&detail));
        }
        EngineEvent::Resynced { changes } => {
            custom(rc, "resynced", &to_js(&obj(vec![("removed", Json::int(changes as i64))])));
        }
        EngineEvent::Changed { .. } => {}
    }
}

fn notify_subscribers(rc: &Rc<RefCell<Inner>>) {
    let listeners: Vec<Function> = {
        let Ok(mut i) = rc.try_borrow_mut() else { return };
        let key = (i.engine.model().version(), i.epoch);
        if key == i.notified {
            return;
        }
        i.notified = key;
        i.subscribers.iter().map(|(_, f)| f.clone()).collect()
    };
    for f in listeners {
        if let Err(e) = f.call0(&JsValue::UNDEFINED) {
            web_sys::console::error_2(&"agentwire: a subscriber threw".into(), &e);
        }
    }
}

/// A frozen snapshot JS value from core JSON.
pub fn frozen(v: &Json) -> JsValue {
    super::session::deep_freeze(&parse_json_text(&v.to_json_string()))
}
