//! Builders for the event frames and data every handler sends.

use crate::objects::Rec;
use agentwire::proto::json::Map;
use agentwire::proto::wire::build::Member;
use agentwire::proto::wire::{Empty, Event, EventData, FocusChanged, Frame, StateUpdated};

/// An event frame.
pub fn ev(target: impl Into<String>, data: EventData) -> Frame {
    Frame::Event(Event::new(target, data))
}

/// `state.updated` data.
pub fn state(s: &str, recording: Option<Rec>) -> EventData {
    EventData::StateUpdated(StateUpdated {
        state: s.to_owned(),
        recording: recording.map(|r| r.as_str().to_owned()),
        extra: Map::new(),
    })
}

/// An empty-data event of `kind`.
pub fn empty(kind: fn(Empty) -> EventData) -> EventData {
    kind(Empty::new())
}

/// A conversation member.
pub fn member(id: &str, name: &str, role: &str, address: &str) -> Member {
    Member {
        id: id.to_owned(),
        name: Some(name.to_owned()),
        role: Some(role.to_owned()),
        address: Some(address.to_owned()),
        extra: Map::new(),
    }
}

/// `interaction.focuschanged` data: focus on `conversation`.
pub fn focus(conversation: &str) -> EventData {
    EventData::InteractionFocusChanged(FocusChanged { conversation: conversation.to_owned(), extra: Map::new() })
}
