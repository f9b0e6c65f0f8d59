//! `AgentSession`: the class the page uses. A thin owner of the engine, the socket, the timer
//! and an `EventTarget`; every method moves input into the engine and runs the pump.

use super::convert::{self, get, opt_u64};
use super::error::AgentwireError;
use super::events::HANDLER_EVENTS;
use super::log::{INFO, WARN};
use super::pump::{answer_confirm, new_waker, open_socket, pump, watch_page, write_log};
use super::state::{Inner, Shared};
use super::text::text;
use super::timer::now;
use crate::proto::engine::{CloseReason, CommandError, ConnectionState, Engine, Input};
use crate::proto::record::{Recorder, Recording};
use crate::proto::replay::replay_json;
use crate::proto::wire::EventKind;
use js_sys::{Array, Function, Promise};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// A contact-center agent session over one WebSocket to an interaction processor.
///
/// Create it with the server URL and the agent's credentials, listen for events, then
/// `await session.connect()`. Every command returns a Promise that resolves with the
/// server's success data or rejects with an {@link AgentwireError}. The session is an event
/// source like a DOM `EventTarget`: every protocol event is dispatched by its own name
/// (`channel.infochanged`, …) with `detail: { name, target, data, object }`, plus
/// `connectionchange`, `confirm`, `protocolerror`, `resynced` and `commandcomplete`.
#[wasm_bindgen]
pub struct AgentSession {
    inner: Rc<RefCell<Inner>>,
}

impl std::fmt::Debug for AgentSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgentSession").finish_non_exhaustive()
    }
}

/// `free()` (or the garbage collection of a dropped session, with weak references): the
/// session closes as if `close()` was called, so every pending Promise settles (`closed`) and
/// the socket closes, instead of being left waiting for ever (issue 15, item 6).
impl Drop for AgentSession {
    fn drop(&mut self) {
        match self.inner.try_borrow_mut() {
            Ok(mut i) => {
                i.finished = true;
                i.engine.close(now());
            }
            Err(_) => return,
        }
        pump(&self.inner, None);
    }
}

impl AgentSession {
    /// The shared state (for the command methods in `commands.rs`).
    pub(super) fn inner(&self) -> &Rc<RefCell<Inner>> {
        &self.inner
    }
}

#[wasm_bindgen]
impl AgentSession {
    /// Creates a session (nothing is sent until {@link AgentSession.connect}). Needs the
    /// module loaded: {@link AgentSession.create} loads it and creates the session in one
    /// call; before {@link init} (or `initSync`), this constructor throws a `TypeError`.
    ///
    /// # Errors
    /// Throws an `AgentwireError` (`invalidArgument`) naming the option at fault: a missing
    /// `url` or `agent.id`, a `ws:` URL to a non-loopback host without `allowInsecure`, an
    /// unknown `dialect`, …
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "AgentSessionOptions")] options: JsValue,
    ) -> Result<AgentSession, JsValue> {
        let o = super::options::parse(&options).map_err(AgentwireError::into_js)?;
        let insecure = o.web.insecure;
        let et = EventTarget::new()?;
        let inner = Rc::new_cyclic(|weak: &Weak<RefCell<Inner>>| {
            let inner = Inner::new(weak.clone(), Engine::new(o.config), o.url, et, new_waker(weak), o.web);
            inner.log.log(INFO, "session created");
            if insecure {
                inner.log.log(
                    WARN,
                    "allowInsecure: the socket (and the password) go in plain text (ws://) to a host that is not loopback",
                );
            }
            RefCell::new(inner)
        });
        write_log(&inner);
        Ok(AgentSession { inner })
    }

    /// Replays a recording through a fresh engine: one step per recorded input, each with
    /// the events it produced and, when the input changed the model, the model after it
    /// (`null` otherwise). Two replays are identical.
    ///
    /// # Errors
    /// `invalidArgument` when the text is not a recording.
    #[wasm_bindgen(unchecked_return_type = "{ events: Record<string, unknown>[]; model: ModelSnapshot | null }[]")]
    pub fn replay(recording: &str) -> Result<JsValue, JsValue> {
        let rec = Recording::from_json(recording).map_err(|e| AgentwireError::invalid("recording", e).into_js())?;
        Ok(convert::parse_json_text(&replay_json(&rec, &text)))
    }

    /// The one export of the session's JS members (`js/entry.js`; `tests/tables.rs` holds
    /// its lists to these arms): 0–5 the methods of `CALLS` (`subscribe`, `confirmOverride`
    /// and `exportRecording` declared in `js/calls.d.ts`), `name` the event type of `once` and
    /// `on` (passed as wasm-bindgen passes a string), `a` the other argument; 8 + i the model
    /// read `i` of `READS` ([`AgentSession::read`], `name` its target); 24 the array of the
    /// `on<event>` handlers, by slot, which those JS properties read and write
    /// (`js/entry.js` defines them from `HANDLERS`, the order of `HANDLER_EVENTS` in
    /// `events.rs`; declared in `js/events.d.ts`; a handler is called after the event's
    /// listeners); 40 the events' target (`a`: whether the copies are turned on); 41–43 the
    /// properties `agentId`, `id` and `connectionState`, 44 `connect()`, 45 `close()` (declared
    /// in `js/calls.d.ts`); 64 + i the command method `i` of `COMMANDS` (`commands.rs`, its
    /// arguments `a`, `b`, `c`; declared in `js/commands.d.ts`). One export, not one per member:
    /// each wasm-bindgen export is a shim of its own in the wasm and a wrapper in its JS.
    ///
    /// # Errors
    /// What the method throws.
    #[wasm_bindgen(js_name = __call, skip_typescript)]
    pub fn invoke(&self, which: u32, name: &str, a: JsValue, b: JsValue, c: JsValue) -> Result<JsValue, JsValue> {
        Ok(match which {
            0 => self.once(name, &a).into(),
            1 => self.iterate(name, &a)?,
            2 => self.listen(a.unchecked_into()),
            3 => self.confirm_override(a.as_bool().unwrap_or(false)).into(),
            4 => self.export_recording().map_or(JsValue::UNDEFINED, JsValue::from),
            5 => self.take_over(a.as_string()).into(),
            8..=16 => self.read(which - 8, name, &a)?,
            24 => self.inner.state().events.handlers().into(),
            40 => self.listen_target(a.as_bool() == Some(true)).into(),
            // The properties `agentId`, `id` and `connectionState` (strings made by the JS
            // side: no export and multivalue shim each).
            41 => JsValue::from_str(&self.agent_id()),
            42 => self.id().map_or(JsValue::UNDEFINED, |id| JsValue::from_str(&id)),
            43 => JsValue::from_str(&self.connection_state()),
            44 => self.connect().into(),
            45 => {
                self.close();
                JsValue::UNDEFINED
            }
            64.. => self.call(which as usize - 64, &a, &b, &c).into(),
            _ => JsValue::UNDEFINED,
        })
    }

    /// Every protocol event name the SDK dispatches (PROTOCOL.md §3 and WIRE-PROFILE §7).
    #[wasm_bindgen(js_name = eventNames, unchecked_return_type = "ProtocolEventName[]")]
    pub fn event_names() -> JsValue {
        EventKind::ALL.iter().flat_map(|k| k.names().iter()).map(|n| JsValue::from_str(n)).collect::<Array>().into()
    }
}

impl AgentSession {
    /// Connects: binds the processor, prepares and starts the session. Resolves (with
    /// `undefined`) when `session.initialized` has arrived (state `ready`); rejects with kind
    /// `closed` when the server refuses (see `error.reason`, `error.code`) or cannot be
    /// reached, and at once after {@link AgentSession.close} (reason `closed`): a closed
    /// session stays closed. After a close the page did not ask for (logout, `replaced`,
    /// `refused`, `connectFailed`, `reconnectExhausted`, …) `connect()` starts again.
    pub fn connect(&self) -> Promise {
        if self.inner.state().finished {
            let e = CommandError::Closed { reason: CloseReason::ClosedByPage };
            return Promise::reject(&AgentwireError::from(&e).into_js());
        }
        let state = self.inner.state().engine.state();
        if state == ConnectionState::Ready {
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        if matches!(state, ConnectionState::Idle | ConnectionState::Closed) {
            let now = now();
            self.inner.state_mut().engine.connect(now);
            // The socket first: what can wait (the Promise, the page-life listeners, the pump
            // and its first events) is set up while it opens.
            open_socket(&self.inner);
        }
        let p = self.inner.state_mut().promises.connect();
        watch_page(&self.inner);
        pump(&self.inner, None);
        p
    }

    /// Closes the session for good: pending commands reject with kind `closed`, timers stop,
    /// the socket closes, and a later {@link AgentSession.connect} rejects as `closed` (make
    /// a new session to log in again). Does not log the agent out (use
    /// {@link AgentSession.logout}). The session's memory stays until it is garbage
    /// collected, or until {@link AgentSession.free}.
    pub fn close(&self) {
        {
            let now = now();
            let mut i = self.inner.state_mut();
            i.finished = true;
            i.engine.close(now);
            i.lifecycle = None;
        }
        pump(&self.inner, None);
    }

    /// The agent this session logs in (`agent.id` of the options); the page's `agentId`
    /// property is JS over `__call` 41.
    pub fn agent_id(&self) -> String {
        self.inner.state().engine.config().agent_id.clone()
    }

    /// The session id (the resource id), once prepared; the page's `id` (`__call` 42).
    pub fn id(&self) -> Option<String> {
        self.inner.state().engine.session_id().map(str::to_owned)
    }

    /// `idle | connecting | open | initializing | ready | reconnecting | closed`; the page's
    /// `connectionState` (`__call` 43).
    pub fn connection_state(&self) -> String {
        self.inner.state().engine.state().as_str().to_owned()
    }

    /// With `tabs: "share"`: connects as the tab that takes over the agent's shared
    /// connection after the tab holding it closed or crashed (`js/tabs.js` calls it when this
    /// tab gets the leader lock). With the `session` id the dead tab's snapshot named, the
    /// engine resumes that session as a reconnect ([`Input::Resume`]: the resource bound
    /// again, the model resynced); the existing-session policy is the core's
    /// [`crate::proto::options::Tabs::takeover`] (replace: the session found is the agent's own).
    pub fn take_over(&self, session: Option<String>) -> Promise {
        // A session id the protocol cannot have is refused before anything is sent.
        if let Some(Err(e)) = session.as_deref().map(crate::proto::target::validate_id) {
            return Promise::reject(&AgentwireError::invalid("session", e.msg()).into_js());
        }
        {
            let mut i = self.inner.state_mut();
            if let Some(policy) = i.tabs.takeover() {
                i.on_existing = policy;
            }
            let idle = matches!(i.engine.state(), ConnectionState::Idle | ConnectionState::Closed);
            if let (Some(id), true, false) = (session, idle, i.finished) {
                let _ = i.engine.handle(now(), Input::Resume(id));
            }
        }
        self.connect()
    }

    /// Answers the override prompt (same as `detail.accept()` / `detail.decline()` of the
    /// `confirm` event). Returns whether a prompt was waiting.
    pub fn confirm_override(&self, accept: bool) -> bool {
        answer_confirm(&self.inner, accept)
    }

    /// Resolves with the next event of `type`; with `{ signal }`, rejects with
    /// `signal.reason` when it aborts; with `{ timeoutMs }`, rejects with an
    /// `AgentwireError` of kind `timeout` when no such event came in time. Either way its
    /// listener is removed.
    pub fn once(&self, kind: &str, options: &JsValue) -> Promise {
        let read = convert::options(options, "options").and_then(|()| opt_u64(options, "timeoutMs"));
        let ms = match read {
            Ok(ms) => ms,
            Err(e) => return Promise::reject(&e.into_js()),
        };
        let et = self.target_for(kind);
        let (ms, error) = match ms {
            None => (JsValue::UNDEFINED, JsValue::UNDEFINED),
            Some(ms) => (JsValue::from_f64(ms as f64), AgentwireError::no_event(kind, ms).into_js()),
        };
        super::glue::once(&et, kind, &get(options, "signal"), &ms, &error)
    }

    /// An async iterator of the events of `type` (`"protocolevent"`: every protocol event),
    /// for tests and scripts: `for await (const e of session.on("channel.infochanged")) …`.
    /// Events are buffered from this call on, so none is lost between two iterations. It
    /// ends when the session closes (after the events it buffered), when `signal` aborts, or
    /// on `break`; the listener goes with it.
    pub fn iterate(&self, kind: &str, options: &JsValue) -> Result<JsValue, JsValue> {
        convert::options(options, "options").map_err(AgentwireError::into_js)?;
        let et = self.target_for(kind);
        let ended = self.inner.state().finished;
        Ok(super::glue::stream(&et, kind, &get(options, "signal"), ended))
    }

    /// Calls `listener()` after every change of the model or the connection state; returns
    /// the function that unsubscribes. With {@link AgentSession.getSnapshot} this is the
    /// contract of React's `useSyncExternalStore`, Svelte stores and signals.
    ///
    /// # Errors
    /// A `TypeError` when `listener` is not a function.
    pub fn subscribe(&self, listener: JsValue) -> Result<JsValue, JsValue> {
        let listener: Function = listener
            .dyn_into()
            .map_err(|_| js_sys::TypeError::new("agentwire: subscribe(listener) needs a function"))?;
        Ok(self.listen(listener))
    }

    /// [`AgentSession::subscribe`] of a function (the page's `subscribe`, `__call` 2: `js/entry.js`
    /// refuses anything else with the same `TypeError`, so the wasm needs no check of its own).
    fn listen(&self, listener: Function) -> JsValue {
        let mut i = self.inner.state_mut();
        let id = i.subscribers.add(listener);
        // Calls the session's one callback with the listener's id (`pump::new_waker`).
        super::glue::bind_wake(&i.wake, id)
    }

    /// With the `record: true` option: the recording of this session so far (every frame
    /// and timer tick, the password blanked), as JSON text for a bug report.
    pub fn export_recording(&self) -> Option<String> {
        self.inner.state().engine.recorder().map(Recorder::export)
    }

    /// The events' target for `addEventListener`, `removeEventListener`, `dispatchEvent` and
    /// the `events` property, which are JS (`js/entry.js`; declared in `types.d.ts`, the last
    /// two in `js/events.d.ts`): `all` (a listener of `protocolevent`, or whoever holds the
    /// raw target, who may listen to it there) turns the copies on.
    pub fn listen_target(&self, all: bool) -> EventTarget {
        let i = self.inner.state();
        if all {
            i.events.catch_all();
        }
        i.events.target().clone()
    }

    /// `addEventListener` for Rust callers (the browser suites); the page's is JS over
    /// [`AgentSession::listen_target`].
    ///
    /// # Errors
    /// What `EventTarget.addEventListener` throws.
    pub fn add_event_listener(&self, kind: &str, listener: &JsValue, options: &JsValue) -> Result<(), JsValue> {
        forward(&self.target_for(kind), "addEventListener", kind, listener, options)
    }

    /// `removeEventListener` for Rust callers.
    ///
    /// # Errors
    /// What `EventTarget.removeEventListener` throws.
    pub fn remove_event_listener(&self, kind: &str, listener: &JsValue, options: &JsValue) -> Result<(), JsValue> {
        forward(&self.listen_target(false), "removeEventListener", kind, listener, options)
    }

    /// Sets the handler property `on<event>` (`set_on("onconfirm", f)`) for Rust callers; the
    /// page's properties are JS over the same array of handlers (`__call` 24). An unknown name
    /// does nothing.
    pub fn set_on(&self, property: &str, f: JsValue) {
        if let Some(slot) = HANDLER_EVENTS.iter().position(|e| property.strip_prefix("on") == Some(*e)) {
            let f = if f.is_function() { f } else { JsValue::NULL };
            self.inner.state().events.handlers().set(slot as u32, f);
        }
    }

    /// The events' target, for a listener of `kind` (`protocolevent` turns the copies on).
    fn target_for(&self, kind: &str) -> EventTarget {
        self.listen_target(kind == "protocolevent")
    }
}

fn forward(et: &EventTarget, method: &str, kind: &str, listener: &JsValue, options: &JsValue) -> Result<(), JsValue> {
    let f: Function = get(et, method).dyn_into()?;
    f.call3(et, &JsValue::from_str(kind), listener, options)?;
    Ok(())
}
