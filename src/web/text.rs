//! Core messages ([`Msg`]: a code and its arguments) into text for the page, composed by
//! the JS glue's table (`compose` in `js/events.js`): the wasm has no formatting code (issue 14).

use super::glue::compose;
use crate::proto::text::{Arg, Msg};
use wasm_bindgen::prelude::*;

/// The text of `m`.
pub fn text(m: &Msg) -> String {
    compose(&to_array(m))
}

/// `[code, ...args]`, nested messages as arrays of their own, numbers as JS numbers.
pub fn to_array(m: &Msg) -> js_sys::Array {
    let a = js_sys::Array::new();
    a.push(&JsValue::from(m.code as u32));
    for arg in &m.args {
        a.push(&match arg {
            Arg::Str(s) => JsValue::from_str(s),
            Arg::Num(n) => JsValue::from_f64(*n as f64),
            Arg::Msg(m) => to_array(m).into(),
        });
    }
    a
}
