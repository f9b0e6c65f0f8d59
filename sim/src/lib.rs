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
//!
//! # Module map
//!
//! From the bottom up: each file imports only from files listed before it, so the file
//! graph has no cycles.
//!
//! - **Vocabulary**: [`media`] (a channel's media), [`fail`] (the `Fail` a handler returns
//!   and the failure frames), [`rng`], [`timers`] (call-progress timers as data),
//!   [`faults`] (connection faults, refused binds, injected failures), [`http`] (static
//!   files, query strings), [`guard`] (the control token and the allowed origins).
//! - **Configuration**: [`config`] (the [`Catalog`] read from TOML or JSON), [`options`]
//!   ([`SimConfig`], [`WorldOptions`], [`DialectMode`]).
//! - **The agent model**: [`objects`] (channels, interactions, conversations, the session,
//!   what a target names), [`events`] (event frame builders), [`agent`] (an agent's layout,
//!   targets and lookups), `announce` (creation sequences).
//! - **Call progress**: [`cx`] (what a handler borrows besides the agent), `calls`
//!   (interactions placed, answered and released; consult calls).
//! - **The world**: [`world`] (the processor's state behind one lock, and its clients).
//! - **Protocol layers, functions over the world**: [`dcp`] (the Direct Client Protocol),
//!   `channels` and `interactions` (command handlers), [`commands`] (session-resource
//!   requests: checks, then routing to a handler), [`dispatch`] (each client frame to its
//!   layer), [`traffic`] (timers fired, generated traffic).
//! - **I/O**: [`shared`] (what the server's tasks share), [`writer`] (a WebSocket's outgoing
//!   queue, bounded in bytes), [`ws`] (one protocol WebSocket), [`control`] (the control API),
//!   [`server`] (listener, connection cap, routing, ticker, [`SimHandle`]).

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
pub mod guard;
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
pub mod writer;
pub mod ws;

pub use config::{Catalog, ConfigError};
pub use faults::FaultDefaults;
pub use options::{CreationTarget, DialectMode, SimConfig, WorldOptions};
pub use server::{serve, SimHandle};
