//! JSON value equality: member order and number spelling do not matter.

use super::value::{get, Json, Map};

impl PartialEq for Json {
    /// JSON value equality: objects compare as sets of members (order does not matter; for a
    /// duplicated key the last one counts), numbers compare by value.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Json::Null, Json::Null) => true,
            (Json::Bool(a), Json::Bool(b)) => a == b,
            (Json::Number(a), Json::Number(b)) => a == b || number_value(a).is_some_and(|x| Some(x) == number_value(b)),
            (Json::String(a), Json::String(b)) => a == b,
            (Json::Array(a), Json::Array(b)) => a == b,
            (Json::Object(a), Json::Object(b)) => {
                fn keys(m: &Map) -> Vec<&str> {
                    let mut k: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
                    k.sort_unstable();
                    k.dedup();
                    k
                }
                let ka = keys(a);
                ka == keys(b) && ka.iter().all(|k| get(a, k) == get(b, k))
            }
            _ => false,
        }
    }
}

/// A number's value for equality: integers compare exactly; other numbers compare by a
/// normalised text (no float parsing code in the wasm build).
fn number_value(text: &str) -> Option<i128> {
    text.parse::<i128>().ok().or_else(|| {
        let t = text.strip_suffix(".0").unwrap_or(text);
        t.parse::<i128>().ok()
    })
}
