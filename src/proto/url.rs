//! The socket URL policy of WIRE-PROFILE §1: `wss:` is required, except for loopback hosts
//! (`localhost`, `127.0.0.0/8`, `[::1]`) or when the integrator opts in to plain `ws:`.

/// Checks a WebSocket URL against the policy.
///
/// # Errors
/// A sentence saying what is wrong with the URL.
pub fn check_ws_url(url: &str, allow_insecure: bool) -> Result<(), String> {
    let lower = url.trim().to_ascii_lowercase();
    let (secure, rest) = if let Some(r) = lower.strip_prefix("wss://") {
        (true, r)
    } else if let Some(r) = lower.strip_prefix("ws://") {
        (false, r)
    } else {
        return Err(format!("url \"{url}\" must start with wss:// (or ws:// for loopback)"));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = hostport.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        hostport.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return Err(format!("url \"{url}\" has no host"));
    }
    if secure || allow_insecure || is_loopback(host) {
        Ok(())
    } else {
        Err(format!("url \"{url}\" uses ws:// to a non-loopback host; use wss:// or set allowInsecure"))
    }
}

fn is_loopback(host: &str) -> bool {
    // Exactly the loopback hosts WIRE-PROFILE §1 lists (not `*.localhost`).
    if host == "localhost" || host == "::1" {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4 && parts[0] == "127" && parts.iter().all(|p| p.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::check_ws_url;

    #[test]
    fn wss_anywhere_ws_only_on_loopback_unless_allowed() {
        for ok in [
            "wss://cti.example.com/his",
            "ws://127.0.0.1:8787/ws",
            "ws://localhost/ws",
            "ws://[::1]:9/x",
            "ws://127.9.9.9",
        ] {
            assert!(check_ws_url(ok, false).is_ok(), "{ok}");
        }
        for bad in [
            "ws://cti.example.com/his",
            "http://127.0.0.1",
            "ws://",
            "ws://128.0.0.1",
            "ws://127.0.0.1.evil.com/",
            "ws://app.localhost/ws",
            "wss:///x",
        ] {
            assert!(check_ws_url(bad, false).is_err(), "{bad}");
        }
        assert!(check_ws_url("ws://cti.example.com/his", true).is_ok());
        assert!(check_ws_url("ws://user@127.0.0.1/x", false).is_ok());
    }
}
