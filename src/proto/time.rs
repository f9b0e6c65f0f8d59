//! Time as the host gives it. The core never reads a clock (STYLE.md habit 1;
//! `std::time::Instant::now()` panics on wasm32-unknown-unknown anyway).

/// Milliseconds on the host's monotonic clock (`performance.now()` in the browser, virtual
/// time in tests). Only differences matter.
pub type Millis = u64;
