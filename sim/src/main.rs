//! The `agentwire-sim` command: parses the command line, loads the config, starts the
//! server, prints the listening URLs as the first line on stdout and the control token as the
//! second, and stops cleanly on Ctrl-C / SIGTERM.

use agentwire_sim::guard::{check_token, random_token, Origin};
use agentwire_sim::options::CreationTarget;
use agentwire_sim::options::{HEADER_TIMEOUT, MAX_CONNECTIONS, MAX_QUEUE_BYTES};
use agentwire_sim::{serve, Catalog, DialectMode, FaultDefaults, SimConfig, WorldOptions};
use clap::{Parser, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Dialect {
    /// `channel.ready`, `session.addchannel`, `session.start`, …
    Legacy,
    /// `channel.request.ready`, `session.request.addchannel`, `session.request.start`, …
    Current,
    /// Both.
    Any,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Creation {
    /// `interaction.created` / `conversation.created` target the new object (PROTOCOL.md's
    /// inferred reading).
    Own,
    /// They target the parent (the channel, resp. the interaction), the new id in `data`.
    Parent,
}

/// The agentwire interaction-processor simulator: serves the demo page, the npm package, the
/// protocol WebSocket (/ws) and a control API (/control) for faults and traffic.
#[derive(Parser, Debug)]
#[command(name = "agentwire-sim", version, max_term_width = 100)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one; the first stdout line names it).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Command-name generation to accept; the other gets UNKNOWN_COMMAND.
    #[arg(long, value_enum, default_value = "any")]
    dialect: Dialect,
    /// Target of interaction.created / conversation.created: the new object, or its parent
    /// (per agent at run time: POST /control/creation-target).
    #[arg(long, value_enum, default_value = "own")]
    creation_target: Creation,
    /// Agents, channels, reasons and address book (TOML, or JSON for `.json`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print the built-in config (a starting point for --config) and exit.
    #[arg(long)]
    print_config: bool,
    /// Folder served at `/`.
    #[arg(long, value_name = "DIR", default_value = "www")]
    www: PathBuf,
    /// Folder served at `/pkg/`.
    #[arg(long, value_name = "DIR", default_value = "pkg")]
    pkg: PathBuf,
    /// Log every frame and HTTP request (stderr).
    #[arg(short, long)]
    verbose: bool,
    /// Log warnings only.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Add N agents 100001… (password `pass`) for load tests.
    #[arg(long, value_name = "N", default_value_t = 0)]
    generate_agents: usize,
    /// Fill reason labels, script names and address-book names with HTML/script markup.
    #[arg(long)]
    hostile_strings: bool,

    /// Access: the token /control requests must carry in the x-agentwire-control header
    /// (16+ characters of A-Z a-z 0-9 - _ . ~) [default: random, printed on the second line].
    #[arg(
        long,
        value_name = "TOKEN",
        env = "AGENTWIRE_SIM_CONTROL_TOKEN",
        hide_env_values = true,
        help_heading = "Access"
    )]
    control_token: Option<String>,
    /// Access: a web origin (http://host:port) besides the simulator's own whose pages may use
    /// /control and the WebSocket; repeatable.
    #[arg(long, value_name = "ORIGIN", help_heading = "Access")]
    allow_origin: Vec<String>,

    /// Limits: concurrent connections (HTTP and WebSocket); past it, new ones get 503.
    #[arg(long, value_name = "N", default_value_t = MAX_CONNECTIONS, help_heading = "Limits")]
    max_connections: usize,
    /// Limits: bytes a WebSocket's outgoing queue may hold; a client past it (one that does
    /// not read) is dropped.
    #[arg(long, value_name = "BYTES", default_value_t = MAX_QUEUE_BYTES, help_heading = "Limits")]
    max_queue_bytes: usize,
    /// Limits: ms a client may take to send an HTTP request's headers (and to start the
    /// next request on a kept-alive connection).
    #[arg(long, value_name = "MS", default_value_t = HEADER_TIMEOUT.as_millis() as u64, help_heading = "Limits")]
    header_timeout_ms: u64,

    /// Traffic: an inbound call or chat (alternating) every SECS to each ready agent (0: off).
    #[arg(long, value_name = "SECS", default_value_t = 0, help_heading = "Traffic")]
    inbound_every: u64,
    /// Traffic: change an address-book agent's state every SECS (0: off).
    #[arg(long, value_name = "SECS", default_value_t = 0, help_heading = "Traffic")]
    presence_every: u64,
    /// Traffic: ms an outbound or consult call rings before it is answered [config: 300].
    #[arg(long, value_name = "MS", help_heading = "Traffic")]
    connect_ms: Option<u64>,
    /// Traffic: abandon an unaccepted inbound interaction after SECS (0: never) [config: 0].
    #[arg(long, value_name = "SECS", help_heading = "Traffic")]
    ring_secs: Option<u64>,
    /// Traffic: the far end releases a started interaction after SECS (0: never) [config: 0].
    #[arg(long, value_name = "SECS", help_heading = "Traffic")]
    talk_secs: Option<u64>,
    /// Traffic: a ready telephony agent goes to after_call_work when a call ends.
    #[arg(long, help_heading = "Traffic")]
    acw_after_call: bool,
    /// Traffic: send every started session N channel.infochanged/state.updated events per second.
    #[arg(long, value_name = "N", default_value_t = 0, help_heading = "Traffic")]
    flood: u32,

    /// Fault: drop each connection after it has sent N frames.
    #[arg(long, value_name = "N", help_heading = "Faults")]
    drop_after: Option<u64>,
    /// Fault: delay every response by MS milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0, help_heading = "Faults")]
    delay_ms: u64,
    /// Fault: send one malformed frame after the N-th frame of each connection.
    #[arg(long, value_name = "N", help_heading = "Faults")]
    malformed_after: Option<u64>,
    /// Fault: send one unmatched response after the N-th frame of each connection.
    #[arg(long, value_name = "N", help_heading = "Faults")]
    unmatched_after: Option<u64>,
    /// Fault: refuse the first N bindResource requests (RESOURCE_BOUND).
    #[arg(long, value_name = "N", default_value_t = 0, help_heading = "Faults")]
    refuse_binds: u32,
}

fn config(cli: &Cli) -> Result<SimConfig, String> {
    let mut catalog = match &cli.config {
        Some(path) => Catalog::load(path),
        None => Catalog::builtin(),
    }
    .map_err(|e| e.to_string())?;
    if let Some(v) = cli.connect_ms {
        catalog.timing.connect_ms = v;
    }
    if let Some(v) = cli.ring_secs {
        catalog.timing.ring_secs = v;
    }
    if let Some(v) = cli.talk_secs {
        catalog.timing.talk_secs = v;
    }
    if cli.acw_after_call {
        catalog.timing.acw_after_call = true;
    }
    let control_token = match &cli.control_token {
        Some(t) => {
            check_token(t).map_err(|e| format!("--control-token: {e}"))?;
            t.clone()
        }
        None => random_token(),
    };
    for o in &cli.allow_origin {
        if Origin::parse(o).is_none() {
            return Err(format!(
                "--allow-origin {o:?} is not an origin like http://127.0.0.1:8000 (scheme, host, port; no path)"
            ));
        }
    }
    if cli.max_connections == 0 || cli.max_queue_bytes == 0 || cli.header_timeout_ms == 0 {
        return Err("--max-connections, --max-queue-bytes and --header-timeout-ms must be at least 1".into());
    }
    catalog.generate_agents(cli.generate_agents);
    if cli.hostile_strings {
        catalog.make_hostile();
    }
    let mut c = SimConfig::new(catalog);
    c.host = cli.host.clone();
    c.port = cli.port;
    c.www = cli.www.clone();
    c.pkg = cli.pkg.clone();
    c.world = WorldOptions {
        dialect: match cli.dialect {
            Dialect::Legacy => DialectMode::Legacy,
            Dialect::Current => DialectMode::Current,
            Dialect::Any => DialectMode::Any,
        },
        inbound_every: cli.inbound_every,
        presence_every: cli.presence_every,
        flood: cli.flood,
        refuse_binds: cli.refuse_binds,
        creation_target: match cli.creation_target {
            Creation::Own => CreationTarget::Own,
            Creation::Parent => CreationTarget::Parent,
        },
    };
    c.control_token = control_token;
    c.allow_origins = cli.allow_origin.clone();
    c.max_connections = cli.max_connections;
    c.max_queue_bytes = cli.max_queue_bytes;
    c.header_timeout = std::time::Duration::from_millis(cli.header_timeout_ms);
    c.faults = FaultDefaults {
        drop_after: cli.drop_after,
        delay_ms: cli.delay_ms,
        malformed_after: cli.malformed_after,
        unmatched_after: cli.unmatched_after,
    };
    Ok(c)
}

fn main() -> ExitCode {
    // clap prints its own message and exits with code 2 on bad arguments.
    let cli = Cli::parse();
    if cli.print_config {
        let _ = std::io::stdout().write_all(agentwire_sim::config::DEFAULT_CONFIG.as_bytes());
        return ExitCode::SUCCESS;
    }
    let level = if cli.verbose {
        tracing::Level::DEBUG
    } else if cli.quiet {
        tracing::Level::WARN
    } else {
        tracing::Level::INFO
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let config = match config(&cli) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("agentwire-sim: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("agentwire-sim: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(config))
}

/// Waits for Ctrl-C or SIGTERM. The handlers are installed when this is called, not when it
/// is first polled: the caller calls it before announcing the server, so a signal sent as soon
/// as the "listening" line is read stops it cleanly.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let streams = signal(SignalKind::interrupt()).and_then(|i| Ok((i, signal(SignalKind::terminate())?)));
        async move {
            match streams {
                Ok((mut int, mut term)) => {
                    tokio::select! {
                        _ = int.recv() => {}
                        _ = term.recv() => {}
                    }
                }
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn run(config: SimConfig) -> ExitCode {
    let (host, port) = (config.host.clone(), config.port);
    for (flag, dir) in [("--www", &config.www), ("--pkg", &config.pkg)] {
        if !dir.is_dir() {
            tracing::warn!("{flag} folder {} does not exist; its URLs answer 404", dir.display());
        }
    }
    let (agents, dialect) = (config.catalog.agents.len(), config.world.dialect);
    let token = config.control_token.clone();
    let origins = config.allow_origins.clone();
    let (addr, handle) = match serve(config).await {
        Ok(x) => x,
        Err(e) => {
            eprintln!("agentwire-sim: cannot listen on {host}:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stop = shutdown_signal();
    let ip = if addr.is_ipv6() { format!("[{}]", addr.ip()) } else { addr.ip().to_string() };
    // Scripts parse the first line; the second gives them (and the developer, for curl) the
    // token the control API needs.
    let line = format!(
        "agentwire-sim listening on http://{ip}:{0} (protocol ws://{ip}:{0}/ws)\nagentwire-sim control token: {token}\n",
        addr.port()
    );
    // A reader that closed the pipe must not bring the server down.
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(line.as_bytes()).and_then(|()| out.flush());
    drop(out);
    tracing::info!(agents, ?dialect, ?origins, "ready");
    stop.await;
    tracing::info!("shutting down");
    handle.shutdown().await;
    ExitCode::SUCCESS
}
