//! A protocol WebSocket's writer. It takes everything the world queued for the connection at
//! once, encodes it (outside the world's lock) into an outbox counted in bytes, and sends the
//! outbox as fast as the peer reads. A client whose outbox passes the byte bound is dropped:
//! it does not read, and what the simulator sends it would otherwise pile up without limit.
//!
//! The connection's faults apply on the way into the outbox, in order: a pause before each
//! response (`delay`), the frame count that drops the socket (`dropAfter`), and the malformed
//! or unmatched frame slipped in after the N-th frame.

use crate::faults::{is_response, unmatched, ConnFaults, Out, MALFORMED};
use futures_util::sink::Sink;
use futures_util::stream::SplitSink;
use hyper_util::rt::TokioIo;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;
use tokio::sync::{mpsc, Notify};
use tokio::time::Sleep;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// The protocol WebSocket on an upgraded HTTP connection.
pub type Ws = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;
type WsSink = SplitSink<Ws, Message>;

/// Most queued messages taken in one go before the writer sends some (fairness).
const TAKE_BATCH: usize = 256;

/// One step of the outbox.
enum Step {
    /// A message and its size in bytes.
    Send(Message, usize),
    /// Flush, then wait this many ms (the `delay` fault, before a response).
    Pause(u64),
    /// Flush what was sent, then end the connection.
    FlushAndStop,
    /// End the connection now (no close frame).
    Stop,
    /// Complete the closing handshake the client started (tungstenite sends its answer,
    /// the client's code echoed), then end the connection.
    CloseAndStop,
}

/// What driving the outbox came to.
enum Flow {
    /// Everything sent and flushed.
    Idle,
    /// The connection must end.
    Stop,
}

/// Encoded messages waiting for the peer, counted in bytes.
struct Outbox {
    steps: VecDeque<Step>,
    bytes: usize,
    limit: usize,
    /// Text frames taken so far (the fault counters count these).
    sent: u64,
    /// A final step is queued: nothing more is taken.
    ending: bool,
    /// The `dropAfter` count ran out on the way in; the frames before it still go out.
    counted_out: bool,
    /// Something was queued or sent since the last flush.
    dirty: bool,
    pause: Option<Pin<Box<Sleep>>>,
}

impl Outbox {
    fn new(limit: usize) -> Outbox {
        Outbox {
            steps: VecDeque::new(),
            bytes: 0,
            limit,
            sent: 0,
            ending: false,
            counted_out: false,
            dirty: false,
            pause: None,
        }
    }

    fn push(&mut self, step: Step) {
        if let Step::Send(_, n) = &step {
            self.bytes += n;
        }
        self.steps.push_back(step);
        self.dirty = true;
    }

    fn message(&mut self, m: Message) {
        let n = m.len();
        self.push(Step::Send(m, n));
    }

    /// Takes one thing the world queued, with the connection's faults applied.
    fn take(&mut self, out: Out, faults: &ConnFaults, id: u64) {
        if self.ending {
            return;
        }
        match out {
            Out::Frame(f) => {
                let delay = faults.delay();
                if delay > 0 && is_response(&f) {
                    self.push(Step::Pause(delay));
                }
                self.text(agentwire::proto::wire::encode(&f), faults, id);
            }
            Out::Raw(t) => self.text(t, faults, id),
            Out::Close(code, reason) => {
                self.message(Message::Close(Some(CloseFrame { code: CloseCode::from(code), reason: reason.into() })));
                self.push(Step::FlushAndStop);
                self.ending = true;
            }
            Out::Abort => {
                self.push(Step::Stop);
                self.ending = true;
            }
            Out::Answer => {
                self.push(Step::CloseAndStop);
                self.ending = true;
            }
            Out::Ping => self.message(Message::Ping(Default::default())),
            Out::Binary(len) => self.message(Message::Binary(vec![0xA5; len].into())),
        }
    }

    fn text(&mut self, text: String, faults: &ConnFaults, id: u64) {
        self.sent += 1;
        let mut batch = vec![text];
        if ConnFaults::fire(&faults.malformed_after, self.sent) {
            batch.push(MALFORMED.to_owned());
        }
        if ConnFaults::fire(&faults.unmatched_after, self.sent) {
            batch.push(unmatched(faults.session().as_deref()));
        }
        for t in batch {
            tracing::debug!(conn = id, "-> {t}");
            self.message(Message::text(t));
            if faults.count_drop() {
                tracing::info!(conn = id, "dropping the socket (fault injection)");
                self.counted_out = true;
                self.push(Step::FlushAndStop);
                self.ending = true;
                return;
            }
        }
    }

    /// Sends what the peer takes; `Ready` when everything is flushed or the connection must end.
    fn poll_drive(&mut self, sink: &mut WsSink, faults: &ConnFaults, cx: &mut Context<'_>) -> Poll<Flow> {
        let mut sink = Pin::new(sink);
        loop {
            let dropped = faults.drop_after.load(Ordering::Acquire) == 0 && !self.counted_out;
            if dropped || faults.overflow.load(Ordering::Acquire) {
                return Poll::Ready(Flow::Stop);
            }
            match self.steps.front() {
                None => {
                    if ready!(sink.as_mut().poll_flush(cx)).is_err() {
                        return Poll::Ready(Flow::Stop);
                    }
                    self.dirty = false;
                    return Poll::Ready(Flow::Idle);
                }
                Some(Step::Send(..)) => {
                    if ready!(sink.as_mut().poll_ready(cx)).is_err() {
                        return Poll::Ready(Flow::Stop);
                    }
                    let Some(Step::Send(m, n)) = self.steps.pop_front() else { unreachable!() };
                    self.bytes -= n;
                    if sink.as_mut().start_send(m).is_err() {
                        return Poll::Ready(Flow::Stop);
                    }
                }
                Some(Step::Pause(ms)) => {
                    let ms = *ms;
                    if self.pause.is_none() {
                        if ready!(sink.as_mut().poll_flush(cx)).is_err() {
                            return Poll::Ready(Flow::Stop);
                        }
                        self.pause = Some(Box::pin(tokio::time::sleep(Duration::from_millis(ms))));
                    }
                    if let Some(p) = self.pause.as_mut() {
                        ready!(p.as_mut().poll(cx));
                    }
                    self.pause = None;
                    self.steps.pop_front();
                }
                Some(Step::FlushAndStop) => {
                    let _ = ready!(sink.as_mut().poll_flush(cx));
                    return Poll::Ready(Flow::Stop);
                }
                Some(Step::Stop) => return Poll::Ready(Flow::Stop),
                Some(Step::CloseAndStop) => {
                    let _ = ready!(sink.as_mut().poll_close(cx));
                    return Poll::Ready(Flow::Stop);
                }
            }
        }
    }
}

/// What woke the writer.
// A value on the stack for one turn of the loop, like the `Out` it carries.
#[allow(clippy::large_enum_variant)]
enum Wake {
    Queued(Option<Out>),
    Flow(Flow),
}

/// Runs a connection's writer until the connection ends, then signals `done`. `limit`: the
/// bytes its outbox may hold.
pub async fn write_loop(
    mut sink: WsSink,
    mut rx: mpsc::Receiver<Out>,
    faults: Arc<ConnFaults>,
    id: u64,
    done: Arc<Notify>,
    limit: usize,
) {
    let mut outbox = Outbox::new(limit);
    let mut open = true;
    loop {
        // Take what is queued now, so the byte bound counts it.
        for _ in 0..TAKE_BATCH {
            match rx.try_recv() {
                Ok(out) => outbox.take(out, &faults, id),
                Err(mpsc::error::TryRecvError::Empty) => break,
                Err(mpsc::error::TryRecvError::Disconnected) => {
                    open = false;
                    break;
                }
            }
        }
        if outbox.bytes > outbox.limit {
            faults.overflow.store(true, Ordering::Release);
            tracing::warn!(conn = id, bytes = outbox.bytes, "client dropped: it stopped reading");
            break;
        }
        if !open && !outbox.dirty {
            break;
        }
        let wake = tokio::select! {
            out = rx.recv(), if open => Wake::Queued(out),
            flow = std::future::poll_fn(|cx| outbox.poll_drive(&mut sink, &faults, cx)), if outbox.dirty => Wake::Flow(flow),
        };
        match wake {
            Wake::Queued(Some(out)) => outbox.take(out, &faults, id),
            Wake::Queued(None) => open = false,
            Wake::Flow(Flow::Idle) => {}
            Wake::Flow(Flow::Stop) => break,
        }
    }
    done.notify_one();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::FaultDefaults;

    #[test]
    fn faults_apply_on_the_way_in_and_bytes_are_counted() {
        let faults =
            ConnFaults::new(&FaultDefaults { drop_after: Some(2), malformed_after: Some(1), ..Default::default() });
        let mut o = Outbox::new(1 << 20);
        o.take(Out::Raw("a".into()), &faults, 1);
        // "a", then the malformed frame after frame 1, which is the second frame: drop after it.
        assert_eq!(o.bytes, 1 + MALFORMED.len());
        assert!(o.ending && o.counted_out);
        assert!(matches!(o.steps.back(), Some(Step::FlushAndStop)));
        o.take(Out::Raw("ignored".into()), &faults, 1);
        assert_eq!(o.steps.len(), 3);
        let mut o = Outbox::new(10);
        o.take(Out::Binary(11), &ConnFaults::new(&FaultDefaults::default()), 1);
        assert!(o.bytes > o.limit);
    }
}
