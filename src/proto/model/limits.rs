//! [`Limits`]: the bounds on what the model holds.

/// Bounds on what the model holds, so a hostile or broken server cannot grow it without end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Channels and channel groups.
    pub channels: usize,
    /// Live interactions.
    pub interactions: usize,
    /// Ended interactions kept for the page before the oldest is dropped (servers that never
    /// send `COMPLETED` would otherwise grow the model).
    pub ended_interactions: usize,
    /// Conversations.
    pub conversations: usize,
    /// Members per conversation.
    pub members: usize,
    /// Attached-data keys per interaction.
    pub data_keys: usize,
    /// Bytes (approximate heap size) the model's detachable data may hold in all: attached
    /// data, dispositions, scripts, address books, conversation members. Past it the oldest
    /// is dropped (see `Model::take_budget_dropped`).
    pub bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            channels: 5_000,
            interactions: 1_000,
            ended_interactions: 50,
            conversations: 4_000,
            members: 64,
            data_keys: 512,
            bytes: 64 << 20,
        }
    }
}
