//! Who may drive the simulator: the control token and the origins allowed to use the control
//! API and the protocol WebSocket.
//!
//! The simulator runs on developers' machines while they browse, so a web page must not be
//! able to drive it: every `/control` request needs the random token printed at start-up
//! (header [`TOKEN_HEADER`]), and a request that comes from a browser page (it carries an
//! `Origin`) is refused unless that origin is the simulator's own (`http://127.0.0.1:PORT`,
//! `http://localhost:PORT`, `http://[::1]:PORT`, `http://HOST:PORT` for a named `--host`) or
//! one given with `--allow-origin`. Requests without an `Origin` come from programs (curl,
//! node, test clients), not from pages, and pass that check.

use std::fmt;

/// The request header that carries the control token.
pub const TOKEN_HEADER: &str = "x-agentwire-control";

/// A random control token: 32 hex digits (128 bits) from the OS (`/dev/urandom`), or, where
/// that cannot be read, from std's per-process random hash keys mixed with the time and pid.
pub fn random_token() -> String {
    let mut bytes = [0u8; 16];
    let from_os = std::fs::File::open("/dev/urandom").and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
    if from_os.is_err() {
        use std::hash::{BuildHasher, Hasher};
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            // Each RandomState has keys the OS seeded for this process.
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_u128(nanos);
            h.write_u32(std::process::id());
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a token given on the command line or by an embedder: 16 to 256 characters from
/// `A-Z a-z 0-9 - _ . ~` (it travels in a header and in shell scripts).
///
/// # Errors
/// What is wrong with it.
pub fn check_token(token: &str) -> Result<(), String> {
    if !(16..=256).contains(&token.len()) {
        return Err(format!("the control token must be 16 to 256 characters long, not {}", token.len()));
    }
    if !token.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b)) {
        return Err("the control token may only hold A-Z, a-z, 0-9, '-', '_', '.' and '~'".into());
    }
    Ok(())
}

/// Compares two tokens in time that depends only on their lengths.
pub fn same_token(given: &[u8], token: &[u8]) -> bool {
    given.len() == token.len() && given.iter().zip(token).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// A web origin: scheme, host and port (the default port filled in), compared exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// `http://host:port`.
    pub fn http(host: &str, port: u16) -> Origin {
        Origin { scheme: "http".into(), host: host.to_ascii_lowercase(), port }
    }

    /// Parses an origin as browsers send it (`scheme://host[:port]`, an IPv6 host in
    /// brackets); a trailing `/` is accepted. `None` for anything else, `null` included.
    pub fn parse(s: &str) -> Option<Origin> {
        let s = s.trim();
        let s = s.strip_suffix('/').unwrap_or(s);
        let (scheme, rest) = s.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        if rest.is_empty() || rest.contains(['/', '?', '#', '@', '\\', ' ']) {
            return None;
        }
        let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
            let (inner, after) = v6.split_once(']')?;
            if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
                return None;
            }
            (
                format!("[{inner}]"),
                after.strip_prefix(':').map(str::to_owned).or_else(|| after.is_empty().then(String::new))?,
            )
        } else {
            match rest.rsplit_once(':') {
                Some((h, p)) => (h.to_owned(), p.to_owned()),
                None => (rest.to_owned(), String::new()),
            }
        };
        if host.is_empty()
            || (!host.starts_with('[') && !host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b)))
        {
            return None;
        }
        let port = if port.is_empty() {
            default_port
        } else if port.bytes().all(|b| b.is_ascii_digit()) {
            port.parse().ok()?
        } else {
            return None;
        };
        Some(Origin { scheme, host: host.to_ascii_lowercase(), port })
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// The token and the origins that may use the control API and the WebSocket.
#[derive(Clone)]
pub struct Access {
    token: String,
    origins: Vec<Origin>,
}

impl fmt::Debug for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token stays out of logs and panic messages.
        f.debug_struct("Access").field("token", &"…").field("origins", &self.origins).finish()
    }
}

/// What an `Origin` header asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginCheck {
    /// No `Origin`: a program, not a web page.
    Absent,
    /// An allowed origin (the header's value, to echo in CORS answers).
    Allowed(String),
    /// Any other origin, `null` and unparsable values included.
    Refused,
}

impl Access {
    /// The simulator's own origins for `host:port`, then `allowed` (checked with
    /// [`Origin::parse`]).
    ///
    /// # Errors
    /// A token that [`check_token`] refuses, or an allowed origin that does not parse.
    pub fn new(token: &str, allowed: &[String], host: &str, port: u16) -> Result<Access, String> {
        check_token(token)?;
        let mut origins: Vec<Origin> =
            ["127.0.0.1", "localhost", "[::1]"].iter().map(|h| Origin::http(h, port)).collect();
        // A named or specific listening address is the simulator's own origin too; the
        // wildcard addresses name no host a page could be served from.
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if !matches!(host, "" | "0.0.0.0" | "::") {
            let h = if host.contains(':') { format!("[{host}]") } else { host.to_owned() };
            origins.push(Origin::http(&h, port));
        }
        for a in allowed {
            origins.push(Origin::parse(a).ok_or_else(|| {
                format!(
                    "--allow-origin {a:?} is not an origin like http://127.0.0.1:8000 (scheme, host, port; no path)"
                )
            })?);
        }
        origins.dedup();
        Ok(Access { token: token.to_owned(), origins })
    }

    /// The control token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether a request's `x-agentwire-control` header holds the token.
    pub fn token_ok(&self, headers: &hyper::HeaderMap) -> bool {
        let mut values = headers.get_all(TOKEN_HEADER).iter();
        match (values.next(), values.next()) {
            (Some(v), None) => same_token(v.as_bytes(), self.token.as_bytes()),
            _ => false,
        }
    }

    /// Classifies a request's `Origin` header (several `Origin` headers are refused).
    pub fn origin(&self, headers: &hyper::HeaderMap) -> OriginCheck {
        let mut values = headers.get_all(hyper::header::ORIGIN).iter();
        match (values.next(), values.next()) {
            (None, _) => OriginCheck::Absent,
            (Some(v), None) => match v.to_str().ok().and_then(|s| Some((s, Origin::parse(s)?))) {
                Some((s, o)) if self.origins.contains(&o) => OriginCheck::Allowed(s.to_owned()),
                _ => OriginCheck::Refused,
            },
            _ => OriginCheck::Refused,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::{HeaderMap, HeaderValue, ORIGIN};

    fn with_origin(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ORIGIN, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn tokens() {
        let t = random_token();
        assert_eq!(t.len(), 32);
        assert!(check_token(&t).is_ok());
        assert_ne!(t, random_token());
        assert!(check_token("short").is_err());
        assert!(check_token("0123456789abcdef ").is_err());
        assert!(same_token(b"abc", b"abc") && !same_token(b"abd", b"abc") && !same_token(b"ab", b"abc"));
    }

    #[test]
    fn origins_parse_like_browsers_send_them() {
        assert_eq!(Origin::parse("http://127.0.0.1:8787"), Some(Origin::http("127.0.0.1", 8787)));
        assert_eq!(Origin::parse("HTTP://LocalHost:8787/"), Some(Origin::http("localhost", 8787)));
        assert_eq!(Origin::parse("http://example.com"), Some(Origin::http("example.com", 80)));
        assert_eq!(Origin::parse("http://[::1]:9"), Some(Origin::http("[::1]", 9)));
        for bad in [
            "null",
            "",
            "file://",
            "ws://127.0.0.1:1",
            "http://",
            "http://a/b",
            "http://u@a",
            "http://a:x",
            "http://a:99999",
            "http://evil.example\\@127.0.0.1",
            "http://[zz]:1",
        ] {
            assert_eq!(Origin::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn own_and_allowed_origins_pass_others_do_not() {
        let a = Access::new(&"t".repeat(16), &["http://127.0.0.1:9000".into()], "127.0.0.1", 8787).unwrap();
        assert_eq!(a.origin(&HeaderMap::new()), OriginCheck::Absent);
        for ok in ["http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787", "http://127.0.0.1:9000"] {
            assert_eq!(a.origin(&with_origin(ok)), OriginCheck::Allowed(ok.into()), "{ok}");
        }
        for no in ["http://evil.example", "http://127.0.0.1:8788", "https://127.0.0.1:8787", "null", "http://localhost"]
        {
            assert_eq!(a.origin(&with_origin(no)), OriginCheck::Refused, "{no}");
        }
        let mut two = with_origin("http://127.0.0.1:8787");
        two.append(ORIGIN, HeaderValue::from_static("http://127.0.0.1:8787"));
        assert_eq!(a.origin(&two), OriginCheck::Refused);
        let named = Access::new(&"t".repeat(16), &[], "sim.internal", 80).unwrap();
        assert!(matches!(named.origin(&with_origin("http://sim.internal")), OriginCheck::Allowed(_)));
        assert!(Access::new(&"t".repeat(16), &["http://a/b".into()], "127.0.0.1", 1).is_err());
        assert!(format!("{a:?}").contains('…') && !format!("{a:?}").contains("tttt"));
    }
}
