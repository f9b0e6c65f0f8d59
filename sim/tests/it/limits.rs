//! Resource caps (issue 15, item 13): a cap on concurrent connections, outgoing queues
//! bounded in bytes (a client that never reads is dropped), and a deadline for an HTTP
//! request's headers.

use crate::support::*;
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The connection ids `state` lists with this tag.
async fn tagged(sim: &Sim, tag: &str) -> usize {
    let (_, b) = sim.control("state", json!({})).await;
    b["connections"].as_array().map_or(0, |c| c.iter().filter(|c| c["tag"] == tag).count())
}

#[tokio::test]
async fn connections_past_the_cap_are_refused() {
    let mut cfg = config();
    cfg.max_connections = 3;
    let sim = start(cfg).await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(Client::connect(&sim.ws()).await);
    }
    // The fourth: a WebSocket upgrade and a plain request both get 503, and nothing registers.
    match tokio_tungstenite::connect_async(sim.ws()).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status().as_u16(), 503),
        Err(e) => panic!("refused, but not with 503: {e}"),
        Ok(_) => panic!("a fourth connection was accepted past the cap of 3"),
    }
    let (s, _, body) = http(sim.addr, "GET", "/", None).await;
    assert_eq!(s, 503, "{body}");
    assert_eq!(sim.handle.world().conns.len(), 3);
    // The ones inside the cap still work; one that goes frees its slot.
    let (r, _) = open[0].core("ping", json!({})).await;
    assert_eq!(r["result"], "success");
    let mut gone = open.pop().expect("client");
    gone.ws.close(None).await.expect("close");
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        match tokio_tungstenite::connect_async(sim.ws()).await {
            Ok(_) => break,
            Err(e) => assert!(Instant::now() < deadline, "the slot was not freed: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_client_that_never_reads_is_dropped_past_its_byte_bound() {
    let mut cfg = config();
    cfg.max_queue_bytes = 256 << 10;
    let sim = start(cfg).await;
    // Reads nothing after the handshake.
    let deaf = Client::connect(&format!("{}?tag=deaf", sim.ws())).await;
    let mut ears = sim.login("4002").await;
    assert_eq!(tagged(&sim, "deaf").await, 1);
    // 40 frames of 500 kB: far fewer than any frame count would catch, far more bytes than
    // the socket buffers hold, so most of them wait in the simulator's queue.
    let text = "x".repeat(500_000);
    let mut dropped = false;
    for _ in 0..40 {
        sim.control("malformed", json!({"tag": "deaf", "text": text})).await;
        if tagged(&sim, "deaf").await == 0 {
            dropped = true;
            break;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while !dropped && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        dropped = tagged(&sim, "deaf").await == 0;
    }
    assert!(dropped, "a client that never reads kept its connection with ~20 MB queued");
    // A client that reads is not affected.
    let (r, _) = ears.core("ping", json!({})).await;
    assert_eq!(r["result"], "success");
    drop(deaf);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn slow_headers_are_cut_off() {
    let mut cfg = config();
    cfg.header_timeout = Duration::from_millis(300);
    let sim = start(cfg).await;
    // Headers that never end: the connection is closed after the timeout.
    let mut s = TcpStream::connect(sim.addr).await.expect("connect");
    s.write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: ", sim.addr).as_bytes()).await.expect("write");
    let t0 = Instant::now();
    let mut buf = Vec::new();
    let r = tokio::time::timeout(Duration::from_secs(3), s.read_to_end(&mut buf)).await;
    assert!(r.is_ok(), "the connection was still open after 3 s of unfinished headers");
    assert!(t0.elapsed() >= Duration::from_millis(250), "closed before the timeout: {:?}", t0.elapsed());
    // A connection that says nothing at all is closed too.
    let mut quiet = TcpStream::connect(sim.addr).await.expect("connect");
    let r = tokio::time::timeout(Duration::from_secs(3), quiet.read_to_end(&mut buf)).await;
    assert!(r.is_ok(), "a silent connection was still open after 3 s");
    // A request whose headers come in time is served.
    let (st, _, _) = sim.control_raw("GET", "/control/state", None).await;
    assert_eq!(st, 200);
    sim.handle.shutdown().await;
}
