//! The core's share of the receive path, natively: frames through `Engine::handle_text`
//! (decode + model update + event queue) for a bootstrapped session. Prints ns per frame.
//! `cargo run --release --example core_receive [rounds]` (50 rounds of 10,000 frames by
//! default; under `valgrind --tool=callgrind`, 5 rounds give repeatable instruction counts).

use agentwire::proto::engine::{Config, Engine};
use std::time::Instant;

fn ev(target: &str, name: &str, data: &str) -> String {
    format!(r#"{{"messageType":"objectEvent","target":"{target}","name":"{name}","data":{data}}}"#)
}

fn main() {
    let mut c = Config::new("b", "b");
    c.service_id = Some("proc".into());
    c.keep_alive = 0;
    let mut e = Engine::new(c);
    let mut now = 0;
    e.connect(now);
    e.handle_open(now);
    e.handle_text(
        now,
        r#"{"messageType":"coreResponse","requestId":"aw-1","command":"bindService","result":"success"}"#,
    );
    e.handle_text(now, r#"{"messageType":"serviceResponse","requestId":"aw-2","command":"prepareSession","result":"success","data":{"resourceId":"s-1"}}"#);
    e.handle_text(
        now,
        r#"{"messageType":"coreResponse","requestId":"aw-3","command":"bindResource","result":"success"}"#,
    );
    e.handle_text(now, r#"{"command":"session.start","target":"s-1","result":"success","data":{}}"#);
    let mut targets = Vec::new();
    for i in 0..100 {
        let g = format!("cg-{}", i % 50);
        e.handle_text(now, &ev("s-1", "channelgroup.created", &format!(r#"{{"channelgroup":{{"id":"{g}"}}}}"#)));
        e.handle_text(
            now,
            &ev(
                &format!("s-1.{g}"),
                "channel.created",
                &format!(r#"{{"channel":{{"id":"ch-{i}","type":"TELEPHONY"}}}}"#),
            ),
        );
        targets.push(format!("s-1.{g}.ch-{i}"));
    }
    e.handle_text(now, &ev("s-1", "session.initialized", "{}"));
    while e.poll_event().is_some() {}
    while e.poll_transmit().is_some() {}
    assert_eq!(e.state().as_str(), "ready");
    let statuses = ["ready", "not_ready", "after_call_work", "busy_ready"];
    let frames: Vec<String> = (0..10_000)
        .map(|i| {
            let t = &targets[i % targets.len()];
            if i % 3 == 0 {
                ev(t, "state.updated", r#"{"state":"ACTIVE"}"#)
            } else {
                ev(t, "channel.infochanged", &format!(r#"{{"state":"ACTIVE","agentStatus":{{"status":"{}","lastReasonCode":"","lastReasonName":""}}}}"#, statuses[i % 4]))
            }
        })
        .collect();
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let start = Instant::now();
    for _ in 0..rounds {
        for f in &frames {
            now += 1;
            e.handle_text(now, f);
            while e.poll_event().is_some() {}
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / (rounds * frames.len()) as f64;
    println!("core receive path (decode + apply + event), native: {ns:.0} ns per frame ({:.0} frames/s)", 1e9 / ns);
}
