//! What the simulator is started with besides the catalog: the accepted dialect and the
//! generated traffic ([`WorldOptions`]).

use agentwire::proto::wire::{CommandKind, Dialect};

/// Which command-name generation the processor accepts (`--dialect`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DialectMode {
    /// Legacy names only.
    Legacy,
    /// Current (`.request.`) names only.
    Current,
    /// Both.
    #[default]
    Any,
}

impl DialectMode {
    /// Parses `legacy` / `current` / `any`.
    pub fn parse(s: &str) -> Option<DialectMode> {
        match s {
            "legacy" => Some(DialectMode::Legacy),
            "current" => Some(DialectMode::Current),
            "any" => Some(DialectMode::Any),
            _ => None,
        }
    }

    /// Whether a command spelled `name` is accepted.
    pub fn accepts(self, kind: CommandKind, name: &str) -> bool {
        match (self, kind.dialect_of(name)) {
            (DialectMode::Any, _) | (_, None) => true,
            (DialectMode::Legacy, Some(d)) => d == Dialect::Legacy,
            (DialectMode::Current, Some(d)) => d == Dialect::Current,
        }
    }
}

/// Runtime settings of the world that are not part of the catalog.
#[derive(Debug, Clone, Default)]
pub struct WorldOptions {
    /// Accepted dialect.
    pub dialect: DialectMode,
    /// Seconds between scheduled inbound interactions per ready session (0: off).
    pub inbound_every: u64,
    /// Seconds between address-book presence changes (0: off).
    pub presence_every: u64,
    /// Flood rate every started session gets (events per second, 0: off).
    pub flood: u32,
    /// Refuse the first N resource binds.
    pub refuse_binds: u32,
}
