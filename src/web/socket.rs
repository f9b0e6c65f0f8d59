//! The browser WebSocket, owned by a Rust value (STYLE.md habit 4): its handlers live in the
//! struct, and dropping it detaches them and closes the socket, so a replaced or closed
//! socket can never feed the engine again. The handlers themselves are a few lines of JS
//! (`openSocket` in `js/glue.js`): a text frame is encoded into the session's inbox
//! (`inbox.rs`) and crosses into wasm once, as numbers (its length and the event's timestamp),
//! never as a string. [`Link`] is a session's current socket with its generation, so that
//! late callbacks of an old socket are told apart and ignored.

use super::glue::{close_socket, drop_socket, open_socket, OnSocket};
use wasm_bindgen::prelude::*;
use web_sys::WebSocket;

/// What a socket reports.
pub enum SocketInput {
    /// Opened.
    Open,
    /// A text frame of `len` bytes (UTF-8), with the browser's timestamp of its arrival (ms,
    /// `performance.now()` clock). The inbox holds its first `written` bytes: all of them, or
    /// fewer when the frame is longer than the limit for certain and was not copied. While it
    /// is handled, the page-side port holds the frame's string.
    Text {
        /// Bytes of it in the inbox.
        written: usize,
        /// Its length.
        len: usize,
        /// Its arrival.
        at: f64,
        /// Whether it is ASCII (known to the JS half, which wrote as many bytes as the page's
        /// string has UTF-16 units); `false` for a frame not copied whole.
        ascii: bool,
    },
    /// A binary frame of this many bytes.
    Binary(usize),
    /// Closed, with code and reason.
    Closed(u16, String),
}

/// An open (or opening) WebSocket with its handler: one closure for everything it reports
/// (one closure type instead of four: each is a shim and an adapter of its own).
pub struct Socket {
    ws: WebSocket,
    _on: OnSocket,
}

impl std::fmt::Debug for Socket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Socket").field("url", &self.ws.url()).finish()
    }
}

impl Socket {
    /// Opens a socket to `url`; `input` receives everything it reports; `port` is the
    /// session's JS port (it holds the frame being handled); text frames are written into
    /// `inbox`, the JS half of the session's inbox.
    ///
    /// # Errors
    /// The browser's exception (a malformed URL, a blocked port, a CSP refusal).
    pub fn open(
        url: &str,
        port: &JsValue,
        inbox: &JsValue,
        input: impl Fn(SocketInput) + 'static,
    ) -> Result<Socket, JsValue> {
        // `(kind, a, at, b, reason)`: 0 opened; 1 a text frame of `a` bytes, all in the inbox,
        // `b` UTF-16 units long, arrived `at`; 4 one `b` bytes long, only `a` of them in the
        // inbox; 2 a binary frame of `at` bytes; 3 closed with code `a`.
        let on: OnSocket = Closure::new(move |kind: u32, a: u32, at: f64, b: u32, reason: Option<String>| {
            input(match kind {
                0 => SocketInput::Open,
                1 => SocketInput::Text { written: a as usize, len: a as usize, at, ascii: a == b },
                4 => SocketInput::Text { written: a as usize, len: b as usize, at, ascii: false },
                2 => SocketInput::Binary(at as usize),
                _ => SocketInput::Closed(a as u16, reason.unwrap_or_default()),
            });
        });
        let ws = open_socket(url, port, inbox, &on)?;
        Ok(Socket { ws, _on: on })
    }

    /// Sends a text frame; a socket that is not open drops it (the engine learns of the loss
    /// from the close event and rejects what was in flight).
    pub fn send(&self, text: &str) {
        let _ = self.ws.send_with_str(text);
    }

    /// Starts closing with `code` and `reason` (`closeSocket` of `js/glue.js` keeps a code
    /// browsers accept from scripts, and the reason's first 60 characters).
    pub fn close(&self, code: u16, reason: &str) {
        close_socket(&self.ws, code, reason);
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        drop_socket(&self.ws);
    }
}

/// A session's current socket (if any) and its generation: every callback of a socket
/// carries the generation it was opened in, and one that is no longer current is ignored.
#[derive(Debug, Default)]
pub struct Link {
    socket: Option<Socket>,
    generation: u32,
}

impl Link {
    /// Whether `generation` is the current one.
    pub fn is_current(&self, generation: u32) -> bool {
        generation == self.generation
    }

    /// Drops the socket (closing it if open): its late callbacks are ignored. Returns the new
    /// generation, for the next socket.
    pub fn reset(&mut self) -> u32 {
        self.socket = None;
        self.generation = self.generation.wrapping_add(1);
        self.generation
    }

    /// Makes `socket` the current one (opened in the current generation).
    pub fn set(&mut self, socket: Socket) {
        self.socket = Some(socket);
    }

    /// Sends a text frame on the current socket (dropped when there is none).
    pub fn send(&self, text: &str) {
        if let Some(s) = &self.socket {
            s.send(text);
        }
    }

    /// Starts closing the current socket with `code` and `reason`, then [`Link::reset`]s.
    pub fn close(&mut self, code: u16, reason: &str) {
        if let Some(s) = self.socket.take() {
            s.close(code, reason);
        }
        self.reset();
    }
}
