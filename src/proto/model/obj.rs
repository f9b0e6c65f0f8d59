//! [`Obj`]: one JSON object built member by member (the snapshots, the reason entries): one
//! copy of the code that makes a member, not one inlined per member.

use crate::proto::json::{Json, Map};

/// Builds one snapshot object, member by member, in the order the page sees them.
pub(super) struct Obj(Map);

impl Obj {
    pub(super) fn new() -> Obj {
        Obj(Vec::with_capacity(8))
    }
    pub(super) fn s(mut self, k: &str, v: &str) -> Obj {
        self.0.push((k.into(), Json::str(v)));
        self
    }
    pub(super) fn os(self, k: &str, v: Option<&str>) -> Obj {
        self.j(k, v.map_or(Json::Null, Json::str))
    }
    pub(super) fn b(self, k: &str, v: bool) -> Obj {
        self.j(k, Json::Bool(v))
    }
    pub(super) fn j(mut self, k: &str, v: Json) -> Obj {
        self.0.push((k.into(), v));
        self
    }
    pub(super) fn done(self) -> Json {
        Json::Object(self.0)
    }
}
