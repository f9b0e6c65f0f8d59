//! [`ApplyError`]: why an event could not be applied, and the two target errors the
//! handlers build most often.

use super::change::ObjectKind;
use crate::proto::target::TargetError;
use crate::proto::text::{Code, Msg};

/// Why an event could not be applied. The model is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq)]
pub enum ApplyError {
    /// No session is bound yet.
    NoSession,
    /// The target belongs to another session.
    OtherSession {
        /// The target.
        target: String,
    },
    /// The target is not a valid target, or an announced id is not a valid id.
    Target(TargetError),
    /// The event's data id and its target's last segment disagree.
    IdMismatch {
        /// The target.
        target: String,
        /// The id in `data`.
        id: String,
    },
    /// A limit of [`Limits`](super::limits::Limits) would be exceeded.
    LimitExceeded {
        /// What.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
}

impl ApplyError {
    /// What was wrong, as a message for people.
    pub fn msg(&self) -> Msg {
        match self {
            ApplyError::NoSession => Msg::new(Code::NoSession),
            ApplyError::OtherSession { target } => Msg::new(Code::OtherSession).arg(target.as_str()),
            ApplyError::Target(e) => e.msg(),
            ApplyError::IdMismatch { target, id } => Msg::new(Code::IdMismatch).arg(id.as_str()).arg(target.as_str()),
            ApplyError::LimitExceeded { what, limit } => Msg::new(Code::LimitExceeded).arg(*limit).arg(*what),
        }
    }
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.msg().fmt(f)
    }
}

impl std::error::Error for ApplyError {}

impl From<TargetError> for ApplyError {
    fn from(e: TargetError) -> Self {
        ApplyError::Target(e)
    }
}

pub(super) fn unknown(target: &str) -> ApplyError {
    ApplyError::Target(TargetError::Unknown { target: target.to_owned() })
}

pub(super) fn wrong_kind(target: &str, expected: ObjectKind, found: ObjectKind) -> ApplyError {
    ApplyError::Target(TargetError::WrongKind {
        target: target.to_owned(),
        expected: expected.name(),
        found: found.name(),
    })
}
