//! The JSON value: [`Json`], the ordered member list [`Map`], member lookup with [`get`], and
//! the small constructors and accessors the codec uses. Parsing, writing and equality are
//! in their own files.

/// An ordered list of object members. Kept as a vector: protocol objects have a handful of
/// members, order is preserved for faithful re-encoding, and lookups return the last
/// duplicate, as `JSON.parse` does.
pub type Map = Vec<(String, Json)>;

/// A JSON value.
#[derive(Clone, Debug, Default)]
pub enum Json {
    /// `null`
    #[default]
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, kept as its validated source text (no precision is lost, no float
    /// formatting code is linked).
    Number(Box<str>),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in source order.
    Object(Map),
}

/// The last member named `key` (the one `JSON.parse` keeps).
#[inline(never)]
pub fn get<'a>(map: &'a Map, key: &str) -> Option<&'a Json> {
    map.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

impl Json {
    /// An empty object, `{}`.
    pub fn object() -> Json {
        Json::Object(Vec::new())
    }

    /// A string value.
    pub fn str(s: impl Into<String>) -> Json {
        Json::String(s.into())
    }

    /// An integer value.
    pub fn int(n: i64) -> Json {
        let digits = crate::proto::text::decimal(n.unsigned_abs());
        Json::Number(if n < 0 { crate::proto::text::cat(&["-", &digits]) } else { digits }.into_boxed_str())
    }

    /// The member `key` when this is an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(m) => get(m, key),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, when this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The number as a non-negative integer, when it is one that fits.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(t) => crate::proto::text::parse_u64(t),
            _ => None,
        }
    }

    /// The name of this value's JSON type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }
}
