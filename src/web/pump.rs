//! The driver (STYLE.md habit 3): one small, boring pump. Every input (socket, timer, page
//! call) goes into the engine; then [`pump`] flushes transmits to the socket, takes the
//! engine's next event, **releases the borrow**, settles Promises and dispatches DOM events
//! for it (habit 8: a listener may call back into the session), and repeats until the engine
//! is quiet. Finally it re-arms the one timer to `poll_timeout()` and notifies subscribers.
//!
//! What each step does lives elsewhere: the socket in `socket.rs`, the buffer text frames
//! enter wasm through in `inbox.rs`, the timer in `timer.rs`, Promise tables in
//! `promises.rs`, event details and handlers in `events.rs`, log lines in `log.rs` (frames
//! redacted by the core's `redact::redact`).

use super::convert::frozen;
use super::error::AgentwireError;
use super::events::{notify, FIRST_ID, LOOKUP};
use super::glue::wall_ms;
use super::inbox::InFrame;
use super::lifecycle::Lifecycle;
use super::log::{DEBUG, ERROR};
use super::socket::{Socket, SocketInput};
use super::state::{Inner, Shared};
use super::text::text;
use super::timer::{now, stamp, FIRED};
use crate::proto::engine::{CommandError, EngineEvent, Input, Transmit, WAKE_MIN_MS};
use crate::proto::redact::redact;
use crate::proto::text::cat;
use crate::proto::wire::Spans;
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;

/// An engine event with no place in a frame.
const NO_SPANS: Spans = Spans { data: None, name: None, target: None };

/// Feeds what a socket of `generation` reports (ignored when that socket was replaced).
fn drive_socket(rc: &Rc<RefCell<Inner>>, generation: u32, input: SocketInput) {
    let mut frame = None;
    let mut line = None;
    {
        let Ok(mut i) = rc.try_borrow_mut() else { return };
        if !i.link.is_current(generation) {
            return;
        }
        // A text frame carries its own arrival time (an event timestamp, which may lag the
        // clock: `stamp` keeps engine time from going back).
        let now = match &input {
            SocketInput::Text { at, .. } if *at > 0.0 => stamp(*at),
            _ => now(),
        };
        let i = &mut *i;
        match input {
            SocketInput::Open => i.engine.handle_open(now),
            SocketInput::Text { written, len, ascii, .. } => {
                // The inbox stays borrowed only while the engine takes the frame, and no JS runs
                // meanwhile (the log line goes out after), so the page never writes into it
                // while it is read.
                let text = i.inbox.read(written);
                if i.log.enabled(DEBUG) {
                    // A frame longer than the limit is logged from the page's string (only a
                    // debug log copies it whole).
                    let f = if written < len {
                        i.events.port().frame().map(Cow::Owned)
                    } else {
                        Some(Cow::Borrowed(&*text))
                    };
                    line = f.map(|f| cat(&["← ", &redact(&f, &i.engine.config().password)]));
                }
                if written < len {
                    // Longer than the limit: the engine takes its length and beginning.
                    let _ = i.engine.handle(now, Input::Oversized { len, head: Cow::Borrowed(&text) });
                } else {
                    i.engine.handle_text(now, &text);
                    let f = InFrame::of(&text, ascii);
                    i.inbox.took(f);
                    frame = Some(f);
                }
            }
            SocketInput::Binary(len) => i.engine.handle_binary(now, len),
            SocketInput::Closed(code, reason) => {
                i.link.reset();
                i.engine.handle_close(now, code, &reason);
            }
        }
    }
    if let Some(line) = line {
        rc.state().log.log(DEBUG, &line);
    }
    pump(rc, frame);
}

/// Writes the log lines queued so far, with no borrow of the session held while the page's
/// logger runs.
pub fn write_log(rc: &Rc<RefCell<Inner>>) {
    let lines = match rc.try_borrow() {
        Ok(i) if !i.log.is_empty() => i.log.take(),
        _ => return,
    };
    lines.write();
}

/// Feeds the timer's expiry ([`FIRED`]), the answer to the override prompt ([`ACCEPT`],
/// [`DECLINE`]) or what the browser said about the network or the page's life (`lifecycle.rs`,
/// the other kinds), and pumps when the engine took it; returns whether it did (for the prompt:
/// whether one was waiting for the answer). A timer that fired late (the page frozen,
/// throttled, or the computer asleep) first tells the engine how late, as `Resumed`: only
/// lateness the engine could act on is given (`WAKE_MIN_MS`), so a recording does not fill with
/// timer jitter.
fn drive(rc: &Rc<RefCell<Inner>>, kind: u32) -> bool {
    let fed = {
        let Ok(mut i) = rc.try_borrow_mut() else { return false };
        let i = &mut *i;
        match kind {
            FIRED => {
                let now = now();
                let late = i.timer.fired(now);
                if late >= WAKE_MIN_MS {
                    let _ = i.engine.handle(now, Input::Resumed { away_ms: late });
                }
                i.engine.handle_timeout(now);
                true
            }
            DECLINE | ACCEPT => i.engine.confirm(now(), kind == ACCEPT),
            page => match i.lifecycle.as_mut().and_then(|l| l.input(page, wall_ms())) {
                Some(input) => {
                    let _ = i.engine.handle(now(), input);
                    true
                }
                None => false,
            },
        }
    };
    if fed {
        pump(rc, None);
    }
    fed
}

/// What the session's callback ([`new_waker`]) is called with for the `confirm` answers (the
/// page-life kinds are 0 to 7, the timer's [`FIRED`], a subscriber's id at least [`FIRST_ID`]).
const DECLINE: u32 = 9;
const ACCEPT: u32 = 10;

/// The session's one callback from JS, `wake(kind, arg)`, made by the constructor and kept in
/// `Inner::wake`: the timer, the page-life listeners, the `confirm` answers, the functions
/// `subscribe()` returns and the events' `object` lookup ([`LOOKUP`], the target as `arg`) all
/// call it (issue 14: one closure and one closure type in the wasm, not one per use). It holds
/// the session weakly: a call after the session is gone does nothing. It is a `Fn`, which may
/// be re-entered: a listener that the timer's pump dispatches to may answer the prompt or
/// unsubscribe at once (a `FnMut` closure would throw there).
pub fn new_waker(weak: &Weak<RefCell<Inner>>) -> JsValue {
    let weak = weak.clone();
    Closure::<dyn Fn(u32, JsValue) -> JsValue>::new(move |kind: u32, arg: JsValue| {
        weak.upgrade().map_or(JsValue::NULL, |rc| wake(&rc, kind, &arg))
    })
    .into_js_value()
}

fn wake(rc: &Rc<RefCell<Inner>>, kind: u32, arg: &JsValue) -> JsValue {
    match kind {
        // A protocol event's `object`: the model's object of that target, or `null`.
        LOOKUP => {
            let (Some(target), Ok(i)) = (arg.as_string(), rc.try_borrow()) else { return JsValue::NULL };
            return i.engine.model().object_json(&target).map_or(JsValue::NULL, |j| frozen(&j));
        }
        id if id >= FIRST_ID => {
            if let Ok(mut i) = rc.try_borrow_mut() {
                i.subscribers.remove(id);
            }
        }
        // The timer, the prompt's answers, the page's life.
        _ => {
            drive(rc, kind);
        }
    }
    JsValue::UNDEFINED
}

/// Starts listening for the network and the page's life, unless already listening (at
/// `connect()`; `close()` drops the listeners).
pub fn watch_page(rc: &Rc<RefCell<Inner>>) {
    let Ok(mut i) = rc.try_borrow_mut() else { return };
    let i = &mut *i;
    if i.lifecycle.is_none() {
        i.lifecycle = Some(Lifecycle::new(&i.wake));
    }
}

/// Feeds the answer to the override prompt (`accept()` / `decline()` of a `confirm` event,
/// `confirmOverride()`) and returns whether a prompt was waiting for it.
pub fn answer_confirm(rc: &Rc<RefCell<Inner>>, accept: bool) -> bool {
    drive(rc, if accept { ACCEPT } else { DECLINE })
}

/// `connect()`'s first step after the engine's: the socket the engine asked for is created at
/// once, before the pump's first run. V8 compiles each wasm function on its first call, so the
/// pump, the first events' dispatch and the page-life listeners then compile and run while the
/// socket opens instead of before it (docs/performance-log.md, "Start-up, measured apart").
pub fn open_socket(rc: &Rc<RefCell<Inner>>) {
    if let Ok(mut i) = rc.try_borrow_mut() {
        flush_transmits(&mut i);
    }
}

/// Runs the engine's output until it is quiet. `frame` is the text frame just fed, still in
/// the inbox (the page-side port holds its string while it is handled).
pub fn pump(rc: &Rc<RefCell<Inner>>, frame: Option<InFrame>) {
    loop {
        // One event at a time, the borrow released before each dispatch (habit 8), so a
        // listener may call back into the session. An event of the frame gets the places of
        // its name, target and data in the page's string while the inbox still holds it.
        let (event, at) = {
            let Ok(mut i) = rc.try_borrow_mut() else { return };
            flush_transmits(&mut i);
            let Some(e) = i.engine.poll_event() else { break };
            let (f, spans) = match &e {
                EngineEvent::Event { spans, .. } => (frame, spans),
                // Uncopied: its frame is the inbox's last, also in a pump a listener re-entered.
                EngineEvent::Spanned { spans, .. } => (i.inbox.last(), spans),
                _ => (None, &NO_SPANS),
            };
            let at = f.and_then(|f| i.inbox.js_spans(f, spans));
            (e, at)
        };
        deliver(rc, event, at);
        write_log(rc);
    }
    let listeners = {
        let Ok(mut i) = rc.try_borrow_mut() else { return };
        let i = &mut *i;
        let at = i.engine.poll_timeout();
        i.timer.arm(at, &i.wake);
        let key = (i.engine.model().version(), i.epoch);
        i.subscribers.due(key)
    };
    notify(listeners);
    write_log(rc);
}

#[inline(never)]
fn flush_transmits(i: &mut Inner) {
    while let Some(t) = i.engine.poll_transmit() {
        match t {
            Transmit::Open => {
                let (weak, generation) = (i.weak.clone(), i.link.reset());
                let input = move |input: SocketInput| {
                    if let Some(rc) = weak.upgrade() {
                        drive_socket(&rc, generation, input);
                    }
                };
                match Socket::open(&i.url, i.events.port(), i.inbox.js(), input) {
                    Ok(s) => {
                        i.link.set(s);
                        // V8 compiles a wasm function on its first call: the receive path's
                        // (24 KB) compiles now, while the socket opens
                        // (docs/performance-log.md, "Start-up, measured apart").
                        i.engine.warm();
                    }
                    Err(e) => {
                        let msg = js_sys::Error::from(e).message().as_string().unwrap_or_default();
                        i.log.log(ERROR, &cat(&["cannot open ", &i.url, ": ", &msg]));
                        i.engine.handle_close(now(), 1006, &msg);
                    }
                }
            }
            Transmit::Send(text) => {
                if i.log.enabled(DEBUG) {
                    i.log.log(DEBUG, &cat(&["→ ", &redact(&text, &i.engine.config().password)]));
                }
                i.link.send(&text);
            }
            // Late callbacks of the old socket are ignored.
            Transmit::Close { code, reason } => i.link.close(code, &text(&reason)),
        }
    }
}

/// Settles and dispatches what one engine event means for the page: whatever it settles is
/// taken out under the borrow, and called after the borrow is released. `at` places a
/// protocol event's name, target and data in the frame the page holds.
#[inline(never)]
fn deliver(rc: &Rc<RefCell<Inner>>, event: EngineEvent, at: Option<[u32; 6]>) {
    let events = rc.state().events.clone();
    match event {
        EngineEvent::Event { event, .. } => events.protocol_event(&event, at),
        EngineEvent::Spanned { kind, documented, .. } => events.spanned_event(kind.filter(|_| documented), at),
        EngineEvent::State { state, attempt, retry_in, reason, cause } => {
            let waiters = {
                let mut i = rc.state_mut();
                i.epoch += 1;
                i.log.state(state, reason.as_ref());
                i.promises.reached(state, reason.as_ref())
            };
            waiters.settle();
            events.connection_change(state, attempt, retry_in, reason.as_ref(), cause.as_ref());
        }
        EngineEvent::Confirm { message } => {
            let (answer, wake) = {
                let i = rc.state();
                (i.on_existing.answer(), i.wake.clone())
            };
            match answer {
                None => events.confirm(&message, &wake, ACCEPT, DECLINE),
                // The option answers without asking; the pump's next turn sends the answer.
                Some(accept) => {
                    rc.state_mut().engine.confirm(now(), accept);
                }
            }
        }
        EngineEvent::Settled { id, command, target, result, elapsed } => {
            let promise = rc.state_mut().promises.take(id);
            // One `AgentwireError` for the Promise and the event's `error` (read by the glue).
            let error = result.as_ref().err().map(|e| AgentwireError::from(e).into_js());
            if let Some(p) = promise {
                p.settle(&result, error.as_ref());
            }
            let outcome = result.as_ref().err().map_or("ok", CommandError::kind);
            rc.state().log.settled(&command, target.as_deref(), outcome, elapsed);
            events.command_complete(id, &command, target.as_deref(), error.as_ref(), elapsed);
        }
        EngineEvent::ProtocolError(e) => {
            rc.state().log.protocol_error(&e);
            events.protocol_error(&e);
        }
        EngineEvent::Resynced { changes } => events.resynced(changes),
        EngineEvent::Changed { .. } => {}
    }
}
