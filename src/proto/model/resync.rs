//! Resync: reconciling with the snapshot a server re-announces after a reconnect. Every
//! target an event names during a resync counts as seen; [`Model::end_resync`] removes what
//! was not.

use super::change::{set, Changes, ObjectKind};
use super::state::Model;
use crate::proto::order::sink;
use crate::proto::target;

impl Model {
    /// Starts reconciling with a re-announced snapshot (after a reconnect): objects not
    /// announced again before [`Model::end_resync`] are removed then.
    pub fn begin_resync(&mut self) -> Changes {
        self.seen = Some(Vec::new());
        let sid = self.session_id().unwrap_or_default().to_owned();
        let c = self.session.as_mut().is_some_and(|s| set(&mut s.initialized, false));
        self.updated_if(c, ObjectKind::Session, &sid)
    }

    /// Whether a resync is under way.
    pub fn resyncing(&self) -> bool {
        self.seen.is_some()
    }

    /// How many targets the open resync has recorded as announced (never more than the
    /// objects the model holds).
    pub fn resync_recorded(&self) -> usize {
        self.seen.as_ref().map_or(0, Vec::len)
    }

    /// Ends a resync: removes every object the server did not announce again.
    pub fn end_resync(&mut self) -> Changes {
        let Some(seen) = self.seen.take() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for kind in [ObjectKind::Conversation, ObjectKind::Interaction, ObjectKind::Channel, ObjectKind::ChannelGroup] {
            for t in self.targets(kind, &|t| seen.binary_search_by(|x| x.as_str().cmp(t)).is_err()) {
                out.extend(self.remove(kind, &t));
            }
        }
        out
    }

    /// During a resync, records that `target` (and so each of its ancestors) was announced:
    /// every applied event's target, and a creation event's new object (its handler records
    /// that one, the target it resolved). Only objects the model holds are recorded (the
    /// nearest one at or above `target`), so what a server names cannot grow the record
    /// beyond the model itself (issue 15, item 1).
    pub(super) fn mark_seen(&mut self, target: &str) {
        if self.seen.is_none() {
            return;
        }
        let mut t = Some(target);
        while let Some(x) = t {
            if self.resolve(x).is_some() {
                break;
            }
            t = target::parent(x);
        }
        if let (Some(seen), Some(mut t)) = (&mut self.seen, t) {
            loop {
                match seen.binary_search_by(|x| x.as_str().cmp(t)) {
                    Ok(_) => break,
                    Err(i) => {
                        seen.push(t.to_owned());
                        sink(seen, i);
                    }
                }
                match target::parent(t) {
                    Some(p) => t = p,
                    None => break,
                }
            }
        }
    }
}
