//! Channel groups and channels: their creation (a group the server never announced is
//! created from a channel's target), state, agent status and last reason, dispositions,
//! scripts, and their removal with everything under them.

use super::budget::list_bytes;
use super::change::{set_text, set_vec, ChangeKind, Changes, ObjectKind};
use super::error::{unknown, wrong_kind, ApplyError};
use super::objects::{Channel, ChannelGroup};
use super::state::Model;
use crate::proto::json::{same, Json};
use crate::proto::target;
use crate::proto::wire::schema::text;
use crate::proto::wire::{id_of, ChannelGroupCreated, ChannelInfoRef, ChannelState, Dispositions, Scripts};

impl Model {
    /// Records a `getscripts` result on its channel.
    pub fn set_scripts(&mut self, channel: &str, scripts: &Scripts) -> Changes {
        let c = self.channels.get_mut(channel).is_some_and(|c| match &mut c.scripts {
            Some(s) => set_vec(s, scripts.items()),
            None => {
                c.scripts = Some(scripts.items().to_vec());
                true
            }
        });
        self.channel_data_changed(c, channel)
    }

    /// After a channel's dispositions or scripts were set: their size, and the budget.
    fn channel_data_changed(&mut self, c: bool, t: &str) -> Changes {
        if let Some(ch) = self.channels.get_mut(t) {
            ch.data_bytes = list_bytes(&ch.dispositions) + ch.scripts.as_deref().map_or(0, list_bytes);
        }
        self.data_changed(c, ObjectKind::Channel, t)
    }

    /// `channelgroup.created` on the session `t`.
    pub(super) fn channel_group_created(&mut self, t: &str, d: &ChannelGroupCreated) -> Result<Changes, ApplyError> {
        let g = d.channelgroup();
        let gt = target::child(t, id_of(g))?;
        let out = self.upsert_group(&gt, text(g, "name"));
        if out.is_ok() {
            self.mark_seen(&gt);
        }
        out
    }

    fn upsert_group(&mut self, gt: &str, name: Option<&str>) -> Result<Changes, ApplyError> {
        if let Some(g) = self.groups.get_mut(gt) {
            let c = name.is_some() && set_text(&mut g.name, name);
            return Ok(self.updated_if(c, ObjectKind::ChannelGroup, gt));
        }
        if let Some(k) = self.resolve(gt) {
            return Err(wrong_kind(gt, ObjectKind::ChannelGroup, k));
        }
        if self.groups.len() + self.channels.len() >= self.limits.channels {
            return Err(ApplyError::LimitExceeded { what: "channels and groups", limit: self.limits.channels });
        }
        self.groups.insert(ChannelGroup {
            target: gt.to_owned(),
            name: name.map(String::from),
            state: None,
            initialized: false,
        });
        Ok(self.changed(ChangeKind::Added, ObjectKind::ChannelGroup, gt))
    }

    /// `state.updated` on the group `t`.
    pub(super) fn group_state(&mut self, t: &str, state: &str) -> Changes {
        let c = self.groups.get_mut(t).is_some_and(|g| set_text(&mut g.state, Some(state)));
        self.updated_if(c, ObjectKind::ChannelGroup, t)
    }

    /// `channel.created` on `t`, the session (`is_session`) or a group; `found` is what `t`
    /// resolved to.
    pub(super) fn channel_created(
        &mut self,
        t: &str,
        is_session: bool,
        found: Option<ObjectKind>,
        d: &Json,
    ) -> Result<Changes, ApplyError> {
        let mut out = Vec::new();
        let ct = target::child(t, id_of(d))?;
        // The target is the session (stand-alone channel) or a group. A group the server
        // never announced (`channelgroup.created` is INFERRED) is created from the target,
        // which must then be a direct child of the session. Everything is checked before
        // anything is inserted, so a rejected event changes nothing.
        let implicit_group = match found {
            _ if is_session => false,
            Some(ObjectKind::ChannelGroup) => false,
            Some(k) => return Err(wrong_kind(t, ObjectKind::ChannelGroup, k)),
            None if target::parent(t) == self.session_id() => true,
            None => return Err(unknown(t)),
        };
        let new_channel = match self.resolve(&ct) {
            Some(ObjectKind::Channel) => false,
            Some(k) => return Err(wrong_kind(&ct, ObjectKind::Channel, k)),
            None => true,
        };
        let needed = usize::from(implicit_group) + usize::from(new_channel);
        if self.groups.len() + self.channels.len() + needed > self.limits.channels {
            return Err(ApplyError::LimitExceeded { what: "channels and groups", limit: self.limits.channels });
        }
        if implicit_group {
            out.extend(self.upsert_group(t, None)?);
        }
        let (name, kind, model_type) = (text(d, "name"), text(d, "type"), text(d, "modelType"));
        if let Some(ch) = self.channels.get_mut(&ct) {
            let mut c = set_text(&mut ch.name, name);
            c |= set_text(&mut ch.kind, kind);
            c |= set_text(&mut ch.model_type, model_type);
            if c {
                self.note(&mut out, ChangeKind::Updated, ObjectKind::Channel, &ct);
            }
            self.mark_seen(&ct);
            return Ok(out);
        }
        self.channels.insert(Channel {
            target: ct.clone(),
            grouped: !is_session,
            name: name.map(String::from),
            kind: kind.map(String::from),
            model_type: model_type.map(String::from),
            state: ChannelState::Inactive,
            agent_status: None,
            initialized: false,
            dispositions: Vec::new(),
            scripts: None,
            data_bytes: 0,
        });
        self.note(&mut out, ChangeKind::Added, ObjectKind::Channel, &ct);
        self.mark_seen(&ct);
        Ok(out)
    }

    /// `channel.infochanged` on the channel `t`: its state, the agent's status and last reason.
    pub(super) fn channel_info_changed(&mut self, t: &str, d: &ChannelInfoRef<'_>) -> Changes {
        let mut c = false;
        if let Some(ch) = self.channels.get_mut(t) {
            if let Some(s) = &d.state {
                c |= channel_state(&mut ch.state, s);
            }
            if let Some(a) = &d.agent_status {
                if !ch.agent_status.as_ref().is_some_and(|s| a.matches(s)) {
                    ch.agent_status = Some(a.clone().into_owned());
                    c = true;
                }
            }
        }
        self.updated_if(c, ObjectKind::Channel, t)
    }

    /// The disposition codes of the channel `t` were announced.
    pub(super) fn dispositions_updated(&mut self, t: &str, d: &Dispositions) -> Changes {
        let c = self.channels.get_mut(t).is_some_and(|ch| set_vec(&mut ch.dispositions, d.items()));
        self.channel_data_changed(c, t)
    }

    /// `state.updated` on the channel `t`.
    pub(super) fn channel_state(&mut self, t: &str, state: &str) -> Changes {
        let c = self.channels.get_mut(t).is_some_and(|ch| channel_state(&mut ch.state, state));
        self.updated_if(c, ObjectKind::Channel, t)
    }
}

/// Sets a channel's state to the one written `s` when it differs (parsing only then).
fn channel_state(slot: &mut ChannelState, s: &str) -> bool {
    if same(slot.as_str(), s) {
        false
    } else {
        *slot = ChannelState::parse(s);
        true
    }
}
