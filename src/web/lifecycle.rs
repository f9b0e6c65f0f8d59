//! What the browser says about the network and the page's life (issue 17): `online` and
//! `offline`, `pagehide` into and `pageshow` from the back/forward cache on `window`;
//! `freeze`, `resume` and `visibilitychange` on `document`. The listeners are owned by a Rust
//! value (STYLE.md habit 4): [`Lifecycle`] adds them (`listenLifecycle` in `js/glue.js`) and
//! dropping it removes them; a session holds one from `connect()` to `close()`.
//!
//! In the SharedWorker of `tabs: "share"` (`js/worker.js`) the same listeners go on the
//! worker's global scope: `online`/`offline` are there, `document` is not (left out, nothing
//! throws), and `pagehide`/`pageshow` with `persisted` are dispatched there by the worker when
//! every tab is in the back/forward cache and when one comes back. The one timer's lateness
//! (`timer.rs`) detects a sleep in the worker as in a page (tested by
//! `tests/e2e/tabs-worker.test.mjs`).
//!
//! No decision is taken here: each event becomes the engine's input as it is (`Offline`,
//! `Online`, `Suspend`) or, when the page comes back, `Resumed` with how long it was away,
//! measured on the wall clock (which counts a system sleep); what that means is decided in
//! `src/proto/engine/liveness.rs`.

use super::glue::listen_lifecycle;
use crate::proto::engine::Input;
use js_sys::Function;
use wasm_bindgen::prelude::*;

/// The page-life and network listeners of one session.
pub struct Lifecycle {
    remove: Function,
    /// Since when the page has been away (hidden, frozen or cached), on the wall clock in ms.
    since: Option<f64>,
}

impl std::fmt::Debug for Lifecycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lifecycle").field("since", &self.since).finish_non_exhaustive()
    }
}

impl Lifecycle {
    /// Adds the listeners; `on(kind)` (the session's callback, `pump::new_waker`) receives each
    /// event (the kinds of `listenLifecycle`, 0 to 7).
    pub fn new(on: &JsValue) -> Lifecycle {
        Lifecycle { remove: listen_lifecycle(on), since: None }
    }

    /// The engine input for event `kind` seen at `wall` (ms, `Date.now()`), if it is one: the
    /// page going away is only noted, its coming back is `Resumed` with the time away.
    pub fn input(&mut self, kind: u32, wall: f64) -> Option<Input<'static>> {
        let away = |since: Option<f64>| since.map_or(0, |s| (wall - s).max(0.0) as u64);
        match kind {
            0 => Some(Input::Offline),
            1 => Some(Input::Online),
            2 => {
                self.since.get_or_insert(wall);
                Some(Input::Suspend)
            }
            3 | 5 | 7 => Some(Input::Resumed { away_ms: away(self.since.take()) }),
            4 | 6 => {
                self.since.get_or_insert(wall);
                None
            }
            _ => None,
        }
    }
}

impl Drop for Lifecycle {
    fn drop(&mut self) {
        let _ = self.remove.call0(&JsValue::UNDEFINED);
    }
}
