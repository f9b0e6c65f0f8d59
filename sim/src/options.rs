//! What the simulator is started with ([`SimConfig`]): address, catalog, folders, faults,
//! keep-alive, who may drive it (control token, allowed origins), resource caps, and the
//! world's own options: the accepted dialect, the creation-target convention and the
//! generated traffic ([`WorldOptions`]).

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

/// Which target an object's creation event names (`--creation-target`, and per agent
/// `control/creation-target`). PROTOCOL.md infers that `interaction.created` and
/// `conversation.created` target the new object itself; a server may instead target the
/// parent (the channel, resp. the interaction) with the new id in `data`, as
/// `channel.created` does. Every later event of the object uses its own target either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CreationTarget {
    /// The new object's own target (PROTOCOL.md's inferred reading).
    #[default]
    Own,
    /// The parent's target: the channel for an interaction, the interaction for a
    /// conversation.
    Parent,
}

impl CreationTarget {
    /// Parses `own` / `parent`.
    pub fn parse(s: &str) -> Option<CreationTarget> {
        match s {
            "own" => Some(CreationTarget::Own),
            "parent" => Some(CreationTarget::Parent),
            _ => None,
        }
    }

    /// `own` or `parent`.
    pub fn as_str(self) -> &'static str {
        match self {
            CreationTarget::Own => "own",
            CreationTarget::Parent => "parent",
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
    /// The target every agent's `interaction.created` / `conversation.created` names, until
    /// the control API changes it for one agent.
    pub creation_target: CreationTarget,
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
    /// The token every `/control` request must carry (random unless set; see `guard.rs`).
    pub control_token: String,
    /// Origins besides the simulator's own that may use `/control` and the WebSocket.
    pub allow_origins: Vec<String>,
    /// Concurrent TCP connections (HTTP and WebSocket); past it, new ones get 503.
    pub max_connections: usize,
    /// Bytes a WebSocket's outgoing queue may hold; a client whose queue passes it (it does
    /// not read) is dropped.
    pub max_queue_bytes: usize,
    /// How long a client may take to send an HTTP request's headers.
    pub header_timeout: std::time::Duration,
}

/// Default [`SimConfig::max_connections`].
pub const MAX_CONNECTIONS: usize = 10_000;
/// Default [`SimConfig::max_queue_bytes`]: 8 MiB.
pub const MAX_QUEUE_BYTES: usize = 8 << 20;
/// Default [`SimConfig::header_timeout`].
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl SimConfig {
    /// A config on 127.0.0.1, port 0, with `catalog`, dialect `any`, no traffic, no faults, a
    /// random control token, no other origin allowed, and the default caps.
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
            control_token: crate::guard::random_token(),
            allow_origins: Vec::new(),
            max_connections: MAX_CONNECTIONS,
            max_queue_bytes: MAX_QUEUE_BYTES,
            header_timeout: HEADER_TIMEOUT,
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
