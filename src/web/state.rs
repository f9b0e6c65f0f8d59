//! `Inner`: the state one `AgentSession` shares with its socket and timer callbacks, behind
//! `Rc<RefCell<…>>`: the engine, and the web resources that serve it, each a value of the file
//! that owns that concern. No behaviour lives here: `pump.rs` drives it, `session.rs` and
//! `commands.rs` feed it.

use super::events::{Dispatcher, Subscribers};
use super::inbox::Inbox;
use super::lifecycle::Lifecycle;
use super::log::Log;
pub use super::options::WebOptions;
use super::promises::Promises;
use super::socket::Link;
use super::timer::Timer;
use crate::proto::engine::Engine;
use crate::proto::options::{OnExisting, Tabs};
use std::cell::{Ref, RefCell, RefMut};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::EventTarget;

/// Shared state of one `AgentSession`.
pub struct Inner {
    /// The sans-IO core.
    pub engine: Engine,
    /// The server's WebSocket URL.
    pub url: String,
    /// The current socket.
    pub link: Link,
    /// Where text frames enter wasm.
    pub inbox: Inbox,
    /// The one timeout, armed to `engine.poll_timeout()`.
    pub timer: Timer,
    /// The network and page-life listeners, from `connect()` to `close()`.
    pub lifecycle: Option<Lifecycle>,
    /// Promises handed out and not yet settled.
    pub promises: Promises,
    /// `subscribe()` listeners.
    pub subscribers: Subscribers,
    /// Counts connection-state changes (with the model version, it says whether anything
    /// changed).
    pub epoch: u64,
    /// The last `getSnapshot()` value and the (model version, epoch) it was made at.
    pub snapshot: Option<((u64, u64), JsValue)>,
    /// Where events go.
    pub events: Rc<Dispatcher>,
    /// Where log lines go.
    pub log: Log,
    /// What to do about an existing session of the agent.
    pub on_existing: OnExisting,
    /// The `tabs` option (the coordination is `js/tabs.js`; taking over is `session.rs`).
    pub tabs: Tabs,
    /// The `locale` option: the language of reason labels (`None`: the browser's).
    pub locale: Option<String>,
    /// `close()` (or `free()`) was called: the session is over for good, and `connect()`
    /// rejects as `closed` (issue 16). A close the server or the network caused is not final.
    pub finished: bool,
    /// This state itself, for the callbacks of the socket and the timer.
    pub weak: Weak<RefCell<Inner>>,
    /// The session's one callback from JS (`pump::new_waker`).
    pub wake: JsValue,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner").field("engine", &self.engine).field("url", &self.url).finish_non_exhaustive()
    }
}

impl Inner {
    /// The state of a new session; `weak` points to the state itself, `wake` is its callback
    /// from JS (`pump::new_waker`; it also gives a protocol event's model object).
    pub fn new(
        weak: Weak<RefCell<Inner>>,
        engine: Engine,
        url: String,
        et: EventTarget,
        wake: JsValue,
        o: WebOptions,
    ) -> Inner {
        let mut engine = engine;
        if o.record {
            engine.start_recording();
        }
        let inbox = Inbox::new(engine.config().max_frame_bytes);
        Inner {
            engine,
            url,
            link: Link::default(),
            inbox,
            timer: Timer::default(),
            lifecycle: None,
            promises: Promises::default(),
            subscribers: Subscribers::default(),
            epoch: 0,
            snapshot: None,
            events: Rc::new(Dispatcher::new(et, &wake, o.insecure)),
            log: Log::new(o.log_level, o.logger),
            on_existing: o.on_existing,
            tabs: o.tabs,
            locale: o.locale,
            finished: false,
            weak,
            wake,
        }
    }
}

/// The session's state borrowed through one function each way, out of line: `RefCell`'s
/// `borrow` and `borrow_mut` are `#[track_caller]`, so each call site would keep a panic
/// location of its own in the wasm (size, issue 14). A borrow that fails is still a bug and
/// still panics, from here.
pub trait Shared {
    /// `borrow()`.
    fn state(&self) -> Ref<'_, Inner>;
    /// `borrow_mut()`.
    fn state_mut(&self) -> RefMut<'_, Inner>;
}

impl Shared for RefCell<Inner> {
    #[inline(never)]
    fn state(&self) -> Ref<'_, Inner> {
        super::cell::read(self)
    }
    #[inline(never)]
    fn state_mut(&self) -> RefMut<'_, Inner> {
        super::cell::write(self)
    }
}
