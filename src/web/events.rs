//! Events to the page (STYLE.md habit 8): the `detail` of each kind of event, the table of
//! `on<event>` handler properties, the dispatch on the session's `EventTarget`, and the
//! `subscribe()` listeners. The pump calls these only after it has released the session's
//! borrow, so a listener may call back into the session.

use super::glue::{self, Port};
use super::text::to_array;
use crate::proto::engine::{CloseReason, ConnectionState, LostCause, ProtocolError, RequestId};
use crate::proto::text::Msg;
use crate::proto::time::Millis;
use crate::proto::wire::{Event, EventKind};
use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::EventTarget;

/// The SDK's own events that also have an `on<event>` property: the core's one table of the
/// names it reserves, but for its last, `protocolevent` (a copy of every protocol event, for
/// `addEventListener` only). A property's slot is derived from it by [`handler_slot`].
pub const HANDLER_EVENTS: [&str; 5] = {
    let n = crate::proto::wire::SDK_EVENT_NAMES;
    [n[0], n[1], n[2], n[3], n[4]]
};

/// The slot in [`HANDLER_EVENTS`] of the property `on<event>`. Evaluated in a `const`, a
/// property whose event is not in the table fails to compile.
pub const fn handler_slot(property: &str) -> usize {
    let p = property.as_bytes();
    let mut k = 0;
    while k < HANDLER_EVENTS.len() {
        let n = HANDLER_EVENTS[k].as_bytes();
        if p.len() == n.len() + 2 && p[0] == b'o' && p[1] == b'n' {
            let mut j = 0;
            while j < n.len() && n[j] == p[j + 2] {
                j += 1;
            }
            if j == n.len() {
                return k;
            }
        }
        k += 1;
    }
    panic!("an on<event> property whose event is not in HANDLER_EVENTS")
}

/// Where a session's events go: its `EventTarget`, the page-side port (protocol events) and
/// the `on<event>` handlers. Shared (`Rc`) so that the pump can dispatch with the session
/// released.
pub struct Dispatcher {
    et: EventTarget,
    port: Port,
    /// The `on<event>` handlers by slot: a JS array, which the page's properties read and
    /// write (`js/entry.js`; a slot never set is `undefined`, one set to anything but a
    /// function `null`).
    handlers: js_sys::Array,
    /// Whether the socket is a plain `ws:` to a non-loopback host (`allowInsecure`).
    insecure: bool,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher").finish_non_exhaustive()
    }
}

impl Dispatcher {
    /// Events on `et`; `wake(LOOKUP, target)` (the session's callback) gives a protocol
    /// event's `object`.
    pub fn new(et: EventTarget, wake: &JsValue, insecure: bool) -> Dispatcher {
        let mut names = String::new();
        for k in EventKind::ALL {
            if !names.is_empty() {
                names.push(',');
            }
            names.push_str(k.name());
        }
        let port = Port::new(&et, wake, LOOKUP, &names);
        Dispatcher { et, port, handlers: js_sys::Array::new(), insecure }
    }

    /// The `EventTarget` events are dispatched on.
    pub fn target(&self) -> &EventTarget {
        &self.et
    }

    /// The page-side port (a socket hands it the frame being handled).
    pub fn port(&self) -> &Port {
        &self.port
    }

    /// From now on, every protocol event is also dispatched as `protocolevent` (with the same
    /// `detail`). Turned on by the first listener that may want it (`addEventListener`,
    /// `once`, `on` of that type, or a read of the raw `events` target), so that pages
    /// without one do not pay a second dispatch per event on the receive path.
    pub fn catch_all(&self) {
        self.port.set_all(true);
    }

    /// The handlers, by slot (see [`Dispatcher::handlers`]'s field).
    pub fn handlers(&self) -> &js_sys::Array {
        &self.handlers
    }

    /// The handler in `slot` (`undefined` or `null` when none).
    fn handler(&self, slot: u32) -> JsValue {
        self.handlers.get(slot)
    }

    /// A protocol event: `detail: { name, target, data, object }`. With `at`, the places of
    /// its name, target and data in the frame (UTF-16 indices), the page slices them out of
    /// the string it already holds; otherwise (a listener's command re-entered the pump before
    /// this frame's other events went out, a name or target written with escapes, or no `data`
    /// span: absent or `null`, which the core reads as `{}`), they are the core's reading of
    /// the event.
    pub fn protocol_event(&self, event: &Event, at: Option<[u32; 6]>) {
        if at.is_some() {
            // A known event in its documented spelling holds the table's own string: the
            // pointer says so without comparing the text.
            let documented = |k: &EventKind| std::ptr::eq(k.name(), &*event.name) || k.name() == event.name;
            return self.spanned_event(event.kind().filter(documented), at);
        }
        self.port.event_text(&event.name, &event.target, &event.data.to_json().to_json_string());
    }

    /// A protocol event the core did not copy ([`EngineEvent::Spanned`]): `kind` when its
    /// name is a kind's documented spelling, `at` its places in the frame (the inbox keeps
    /// the frame until its events went out, also through a re-entered pump).
    ///
    /// [`EngineEvent::Spanned`]: crate::proto::engine::EngineEvent::Spanned
    pub fn spanned_event(&self, kind: Option<EventKind>, at: Option<[u32; 6]>) {
        if let Some([na, nb, ta, tb, a, b]) = at {
            self.port.event(kind.map_or(0, |k| k as u32 + 1), na, nb, ta, tb, a, b);
        }
    }

    /// `connectionchange`: `{ state, attempt, retryInMs, reason, cause }` (the detail is
    /// made by the glue from these values, its messages composed there).
    pub fn connection_change(
        &self,
        state: ConnectionState,
        attempt: u32,
        retry_in: Option<Millis>,
        reason: Option<&CloseReason>,
        cause: Option<&LostCause>,
    ) {
        let message = |m: Option<Msg>| m.map_or(JsValue::UNDEFINED, |m| to_array(&m).into());
        glue::connection_change(
            &self.et,
            &self.handler(CONNECTION_CHANGE),
            state.as_str(),
            attempt,
            retry_in.map(|d| d as f64),
            reason.map(CloseReason::kind),
            reason.map_or("", CloseReason::code),
            &message(reason.map(CloseReason::msg)),
            // Why a reconnect is under way (issue 17): `OFFLINE`, `PROBE_FAILED`, …
            cause.map(LostCause::code),
            &message(cause.map(LostCause::msg)),
            // `allowInsecure` let a plain `ws:` to a non-loopback host through (issue 15, item 9).
            self.insecure,
        );
    }

    /// `confirm`: `{ message, accept(), decline() }`, made by the glue: they call `wake`
    /// (the session's callback) with `accept` and `decline`.
    pub fn confirm(&self, message: &str, wake: &JsValue, accept: u32, decline: u32) {
        glue::confirm(&self.et, &self.handler(CONFIRM), message, wake, accept, decline);
    }

    /// `commandcomplete`: `{ id, command, target, ok, elapsedMs, error }` (`error` is the
    /// rejection's `{ kind, code, message }`, read by the glue from the `AgentwireError`, or
    /// `null`).
    pub fn command_complete(
        &self,
        id: RequestId,
        command: &str,
        target: Option<&str>,
        error: Option<&JsValue>,
        elapsed: Millis,
    ) {
        glue::command_complete(
            &self.et,
            &self.handler(COMMAND_COMPLETE),
            id as f64,
            command.trim(),
            target,
            elapsed as f64,
            error.unwrap_or(&JsValue::UNDEFINED),
        );
    }

    /// `protocolerror`: `{ kind, message, frame }`.
    pub fn protocol_error(&self, e: &ProtocolError) {
        let handler = self.handler(PROTOCOL_ERROR);
        glue::protocol_error(&self.et, &handler, e.kind.code(), &to_array(&e.message), e.frame.as_deref());
    }

    /// `resynced`: `{ removed }`.
    pub fn resynced(&self, changes: usize) {
        glue::resynced(&self.et, &self.handler(RESYNCED), changes as f64);
    }
}

// The handler slots of the SDK's own events (compile-time lookups in the one table).
const CONNECTION_CHANGE: u32 = handler_slot("onconnectionchange") as u32;
const CONFIRM: u32 = handler_slot("onconfirm") as u32;
const COMMAND_COMPLETE: u32 = handler_slot("oncommandcomplete") as u32;
const PROTOCOL_ERROR: u32 = handler_slot("onprotocolerror") as u32;
const RESYNCED: u32 = handler_slot("onresynced") as u32;

/// What the session's callback (`pump::new_waker`) is called with for a protocol event's
/// `object` (the glue's `Port` passes the target).
pub const LOOKUP: u32 = 11;

/// The first id of a `subscribe()` listener: the session's callback (`pump::new_waker`) takes the
/// smaller numbers for its other kinds.
pub const FIRST_ID: u32 = 16;

/// The `subscribe()` listeners: called once after every input that changed the model or the
/// connection state.
#[derive(Debug)]
pub struct Subscribers {
    list: Vec<(u32, Function)>,
    next: u32,
    /// The (model version, connection epoch) the listeners last heard of.
    notified: (u64, u64),
}

impl Default for Subscribers {
    fn default() -> Self {
        Subscribers { list: Vec::new(), next: FIRST_ID, notified: (0, 0) }
    }
}

impl Subscribers {
    /// Adds a listener; returns its id for [`Subscribers::remove`] (at least [`FIRST_ID`]: it
    /// is also what the session's callback is called with to remove it).
    pub fn add(&mut self, listener: Function) -> u32 {
        let id = self.next;
        self.next = self.next.wrapping_add(1).max(FIRST_ID);
        self.list.push((id, listener));
        id
    }

    /// Removes a listener.
    pub fn remove(&mut self, id: u32) {
        self.list.retain(|(k, _)| *k != id);
    }

    /// The listeners to call now that the state is `key` (none when they heard of it already).
    pub fn due(&mut self, key: (u64, u64)) -> Vec<Function> {
        if key == self.notified {
            return Vec::new();
        }
        self.notified = key;
        self.list.iter().map(|(_, f)| f.clone()).collect()
    }
}

/// Calls each listener; one that throws is reported to the console and the others still run.
pub fn notify(listeners: Vec<Function>) {
    for f in listeners {
        if let Err(e) = f.call0(&JsValue::UNDEFINED) {
            web_sys::console::error_2(&"agentwire: a subscriber threw".into(), &e);
        }
    }
}
