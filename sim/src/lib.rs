//! `agentwire-sim`: the interaction processor that agentwire's demo and tests run against.
//!
//! A native tokio server that speaks the protocol of `docs/PROTOCOL.md` as
//! `docs/WIRE-PROFILE.md` settles it, reusing the core's wire types
//! ([`agentwire::proto::wire`]) so client and server share one definition. It serves the demo
//! page (`--www`), the npm package (`/pkg/`), the protocol WebSocket (`/ws`, also `/his`) and
//! a control API (`/control/…`) for fault injection and traffic; see `sim/README.md`.
//!
//! Embedding (what the integration tests do):
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let config = agentwire_sim::SimConfig::builtin()?; // port 0: a free port
//! let (addr, handle) = agentwire_sim::serve(config).await?;
//! println!("ws://{addr}/ws");
//! handle.shutdown().await;
//! # Ok(()) }
//! ```

#![deny(missing_docs, missing_debug_implementations)]
#![forbid(unsafe_code)]

pub mod agent;
mod announce;
mod calls;
mod channels;
pub mod commands;
pub mod config;
pub mod control;
pub mod cx;
pub mod dcp;
pub mod dispatch;
pub mod events;
pub mod fail;
pub mod faults;
pub mod http;
mod interactions;
pub mod media;
pub mod objects;
pub mod options;
pub mod rng;
pub mod server;
pub mod timers;
pub mod traffic;
pub mod world;

pub use config::{Catalog, ConfigError};
pub use faults::FaultDefaults;
pub use options::{DialectMode, WorldOptions};
pub use server::{serve, SimHandle};

use std::path::PathBuf;

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
