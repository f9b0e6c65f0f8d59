//! The model reads of `AgentSession` (snapshots of channels, groups, interactions, any object,
//! the reason lists, the address books, the whole model). The page's methods are JS (issue
//! 14), over the one export of the session's JS members (`__call`, `session.rs`): it takes
//! 8 + the method's index in `READS` of `js/entry.js` (the order of [`AgentSession::read`]'s
//! arms: `tests/tables.rs`), and `js/reads.d.ts` declares and documents them. One export
//! instead of nine: each wasm-bindgen export is a shim of its own in the wasm and a wrapper
//! in its JS.

use super::convert::{self, frozen, to_js};
use super::error::AgentwireError;
use super::glue::language;
use super::session::AgentSession;
use super::state::Shared;
use crate::proto::json::Json;
use crate::proto::model::{labels, Model};
use crate::proto::wire::ToJson;
use wasm_bindgen::prelude::*;

impl AgentSession {
    /// The model read `which` (its index in `READS` of `js/entry.js`, the order of these arms:
    /// `tests/tables.rs`), for the one export of the session's JS members
    /// ([`AgentSession::invoke`]): `target` the argument of `channel` and `object`, `options`
    /// that of `notReadyReasons` and `logoutReasons`.
    ///
    /// # Errors
    /// What the method throws: an `AgentwireError` for bad reason-list options.
    pub fn read(&self, which: u32, target: &str, options: &JsValue) -> Result<JsValue, JsValue> {
        Ok(match which {
            0 => self.channel(target),
            1 => self.object(target),
            2 => self.channels(),
            3 => self.channel_groups(),
            4 => self.interactions(),
            5 => self.not_ready_reasons(options)?,
            6 => self.logout_reasons(options)?,
            7 => self.address_books(),
            8 => self.get_snapshot(),
            _ => JsValue::UNDEFINED,
        })
    }
}

impl AgentSession {
    fn model_json(&self, f: impl FnOnce(&Model) -> Json) -> JsValue {
        let v = f(self.inner().state().engine.model());
        to_js(&v)
    }

    /// `channels()`: plain JS snapshots of every channel.
    pub fn channels(&self) -> JsValue {
        self.model_json(|m| Json::Array(m.channels().values().map(ToJson::to_json).collect()))
    }

    /// `channel(target)`: the channel with this target, or `undefined`.
    pub fn channel(&self, target: &str) -> JsValue {
        let v = self.inner().state().engine.model().channel(target).map(ToJson::to_json);
        v.map_or(JsValue::UNDEFINED, |j| to_js(&j))
    }

    /// `channelGroups()`: snapshots of the channel groups.
    pub fn channel_groups(&self) -> JsValue {
        self.model_json(|m| Json::Array(m.groups().values().map(ToJson::to_json).collect()))
    }

    /// `interactions()`: snapshots of the interactions, each with its `conversations`.
    pub fn interactions(&self) -> JsValue {
        self.model_json(|m| Json::Array(m.interactions().values().map(|i| m.interaction_json(i)).collect()))
    }

    /// `object(target)`: the snapshot of any object by target, or `null`.
    pub fn object(&self, target: &str) -> JsValue {
        let v = self.inner().state().engine.model().object_json(target);
        v.map_or(JsValue::NULL, |j| to_js(&j))
    }

    /// `notReadyReasons(options)`: the not-ready reasons, each with the `label` for `locale`.
    ///
    /// # Errors
    /// An `AgentwireError` (`invalidArgument`) for options that are not an object or a
    /// `locale` that is not a string.
    pub fn not_ready_reasons(&self, options: &JsValue) -> Result<JsValue, JsValue> {
        let locale = self.locale(options)?;
        Ok(self.model_json(|m| labels::not_ready_json(m.not_ready_reasons(), locale.as_deref())))
    }

    /// `logoutReasons(options)`: the logout reasons, labels chosen as for the not-ready ones.
    ///
    /// # Errors
    /// As [`AgentSession::not_ready_reasons`].
    pub fn logout_reasons(&self, options: &JsValue) -> Result<JsValue, JsValue> {
        let locale = self.locale(options)?;
        Ok(self.model_json(|m| labels::logout_json(m.logout_reasons(), locale.as_deref())))
    }

    /// `addressBooks()`: the address books from the last request or update.
    pub fn address_books(&self) -> JsValue {
        self.model_json(|m| m.address_books().to_vec().to_json())
    }

    /// `getSnapshot()`: an immutable (deep-frozen) snapshot of the whole model and the
    /// connection state, the same object until something changed; its reason lists
    /// display-ready (`label` for the `locale` option, else the browser's language).
    pub fn get_snapshot(&self) -> JsValue {
        let mut i = self.inner().state_mut();
        let key = (i.engine.model().version(), i.epoch);
        if let Some((k, v)) = &i.snapshot {
            if *k == key {
                return v.clone();
            }
        }
        let mut j = i.engine.model().to_json();
        let locale = i.locale.clone().or_else(language);
        let m = i.engine.model();
        labels::localise(&mut j, m.not_ready_reasons(), m.logout_reasons(), locale.as_deref());
        if let Json::Object(m) = &mut j {
            let mut head = vec![
                ("connectionState".into(), Json::str(i.engine.state().as_str())),
                ("id".into(), i.engine.session_id().map_or(Json::Null, Json::str)),
            ];
            head.append(m);
            *m = head;
        }
        let v = frozen(&j);
        i.snapshot = Some((key, v.clone()));
        v
    }

    /// The locale of a reason list: `options.locale`, else the session's `locale` option,
    /// else the browser's language.
    fn locale(&self, options: &JsValue) -> Result<Option<String>, JsValue> {
        convert::options(options, "options").map_err(AgentwireError::into_js)?;
        match convert::opt_string(options, "locale").map_err(AgentwireError::into_js)? {
            Some(l) => Ok(Some(l)),
            None => Ok(self.inner().state().locale.clone().or_else(language)),
        }
    }
}
