//! [`ApplyError`]: why an event could not be applied, and the two target errors the
//! handlers build most often.

use super::change::ObjectKind;
use crate::proto::target::TargetError;
use std::fmt;

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

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::NoSession => f.write_str("event before any session was bound"),
            ApplyError::OtherSession { target } => {
                write!(f, "target \"{target}\" belongs to another session")
            }
            ApplyError::Target(e) => e.fmt(f),
            ApplyError::IdMismatch { target, id } => {
                write!(f, "id \"{id}\" in data does not match target \"{target}\"")
            }
            ApplyError::LimitExceeded { what, limit } => write!(f, "more than {limit} {what}"),
        }
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
