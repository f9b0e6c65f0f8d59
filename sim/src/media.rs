//! The media a channel carries (telephony, chat, e-mail): its wire spelling and the
//! spellings the config, the commands and the control API accept.

/// A channel's media.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Media {
    /// Phone calls.
    Telephony,
    /// Chats.
    Chat,
    /// E-mails.
    Email,
}

impl Media {
    /// Wire spelling in `channel.created` / `interaction.created`.
    pub fn wire(self) -> &'static str {
        match self {
            Media::Telephony => "TELEPHONY",
            Media::Chat => "CHAT",
            Media::Email => "EMAIL",
        }
    }

    /// Parses any casing of `telephony` / `chat` / `email` (also `call`, `phone`, `voice`).
    pub fn parse(s: &str) -> Option<Media> {
        match s.trim().to_ascii_lowercase().as_str() {
            "telephony" | "call" | "phone" | "voice" => Some(Media::Telephony),
            "chat" => Some(Media::Chat),
            "email" | "e-mail" => Some(Media::Email),
            _ => None,
        }
    }
}
