//! The session: starting the model of a session, and the events and request results that
//! target the session itself (initialization, the agent leg, the not-ready and logout reason
//! lists, the address books).

use super::budget::list_bytes;
use super::change::{set, set_vec, ChangeKind, Changes, ObjectKind};
use super::objects::{AgentLeg, Session};
use super::state::Model;
use crate::proto::wire::{AddressBooks, LogoutReasons, ReasonCodes};

impl Model {
    /// Starts the model of session `id` (the prepared resource). Keeps the objects when it
    /// is the same session (a reconnect), clears them for another.
    pub fn begin_session(&mut self, id: &str) -> Changes {
        let same = self.session.as_ref().is_some_and(|s| s.id == id);
        if same {
            return Vec::new();
        }
        let had = self.session.is_some();
        let limits = self.limits;
        let version = self.version;
        *self = Model::new(limits);
        self.version = version;
        self.session = Some(Session { id: id.to_owned(), initialized: false, agent_leg: AgentLeg::Unknown });
        self.changed(if had { ChangeKind::Updated } else { ChangeKind::Added }, ObjectKind::Session, id)
    }

    /// Records an address-book request result.
    pub fn set_address_books(&mut self, books: &AddressBooks) -> Changes {
        let target = self.session_id().unwrap_or_default().to_owned();
        let c = set_vec(&mut self.address_books, books.items());
        self.books_changed(c, &target)
    }

    /// `session.agentleg.*` on the session `sid`.
    pub(super) fn agent_leg_changed(&mut self, sid: &str, leg: AgentLeg) -> Changes {
        let c = self.session.as_mut().is_some_and(|s| set(&mut s.agent_leg, leg));
        self.updated_if(c, ObjectKind::Session, sid)
    }

    /// The not-ready reason list of the session `sid` was announced.
    pub(super) fn not_ready_reasons_updated(&mut self, sid: &str, d: &ReasonCodes) -> Changes {
        let c = set_vec(&mut self.not_ready_reasons, d.items());
        self.updated_if(c, ObjectKind::NotReadyReasons, sid)
    }

    /// The logout reason list of the session `sid` was announced.
    pub(super) fn logout_reasons_updated(&mut self, sid: &str, d: &LogoutReasons) -> Changes {
        let c = set_vec(&mut self.logout_reasons, d.items());
        self.updated_if(c, ObjectKind::LogoutReasons, sid)
    }

    /// The address books of the session `sid` were announced.
    pub(super) fn address_books_updated(&mut self, sid: &str, d: &AddressBooks) -> Changes {
        let c = set_vec(&mut self.address_books, d.items());
        self.books_changed(c, sid)
    }

    /// After the address books were set: their size, and the budget.
    fn books_changed(&mut self, c: bool, sid: &str) -> Changes {
        if c {
            self.books_bytes = list_bytes(&self.address_books);
        }
        self.data_changed(c, ObjectKind::AddressBooks, sid)
    }
}
