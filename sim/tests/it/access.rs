//! Who may drive the simulator (issue 15, item 12): a web page the developer happens to visit
//! must not reach the control API or the protocol WebSocket. `/control` needs the start-up
//! token, state changes need a POST with a JSON body, and browser requests from origins
//! other than the simulator's own (or an `--allow-origin` one) are refused.

use crate::support::*;
use futures_util::StreamExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

const EVIL: &str = "http://evil.example";
const ALLOWED: &str = "http://127.0.0.1:9";

async fn sim_allowing(origin: &str) -> Sim {
    let mut c = config();
    c.allow_origins = vec![origin.to_owned()];
    start(c).await
}

/// How many binds the simulator would refuse (what `refuse-bind` changes).
fn refusals(sim: &Sim) -> u32 {
    sim.handle.world().refuse.remaining
}

fn no_wildcard_cors(h: &[(String, String)]) {
    assert_ne!(header(h, "access-control-allow-origin"), Some("*"), "{h:?}");
}

#[tokio::test]
async fn control_needs_the_token() {
    let sim = Sim::default().await;
    let body = r#"{"count":5}"#;
    // No token, a wrong one, the right one twice, and the token in the query string: refused
    // with 401, and nothing changes.
    let wrong = "0".repeat(sim.token.len());
    let twice = [("x-agentwire-control", sim.token.as_str()), ("x-agentwire-control", sim.token.as_str())];
    let tries: [&[(&str, &str)]; 3] = [&[], &[("x-agentwire-control", wrong.as_str())], &twice];
    for headers in tries {
        let (s, h, text) = request(sim.addr, "POST", "/control/refuse-bind", headers, Some(body)).await;
        assert_eq!(s, 401, "{headers:?}: {text}");
        no_wildcard_cors(&h);
    }
    let q = format!("/control/refuse-bind?token={}", sim.token);
    let (s, _, _) = request(sim.addr, "POST", &q, &[], Some(body)).await;
    assert_eq!(s, 401, "a token in the query string is not accepted");
    assert_eq!(refusals(&sim), 0, "a refused request changed the state");
    // Reading the state needs it too (it shows sessions and peers).
    let (s, _, text) = http(sim.addr, "GET", "/control/state", None).await;
    assert_eq!(s, 401, "{text}");
    assert!(!text.contains("connections"), "{text}");
    // With the token it works.
    let (s, h, text) = sim.control_raw("POST", "/control/refuse-bind", Some(body)).await;
    assert_eq!(s, 200, "{text}");
    no_wildcard_cors(&h);
    assert_eq!(refusals(&sim), 5);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn state_changes_need_a_post_with_json() {
    let sim = Sim::default().await;
    // GET only reads: a state-changing action over GET is refused, even with the token.
    let (s, h, text) = sim.control_raw("GET", "/control/refuse-bind?count=5", None).await;
    assert_eq!(s, 405, "{text}");
    assert_eq!(header(&h, "allow"), Some("POST"));
    let (s, _, _) = sim.control_raw("GET", "/control/drop", None).await;
    assert_eq!(s, 405);
    // A POST whose body is not declared JSON (what an HTML form or a "simple" cross-origin
    // fetch sends) is refused.
    let tok = ("x-agentwire-control", sim.token.as_str());
    for ty in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
        let (s, _, text) =
            request(sim.addr, "POST", "/control/refuse-bind", &[tok, ("content-type", ty)], Some(r#"{"count":5}"#))
                .await;
        assert_eq!(s, 415, "{ty}: {text}");
    }
    assert_eq!(refusals(&sim), 0);
    // Read-only actions answer GET with the token.
    let (s, _, text) = sim.control_raw("GET", "/control/state", None).await;
    assert_eq!(s, 200, "{text}");
    let (s, _, text) = sim.control_raw("GET", "/control", None).await;
    assert_eq!(s, 200, "{text}");
    // JSON with a charset parameter is JSON.
    let (s, _, text) = request(
        sim.addr,
        "POST",
        "/control/refuse-bind",
        &[tok, ("content-type", "application/json; charset=utf-8")],
        Some(r#"{"count":2}"#),
    )
    .await;
    assert_eq!(s, 200, "{text}");
    assert_eq!(refusals(&sim), 2);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn foreign_origins_are_refused_on_control() {
    let sim = sim_allowing(ALLOWED).await;
    let tok = ("x-agentwire-control", sim.token.as_str());
    let body = Some(r#"{"count":1}"#);
    // A page elsewhere, even one that somehow has the token: 403, no CORS grant, no change.
    for origin in [EVIL, "null", "http://127.0.0.1:1", "https://127.0.0.1:9"] {
        let (s, h, text) = request(sim.addr, "POST", "/control/refuse-bind", &[tok, ("origin", origin)], body).await;
        assert_eq!(s, 403, "{origin}: {text}");
        assert_eq!(header(&h, "access-control-allow-origin"), None, "{origin}");
        let (s, h, _) = request(
            sim.addr,
            "OPTIONS",
            "/control/refuse-bind",
            &[("origin", origin), ("access-control-request-method", "POST")],
            None,
        )
        .await;
        assert_eq!(s, 403, "preflight from {origin}");
        assert_eq!(header(&h, "access-control-allow-origin"), None, "{origin}");
    }
    assert_eq!(refusals(&sim), 0);
    // The simulator's own origin (the demo page, the bench page) and an allowed one pass.
    let own = format!("http://127.0.0.1:{}", sim.addr.port());
    let local = format!("http://localhost:{}", sim.addr.port());
    for origin in [own.as_str(), local.as_str(), ALLOWED] {
        let (s, h, _) = request(
            sim.addr,
            "OPTIONS",
            "/control/refuse-bind",
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type,x-agentwire-control"),
            ],
            None,
        )
        .await;
        assert_eq!(s, 204, "preflight from {origin}");
        assert_eq!(header(&h, "access-control-allow-origin"), Some(origin));
        let allowed = header(&h, "access-control-allow-headers").unwrap_or("").to_ascii_lowercase();
        assert!(allowed.contains("x-agentwire-control") && allowed.contains("content-type"), "{allowed}");
        let (s, h, text) = request(sim.addr, "POST", "/control/refuse-bind", &[tok, ("origin", origin)], body).await;
        assert_eq!(s, 200, "{origin}: {text}");
        assert_eq!(header(&h, "access-control-allow-origin"), Some(origin));
        // An allowed origin still needs the token.
        let (s, _, _) = request(sim.addr, "POST", "/control/refuse-bind", &[("origin", origin)], body).await;
        assert_eq!(s, 401, "{origin} without the token");
    }
    assert_eq!(refusals(&sim), 1, "each allowed request set the rule");
    sim.handle.shutdown().await;
}

/// Opens the WebSocket with `origin` (none: `None`); `Ok` when the upgrade succeeded, else
/// the HTTP status.
async fn ws_with_origin(sim: &Sim, origin: Option<&str>) -> Result<(), u16> {
    let mut req = sim.ws().into_client_request().expect("request");
    if let Some(o) = origin {
        req.headers_mut().insert("origin", HeaderValue::from_str(o).expect("origin"));
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((mut ws, _)) => {
            let _ = ws.close(None).await;
            while let Some(Ok(_)) = ws.next().await {}
            Ok(())
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => Err(r.status().as_u16()),
        Err(e) => panic!("{origin:?}: {e}"),
    }
}

#[tokio::test]
async fn foreign_origins_are_refused_on_the_websocket() {
    let sim = sim_allowing(ALLOWED).await;
    for origin in [EVIL, "null", "http://127.0.0.1:1", "http://127.0.0.1.evil.example"] {
        assert_eq!(ws_with_origin(&sim, Some(origin)).await, Err(403), "{origin}");
    }
    assert!(sim.handle.world().conns.is_empty(), "a refused upgrade registered a connection");
    let own = format!("http://127.0.0.1:{}", sim.addr.port());
    let local = format!("http://localhost:{}", sim.addr.port());
    for origin in [None, Some(own.as_str()), Some(local.as_str()), Some(ALLOWED)] {
        assert_eq!(ws_with_origin(&sim, origin).await, Ok(()), "{origin:?}");
    }
    // A page elsewhere cannot log in as an agent and kick the real desktop off.
    let mut desk = sim.login("4001").await;
    assert_eq!(ws_with_origin(&sim, Some(EVIL)).await, Err(403));
    let (r, _) = desk.core("ping", json!({})).await;
    assert_eq!(r["result"], "success");
    sim.handle.shutdown().await;
}
