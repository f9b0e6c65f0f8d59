//! The driver (STYLE.md habit 3): one small, boring pump. Every input (socket, timer, page
//! call) goes into the engine; then [`pump`] flushes transmits to the socket, takes the
//! engine's next event, **releases the borrow**, settles Promises and dispatches DOM events
//! for it (habit 8: a listener may call back into the session), and repeats until the engine
//! is quiet. Finally it re-arms the one timer to `poll_timeout()` and notifies subscribers.
//!
//! What each step does lives elsewhere: the socket in `socket.rs`, the timer in `timer.rs`,
//! Promise tables in `promises.rs`, event details and handlers in `events.rs`, log lines in
//! `log.rs` (frames redacted by the core's `redact::redact`).

use super::error::AgentwireError;
use super::events::notify;
use super::log::{DEBUG, ERROR};
use super::socket::{Socket, SocketInput};
use super::state::Inner;
use super::timer::{now, stamp};
use crate::proto::engine::{EngineEvent, Transmit};
use crate::proto::redact::redact;
use std::cell::RefCell;
use std::rc::Rc;

/// Feeds what a socket of `generation` reports (ignored when that socket was replaced).
fn drive_socket(rc: &Rc<RefCell<Inner>>, generation: u32, input: SocketInput) {
    let mut frame = None;
    {
        let Ok(mut i) = rc.try_borrow_mut() else { return };
        if !i.link.is_current(generation) {
            return;
        }
        // A text frame carries its own arrival time (an event timestamp, which may lag the
        // clock: `stamp` keeps engine time from going back).
        let now = match &input {
            SocketInput::Text(_, at) if *at > 0.0 => stamp(*at),
            _ => now(),
        };
        match input {
            SocketInput::Open => i.engine.handle_open(now),
            SocketInput::Text(text, _) => {
                if i.log.enabled(DEBUG) {
                    i.log.log(DEBUG, &format!("← {}", redact(&text, &i.engine.config().password)));
                }
                i.engine.handle_text(now, &text);
                frame = Some(text);
            }
            SocketInput::Binary(len) => i.engine.handle_binary(now, len),
            SocketInput::Closed(code, reason) => {
                i.link.reset();
                i.engine.handle_close(now, code, &reason);
            }
        }
    }
    pump(rc, frame.as_deref());
}

/// Feeds the timer's expiry.
fn drive_timer(rc: &Rc<RefCell<Inner>>) {
    {
        let Ok(mut i) = rc.try_borrow_mut() else { return };
        i.timer.fired();
        i.engine.handle_timeout(now());
    }
    pump(rc, None);
}

/// Feeds the answer to the override prompt (`accept()` / `decline()` of a `confirm` event,
/// `confirmOverride()`) and returns whether a prompt was waiting for it.
pub fn answer_confirm(rc: &Rc<RefCell<Inner>>, accept: bool) -> bool {
    let answered = {
        let Ok(mut i) = rc.try_borrow_mut() else { return false };
        i.engine.confirm(now(), accept)
    };
    if answered {
        pump(rc, None);
    }
    answered
}

/// Runs the engine's output until it is quiet. `frame` is the text frame just fed (the
/// page-side port holds the same string while it is handled).
pub fn pump(rc: &Rc<RefCell<Inner>>, frame: Option<&str>) {
    loop {
        // One event at a time, the borrow released before each dispatch (habit 8), so a
        // listener may call back into the session.
        let event = {
            let Ok(mut i) = rc.try_borrow_mut() else { return };
            flush_transmits(&mut i);
            i.engine.poll_event()
        };
        match event {
            Some(e) => deliver(rc, e, frame),
            None => break,
        }
    }
    let listeners = {
        let Ok(mut i) = rc.try_borrow_mut() else { return };
        let (at, weak) = (i.engine.poll_timeout(), i.weak.clone());
        i.timer.arm(at, move || {
            if let Some(rc) = weak.upgrade() {
                drive_timer(&rc);
            }
        });
        let key = (i.engine.model().version(), i.epoch);
        i.subscribers.due(key)
    };
    notify(listeners);
}

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
                match Socket::open(&i.url, i.events.port(), input) {
                    Ok(s) => i.link.set(s),
                    Err(e) => {
                        let msg = js_sys::Error::from(e).message().as_string().unwrap_or_default();
                        i.log.log(ERROR, &format!("cannot open {}: {msg}", i.url));
                        i.engine.handle_close(now(), 1006, &msg);
                    }
                }
            }
            Transmit::Send(text) => {
                if i.log.enabled(DEBUG) {
                    i.log.log(DEBUG, &format!("→ {}", redact(&text, &i.engine.config().password)));
                }
                i.link.send(&text);
            }
            // Late callbacks of the old socket are ignored.
            Transmit::Close { code, reason } => i.link.close(code, &reason),
        }
    }
}

/// Settles and dispatches what one engine event means for the page: whatever it settles is
/// taken out under the borrow, and called after the borrow is released.
fn deliver(rc: &Rc<RefCell<Inner>>, event: EngineEvent, frame: Option<&str>) {
    let events = rc.borrow().events.clone();
    match event {
        EngineEvent::Event { event, spans, .. } => events.protocol_event(&event, spans, frame),
        EngineEvent::State { state, attempt, retry_in, reason } => {
            let waiters = {
                let mut i = rc.borrow_mut();
                i.epoch += 1;
                i.log.state(state, reason.as_ref());
                i.promises.reached(state, reason.as_ref())
            };
            waiters.settle();
            events.connection_change(state, attempt, retry_in, reason.as_ref());
        }
        EngineEvent::Confirm { message } => {
            let answer = rc.borrow().on_existing.answer();
            match answer {
                None => {
                    let weak = Rc::downgrade(rc);
                    events.confirm(message, move |accept| {
                        if let Some(rc) = weak.upgrade() {
                            answer_confirm(&rc, accept);
                        }
                    });
                }
                // The option answers without asking; the pump's next turn sends the answer.
                Some(accept) => {
                    rc.borrow_mut().engine.confirm(now(), accept);
                }
            }
        }
        EngineEvent::Settled { id, command, target, result, elapsed } => {
            let promise = rc.borrow_mut().promises.take(id);
            let error = result.as_ref().err().map(AgentwireError::from);
            if let Some(p) = promise {
                p.settle(&result, error.as_ref());
            }
            let outcome = error.as_ref().map_or_else(|| "ok".to_owned(), AgentwireError::kind);
            rc.borrow().log.settled(&command, target.as_deref(), &outcome, elapsed);
            events.command_complete(id, &command, target.as_deref(), error.as_ref(), elapsed);
        }
        EngineEvent::ProtocolError(e) => {
            rc.borrow().log.protocol_error(&e);
            events.protocol_error(&e);
        }
        EngineEvent::Resynced { changes } => events.resynced(changes),
        EngineEvent::Changed { .. } => {}
    }
}
