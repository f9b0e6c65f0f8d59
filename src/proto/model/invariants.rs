//! The model's structural invariants, checked by tests and the fuzzer.

use super::state::Model;
use crate::proto::target;

impl Model {
    /// Checks the model's structural invariants: every object belongs to the session and to
    /// a parent that exists. Used by tests and the fuzzer.
    ///
    /// # Errors
    /// The first broken invariant, described.
    pub fn check_invariants(&self) -> Result<(), String> {
        let Some(sid) = self.session_id() else {
            return if self.channels.is_empty() && self.groups.is_empty() && self.interactions.is_empty() {
                Ok(())
            } else {
                Err("objects without a session".into())
            };
        };
        for (t, g) in self.groups.iter() {
            if target::parent(t) != Some(sid) || g.target != *t {
                return Err(format!("group {t} is not a child of session {sid}"));
            }
        }
        for (t, c) in self.channels.iter() {
            let parent = target::parent(t).unwrap_or_default();
            let ok_parent = match c.group() {
                None => parent == sid,
                Some(g) => g == parent && self.groups.contains_key(g),
            };
            if !ok_parent || c.target != *t {
                return Err(format!("channel {t} has no valid parent"));
            }
        }
        for (t, i) in self.interactions.iter() {
            if !self.channels.contains_key(i.channel()) || i.target != *t {
                return Err(format!("interaction {t} has no channel"));
            }
        }
        for (t, c) in self.conversations.iter() {
            if !self.interactions.contains_key(c.interaction()) || c.target != *t {
                return Err(format!("conversation {t} has no interaction"));
            }
        }
        Ok(())
    }
}
