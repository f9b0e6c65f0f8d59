//! Why a frame could not be decoded ([`DecodeError`]).

use super::codec::FieldError;
use crate::proto::json::JsonError;
use crate::proto::text::{Code, Msg};
use std::fmt;

/// Why a frame could not be decoded. Each names what was wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeError {
    /// The frame is longer than the limit.
    TooLarge {
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A binary WebSocket frame (the protocol uses text frames only, WIRE-PROFILE §1).
    Binary {
        /// Its length in bytes.
        len: usize,
    },
    /// Not JSON.
    Syntax(JsonError),
    /// JSON, but not an object.
    NotAnObject {
        /// The JSON type that came.
        found: &'static str,
    },
    /// An object with neither `messageType`, `result` nor `command`.
    Unclassified,
    /// A member of a recognised message is missing or has the wrong type.
    Member {
        /// The message class or event/command name.
        message: String,
        /// Which member and what was wrong.
        error: FieldError,
    },
}

impl DecodeError {
    /// A stable code for the error (`frameTooLarge`, `binaryFrame`, `invalidJson`,
    /// `notAnObject`, `unclassified`, `invalidMember`).
    pub fn code(&self) -> &'static str {
        match self {
            DecodeError::TooLarge { .. } => "frameTooLarge",
            DecodeError::Binary { .. } => "binaryFrame",
            DecodeError::Syntax(_) => "invalidJson",
            DecodeError::NotAnObject { .. } => "notAnObject",
            DecodeError::Unclassified => "unclassified",
            DecodeError::Member { .. } => "invalidMember",
        }
    }
}

impl DecodeError {
    /// What was wrong, as a message for people.
    pub fn msg(&self) -> Msg {
        match self {
            DecodeError::TooLarge { len, max } => Msg::new(Code::FrameTooLarge).arg(*len).arg(*max),
            DecodeError::Binary { len } => Msg::new(Code::BinaryFrame).arg(*len),
            DecodeError::Syntax(e) => Msg::new(Code::NotJson).arg(e.msg()),
            DecodeError::NotAnObject { found } => Msg::new(Code::NotAnObject).arg(*found),
            DecodeError::Unclassified => Msg::new(Code::Unclassified),
            DecodeError::Member { message, error } => Msg::new(Code::InMessage).arg(message.as_str()).arg(error.msg()),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.msg().fmt(f)
    }
}

impl std::error::Error for DecodeError {}
