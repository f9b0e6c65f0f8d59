//! An object event borrowed from its frame (issue 14): what the decoder gives on the receive
//! path ([`Received`]) and what the model reads ([`EventRef`]), so a frame whose event changes
//! nothing allocates nothing. The hot kinds' data are the views of `view.rs`; every other
//! kind is typed as usual.

use super::event::{EventData, EventKind, Hot};
use super::message::Event;
use super::view::FocusRef;
use std::borrow::Cow;

/// An object event's data as the model reads it: a hot kind as a view, every other kind
/// typed.
#[derive(Clone, Copy, Debug)]
pub enum DataRef<'a> {
    /// A hot kind (or typed data the decoder kept with them).
    Hot(&'a Hot<'a>),
    /// Any other data (including unknown and invalid).
    Other(&'a EventData),
}

impl DataRef<'_> {
    /// The kind, or `None` for an unknown event.
    pub fn kind(&self) -> Option<EventKind> {
        match self {
            DataRef::Hot(h) => h.kind(),
            DataRef::Other(d) => d.kind(),
        }
    }
}

/// An object event as the model reads it. It has no `context` and no other top-level
/// members: neither changes the model.
#[derive(Clone, Copy, Debug)]
pub struct EventRef<'a> {
    /// Dotted target of the object that emitted it.
    pub target: &'a str,
    /// The event name as it came.
    pub name: &'a str,
    /// The data.
    pub data: DataRef<'a>,
}

impl EventRef<'_> {
    /// The kind, or `None` for an unknown event.
    pub fn kind(&self) -> Option<EventKind> {
        self.data.kind()
    }
}

impl Event {
    /// Its data as a view when it is of a hot kind (kept by the caller for [`Event::as_ref`]).
    pub fn hot(&self) -> Option<Hot<'_>> {
        Some(match &self.data {
            EventData::ChannelInfoChanged(d) => Hot::ChannelInfo(d.as_ref()),
            EventData::StateUpdated(d) => Hot::State(d.as_ref()),
            EventData::InteractionFocusChanged(d) => {
                Hot::Focus(FocusRef { conversation: Cow::Borrowed(&d.conversation), extra: Cow::Borrowed(&d.extra) })
            }
            _ => return None,
        })
    }

    /// The event as the model reads it; `hot` is [`Event::hot`]'s answer.
    pub fn as_ref<'a>(&'a self, hot: &'a Option<Hot<'a>>) -> EventRef<'a> {
        let data = match hot {
            Some(h) => DataRef::Hot(h),
            None => DataRef::Other(&self.data),
        };
        EventRef { target: &self.target, name: &self.name, data }
    }
}

/// The receive path's common object event (only `messageType`, `name`, `target` and `data`,
/// of a known kind, its data of the documented shape), borrowed from its frame: nothing is
/// copied unless it must be kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Received<'a> {
    /// Dotted target (borrowed unless written with escapes).
    pub target: Cow<'a, str>,
    /// The name: the event table's own string.
    pub name: &'static str,
    /// The data.
    pub data: Hot<'a>,
}

impl Received<'_> {
    /// The kind.
    pub fn kind(&self) -> Option<EventKind> {
        self.data.kind()
    }

    /// The event as the model reads it.
    pub fn view(&self) -> EventRef<'_> {
        let data = match &self.data {
            Hot::Typed(d) => DataRef::Other(d),
            h => DataRef::Hot(h),
        };
        EventRef { target: &self.target, name: self.name, data }
    }

    /// The owned event.
    pub fn into_owned(self) -> Event {
        let data = self.data.into_data();
        let target = self.target.into_owned();
        Event { target, name: Cow::Borrowed(self.name), data, context: None, extra: Vec::new() }
    }
}
