//! An object event's way into the model, with what the page is told when it does not fit:
//! an event before the session started, or named like the SDK's own events, is reported and
//! not dispatched; invalid data, or an event the model cannot apply, is reported and still
//! dispatched with the model unchanged (issue 15, items 5 and 7). The engine then tracks
//! progress and "applied" commands with what this returns.

use super::error::ProtocolErrorKind;
use super::outbox::Outbox;
use super::types::EngineEvent;
use crate::proto::model::{Changes, Model};
use crate::proto::text::{Code, Msg};
use crate::proto::time::Millis;
use crate::proto::wire::{self, DataRef, Event, EventData, EventRef, Hot, Received, Spans};

/// Applies `ev` (from frame `text`) to `model`, reporting what is wrong with it to `out`;
/// `started`: the session has been started (events before that are unexpected). `None`: the
/// event is not dispatched; else what it changed and whether the model took it.
pub fn apply_event(
    model: &mut Model,
    out: &mut Outbox,
    now: Millis,
    ev: &EventRef<'_>,
    text: &str,
    started: bool,
) -> Option<(Changes, bool)> {
    if !started {
        let message = Msg::new(Code::BeforeStart).arg(ev.name);
        out.protocol_error(now, ProtocolErrorKind::UnexpectedMessage, message, Some(text));
        return None;
    }
    // A known kind's names are none of them (a test below checks): only an unknown event's
    // name is compared, not every frame's.
    if ev.kind().is_none() && wire::SDK_EVENT_NAMES.contains(&ev.name) {
        // Issue 15, item 5: the page would take it for the SDK's own event.
        let message = Msg::new(Code::OwnEventName).arg(ev.name);
        out.protocol_error(now, ProtocolErrorKind::UnexpectedMessage, message, Some(text));
        return None;
    }
    if let DataRef::Other(EventData::Invalid(_, e)) = ev.data {
        // Reported, and still dispatched with its raw data (the model is unchanged).
        let message = Msg::new(Code::InMessage).arg(ev.name).arg(e.msg());
        out.protocol_error(now, ProtocolErrorKind::InvalidEvent, message, Some(text));
    }
    let applied = match model.apply_ref(ev) {
        Ok(c) => (c, true),
        // PROTOCOL.md 1.12: unknown (and untyped) events reach the page whatever their
        // target; only the model ignores them.
        Err(_) if ev.kind().is_none() => (Vec::new(), true),
        // Never dropped either (issue 15, item 7): reported, then dispatched with the model
        // unchanged (the page sees `object: null` where no object matches).
        Err(e) => {
            let message = Msg::new(Code::InMessage).arg(ev.name).arg(e.msg());
            out.protocol_error(now, ProtocolErrorKind::InvalidEvent, message, Some(text));
            (Vec::new(), false)
        }
    };
    out.budget(now, model);
    Some(applied)
}

/// An object event on its way to the page: borrowed from the frame, or decoded owned.
#[derive(Debug)]
pub enum Incoming<'s, 'a> {
    /// The receive path's common event, where the decoder left it (a reference: the
    /// event, ≈ 190 bytes, is not moved again on its way through the engine; taken from
    /// there only when the page gets it owned).
    Ref(&'s mut Received<'a>),
    /// Any other (boxed, as the page's owned event keeps it).
    Owned(Box<Event>),
}

impl Incoming<'_, '_> {
    /// The event as the model reads it (`hot` keeps an owned event's hot data as a view).
    pub fn view<'s>(&'s self, hot: &'s mut Option<Hot<'s>>) -> EventRef<'s> {
        match self {
            Incoming::Ref(e) => e.view(),
            Incoming::Owned(e) => {
                *hot = e.hot();
                Event::as_ref(e, hot)
            }
        }
    }
}

/// The page's event for `ev`: with `spanned` (the host keeps the frame's text) and every span
/// known, only its kind and spans ([`EngineEvent::Spanned`]: nothing copied); else the owned
/// event.
pub fn page_event(ev: Incoming<'_, '_>, changes: Changes, spans: Spans, spanned: bool) -> EngineEvent {
    let (kind, name) = match &ev {
        Incoming::Ref(e) => (e.kind(), e.name),
        Incoming::Owned(e) => (e.kind(), &*e.name),
    };
    if spanned && spans.name.is_some() && spans.target.is_some() && spans.data.is_some() {
        // A known event's name is mostly the table's own string: the pointer says so first.
        let documented = kind.is_some_and(|k| std::ptr::eq(k.name(), name) || k.name() == name);
        return EngineEvent::Spanned { kind, documented, changes, spans };
    }
    let event = match ev {
        Incoming::Ref(e) => {
            let none = Hot::Typed(EventData::Unknown(crate::proto::json::Json::Null));
            Box::new(std::mem::replace(e, Received { target: "".into(), name: "", data: none }).into_owned())
        }
        Incoming::Owned(e) => e,
    };
    EngineEvent::Event { event, changes, spans }
}

#[cfg(test)]
mod tests {
    use crate::proto::wire::{EventKind, SDK_EVENT_NAMES};

    /// `apply_event` compares only an unknown event's name with the SDK's own events' names.
    #[test]
    fn no_known_event_is_named_like_the_sdks_own_events() {
        for k in EventKind::ALL {
            for n in k.names() {
                assert!(!SDK_EVENT_NAMES.contains(n), "{n}");
            }
        }
    }
}
