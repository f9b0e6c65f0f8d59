//! HTTP: static files with content types, no way out of the folders, both WebSocket paths.

use crate::support::*;
use serde_json::json;

fn site() -> (std::path::PathBuf, std::path::PathBuf) {
    let base = std::env::temp_dir().join(format!("agentwire-sim-web-{}", std::process::id()));
    let (www, pkg) = (base.join("www"), base.join("pkg"));
    std::fs::create_dir_all(www.join("sub")).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(www.join("app.js"), "export {};").unwrap();
    std::fs::write(www.join("style.css"), "body{}").unwrap();
    std::fs::write(www.join("sub/data.json"), "{}").unwrap();
    std::fs::write(www.join("logo.svg"), "<svg/>").unwrap();
    std::fs::write(www.join("x.png"), [137u8, 80, 78, 71]).unwrap();
    std::fs::write(pkg.join("agentwire_bg.wasm"), [0u8, 97, 115, 109, 1, 0, 0, 0]).unwrap();
    std::fs::write(pkg.join("agentwire.js"), "export default 1;").unwrap();
    std::fs::write(pkg.join("agentwire.d.ts"), "export {};").unwrap();
    std::fs::write(base.join("secret.txt"), "secret").unwrap();
    (www, pkg)
}

#[tokio::test]
async fn static_files_and_content_types() {
    let (www, pkg) = site();
    let mut cfg = config();
    cfg.www = www;
    cfg.pkg = pkg;
    let sim = start(cfg).await;
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/sub/data.json", "application/json"),
        ("/logo.svg", "image/svg+xml"),
        ("/x.png", "image/png"),
        ("/pkg/agentwire_bg.wasm", "application/wasm"),
        ("/pkg/agentwire.js", "text/javascript; charset=utf-8"),
        ("/pkg/agentwire.d.ts", "text/plain; charset=utf-8"),
    ] {
        let (s, h, _) = http(sim.addr, "GET", path, None).await;
        assert_eq!(s, 200, "{path}");
        assert_eq!(header(&h, "content-type"), Some(ty), "{path}");
    }
    let (s, h, body) = http(sim.addr, "HEAD", "/app.js", None).await;
    assert_eq!((s, header(&h, "content-length"), body.as_str()), (200, Some("10"), ""));
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/pkg/../secret.txt",
        "/pkg/%2e%2e%2fsecret.txt",
        "/sub/..%5c..%5csecret.txt",
    ] {
        let (s, _, body) = http(sim.addr, "GET", path, None).await;
        assert!(s == 403 || s == 404, "{path}: {s}");
        assert!(!body.contains("secret"), "{path}");
    }
    let (s, _, _) = http(sim.addr, "GET", "/missing.js", None).await;
    assert_eq!(s, 404);
    let (s, _, _) = http(sim.addr, "POST", "/index.html", Some("")).await;
    assert_eq!(s, 405);
    sim.handle.shutdown().await;
    let _ = std::fs::remove_dir_all(std::env::temp_dir().join(format!("agentwire-sim-web-{}", std::process::id())));
}

#[tokio::test]
async fn websocket_paths() {
    let sim = Sim::default().await;
    for path in ["/ws", "/his"] {
        let mut c = Client::connect(&format!("ws://{}{path}", sim.addr)).await;
        let (r, _) = c.core("ping", json!({})).await;
        assert_eq!(r["result"], "success");
    }
    assert!(tokio_tungstenite::connect_async(format!("ws://{}/other", sim.addr)).await.is_err());
    let (s, _, _) = http(sim.addr, "GET", "/ws", None).await;
    assert_eq!(s, 426);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_client_close_is_answered_with_a_close_frame() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
    use tokio_tungstenite::tungstenite::protocol::CloseFrame;
    use tokio_tungstenite::tungstenite::Message;
    let sim = Sim::default().await;
    for code in [1000u16, 4000] {
        let mut c = Client::connect(&sim.ws()).await;
        c.core("ping", json!({})).await;
        let frame = CloseFrame { code: CloseCode::from(code), reason: "bye".into() };
        c.ws.send(Message::Close(Some(frame))).await.expect("send the close");
        // RFC 6455 §5.5.1: the server answers with a Close (echoing the code), not a cut
        // connection (which a browser reports as 1006).
        let answer = tokio::time::timeout(std::time::Duration::from_secs(5), c.ws.next()).await.expect("an answer");
        match answer {
            Some(Ok(Message::Close(Some(f)))) => assert_eq!(u16::from(f.code), code),
            other => panic!("expected a close frame with code {code}, got {other:?}"),
        }
    }
    sim.handle.shutdown().await;
}
