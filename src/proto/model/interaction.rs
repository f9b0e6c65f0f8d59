//! Interactions and their conversations: creation, state (ENDED keeps an interaction for a
//! while, COMPLETED removes it), preview, attached data, focus, members, and removal with
//! everything under them.

use super::budget::{json_bytes, list_bytes};
use super::change::{set, set_ref, set_text, ChangeKind, Changes, ObjectKind};
use super::error::{unknown, wrong_kind, ApplyError};
use super::objects::{Conversation, Interaction, InteractionState};
use super::state::Model;
use crate::proto::json::{Json, Map};
use crate::proto::order::take;
use crate::proto::target;
use crate::proto::wire::schema::text;
use crate::proto::wire::{id_of, InteractionData, MemberAdded, StateRef};

impl Model {
    /// The target of the object a creation event announces. PROTOCOL.md infers that
    /// `interaction.created` and `conversation.created` target the new object itself (its id
    /// also in `data`); a server may instead target the parent, as `channel.created` does,
    /// with the new id in `data`. Both readings are accepted (issue 15, item 7): an event
    /// whose target is an object of the parent's kind announces its child `id`.
    ///
    /// With the target, the kind of object it names already, if any (one lookup of an own
    /// target, not three).
    ///
    /// # Errors
    /// An invalid id, or an own target whose last segment is not the id.
    pub(super) fn creation_target(
        &self,
        t: &str,
        id: &str,
        parent: ObjectKind,
    ) -> Result<(String, Option<ObjectKind>), ApplyError> {
        target::validate_id(id)?;
        let found = self.resolve(t);
        if found == Some(parent) {
            let child = target::child(t, id)?;
            let found = self.resolve(&child);
            return Ok((child, found));
        }
        if target::last(t) != id {
            return Err(ApplyError::IdMismatch { target: t.to_owned(), id: id.to_owned() });
        }
        Ok((t.to_owned(), found))
    }

    /// `interaction.created` on `t`, a child of a channel (`kind` Interaction), or
    /// `conversation.created` on `t`, a child of an interaction (`kind` Conversation): one
    /// code for both, which differ only in their objects' members.
    pub(super) fn child_created(&mut self, kind: ObjectKind, t: &str, d: &Json) -> Result<Changes, ApplyError> {
        let interaction = kind == ObjectKind::Interaction;
        let parent_kind = if interaction { ObjectKind::Channel } else { ObjectKind::Interaction };
        let (own, found) = self.creation_target(t, id_of(d), parent_kind)?;
        let t = own.as_str();
        let parent = target::parent(t).unwrap_or_default();
        match self.resolve(parent) {
            Some(k) if k == parent_kind => {}
            Some(k) => return Err(wrong_kind(parent, parent_kind, k)),
            None => return Err(unknown(parent)),
        }
        let (a, b) = if interaction { (text(d, "type"), text(d, "direction")) } else { (text(d, "kind"), None) };
        let existing = if interaction {
            self.interactions.get_mut(t).map(|i| {
                let c = a.is_some() && set_text(&mut i.kind, a);
                c | (b.is_some() && set_text(&mut i.direction, b))
            })
        } else {
            self.conversations.get_mut(t).map(|cv| a.is_some() && set_text(&mut cv.kind, a))
        };
        if let Some(c) = existing {
            self.mark_seen(t);
            return Ok(self.updated_if(c, kind, t));
        }
        if let Some(k) = found {
            return Err(wrong_kind(t, kind, k));
        }
        let (len, limit, what) = if interaction {
            (self.interactions.len(), self.limits.interactions, "interactions")
        } else {
            (self.conversations.len(), self.limits.conversations, "conversations")
        };
        if len >= limit {
            return Err(ApplyError::LimitExceeded { what, limit });
        }
        // The change first: the target then moves into the object (not copied again).
        let out = self.changed(ChangeKind::Added, kind, &own);
        let target = own;
        if interaction {
            self.interactions.insert(Interaction {
                target,
                kind: a.map(String::from),
                direction: b.map(String::from),
                state: None,
                data: Vec::new(),
                data_bytes: 0,
                focus: None,
                recording: None,
                previewed: false,
                initialized: false,
            });
        } else {
            self.conversations.insert(Conversation {
                target,
                kind: a.map(String::from),
                state: None,
                members: Vec::new(),
                data_bytes: 0,
                initialized: false,
            });
        }
        // (Its target, as the change holds it: the object is in the model now.)
        if let Some(c) = out.first() {
            self.mark_seen(&c.target);
        }
        Ok(out)
    }

    /// `state.updated` on the interaction `t` (with its recording state, when sent).
    pub(super) fn interaction_state(&mut self, t: &str, d: &StateRef<'_>) -> Changes {
        let st = InteractionState::parse(&d.state);
        if st == InteractionState::Completed {
            return self.remove(ObjectKind::Interaction, t);
        }
        let ended = st == InteractionState::Ended;
        let mut c = false;
        if let Some(i) = self.interactions.get_mut(t) {
            c = set(&mut i.state, Some(st));
            if !d.same_recording(&i.recording) {
                i.recording = d.recording.as_deref().map(String::from);
                c = true;
            }
        }
        let mut out = self.updated_if(c, ObjectKind::Interaction, t);
        if ended {
            out.extend(self.interaction_ended(t));
        }
        out
    }

    /// `interaction.datachanged` on the interaction `t`: the changes are merged into its data.
    pub(super) fn interaction_data_changed(&mut self, t: &str, d: &InteractionData) -> Result<Changes, ApplyError> {
        let limit = self.limits.data_keys;
        let mut c = false;
        if let Some(i) = self.interactions.get_mut(t) {
            let mut data = i.data.clone();
            merge(&mut data, d.data());
            if data.len() > limit {
                return Err(ApplyError::LimitExceeded { what: "attached-data keys", limit });
            }
            c = set(&mut i.data, data);
            i.data_bytes = i.data.iter().map(|(k, v)| 24 + k.len() + json_bytes(v)).sum();
        }
        Ok(self.data_changed(c, ObjectKind::Interaction, t))
    }

    /// `interaction.focuschanged` on the interaction `t`.
    pub(super) fn interaction_focus_changed(&mut self, t: &str, conversation: &str) -> Result<Changes, ApplyError> {
        target::validate_id(conversation)?;
        let c = self.interactions.get_mut(t).is_some_and(|i| set_text(&mut i.focus, Some(conversation)));
        Ok(self.updated_if(c, ObjectKind::Interaction, t))
    }

    /// `interaction.ended` (or state ENDED): the interaction stays, ENDED, without
    /// conversations (PROTOCOL.md 3.5: none remain once ENDED), until COMPLETED or until
    /// [`Limits::ended_interactions`](super::limits::Limits::ended_interactions) newer ones
    /// push it out.
    pub(super) fn interaction_ended(&mut self, t: &str) -> Changes {
        let mut out = Vec::new();
        self.remove_under(ObjectKind::Conversation, t, &mut out);
        let c = self.interactions.get_mut(t).is_some_and(|i| set(&mut i.state, Some(InteractionState::Ended)));
        if c {
            self.note(&mut out, ChangeKind::Updated, ObjectKind::Interaction, t);
        }
        if !self.ended.iter().any(|e| e == t) {
            self.ended.push(t.to_owned());
        }
        while self.ended.len() > self.limits.ended_interactions {
            if let Some(old) = take(&mut self.ended, 0) {
                out.extend(self.remove(ObjectKind::Interaction, &old));
            }
        }
        out
    }

    /// `state.updated` on the conversation `t`.
    pub(super) fn conversation_state(&mut self, t: &str, state: &str) -> Changes {
        let c =
            self.conversations.get_mut(t).is_some_and(|cv| set(&mut cv.state, Some(InteractionState::parse(state))));
        self.updated_if(c, ObjectKind::Conversation, t)
    }

    /// `conversation.member.added` on the conversation `t`: a new member, or new facts about
    /// a known one.
    pub(super) fn member_added(&mut self, t: &str, d: &MemberAdded) -> Result<Changes, ApplyError> {
        let limit = self.limits.members;
        let mut c = false;
        if let Some(cv) = self.conversations.get_mut(t) {
            let full = cv.members.len() >= limit;
            let member = d.member();
            match cv.members.iter_mut().find(|m| id_of(m) == id_of(member)) {
                Some(m) => c = set_ref(m, member),
                None if full => return Err(ApplyError::LimitExceeded { what: "members in a conversation", limit }),
                None => {
                    cv.members.push(member.clone());
                    c = true;
                }
            }
            cv.data_bytes = list_bytes(&cv.members);
        }
        Ok(self.data_changed(c, ObjectKind::Conversation, t))
    }
}

/// Merges `changes` into `data`: existing keys are replaced in place, new ones appended.
fn merge(data: &mut Map, changes: &[(String, Json)]) {
    for (k, v) in changes {
        match data.iter_mut().find(|(dk, _)| dk == k) {
            Some((_, dv)) => *dv = v.clone(),
            None => data.push((k.clone(), v.clone())),
        }
    }
}
