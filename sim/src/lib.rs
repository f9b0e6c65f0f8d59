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
pub mod shared;
pub mod timers;
pub mod traffic;
pub mod world;
pub mod ws;

pub use config::{Catalog, ConfigError};
pub use faults::FaultDefaults;
pub use options::{DialectMode, SimConfig, WorldOptions};
pub use server::{serve, SimHandle};
