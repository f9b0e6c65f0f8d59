//! The socket URL policy of WIRE-PROFILE §1: `wss:` is required, except for loopback hosts
//! (`localhost`, `127.0.0.0/8`, `[::1]`) or when the integrator opts in to plain `ws:`.
//!
//! The host is found by the WHATWG URL rules for special schemes, which are the browser's:
//! ASCII tab and newline are removed anywhere, leading and trailing spaces and controls are
//! trimmed, `\` ends the authority like `/` (so `ws://evil.example\@127.0.0.1/` goes to
//! `evil.example`), and the last `@` ends the user info. A host this check cannot be sure
//! of (percent-escapes, non-ASCII, empty labels) is never taken for loopback; the web layer
//! also compares the host with the browser's own `URL` and refuses the URL when they differ.

use crate::proto::text::{before, rsplit_byte, split_bytes, Code, Msg};

/// The parts of a WebSocket URL the policy needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WsUrl {
    /// `wss:`.
    pub secure: bool,
    /// The host, lower-cased, IPv6 without brackets.
    pub host: String,
}

/// Splits a `ws:`/`wss:` URL into scheme and host by the WHATWG rules above.
///
/// # Errors
/// A sentence saying what is wrong with the URL.
pub fn parse_ws_url(url: &str) -> Result<WsUrl, Msg> {
    ws_url(url).map_err(|code| Msg::new(code).arg(url))
}

/// [`parse_ws_url`], with what is wrong as a code (one message made for all of them).
fn ws_url(url: &str) -> Result<WsUrl, Code> {
    // Trimmed of spaces and controls (bytes up to `' '`, never part of a wider character),
    // without tabs and newlines, lower-cased.
    let b = url.as_bytes();
    let start = b.iter().position(|&c| c > b' ').unwrap_or(b.len());
    let end = b.iter().rposition(|&c| c > b' ').map_or(start, |e| e + 1);
    let mut cleaned = String::with_capacity(end.saturating_sub(start));
    split_bytes(url.get(start..end).unwrap_or_default(), |c| matches!(c, b'\t' | b'\n' | b'\r'))
        .for_each(|part| cleaned.push_str(part));
    cleaned.make_ascii_lowercase();
    let (secure, rest) = if let Some(r) = cleaned.strip_prefix("wss:") {
        (true, r)
    } else if let Some(r) = cleaned.strip_prefix("ws:") {
        (false, r)
    } else {
        return Err(Code::UrlScheme);
    };
    // Special schemes read any run of `/` or `\` before the authority as `//`; anything but
    // exactly `//` is refused as ambiguous. (Byte searches here: `split`, `rsplit_once` and
    // the char searcher they link cost the wasm a kilobyte.)
    let Some(rest) = rest.strip_prefix("//").filter(|r| !matches!(r.bytes().next(), Some(b'/' | b'\\'))) else {
        return Err(Code::UrlSlashes);
    };
    let authority = before(rest, |b| matches!(b, b'/' | b'\\' | b'?' | b'#'));
    let hostport = rsplit_byte(authority, b'@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = hostport.strip_prefix('[') {
        match v6.bytes().position(|b| b == b']').and_then(|i| Some((v6.get(..i)?, v6.get(i + 1..)?))) {
            Some((h, after)) if after.is_empty() || after.starts_with(':') => h,
            _ => return Err(Code::UrlIpv6),
        }
    } else {
        before(hostport, |b| b == b':')
    };
    if host.is_empty() {
        return Err(Code::UrlNoHost);
    }
    Ok(WsUrl { secure, host: host.to_owned() })
}

/// Checks a WebSocket URL against the policy.
///
/// # Errors
/// A sentence saying what is wrong with the URL.
pub fn check_ws_url(url: &str, allow_insecure: bool) -> Result<(), Msg> {
    let u = parse_ws_url(url)?;
    if u.secure || allow_insecure || is_loopback(&u.host) {
        Ok(())
    } else {
        Err(Msg::new(Code::UrlInsecure).arg(url))
    }
}

/// Whether a parsed host is one of the loopback hosts WIRE-PROFILE §1 lists (exactly:
/// not `*.localhost`, not other spellings of 127.0.0.1, which are refused rather than
/// guessed at).
pub fn is_loopback(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host == "localhost" || host == "::1" {
        return true;
    }
    // `127.` and three more parts, each one to three digits up to 255, in one pass.
    let Some(rest) = host.strip_prefix("127.") else { return false };
    let mut parts = 0;
    for p in split_bytes(rest, |b| b == b'.') {
        let n = p.bytes().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')));
        if p.is_empty() || p.len() > 3 || n.is_none_or(|n| n > 255) {
            return false;
        }
        parts += 1;
    }
    parts == 3
}

#[cfg(test)]
mod tests {
    use super::check_ws_url;

    /// `is_loopback` in one pass (issue 14) reads every host as the two-pass reading it
    /// replaced: every host of up to five parts drawn from a set of edge cases.
    #[test]
    fn loopback_hosts_are_read_as_before() {
        use crate::proto::text::{parse_u64, split_bytes};
        let before = |host: &str| {
            let host = host.strip_suffix('.').unwrap_or(host);
            if host == "localhost" || host == "::1" {
                return true;
            }
            let mut parts = split_bytes(host, |b| b == b'.');
            parts.next() == Some("127")
                && parts.by_ref().take(3).all(|p| {
                    !p.is_empty()
                        && p.len() <= 3
                        && p.bytes().all(|b| b.is_ascii_digit())
                        && parse_u64(p).is_some_and(|n| n <= 255)
                })
                && split_bytes(host, |b| b == b'.').count() == 4
        };
        let parts = ["", "0", "00", "000", "0000", "1", "9", "25", "255", "256", "999", "127", "+1", "-1", "1a", "x"];
        let mut hosts = vec!["localhost".to_owned(), "::1".to_owned(), "localhost.".to_owned(), "127".to_owned()];
        for a in ["127", "128", "", "0127"] {
            for b in parts {
                for c in parts {
                    for d in ["", "1", "255", "256", "01", "x"] {
                        for tail in ["", ".", ".1", ".."] {
                            hosts.push(format!("{a}.{b}.{c}.{d}{tail}"));
                        }
                    }
                }
            }
        }
        let mut loopback = 0;
        for h in &hosts {
            assert_eq!(super::is_loopback(h), before(h), "{h:?}");
            loopback += usize::from(before(h));
        }
        assert!(loopback > 100, "the cases include loopback hosts ({loopback})");
    }

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

    /// Issue 15, item 9: the host is the browser's (WHATWG rules), so no spelling sends the
    /// socket and the password in plain text to another host.
    #[test]
    fn ambiguous_spellings_are_read_as_the_browser_reads_them() {
        use super::parse_ws_url;
        for (url, host) in [
            ("ws://evil.example\\@127.0.0.1/", "evil.example"),
            ("ws://127.0.0.1\\@evil.example/", "127.0.0.1"),
            ("ws://127.0.0.1:80@evil.example/", "evil.example"),
            ("ws://a@b@evil.example/", "evil.example"),
            ("  ws://LOCALHOST:9/x ", "localhost"),
            ("ws://127.0.\t0.1/", "127.0.0.1"),
            ("ws://evil.example#@127.0.0.1", "evil.example"),
            ("ws://evil.example?@127.0.0.1", "evil.example"),
        ] {
            assert_eq!(parse_ws_url(url).map(|u| u.host), Ok(host.to_owned()), "{url}");
        }
        for bad in [
            "ws://evil.example\\@127.0.0.1/",
            "ws://127.0.0.1%2eevil.example/",
            "ws://127.0.0.1:80@evil.example/",
            "ws://[::1]evil.example/",
            "ws:\\\\127.0.0.1/",
            "ws:/127.0.0.1/",
            "ws:///127.0.0.1/",
            "wss:///x",
        ] {
            assert!(check_ws_url(bad, false).is_err(), "{bad}");
        }
    }
}
