//! What the simulator is started with ([`SimConfig`]): address, catalog, folders, faults,
//! keep-alive, and the world's own options: the accepted dialect and the generated traffic
//! ([`WorldOptions`]).

use crate::config::{Catalog, ConfigError};
use crate::faults::FaultDefaults;
use agentwire::proto::wire::{CommandKind, Dialect};
use std::path::PathBuf;

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

/// Everything the simulator needs to start.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Address to listen on.
    pub host: String,
    /// Port (0: a free one).
    pub port: u16,
    /// Agents, channels, reasons, address book.
    pub catalog: Catalog,
    /// Dialect and traffic.
    pub world: WorldOptions,
    /// Faults every connection starts with.
    pub faults: FaultDefaults,
    /// Folder served at `/`.
    pub www: PathBuf,
    /// Folder served at `/pkg/`.
    pub pkg: PathBuf,
    /// Ping a quiet WebSocket after this long; drop it after three times this long without
    /// traffic.
    pub keepalive: std::time::Duration,
}

impl SimConfig {
    /// A config on 127.0.0.1, port 0, with `catalog`, dialect `any`, no traffic, no faults.
    pub fn new(catalog: Catalog) -> SimConfig {
        SimConfig {
            host: "127.0.0.1".into(),
            port: 0,
            catalog,
            world: WorldOptions::default(),
            faults: FaultDefaults::default(),
            www: PathBuf::from("www"),
            pkg: PathBuf::from("pkg"),
            keepalive: std::time::Duration::from_secs(15),
        }
    }

    /// [`SimConfig::new`] with the built-in catalog.
    ///
    /// # Errors
    /// Only if the shipped default config were broken.
    pub fn builtin() -> Result<SimConfig, ConfigError> {
        Ok(SimConfig::new(Catalog::builtin()?))
    }
}
