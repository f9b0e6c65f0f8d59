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
            .j("notReadyReasons", self.not_ready_reasons.to_json())
            .j("logoutReasons", self.logout_reasons.to_json())
            .j("addressBooks", self.address_books.to_json())
            .done()
    }
}

impl ToJson for Session {
    fn to_json(&self) -> Json {
        let leg = match &self.agent_leg {
            AgentLeg::Unknown => Json::Null,
            AgentLeg::Connected => Json::str("connected"),
            AgentLeg::Disconnected => Json::str("disconnected"),
            AgentLeg::Failed(_) => Json::str("failed"),
        };
        let err = match &self.agent_leg {
            AgentLeg::Failed(e) => Some(e.as_str()),
            _ => None,
        };
        Obj::new()
            .s("id", &self.id)
            .b("initialized", self.initialized)
            .j("agentLeg", leg)
            .os("agentLegError", err)
            .done()
    }
}

impl ToJson for ChannelGroup {
    fn to_json(&self) -> Json {
        Obj::new()
            .s("id", &self.id)
            .s("target", &self.target)
            .os("name", self.name.as_deref())
            .os("state", self.state.as_deref())
            .b("initialized", self.initialized)
            .done()
    }
}

impl ToJson for Channel {
    fn to_json(&self) -> Json {
        let st = self.agent_status.as_ref();
        Obj::new()
            .s("id", &self.id)
            .s("target", &self.target)
            .os("group", self.group.as_deref())
            .os("name", self.name.as_deref())
            .os("type", self.kind.as_deref())
            .os("modelType", self.model_type.as_deref())
            .s("state", self.state.as_str())
            .os("agentStatus", st.map(|a| a.status.as_str()))
            .os("lastReasonCode", st.and_then(|a| a.last_reason_code.as_deref()))
            .os("lastReasonName", st.and_then(|a| a.last_reason_name.as_deref()))
            .b("initialized", self.initialized)
            .j("dispositions", self.dispositions.to_json())
            .j("scripts", self.scripts.as_ref().map_or(Json::Null, ToJson::to_json))
            .done()
    }
}

impl ToJson for Interaction {
    fn to_json(&self) -> Json {
        Obj::new()
            .s("id", &self.id)
            .s("target", &self.target)
            .s("channel", &self.channel)
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
            .s("id", &self.id)
            .s("target", &self.target)
            .s("interaction", &self.interaction)
            .os("kind", self.kind.as_deref())
            .os("state", self.state.as_ref().map(InteractionState::as_str))
            .j("members", self.members.to_json())
            .b("initialized", self.initialized)
            .done()
    }
}
