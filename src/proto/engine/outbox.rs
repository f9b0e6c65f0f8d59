//! What the engine has for the host, queued until polled: socket actions ([`Transmit`]) and
//! events for the page ([`EngineEvent`]), with the rate limit on protocol errors and the ids of
//! the core-layer requests the engine sends.

use super::backoff::RateLimit;
use super::error::{excerpt, ProtocolError, ProtocolErrorKind};
use super::types::{EngineEvent, Transmit};
use crate::proto::json::Json;
use crate::proto::model::{Changes, Model};
use crate::proto::redact::{redact, redact_msg};
use crate::proto::text::{cat, decimal, Code, Msg};
use crate::proto::time::Millis;
use crate::proto::wire::{self, CoreCommand, ToJson};
use std::collections::VecDeque;

/// The queues the host drains with `poll_transmit` and `poll_event`.
pub struct Outbox {
    /// Socket actions, in order.
    pub transmits: VecDeque<Transmit>,
    /// Page events, in order.
    pub events: VecDeque<EngineEvent>,
    errors: RateLimit,
    next_core: u64,
    /// Blanked in every frame excerpt and message of a protocol error.
    password: String,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox")
            .field("transmits", &self.transmits)
            .field("events", &self.events)
            .field("password", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl Outbox {
    /// Queues for an engine whose password is `password`.
    pub fn new(password: &str) -> Outbox {
        Outbox {
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            errors: RateLimit::new(20, 10),
            next_core: 1,
            password: password.to_owned(),
        }
    }

    /// Queues a frame's text to send (a core request or `prepareSession`: [`wire::sent`]).
    pub fn send(&mut self, text: String) {
        self.transmits.push_back(Transmit::Send(text));
    }

    /// Queues a request to send (encoded from a borrow: `Frame::Request` would need a copy).
    pub fn send_request(&mut self, request: &wire::Request) {
        self.send_json(&request.to_json());
    }

    fn send_json(&mut self, frame: &Json) {
        self.transmits.push_back(Transmit::Send(frame.to_json_string()));
    }

    /// Queues a socket action.
    pub fn transmit(&mut self, t: Transmit) {
        self.transmits.push_back(t);
    }

    /// Queues a page event.
    pub fn event(&mut self, e: EngineEvent) {
        self.events.push_back(e);
    }

    /// Reports model changes that no event carried (nothing when there are none).
    pub fn changed(&mut self, changes: Changes) {
        if !changes.is_empty() {
            self.events.push_back(EngineEvent::Changed { changes });
        }
    }

    /// Reports something malformed or unexpected from the server, rate limited (a burst of
    /// 20, then 10 per second, then one `suppressed` summary).
    pub fn protocol_error(&mut self, now: Millis, kind: ProtocolErrorKind, message: Msg, frame: Option<&str>) {
        if let Some(suppressed) = self.errors.take(now) {
            if suppressed > 0 {
                self.events.push_back(EngineEvent::ProtocolError(ProtocolError {
                    kind: ProtocolErrorKind::Suppressed,
                    message: Msg::new(Code::SuppressedErrors).arg(suppressed),
                    frame: None,
                }));
            }
            // Redacted before the excerpt is cut, so no spelling of the password survives.
            let frame = frame.map(|f| excerpt(&redact(f, &self.password), 512));
            let message = redact_msg(message, &self.password);
            self.events.push_back(EngineEvent::ProtocolError(ProtocolError { kind, message, frame }));
        }
    }

    /// Reports what the model's byte budget dropped during the last change, if anything.
    pub fn budget(&mut self, now: Millis, model: &mut Model) {
        let dropped = model.take_budget_dropped();
        if dropped > 0 {
            let message = Msg::new(Code::BudgetDropped).arg(model.limits().bytes).arg(dropped);
            self.protocol_error(now, ProtocolErrorKind::BudgetExceeded, message, None);
        }
    }

    /// Queues a core-layer request (`command`, on the service or resource `id`) under a new
    /// `requestId` ([`Outbox::core_id`]), which it returns: one path for the binds and the
    /// keep-alive's `ping`.
    pub fn core_request(&mut self, prefix: &str, command: CoreCommand, id: Option<&str>) -> String {
        let req = self.core_id(prefix);
        self.send(wire::sent::core_request(&req, command, id));
        req
    }

    /// A new core-layer `requestId`: `prefix` and a counter (PROTOCOL 1.2 wants them unique
    /// per request; the browser passes a random prefix per session).
    pub fn core_id(&mut self, prefix: &str) -> String {
        let id = cat(&[prefix, &decimal(self.next_core)]);
        self.next_core += 1;
        id
    }
}
