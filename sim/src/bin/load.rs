//! Load benchmark: N concurrent agent sessions against one simulator, each issuing
//! commands; prints p50/p90/p99/max response times and the simulator's memory per session
//! (its RSS after all sessions started minus before, divided by N). Figures, not a test.
//!
//! ```text
//! load [--sessions 1000] [--rounds 20] [--interval-ms 250] [--sim PATH | --addr HOST:PORT [--pid PID]]
//! ```
//! Without `--addr` it starts the simulator itself (`--sim`, default: `agentwire-sim` next
//! to this binary) with `--port 0 --generate-agents N`. Agents are `100001`…; see
//! `sim/bench/load.sh`.

use agentwire::proto::wire::{self, Frame, Outcome, ServiceEventData};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::sync::{Barrier, Semaphore};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Fallible<T> = Result<T, String>;

#[derive(Debug, Clone)]
struct Opts {
    sessions: usize,
    rounds: usize,
    interval_ms: u64,
    sim: Option<String>,
    addr: Option<String>,
    pid: Option<u32>,
}

fn usage() -> ! {
    eprintln!("usage: load [--sessions N] [--rounds N] [--interval-ms MS] [--sim PATH | --addr HOST:PORT [--pid PID]]");
    std::process::exit(2)
}

fn parse_opts() -> Opts {
    let mut o = Opts { sessions: 1000, rounds: 20, interval_ms: 250, sim: None, addr: None, pid: None };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--sessions" => o.sessions = val().parse().unwrap_or_else(|_| usage()),
            "--rounds" => o.rounds = val().parse().unwrap_or_else(|_| usage()),
            "--interval-ms" => o.interval_ms = val().parse().unwrap_or_else(|_| usage()),
            "--sim" => o.sim = Some(val()),
            "--addr" => o.addr = Some(val()),
            "--pid" => o.pid = Some(val().parse().unwrap_or_else(|_| usage())),
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    o
}

/// Resident set size of a process in KiB (Linux `/proc`).
fn rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn spawn_sim(path: &str, sessions: usize) -> Fallible<(Child, String)> {
    let mut child = Command::new(path)
        .args(["--port", "0", "--quiet", "--connect-ms", "0", "--generate-agents", &sessions.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {path}: {e}"))?;
    let mut line = String::new();
    let stdout = child.stdout.take().ok_or("no stdout")?;
    BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .ok_or_else(|| format!("unexpected first line {line:?}"))?
        .to_owned();
    Ok((child, addr))
}

struct Session {
    ws: Ws,
    next: u64,
    sid: String,
}

impl Session {
    async fn send(&mut self, v: serde_json::Value) -> Fallible<()> {
        self.ws.send(Message::text(v.to_string())).await.map_err(|e| e.to_string())
    }

    async fn frame(&mut self) -> Fallible<Frame> {
        loop {
            let m = tokio::time::timeout(Duration::from_secs(30), self.ws.next())
                .await
                .map_err(|_| "no frame within 30 s".to_string())?
                .ok_or("socket closed")?
                .map_err(|e| e.to_string())?;
            if let Message::Text(t) = m {
                return wire::decode(t.as_str()).map_err(|e| e.to_string());
            }
        }
    }

    async fn core(&mut self, command: &str, key: &str, value: &str) -> Fallible<Vec<Frame>> {
        self.next += 1;
        let id = format!("c{}", self.next);
        self.send(json!({"messageType": "coreRequest", "requestId": id, "command": command, key: value})).await?;
        let mut before = Vec::new();
        loop {
            match self.frame().await? {
                Frame::CoreResponse(r) if r.request_id == id => {
                    return if r.is_success() { Ok(before) } else { Err(format!("{command} failed: {:?}", r.failure)) }
                }
                f => before.push(f),
            }
        }
    }

    async fn open(addr: &str, agent: &str) -> Fallible<Session> {
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws")).await.map_err(|e| e.to_string())?;
        let mut s = Session { ws, next: 0, sid: String::new() };
        s.core("bindService", "serviceId", "ServiceMonitor").await?;
        let processor = loop {
            if let Frame::ServiceEvent(e) = s.frame().await? {
                if let ServiceEventData::ServiceList(l) = e.data {
                    let text = |x: &agentwire::proto::json::Json, k: &str| {
                        x.get(k).and_then(|v| v.as_str()).map(str::to_owned)
                    };
                    break l
                        .services()
                        .iter()
                        .find(|x| text(x, "type").as_deref() == Some("InteractionProcessor"))
                        .and_then(|x| text(x, "id"))
                        .ok_or("no processor")?;
                }
            }
        };
        s.core("bindService", "serviceId", &processor).await?;
        s.send(json!({"messageType": "serviceRequest", "requestId": "prep", "serviceId": processor, "command": "prepareSession",
            "data": {"override": true, "agent": {"id": agent, "password": "pass"}}}))
            .await?;
        s.sid = loop {
            if let Frame::ServiceResponse(r) = s.frame().await? {
                match r.response.outcome {
                    Outcome::Success(Some(wire::ResultData::PrepareSession(p))) => break p.resource_id().to_owned(),
                    o => return Err(format!("prepareSession: {o:?}")),
                }
            }
        };
        let sid = s.sid.clone();
        s.core("bindResource", "resourceId", &sid).await?;
        s.send(json!({"command": "session.start", "target": sid, "data": {}})).await?;
        loop {
            if let Frame::Event(e) = s.frame().await? {
                if e.name == "session.initialized" {
                    return Ok(s);
                }
            }
        }
    }

    /// Sends a command and waits for its response; returns the round trip.
    async fn command(&mut self, command: &str, target: &str, data: serde_json::Value) -> Fallible<Duration> {
        let t0 = Instant::now();
        self.send(json!({"command": command, "target": target, "data": data})).await?;
        loop {
            if let Frame::Response(r) = self.frame().await? {
                let took = t0.elapsed();
                return match r.outcome {
                    Outcome::Success(_) => Ok(took),
                    o => Err(format!("{command}: {o:?}")),
                };
            }
        }
    }
}

/// One agent's work: commands that are each valid in the state the previous left.
async fn drive(mut s: Session, rounds: usize, interval: Duration, seed: u64) -> Fallible<Vec<u32>> {
    let tel = format!("{}.cg-1.ch-tel", s.sid);
    let sid = s.sid.clone();
    let cycle: [(&str, &str, serde_json::Value); 8] = [
        ("channel.activate", &tel, json!({"channeloptions": {"queue": "LOAD"}})),
        ("channel.ready", &tel, json!({})),
        ("channel.notready", &tel, json!({"reasoncode": "12"})),
        ("channel.ready", &tel, json!({})),
        ("channel.request.incontact.getscripts", &tel, json!({})),
        ("channel.notready", &tel, json!({"reasoncode": "acw"})),
        ("session.request.externalnotreadyreasons", &sid, json!({})),
        ("channel.deactivate", &tel, json!({"channelOptions": {}})),
    ];
    let mut lat = Vec::with_capacity(rounds);
    // Spread the sessions over the interval so they do not fire in lockstep.
    tokio::time::sleep(Duration::from_micros(seed % (interval.as_micros().max(1) as u64))).await;
    for i in 0..rounds {
        let (c, t, d) = &cycle[i % cycle.len()];
        let took = s.command(c, t, d.clone()).await?;
        lat.push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
        tokio::time::sleep(interval).await;
    }
    Ok(lat)
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i.min(sorted.len() - 1)]) / 1000.0
}

async fn run(o: Opts) -> Fallible<()> {
    let (child, addr, pid) = match &o.addr {
        Some(a) => (None, a.clone(), o.pid),
        None => {
            let path = match &o.sim {
                Some(p) => p.clone(),
                None => std::env::current_exe()
                    .map_err(|e| e.to_string())?
                    .with_file_name("agentwire-sim")
                    .to_string_lossy()
                    .into_owned(),
            };
            let (child, addr) = spawn_sim(&path, o.sessions)?;
            let pid = child.id();
            (Some(child), addr, Some(pid))
        }
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let rss_before = pid.and_then(rss_kib);
    println!(
        "simulator at {addr}; {} sessions, {} commands each, one every {} ms",
        o.sessions, o.rounds, o.interval_ms
    );

    let t0 = Instant::now();
    let gate = Arc::new(Semaphore::new(64));
    let ready = Arc::new(Barrier::new(o.sessions + 1));
    let go = Arc::new(Barrier::new(o.sessions + 1));
    let mut tasks = Vec::with_capacity(o.sessions);
    for i in 0..o.sessions {
        let (addr, gate, ready, go) = (addr.clone(), gate.clone(), ready.clone(), go.clone());
        let interval = Duration::from_millis(o.interval_ms);
        let rounds = o.rounds;
        tasks.push(tokio::spawn(async move {
            let agent = (100_001 + i).to_string();
            let opened = {
                let _permit = gate.acquire().await;
                Session::open(&addr, &agent).await
            };
            ready.wait().await;
            go.wait().await;
            let s = opened.map_err(|e| format!("agent {agent}: {e}"))?;
            drive(s, rounds, interval, (i as u64).wrapping_mul(7919) * 1000)
                .await
                .map_err(|e| format!("agent {agent}: {e}"))
        }));
    }
    ready.wait().await;
    let setup = t0.elapsed();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_ready = pid.and_then(rss_kib);
    println!("{} sessions bootstrapped and started in {:.2} s", o.sessions, setup.as_secs_f64());
    let t1 = Instant::now();
    go.wait().await;
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for t in tasks {
        match t.await {
            Ok(Ok(l)) => all.extend(l),
            Ok(Err(e)) => errors.push(e),
            Err(e) => errors.push(e.to_string()),
        }
    }
    let run = t1.elapsed();
    let rss_after = pid.and_then(rss_kib);
    all.sort_unstable();
    println!(
        "{} commands in {:.2} s ({:.0}/s), {} errors",
        all.len(),
        run.as_secs_f64(),
        all.len() as f64 / run.as_secs_f64(),
        errors.len()
    );
    for e in errors.iter().take(5) {
        println!("  error: {e}");
    }
    println!(
        "response time ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        pct(&all, 0.50),
        pct(&all, 0.90),
        pct(&all, 0.99),
        pct(&all, 1.0)
    );
    match (rss_before, rss_ready, rss_after) {
        (Some(b), Some(r), Some(a)) => println!(
            "simulator RSS: {:.1} MiB idle, {:.1} MiB with {} sessions, {:.1} MiB after the run; {:.1} KiB per session",
            b as f64 / 1024.0,
            r as f64 / 1024.0,
            o.sessions,
            a as f64 / 1024.0,
            (r.saturating_sub(b)) as f64 / o.sessions.max(1) as f64
        ),
        _ => println!("simulator RSS: unknown (pass --pid with --addr, on Linux)"),
    }
    if let Some(mut c) = child {
        let _ = Command::new("kill").args(["-INT", &c.id().to_string()]).status();
        let _ = c.wait();
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{} sessions failed", errors.len()))
    }
}

fn main() {
    let o = parse_opts();
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(1)
        }
    };
    if let Err(e) = rt.block_on(run(o)) {
        eprintln!("load: {e}");
        std::process::exit(1)
    }
}
