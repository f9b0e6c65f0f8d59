//! A structure-aware fuzzer for the sans-IO core (cargo-fuzz needs a nightly toolchain, which
//! these machines do not have). It mutates the protocol fixtures and typical frames (bit
//! flips, truncation, splices, hostile values: dotted ids, deep nesting, huge strings, wrong
//! types, pathological targets (long ids, thousands of segments, empty segments) and data
//! sizes (thousands of members, values of hundreds of KB)) and feeds them to the decoder and,
//! as frame sequences with timer ticks, to engines bootstrapped to `ready`. The decoder and
//! the engine must never panic, the model's invariants must hold after every input, and the
//! model's data stays within its byte budget.
//!
//! `AGENTWIRE_FUZZ_ITERS` sets the number of inputs (default 20,000, the test command's short
//! run); `scripts/fuzz.sh` runs the long one in release mode and prints the figures.

mod support;

use agentwire::proto::engine::Rng;
use agentwire::proto::engine::{Config, Engine, Input, SubmitOptions};
use agentwire::proto::wire::{self, Command, Empty, NotReadyData};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use support::*;

fn corpus() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol");
    let mut out: Vec<String> =
        std::fs::read_dir(dir).unwrap().filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect();
    out.extend(init_events());
    out.push(ok("channel.ready", TEL, "{}"));
    out.push(fail("channel.notready", TEL, "INVALID_STATE"));
    out.push(event(TEL, "channel.infochanged", r#"{"state":"ACTIVE","agentStatus":{"status":"ready"}}"#));
    out.push(event(
        "s-1001.cg-1.ch-tel.ix-1",
        "interaction.created",
        r#"{"interaction":{"id":"ix-1","type":"TELEPHONY"}}"#,
    ));
    out.push(event("s-1001.cg-1.ch-tel.ix-1.cv-1", "conversation.created", r#"{"conversation":{"id":"cv-1"}}"#));
    out.push(event("s-1001.cg-1.ch-tel.ix-1", "state.updated", r#"{"state":"COMPLETED"}"#));
    out.push(event(SID, "session.initialized", "{}"));
    out.push(r#"{"messageType":"coreResponse","requestId":"aw-9","command":"ping","result":"success"}"#.into());
    out.sort();
    out
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "null",
    "true",
    "1e999",
    "-0",
    "\"a.b\"",
    "\"s-1001\"",
    "\"\\ud800\"",
    "\"channel.created\"",
    "\"state.updated\"",
    "\"ACTIVE\"",
    "\"s-1001.cg-1\"",
    "\"s-1001.cg-1.ch-tel\"",
    "\"result\"",
    "\"failure\"",
    "\"messageType\"",
    "\"objectEvent\"",
    "{}",
    "[]",
    "\u{0}",
    "é",
    "\"x\":",
    "9999999999999999999999",
];

fn mutate(rng: &mut Rng, base: &str, corpus: &[String]) -> String {
    let mut b: Vec<u8> = base.as_bytes().to_vec();
    let n = 1 + rng.next_u32() % 4;
    for _ in 0..n {
        let len = b.len().max(1);
        let at = rng.next_u32() as usize % len;
        match rng.next_u32() % 12 {
            0 => {
                if let Some(x) = b.get_mut(at) {
                    *x ^= 1 << (rng.next_u32() % 8);
                }
            }
            1 => b.truncate(at),
            2 => {
                let t = TOKENS[rng.next_u32() as usize % TOKENS.len()];
                b.splice(at.min(b.len())..at.min(b.len()), t.bytes());
            }
            3 => {
                let end = (at + 1 + rng.next_u32() as usize % 16).min(b.len());
                b.drain(at.min(b.len())..end);
            }
            4 => {
                // Splice a piece of another corpus entry.
                let other = corpus[rng.next_u32() as usize % corpus.len()].as_bytes();
                let s = rng.next_u32() as usize % other.len().max(1);
                let e = (s + rng.next_u32() as usize % 64).min(other.len());
                b.splice(at.min(b.len())..at.min(b.len()), other[s..e].iter().copied());
            }
            5 => {
                // Swap an id for a dotted one or a foreign session.
                let s = String::from_utf8_lossy(&b).into_owned();
                let s = match rng.next_u32() % 3 {
                    0 => s.replacen("ch-tel", "ch.tel", 1),
                    1 => s.replacen("s-1001", "s-9999", 1),
                    _ => s.replacen("\"id\":\"", "\"id\":\"x.", 1),
                };
                b = s.into_bytes();
            }
            6 => {
                let depth = 1 + rng.next_u32() as usize % 200;
                let deep = "[".repeat(depth) + &"]".repeat(depth);
                b.splice(at.min(b.len())..at.min(b.len()), deep.bytes());
            }
            7 => {
                // Wrong types: a string where an object was, and so on.
                let s = String::from_utf8_lossy(&b).into_owned();
                b = match rng.next_u32() % 3 {
                    0 => s.replacen(":{", ":\"x\",\"y\":{", 1),
                    1 => s.replacen(":\"", ":7,\"z\":\"", 1),
                    _ => s.replacen(":[", ":{},\"w\":[", 1),
                }
                .into_bytes();
            }
            8 => {
                let huge = "A".repeat(1 + rng.next_u32() as usize % 100_000);
                b.splice(at.min(b.len())..at.min(b.len()), huge.bytes());
            }
            10 => {
                // Pathological targets: long ids, many segments, empty segments, dots.
                let s = String::from_utf8_lossy(&b).into_owned();
                let t = match rng.next_u32() % 5 {
                    0 => format!("s-1001.{}", "x".repeat(1 + rng.next_u32() as usize % 5_000)),
                    1 => format!("s-1001{}", ".a".repeat(1 + rng.next_u32() as usize % 5_000)),
                    2 => "s-1001..cg-1".to_owned(),
                    3 => "s-1001.cg-1.".to_owned(),
                    _ => format!("s-1001.cg-1.ch-tel.{}", "ix.".repeat(1 + rng.next_u32() as usize % 50)),
                };
                b = s.replacen("\"target\":\"", &format!("\"target\":\"{t}\",\"was\":\""), 1).into_bytes();
            }
            11 => {
                // Pathological data sizes: many members, big values.
                let s = String::from_utf8_lossy(&b).into_owned();
                let n = 1 + rng.next_u32() as usize % 4_000;
                let many: String = (0..n).map(|k| format!("\"k{k}\":{k},")).collect();
                let big = "B".repeat(rng.next_u32() as usize % 200_000);
                b = s
                    .replacen("\"data\":{", &format!("\"data\":{{\"data\":{{{many}\"big\":\"{big}\"}},"), 1)
                    .into_bytes();
            }
            _ => {
                let end = (at + rng.next_u32() as usize % 32).min(b.len());
                let piece: Vec<u8> = b[at.min(b.len())..end].to_vec();
                b.splice(end..end, piece);
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

fn ready_engine(seed: u64) -> Pair {
    let mut c = Config::new("4001", "pw");
    c.seed = seed;
    c.keep_alive = 1_000;
    c.request_timeout = 500;
    // A small byte budget, so the budget's drops are exercised too.
    c.limits.bytes = BUDGET;
    let mut p = Pair::new(c);
    bootstrap(&mut p);
    p
}

/// The fuzzed engines' model byte budget.
const BUDGET: usize = 1 << 20;

fn check(p: &Pair, input: &[String]) {
    if let Err(e) = p.engine.model().check_invariants() {
        panic!("model invariant broken: {e}\ninputs: {input:?}");
    }
    let bytes = p.engine.model().data_bytes();
    assert!(bytes <= BUDGET, "model holds {bytes} bytes, budget {BUDGET}");
}

/// Runs `iters` inputs from `seed`; returns (decoded ok, decode errors, engine inputs).
fn run(iters: u64, seed: u64) -> (u64, u64, u64) {
    let corpus = corpus();
    let mut rng = Rng::new(seed);
    let (mut good, mut bad, mut fed) = (0, 0, 0);
    let mut p = ready_engine(seed);
    let mut trail: Vec<String> = Vec::new();
    for i in 0..iters {
        let base = &corpus[rng.next_u32() as usize % corpus.len()];
        let input = mutate(&mut rng, base, &corpus);
        match catch_unwind(|| wire::decode(&input)) {
            Ok(Ok(_)) => good += 1,
            Ok(Err(_)) => bad += 1,
            Err(_) => panic!("decode panicked on {input:?}"),
        }
        // Every 4th input also goes to the engine, with a command or a timer tick now and then.
        if i % 4 == 0 {
            trail.push(input.clone());
            let r = catch_unwind(AssertUnwindSafe(|| {
                p.recv(&input);
                match rng.next_u32() % 8 {
                    0 => p.advance(u64::from(rng.next_u32() % 2_000)),
                    1 => {
                        let cmd = if rng.next_u32() % 2 == 0 {
                            Command::Ready(Empty::new())
                        } else {
                            Command::NotReady(NotReadyData::new("12", None))
                        };
                        let _ = p.engine.submit(p.now, cmd, Some(TEL), SubmitOptions::default());
                        p.pump();
                    }
                    2 if rng.next_u32() % 64 == 0 => p.server_close(1006, ""),
                    _ => {}
                }
                p.sent.clear();
                p.events.clear();
            }));
            if r.is_err() {
                panic!("engine panicked; last inputs: {:?}", &trail[trail.len().saturating_sub(5)..]);
            }
            check(&p, &trail);
            fed += 1;
            // A fresh engine now and then, so late-session states get as much coverage as early ones.
            if trail.len() >= 64 || p.engine.model().session_id().is_none() {
                p = ready_engine(u64::from(rng.next_u32()));
                trail.clear();
            }
        }
    }
    (good, bad, fed)
}

#[test]
fn decoder_and_engine_survive_mutated_frames() {
    let iters = std::env::var("AGENTWIRE_FUZZ_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let seed = std::env::var("AGENTWIRE_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0xA6E4);
    let start = std::time::Instant::now();
    let (good, bad, fed) = run(iters, seed);
    println!(
        "fuzz: {iters} inputs (seed {seed}): {good} decoded, {bad} rejected with a typed error, {fed} fed to engines, no panic, invariants held; {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert_eq!(good + bad, iters);
    assert!(good > iters / 100, "the mutator should keep some inputs valid ({good})");
}

#[test]
fn engine_never_panics_on_random_api_use() {
    // Random page calls interleaved with random server frames and time.
    let corpus = corpus();
    let mut rng = Rng::new(7);
    for round in 0..200 {
        let mut e = Engine::new(Config::new("4001", "pw"));
        let mut now = 0;
        for _ in 0..50 {
            now += u64::from(rng.next_u32() % 3_000);
            match rng.next_u32() % 10 {
                0 => e.connect(now),
                1 => e.handle_open(now),
                2 => e.handle_close(now, [1000, 1006, 4001][rng.next_u32() as usize % 3], "x"),
                3 => e.handle_timeout(now),
                4 => {
                    let _ = e.confirm(now, rng.next_u32() % 2 == 0);
                }
                5 => e.close(now),
                6 => {
                    let _ = e.submit(now, Command::Ready(Empty::new()), Some(TEL), SubmitOptions::default());
                }
                // What the browser says about the network and the page's life (issue 17).
                7 => {
                    let away_ms = u64::from(rng.next_u32() % 120_000);
                    let input = [Input::Offline, Input::Online, Input::Suspend, Input::Resumed { away_ms }]
                        [rng.next_u32() as usize % 4]
                        .clone();
                    let _ = e.handle(now, input);
                }
                _ => {
                    let base = &corpus[rng.next_u32() as usize % corpus.len()];
                    e.handle_text(now, &mutate(&mut rng, base, &corpus));
                }
            }
            while e.poll_transmit().is_some() {}
            while e.poll_event().is_some() {}
            e.model().check_invariants().unwrap_or_else(|m| panic!("round {round}: {m}"));
        }
    }
}
