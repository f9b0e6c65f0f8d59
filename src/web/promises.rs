//! Promises: each submitted command's `(resolve, reject)` by request id, and the waiters of
//! `connect()`. Entries are taken out while the session is borrowed and settled after the
//! borrow is released (STYLE.md habit 8), so a `then` that calls back into the session works.

use super::convert::to_js;
use super::error::AgentwireError;
use crate::proto::engine::{CloseReason, CommandError, ConnectionState, RequestId};
use crate::proto::wire::ResultData;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

/// The Promises a session has handed out and not yet settled.
#[derive(Debug, Default)]
pub struct Promises {
    /// Pending commands (a few at a time: a vector, no tree code).
    commands: Vec<(RequestId, Function, Function)>,
    /// `connect()` calls waiting for `ready` or `closed`.
    waiters: Vec<(Function, Function)>,
}

impl Promises {
    /// The Promise of command `id`, settled by the [`Settle`] that [`Promises::take`] returns.
    pub fn command(&mut self, id: RequestId) -> Promise {
        Promise::new(&mut |resolve, reject| self.commands.push((id, resolve, reject)))
    }

    /// A Promise of `connect()`, settled by the [`Waiters`] of [`Promises::reached`].
    pub fn connect(&mut self) -> Promise {
        Promise::new(&mut |resolve, reject| self.waiters.push((resolve, reject)))
    }

    /// Takes the Promise of command `id` (none when it came from elsewhere).
    pub fn take(&mut self, id: RequestId) -> Option<Settle> {
        let at = self.commands.iter().position(|p| p.0 == id)?;
        let (_, resolve, reject) = self.commands.swap_remove(at);
        Some(Settle { resolve, reject })
    }

    /// Takes the `connect()` Promises that reaching `state` settles: all of them on `ready`
    /// (resolved) and on `closed` (rejected with the reason, if any), none otherwise.
    pub fn reached(&mut self, state: ConnectionState, reason: Option<&CloseReason>) -> Waiters {
        let list = match state {
            ConnectionState::Ready | ConnectionState::Closed => std::mem::take(&mut self.waiters),
            _ => Vec::new(),
        };
        let reason = reason.filter(|_| state == ConnectionState::Closed).cloned();
        Waiters { list, reason }
    }
}

/// The `(resolve, reject)` of one command, taken out of the table.
#[derive(Debug)]
pub struct Settle {
    resolve: Function,
    reject: Function,
}

impl Settle {
    /// Resolves with the success data (or nothing), or rejects with `error`, the page's form of
    /// the result's error (an `AgentwireError`).
    pub fn settle(self, result: &Result<Option<ResultData>, CommandError>, error: Option<&JsValue>) {
        let _ = match (result, error) {
            (Ok(Some(data)), _) => self.resolve.call1(&JsValue::UNDEFINED, &to_js(&data.to_json())),
            (Ok(None), _) => self.resolve.call0(&JsValue::UNDEFINED),
            (Err(_), Some(e)) => self.reject.call1(&JsValue::UNDEFINED, e),
            (Err(_), None) => Ok(JsValue::UNDEFINED),
        };
    }
}

/// `connect()` Promises taken out of the table, with how they end.
#[derive(Debug)]
pub struct Waiters {
    list: Vec<(Function, Function)>,
    /// `Some`: rejected as `closed` with this reason; `None`: resolved.
    reason: Option<CloseReason>,
}

impl Waiters {
    /// Settles every one.
    pub fn settle(self) {
        for (resolve, reject) in self.list {
            let _ = match &self.reason {
                Some(r) => reject.call1(&JsValue::UNDEFINED, &AgentwireError::closed(r).into_js()),
                None => resolve.call0(&JsValue::UNDEFINED),
            };
        }
    }
}
