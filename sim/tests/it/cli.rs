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
        .args(["--port", "0", "--quiet", "--config", good.to_str().unwrap()])
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
