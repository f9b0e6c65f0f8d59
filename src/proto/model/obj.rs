//! [`Obj`]: one JSON object built member by member (the snapshots, the reason entries): one
//! copy of the code that makes a member, not one inlined per member.

use crate::proto::json::{Json, Map};

/// Builds one snapshot object, member by member, in the order the page sees them.
pub(super) struct Obj(Map);

impl Obj {
    pub(super) fn new() -> Obj {
        Obj(Vec::with_capacity(8))
    }
    pub(super) fn s(&mut self, k: &str, v: &str) -> &mut Obj {
        self.os(k, Some(v))
    }
    #[inline(never)]
    pub(super) fn os(&mut self, k: &str, v: Option<&str>) -> &mut Obj {
        self.j(k, v.map_or(Json::Null, Json::str))
    }
    pub(super) fn b(&mut self, k: &str, v: bool) -> &mut Obj {
        self.j(k, Json::Bool(v))
    }
    #[inline(never)]
    pub(super) fn j(&mut self, k: &str, v: Json) -> &mut Obj {
        self.0.push((k.into(), v));
        self
    }
    /// The object (this builder is left empty).
    pub(super) fn done(&mut self) -> Json {
        Json::Object(std::mem::take(&mut self.0))
    }
}
