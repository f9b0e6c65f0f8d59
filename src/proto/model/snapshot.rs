//! Snapshots: the JSON the JS API hands to the page (camelCase), for the whole model, for one
//! object by target, and for each kind of object.

use super::change::ObjectKind;
use super::obj::Obj;
use super::objects::{AgentLeg, Channel, ChannelGroup, Conversation, Interaction, InteractionState, Session};
use super::state::Model;
use crate::proto::json::Json;
use crate::proto::target;
use crate::proto::wire::ToJson;

impl Model {
    /// An interaction's snapshot with its conversations inside (`conversations: [...]`).
    pub fn interaction_json(&self, i: &Interaction) -> Json {
        let mut v = i.to_json();
        if let Json::Object(m) = &mut v {
            let t = i.target.as_str();
            m.push(("conversations".into(), self.list(ObjectKind::Conversation, &|c| target::parent(c) == Some(t))));
        }
        v
    }

    /// The snapshot of the object at `target`, whatever its kind.
    pub fn object_json(&self, target: &str) -> Option<Json> {
        self.kind_json(self.resolve(target)?, target)
    }

    /// The snapshot of the object of `kind` at `target` (one code for every kind: the lists
    /// of the whole snapshot are made of it too).
    fn kind_json(&self, kind: ObjectKind, target: &str) -> Option<Json> {
        Some(match kind {
            ObjectKind::Session => self.session.as_ref()?.to_json(),
            ObjectKind::ChannelGroup => self.groups.get(target)?.to_json(),
            ObjectKind::Channel => self.channels.get(target)?.to_json(),
            ObjectKind::Interaction => self.interaction_json(self.interactions.get(target)?),
            ObjectKind::Conversation => self.conversations.get(target)?.to_json(),
            _ => return None,
        })
    }

    /// The snapshots of the objects of `kind` for which `keep` holds, in target order.
    fn list(&self, kind: ObjectKind, keep: &dyn Fn(&str) -> bool) -> Json {
        Json::Array(self.targets(kind, keep).iter().filter_map(|t| self.kind_json(kind, t)).collect())
    }

    /// The whole model as one JSON snapshot (the shape the JS API returns).
    pub fn to_json(&self) -> Json {
        let all = |kind| self.list(kind, &|_| true);
        Obj::new()
            .j("session", self.session.as_ref().map_or(Json::Null, ToJson::to_json))
            .j("channelGroups", all(ObjectKind::ChannelGroup))
            .j("channels", all(ObjectKind::Channel))
            .j("interactions", all(ObjectKind::Interaction))
            .j("conversations", all(ObjectKind::Conversation))
            .j("notReadyReasons", Json::Array(self.not_ready_reasons.clone()))
            .j("logoutReasons", Json::Array(self.logout_reasons.clone()))
            .j("addressBooks", Json::Array(self.address_books.clone()))
            .done()
    }
}

impl ToJson for Session {
    fn to_json(&self) -> Json {
        let (leg, err) = match &self.agent_leg {
            AgentLeg::Unknown => (None, None),
            AgentLeg::Connected => (Some("connected"), None),
            AgentLeg::Disconnected => (Some("disconnected"), None),
            AgentLeg::Failed(e) => (Some("failed"), Some(e.as_str())),
        };
        Obj::new()
            .s("id", &self.id)
            .b("initialized", self.initialized)
            .os("agentLeg", leg)
            .os("agentLegError", err)
            .done()
    }
}

impl ToJson for ChannelGroup {
    fn to_json(&self) -> Json {
        Obj::new()
            .s("id", self.id())
            .s("target", &self.target)
            .os("name", self.name.as_deref())
            .os("state", self.state.as_deref())
            .b("initialized", self.initialized)
            .done()
    }
}

impl ToJson for Channel {
    fn to_json(&self) -> Json {
        let (status, code, name) = match &self.agent_status {
            Some(a) => (Some(a.status.as_str()), a.last_reason_code.as_deref(), a.last_reason_name.as_deref()),
            None => (None, None, None),
        };
        Obj::new()
            .s("id", self.id())
            .s("target", &self.target)
            .os("group", self.group())
            .os("name", self.name.as_deref())
            .os("type", self.kind.as_deref())
            .os("modelType", self.model_type.as_deref())
            .s("state", self.state.as_str())
            .os("agentStatus", status)
            .os("lastReasonCode", code)
            .os("lastReasonName", name)
            .b("initialized", self.initialized)
            .j("dispositions", Json::Array(self.dispositions.clone()))
            .j("scripts", self.scripts.clone().map_or(Json::Null, Json::Array))
            .done()
    }
}

impl ToJson for Interaction {
    fn to_json(&self) -> Json {
        Obj::new()
            .s("id", self.id())
            .s("target", &self.target)
            .s("channel", self.channel())
            .os("type", self.kind.as_deref())
            .os("direction", self.direction.as_deref())
            .os("state", self.state.as_ref().map(InteractionState::as_str))
            .j("data", Json::Object(self.data.clone()))
            .os("focus", self.focus.as_deref())
            .os("recording", self.recording.as_deref())
            .b("previewed", self.previewed)
            .b("initialized", self.initialized)
            .done()
    }
}

impl ToJson for Conversation {
    fn to_json(&self) -> Json {
        Obj::new()
            .s("id", self.id())
            .s("target", &self.target)
            .s("interaction", self.interaction())
            .os("kind", self.kind.as_deref())
            .os("state", self.state.as_ref().map(InteractionState::as_str))
            .j("members", Json::Array(self.members.clone()))
            .b("initialized", self.initialized)
            .done()
    }
}
