//! The one binding of the hand-written JS half of the web layer, `js/glue.js` (ports, the
//! inbox, the socket, timers, the error class) and `js/events.js` (the SDK's own events and
//! the core's message texts): every function and class they export is declared here, and
//! only here. The other files call these declarations; none of them has an `extern` block of
//! its own. wasm-bindgen copies each module alone, so neither imports the other.

use wasm_bindgen::prelude::*;
use web_sys::{EventTarget, WebSocket};

/// The one handler of a socket, `on(kind, a, at, b, reason)` (see [`open_socket`]).
pub type OnSocket = Closure<dyn FnMut(u32, u32, f64, u32, Option<String>)>;

#[wasm_bindgen(module = "/src/web/js/glue.js")]
extern "C" {
    /// The page-side half of a session (see `Port` in `js/glue.js`): its `EventTarget`, the
    /// model lookup, the known event names, and the text frame being handled.
    pub type Port;
    /// A port for `et`; `wake(lookup, target)` returns a model object; `names` are the known
    /// event names, comma-separated, in `EventKind::ALL` order.
    #[wasm_bindgen(constructor)]
    pub fn new(et: &EventTarget, wake: &JsValue, lookup: u32, names: &str) -> Port;
    /// A protocol event of the frame being handled, as index ranges into it (UTF-16 units):
    /// `k` > 0 picks known name `k - 1`, else the name is `[na, nb)`; the target is
    /// `[ta, tb)`; the data is `[a, b)`.
    #[wasm_bindgen(method)]
    #[allow(clippy::too_many_arguments)]
    pub fn event(this: &Port, k: u32, na: u32, nb: u32, ta: u32, tb: u32, a: u32, b: u32);
    /// Whether every protocol event is also dispatched as `protocolevent`.
    #[wasm_bindgen(method, setter)]
    pub fn set_all(this: &Port, all: bool);
    /// A protocol event whose name, target and data (JSON text) come from Rust.
    #[wasm_bindgen(method, js_name = eventText)]
    pub fn event_text(this: &Port, name: &str, target: &str, data: &str);

    /// The frame being handled, as the page holds it (read only to log a frame too long to
    /// have been copied into wasm).
    #[wasm_bindgen(method, getter)]
    pub fn frame(this: &Port) -> Option<String>;

    /// The JS half of a session's inbox (`inbox.rs`): the buffer in wasm memory that text
    /// frames are encoded into.
    pub type Inbox;
    /// An inbox in `memory`; `grow(n)` makes the buffer at least `n` bytes and returns its
    /// address; frames longer than `max` UTF-16 units are not copied, but for their first
    /// `head` bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(memory: &JsValue, grow: &Closure<dyn FnMut(u32) -> u32>, max: u32, head: u32) -> Inbox;

    /// The own enumerable member names of `obj` (`Object.keys`), as JSON text.
    #[wasm_bindgen(js_name = memberNames)]
    pub fn member_names(obj: &JsValue) -> String;
    /// `navigator.language`, when there is one.
    pub fn language() -> Option<String>;
    /// The browser's reading of a URL's host (`new URL(url).hostname`), or `null`.
    #[wasm_bindgen(js_name = urlHost)]
    pub fn url_host(url: &str) -> Option<String>;
    /// Calls `logger[level](message)` (`logger` not an object: the console's), ignoring a
    /// broken logger.
    #[wasm_bindgen(js_name = callLogger)]
    pub fn call_logger(logger: &JsValue, level: u32, message: &str);
    /// `performance.now()`.
    #[wasm_bindgen(js_name = nowMs)]
    pub fn now_ms() -> f64;
    /// `Date.now()`.
    #[wasm_bindgen(js_name = wallMs)]
    pub fn wall_ms() -> f64;
    /// Adds the page-life and network listeners, calling `on(kind)` (see `listenLifecycle` in
    /// `js/glue.js`); returns the function that removes them.
    #[wasm_bindgen(js_name = listenLifecycle)]
    pub fn listen_lifecycle(on: &JsValue) -> js_sys::Function;
    /// `setTimeout(() => wake(kind), ms)`; returns its handle.
    #[wasm_bindgen(js_name = setTimer)]
    pub fn set_timer(wake: &JsValue, kind: u32, ms: u32) -> JsValue;
    /// `clearTimeout(handle)`.
    #[wasm_bindgen(js_name = clearTimer)]
    pub fn clear_timer(handle: &JsValue);
    /// The function `() => wake(kind)`.
    #[wasm_bindgen(js_name = bindWake)]
    pub fn bind_wake(wake: &JsValue, kind: u32) -> JsValue;
    /// Deep-freezes a value and returns it.
    #[wasm_bindgen(js_name = deepFreeze)]
    pub fn deep_freeze(v: &JsValue) -> JsValue;

    /// A new `AgentwireError` (the glue's class): `kind` and `reason` by their index in the
    /// glue's `KINDS` and `REASONS` (`-1`: no reason), `original` as JSON text.
    #[wasm_bindgen(js_name = agentwireError)]
    pub fn agentwire_error(
        kind: i32,
        code: &str,
        message: &str,
        argument: Option<&str>,
        original: Option<&str>,
        reason: i32,
    ) -> JsValue;

    /// Opens a WebSocket with its handler, `on(kind, a, at, b, reason)`: opened (0); a text
    /// frame (1) is written into `inbox`, then `a` says how many bytes of it are there, `b` of
    /// how many in all, `at` when it arrived, and it stays readable as `port.frame` meanwhile;
    /// a binary frame (2) of `at` bytes; closed (3) with code `a` and `reason`.
    #[wasm_bindgen(catch, js_name = openSocket)]
    pub fn open_socket(url: &str, port: &JsValue, inbox: &JsValue, on: &OnSocket) -> Result<WebSocket, JsValue>;
    /// Detaches a socket's handlers and closes it.
    #[wasm_bindgen(js_name = dropSocket)]
    pub fn drop_socket(ws: &WebSocket);
    /// Starts closing a socket with `code` and `reason`, or without them if the browser
    /// refuses them.
    #[wasm_bindgen(js_name = closeSocket)]
    pub fn close_socket(ws: &WebSocket, code: u16, reason: &str);
}

#[wasm_bindgen(module = "/src/web/js/events.js")]
extern "C" {
    /// Dispatches one of the SDK's own events on `et`, then calls its `on<name>` handler.
    #[wasm_bindgen(js_name = dispatchCustom)]
    pub fn dispatch_custom(et: &EventTarget, name: &str, detail: &JsValue, handler: &JsValue);
    /// Dispatches `connectionchange` (`reason` when `reason_kind` is given, `cause` when
    /// `cause_code` is; their messages are `[code, ...args]` for `compose`).
    #[wasm_bindgen(js_name = connectionChange)]
    #[allow(clippy::too_many_arguments)]
    pub fn connection_change(
        et: &EventTarget,
        handler: &JsValue,
        state: &str,
        attempt: u32,
        retry_in_ms: Option<f64>,
        reason_kind: Option<&str>,
        reason_code: &str,
        reason_message: &JsValue,
        cause_code: Option<&str>,
        cause_message: &JsValue,
        insecure: bool,
    );
    /// Dispatches `commandcomplete`; `error` is the command's `AgentwireError` (its `kind`,
    /// `code` and `message` go into the detail), or `undefined`.
    #[wasm_bindgen(js_name = commandComplete)]
    pub fn command_complete(
        et: &EventTarget,
        handler: &JsValue,
        id: f64,
        command: &str,
        target: Option<&str>,
        elapsed_ms: f64,
        error: &JsValue,
    );
    /// Dispatches `protocolerror`; `message` is `[code, ...args]` for `compose`.
    #[wasm_bindgen(js_name = protocolError)]
    pub fn protocol_error(
        et: &EventTarget,
        handler: &JsValue,
        kind: &str,
        message: &js_sys::Array,
        frame: Option<&str>,
    );
    /// Dispatches `confirm`: `{ message, accept(), decline() }`, which call `wake(accept)` and
    /// `wake(decline)`.
    pub fn confirm(et: &EventTarget, handler: &JsValue, message: &str, wake: &JsValue, accept: u32, decline: u32);
    /// Dispatches `resynced`.
    pub fn resynced(et: &EventTarget, handler: &JsValue, removed: f64);
    /// The text of a core message, `[code, ...args]` (an argument is a string, a number or a
    /// message of its own), from the glue's table of templates (`src/proto/text.rs`).
    pub fn compose(message: &js_sys::Array) -> String;
    /// Resolves with the next `kind` event on `et`; rejects with `signal.reason` when `signal`
    /// aborts and with `timeout_error` after `ms` (`undefined`: never); the listener goes
    /// either way.
    pub fn once(
        et: &EventTarget,
        kind: &str,
        signal: &JsValue,
        ms: &JsValue,
        timeout_error: &JsValue,
    ) -> js_sys::Promise;
    /// An async iterator of the `kind` events on `et`, buffered; it ends when the session
    /// closes (`connectionchange` to `closed`), when `signal` aborts, on `return()` (a `break`
    /// out of `for await`), or at once when `ended`.
    pub fn stream(et: &EventTarget, kind: &str, signal: &JsValue, ended: bool) -> JsValue;
}
