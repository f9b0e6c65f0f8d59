//! The core's share of the receive path, natively: frames through `Engine::handle_text`
//! (decode + model update + event queue) for a bootstrapped session. Prints ns per frame.
//! `cargo run --release --example core_receive [rounds] [bench] [scan | locate]` (50 rounds of
//! 10,000 frames by default; under `valgrind --tool=callgrind`, 5 rounds give repeatable
//! instruction counts: `5 …` minus `0 …`, ÷ 50,000). The frames are `channel.infochanged` and
//! `state.updated`; with `bench`, the mix of `bench/www/bench.js` instead (those two, and
//! interactions created, updated, given data, ended and completed: 40% of the frames).
//!
//! `scan` and `locate` measure the native floor under the core instead, on the same frames
//! (the engine is set up all the same, so the callgrind difference is the loop alone): only the
//! SDK's JSON reader validating each whole frame (`scan`), or that pass also locating the
//! event's kind, name, target and data (`locate`), the two passes of the browsers' "copy + scan"
//! floor rows, from the same source (`bench/floor/src/frame.rs`).

use agentwire::proto::engine::{Config, Engine};
use std::hint::black_box;
use std::time::Instant;

/// The floor's two passes (`bench/floor/src/frame.rs`), which name `crate::proto`.
#[path = "../bench/floor/src/frame.rs"]
mod frame;
mod proto {
    pub use agentwire::proto::{json, wire};
}

/// What the frame loop runs per frame.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Core,
    Scan,
    Locate,
}

fn ev(target: &str, name: &str, data: &str) -> String {
    format!(r#"{{"messageType":"objectEvent","target":"{target}","name":"{name}","data":{data}}}"#)
}

fn main() {
    let mut c = Config::new("b", "b");
    c.service_id = Some("proc".into());
    c.keep_alive = 0;
    // As the browser: its inbox keeps the frame, so a common event is not copied out.
    c.spanned_events = true;
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
    let args: Vec<String> = std::env::args().skip(2).collect();
    let bench = args.iter().any(|a| a == "bench");
    let mode = if args.iter().any(|a| a == "scan") {
        Mode::Scan
    } else if args.iter().any(|a| a == "locate") {
        Mode::Locate
    } else {
        Mode::Core
    };
    let frames: Vec<String> = if bench { bench_mix(&targets, 10_000) } else { Vec::new() };
    let frames: Vec<String> = if bench {
        frames
    } else {
        (0..10_000)
        .map(|i| {
            let t = &targets[i % targets.len()];
            if i % 3 == 0 {
                ev(t, "state.updated", r#"{"state":"ACTIVE"}"#)
            } else {
                ev(t, "channel.infochanged", &format!(r#"{{"state":"ACTIVE","agentStatus":{{"status":"{}","lastReasonCode":"","lastReasonName":""}}}}"#, statuses[i % 4]))
            }
        })
        .collect()
    };
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    // Every frame is valid and an object event, or the floor would skip work.
    assert!(frames.iter().all(|f| frame::scan(f) && frame::locate(f).is_some_and(|a| a.kind > 0)));
    let start = Instant::now();
    let mut sink = 0u64;
    for _ in 0..rounds {
        match mode {
            Mode::Core => {
                for f in &frames {
                    now += 1;
                    e.handle_text(now, f);
                    while e.poll_event().is_some() {}
                }
            }
            Mode::Scan => {
                for f in &frames {
                    sink += u64::from(frame::scan(black_box(f)));
                }
            }
            Mode::Locate => {
                for f in &frames {
                    sink +=
                        frame::locate(black_box(f)).map_or(0, |a| u64::from(a.kind + a.name.1 + a.target.1 + a.data.1));
                }
            }
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / (rounds * frames.len()) as f64;
    black_box(sink);
    let mix = if bench { "bench.js mix" } else { "infochanged + state.updated" };
    let what = match mode {
        Mode::Core => "core receive path (decode + apply + event)",
        Mode::Scan => "floor: the JSON reader validating the frame (scan)",
        Mode::Locate => "floor: the JSON reader validating the frame and locating the event (scan + locate)",
    };
    println!("{what}, native, {mix}: {ns:.0} ns per frame ({:.0} frames/s)", 1e9 / ns);
}

/// `n` frames as `streamFrames` of `bench/www/bench.js` makes them (no address book).
fn bench_mix(targets: &[String], n: usize) -> Vec<String> {
    let statuses = ["ready", "not_ready", "after_call_work", "busy_ready"];
    let mut out = Vec::new();
    let mut ix = 0;
    let mut i = 0;
    while out.len() < n {
        let c = &targets[i % targets.len()];
        let k = i % 10;
        if k < 5 {
            let (code, name) = if i % 4 == 1 { ("12", "Lunch") } else { ("", "") };
            let status = statuses[i % 4];
            let data = format!(
                r#"{{"state":"ACTIVE","agentStatus":{{"status":"{status}","lastReasonCode":"{code}","lastReasonName":"{name}"}}}}"#
            );
            out.push(ev(c, "channel.infochanged", &data));
        } else if k < 7 {
            out.push(ev(c, "state.updated", r#"{"state":"ACTIVE"}"#));
        } else if k == 7 {
            let t = format!("{c}.ix-{ix}");
            out.push(ev(
                &t,
                "interaction.created",
                &format!(r#"{{"interaction":{{"id":"ix-{ix}","type":"TELEPHONY","direction":"inbound"}}}}"#),
            ));
            out.push(ev(&t, "state.updated", r#"{"state":"ALERTING"}"#));
            let data = format!(r#"{{"data":{{"ANI":"+15125550142","DNIS":"8005550100","accountNumber":"{i}"}}}}"#);
            out.push(ev(&t, "interaction.datachanged", &data));
            out.push(ev(&t, "state.updated", r#"{"state":"STARTED"}"#));
            out.push(ev(&t, "interaction.ended", "{}"));
            out.push(ev(&t, "state.updated", r#"{"state":"COMPLETED"}"#));
            ix += 1;
        } else {
            let data = r#"{"state":"ACTIVE","agentStatus":{"status":"ready","lastReasonCode":"","lastReasonName":""}}"#;
            out.push(ev(c, "channel.infochanged", data));
        }
        i += 1;
    }
    out.truncate(n);
    out
}
