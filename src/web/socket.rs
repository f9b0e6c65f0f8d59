//! The browser WebSocket, owned by a Rust value (STYLE.md habit 4): its four handlers live in
//! the struct, and dropping it detaches them and closes the socket, so a replaced or closed
//! socket can never feed the engine again.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

/// What a socket reports.
pub enum SocketInput {
    /// Opened.
    Open,
    /// A text frame (the JS string, not yet copied into wasm memory).
    Text(JsValue),
    /// A binary frame of this many bytes.
    Binary(usize),
    /// Closed, with code and reason.
    Closed(u16, String),
}

/// An open (or opening) WebSocket with its handlers.
pub struct Socket {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut(JsValue)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl std::fmt::Debug for Socket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Socket").field("url", &self.ws.url()).finish()
    }
}

impl Socket {
    /// Opens a socket to `url`; `input` receives everything it reports.
    ///
    /// # Errors
    /// The browser's exception (a malformed URL, a blocked port, a CSP refusal).
    pub fn open(url: &str, input: impl Fn(SocketInput) + Clone + 'static) -> Result<Socket, JsValue> {
        let ws = WebSocket::new(url)?;
        // Binary frames are protocol errors; ArrayBuffer gives their length synchronously.
        ws.set_binary_type(BinaryType::Arraybuffer);
        let i = input.clone();
        let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_| i(SocketInput::Open));
        let i = input.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            if data.is_string() {
                i(SocketInput::Text(data));
            } else {
                let len = data.dyn_ref::<js_sys::ArrayBuffer>().map_or(0, |b| b.byte_length() as usize);
                i(SocketInput::Binary(len));
            }
        });
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            input(SocketInput::Closed(e.code(), e.reason()))
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(Socket { ws, _on_open: on_open, _on_message: on_message, _on_close: on_close })
    }

    /// Sends a text frame; a socket that is not open drops it (the engine learns of the loss
    /// from the close event and rejects what was in flight).
    pub fn send(&self, text: &str) {
        let _ = self.ws.send_with_str(text);
    }

    /// Starts closing with `code` and `reason`.
    pub fn close(&self, code: u16, reason: &str) {
        // Browsers accept only 1000 and 3000–4999 from scripts.
        let code = if code == 1000 || (3000..5000).contains(&code) { code } else { 1000 };
        let reason: String = reason.chars().take(60).collect();
        if self.ws.close_with_code_and_reason(code, &reason).is_err() {
            let _ = self.ws.close();
        }
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        if self.ws.ready_state() <= WebSocket::OPEN {
            let _ = self.ws.close();
        }
    }
}
