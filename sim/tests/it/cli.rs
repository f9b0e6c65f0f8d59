//! The binary: first stdout line, exit codes for bad arguments and configs, clean Ctrl-C.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_agentwire-sim");

#[test]
fn prints_the_urls_first_and_stops_on_sigint() {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--quiet", "--www", "/nonexistent"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let re = line.trim_end();
    let port = re
        .strip_prefix("agentwire-sim listening on http://127.0.0.1:")
        .and_then(|r| r.split_once(' '))
        .map(|(p, rest)| (p.to_owned(), rest.to_owned()))
        .unwrap_or_else(|| panic!("unexpected first line {re:?}"));
    assert_eq!(port.1, format!("(protocol ws://127.0.0.1:{}/ws)", port.0));
    assert_ne!(port.0, "0");
    let ok = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(ok.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn bad_arguments_and_configs_exit_nonzero_with_a_message() {
    let dir = std::env::temp_dir().join(format!("agentwire-sim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad_toml = dir.join("bad.toml");
    std::fs::write(&bad_toml, "[[agents]]\nid = \"1\"\n").unwrap();
    let bad_json = dir.join("bad.json");
    std::fs::write(
        &bad_json,
        "{\"agents\": [{\"id\": \"a.b\", \"password\": \"p\"}], \"channels\": [{\"id\": \"x.y\", \"type\": \"CHAT\"}]}",
    )
    .unwrap();
    let good = dir.join("good.json");
    std::fs::write(&good, "{\"agents\": [{\"id\": \"7\", \"password\": \"p\"}]}").unwrap();
    for (args, needle) in [
        (vec!["--port", "banana"], "invalid value"),
        (vec!["--dialect", "klingon"], "invalid value"),
        (vec!["--creation-target", "sideways"], "invalid value"),
        (vec!["--bogus"], "unexpected argument"),
        (vec!["--config", "/nonexistent/x.toml"], "/nonexistent/x.toml"),
        (vec!["--config", bad_toml.to_str().unwrap()], "password"),
        (vec!["--config", bad_json.to_str().unwrap()], "x.y"),
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    let out = Command::new(BIN).arg("--print-config").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("[[agents]]"));
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    // A valid JSON config starts (then the port is taken by a second instance: clear error).
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--quiet", "--creation-target", "parent", "--config", good.to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.trim_end().rsplit(':').next().unwrap().trim_end_matches("/ws)").to_owned();
    let out = Command::new(BIN).args(["--port", &port]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen"));
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Starts the binary with `args` (and `env`), returns it with its first two stdout lines.
fn spawn_sim(args: &[&str], env: &[(&str, &str)]) -> (std::process::Child, String, String) {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--quiet", "--www", "/nonexistent"])
        .args(args)
        .envs(env.iter().copied())
        .env_remove(if env.is_empty() { "AGENTWIRE_SIM_CONTROL_TOKEN" } else { "AGENTWIRE_SIM_UNUSED" })
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    // A simulator that prints one line only must fail the test, not hang it.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (mut first, mut second) = (String::new(), String::new());
        let _ = out.read_line(&mut first).and_then(|_| out.read_line(&mut second));
        let _ = tx.send((first.trim_end().to_owned(), second.trim_end().to_owned()));
    });
    match rx.recv_timeout(std::time::Duration::from_secs(10)) {
        Ok((first, second)) => (child, first, second),
        Err(_) => {
            stop(child);
            panic!("the simulator did not print two lines within 10 s");
        }
    }
}

/// A `POST /control/state` with JSON and `headers`; returns the status.
fn post_state(first_line: &str, headers: &str) -> u16 {
    use std::io::{Read, Write};
    let port = first_line.rsplit(':').next().unwrap().trim_end_matches("/ws)");
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).unwrap();
    let req = format!(
        "POST /control/state HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n{headers}Content-Length: 2\r\n\r\n{{}}"
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

fn stop(mut child: std::process::Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn prints_a_random_control_token_and_requires_it() {
    let (a, first, second) = spawn_sim(&[], &[]);
    assert!(first.starts_with("agentwire-sim listening on http://127.0.0.1:"), "{first}");
    let token =
        second.strip_prefix("agentwire-sim control token: ").unwrap_or_else(|| panic!("second line {second:?}"));
    assert_eq!(token.len(), 32, "{token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    assert_eq!(post_state(&first, ""), 401);
    assert_eq!(post_state(&first, &format!("x-agentwire-control: {token}\r\n")), 200);
    let (b, _, second_b) = spawn_sim(&[], &[]);
    assert_ne!(second, second_b, "two runs printed the same token");
    stop(a);
    stop(b);
}

#[test]
fn the_control_token_and_origins_can_be_given() {
    let token = "test-token-0123456789";
    let (a, first, second) = spawn_sim(&["--control-token", token, "--allow-origin", "http://127.0.0.1:9"], &[]);
    assert_eq!(second, format!("agentwire-sim control token: {token}"));
    assert_eq!(post_state(&first, &format!("x-agentwire-control: {token}\r\n")), 200);
    assert_eq!(post_state(&first, &format!("x-agentwire-control: {token}\r\nOrigin: http://127.0.0.1:9\r\n")), 200);
    assert_eq!(post_state(&first, &format!("x-agentwire-control: {token}\r\nOrigin: http://127.0.0.1:8\r\n")), 403);
    stop(a);
    let (b, first, second) = spawn_sim(&[], &[("AGENTWIRE_SIM_CONTROL_TOKEN", token)]);
    assert_eq!(second, format!("agentwire-sim control token: {token}"));
    assert_eq!(post_state(&first, &format!("x-agentwire-control: {token}\r\n")), 200);
    stop(b);
    for (args, needle) in [
        (vec!["--control-token", "short"], "control token"),
        (vec!["--control-token", "has spaces in it, sixteen+"], "control token"),
        (vec!["--allow-origin", "http://127.0.0.1:9/path"], "--allow-origin"),
        (vec!["--allow-origin", "*"], "--allow-origin"),
        (vec!["--max-connections", "0"], "max-connections"),
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}
