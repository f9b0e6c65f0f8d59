//! JS ⇄ Rust conversions in one place (STYLE.md habit 5): reading options and command
//! arguments from plain JS objects with typed `invalidArgument` errors, and turning core JSON
//! into JS values (through the engine's own encoder and the browser's `JSON.parse`, which is
//! both smaller and faster than building objects property by property across the boundary),
//! deep-frozen where the page gets a snapshot.

use super::error::AgentwireError;
use super::glue::deep_freeze;
use crate::proto::json::Json;
use crate::proto::text::{Code, Msg};
use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;

/// `JSON.parse` of text the core wrote (always valid JSON).
pub fn parse_json_text(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// A core JSON value as a JS value.
pub fn to_js(v: &Json) -> JsValue {
    parse_json_text(&v.to_json_string())
}

/// A deep-frozen JS value of core JSON (a snapshot other subscribers share).
pub fn frozen(v: &Json) -> JsValue {
    deep_freeze(&to_js(v))
}

/// A JS value as core JSON (`JSON.stringify`, then the core's parser).
pub fn from_js(v: &JsValue, argument: &str) -> Result<Json, AgentwireError> {
    if v.is_undefined() {
        return Ok(Json::object());
    }
    let text = JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| AgentwireError::bad(Code::NotSerialisable, argument))?;
    Json::parse(&text)
        .map_err(|e| AgentwireError::invalid(argument, Msg::new(Code::InMessage).arg(argument).arg(e.msg())))
}

/// `obj[key]` (undefined when `obj` is not an object).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() {
        Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// Checks that an options argument is an object or absent.
pub fn options(v: &JsValue, argument: &str) -> Result<(), AgentwireError> {
    if v.is_undefined() || v.is_null() || (v.is_object() && !js_sys::Array::is_array(v)) {
        Ok(())
    } else {
        Err(AgentwireError::bad(Code::MustBeObject, argument))
    }
}

/// An optional string member.
pub fn opt_string(obj: &JsValue, key: &str) -> Result<Option<String>, AgentwireError> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| AgentwireError::bad(Code::MustBeString, key))
}

/// A required, non-empty string member.
pub fn req_string(obj: &JsValue, key: &str) -> Result<String, AgentwireError> {
    match opt_string(obj, key)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        Some(_) => Err(AgentwireError::bad(Code::MustNotBeEmpty, key)),
        None => Err(AgentwireError::bad(Code::IsRequired, key)),
    }
}

/// An optional non-negative whole number of milliseconds (or count).
pub fn opt_u64(obj: &JsValue, key: &str) -> Result<Option<u64>, AgentwireError> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if (0.0..=9.0e15).contains(&n) => Ok(Some(n as u64)),
        _ => Err(AgentwireError::bad(Code::MustBeNumber, key)),
    }
}

/// An optional boolean member.
pub fn opt_bool(obj: &JsValue, key: &str) -> Result<Option<bool>, AgentwireError> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_bool().map(Some).ok_or_else(|| AgentwireError::bad(Code::MustBeBoolean, key))
}

/// The target of an object argument: a target string, or a snapshot with a `target`.
pub fn target_arg(v: &JsValue, what: &str) -> Result<String, AgentwireError> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    match get(v, "target").as_string() {
        Some(s) => Ok(s),
        None => Err(AgentwireError::invalid("target", Msg::new(Code::TargetOrObject).arg(what))),
    }
}
