//! The sans-IO protocol core: wire codec, targets, the session model and the client engine.
//!
//! Nothing here touches a socket, a clock, a timer or randomness of its own. The host (the
//! browser layer in `src/web`, the simulator, or a test) pushes input in with
//! `Engine::handle_*(now, …)` and pulls output with `poll_transmit()`, `poll_event()` and
//! `poll_timeout()`, the push/pull shape of quinn-proto's `Connection`.

pub mod engine;
pub mod json;
pub mod model;
pub mod options;
pub mod order;
pub mod record;
pub mod redact;
pub mod replay;
pub mod target;
pub mod text;
pub mod time;
pub mod url;
pub mod wire;
