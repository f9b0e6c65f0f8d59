//! JSON value equality: member order and number spelling do not matter.

use super::value::{Json, Map};

/// The members of `m` sorted by key, one per key: the last of duplicates (the one
/// `JSON.parse` keeps).
fn last_members(m: &Map) -> Vec<(&str, &Json)> {
    let key = |i: usize| m.get(i).map_or("", |(k, _)| k.as_str());
    let order = crate::proto::order::sorted_positions(m.len(), &|a, b| (key(a), a).cmp(&(key(b), b)));
    let mut out: Vec<(&str, &Json)> = Vec::with_capacity(order.len());
    for i in order {
        let Some((k, value)) = m.get(i) else { continue };
        let k = k.as_str();
        match out.last_mut() {
            // Sorted by (key, position): a later duplicate replaces the earlier one.
            Some(last) if last.0 == k => last.1 = value,
            _ => out.push((k, value)),
        }
    }
    out
}

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
                // One pass over both sides sorted by key (O(n log n), not a lookup per key:
                // a server's 300,000-member object must not freeze the page).
                let (sa, sb) = (last_members(a), last_members(b));
                sa.len() == sb.len() && sa.iter().zip(&sb).all(|((ka, va), (kb, vb))| ka == kb && va == vb)
            }
            _ => false,
        }
    }
}

/// A number's value for equality, when it is an integer (an optional `.0` allowed): its sign
/// and digits without leading zeros (`-0` is `0`). Other numbers compare by their text. No
/// number parsing code in the wasm build (neither floats nor `i128`).
fn number_value(text: &str) -> Option<(bool, &str)> {
    let t = text.strip_suffix(".0").unwrap_or(text);
    let (negative, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = digits.trim_start_matches('0');
    Some((negative && !digits.is_empty(), digits))
}
