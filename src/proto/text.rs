//! Messages for people as data: a static [`Code`] and its arguments ([`Msg`]), never text
//! formatted in the wasm (issue 14: no `core::fmt` reachable from the exported functions).
//!
//! The browser composes the text in JS (`compose()` in `src/web/js/glue.js`, whose `TEXTS`
//! table holds the templates below in the same order; `tests/tables.rs` checks that the two
//! agree). The host (tests, the simulator, fixtures, record/replay, fuzz) composes the same
//! text with [`Msg`]'s `Display` (never called on the browser's path: `bench/run.sh` prints the
//! `core::fmt` items left in the release wasm, goal 0). A template's `{0}`, `{1}`…
//! are its arguments: strings, whole numbers, or messages of their own.

macro_rules! codes {
    ($($name:ident = $text:literal,)*) => {
        /// Which message: an index into the templates ([`Code::TEMPLATES`] here, `TEXTS` in
        /// the JS glue).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Code {
            $($name,)*
        }

        impl Code {
            /// Every code's template, in the codes' order (the JS glue's `TEXTS` is a copy).
            pub const TEMPLATES: &'static [&'static str] = &[$($text,)*];
            /// Every code's name, in the same order (for the drift test's messages).
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name),)*];
        }
    };
}

codes! {
    // Text as it is (a server's message).
    Text = "{0}",
    // Commands (engine/error.rs).
    ServerFailure = "server failure {0}: {1}",
    NoAnswerWithin = "no answer within {0} ms",
    DisconnectedBefore = "disconnected before the answer: {0}",
    InvalidArgument = "invalid {0}: {1}",
    SessionClosed = "session closed: {0}",
    // Close reasons.
    ClosedByPage = "closed by the page",
    LoggedOut = "logged out",
    Replaced = "session replaced by another client",
    OverrideDeclined = "the existing session was kept (override declined)",
    RefusedByServer = "refused by the server ({0}): {1}",
    NoProcessor = "no interaction processor is in service and accepting clients",
    CouldNotConnect = "could not connect: {0}",
    GaveUpReconnecting = "gave up reconnecting after {0} attempts",
    // Lost causes.
    Offline = "the browser is offline",
    ProbeFailed = "no answer from the server within {0} ms after the page woke up",
    Suspended = "the page was put in the back/forward cache",
    ConnectionLost = "connection lost: {0}",
    SocketClosed = "socket closed ({0})",
    SocketClosedWhy = "socket closed ({0} {1})",
    TimedOut = "timed out {0}",
    // JSON syntax (json/error.rs).
    JsonEnd = "JSON text ends unexpectedly",
    JsonCharacter = "unexpected character '{0}' in JSON at byte {1}",
    JsonEscape = "invalid escape in JSON string at byte {0}",
    JsonNumber = "invalid JSON number at byte {0}",
    JsonControl = "raw control character in JSON string at byte {0}",
    JsonDeep = "JSON nested deeper than {0} levels at byte {1}",
    JsonTrailing = "characters after the JSON value at byte {0}",
    // Frames and members (wire).
    FrameTooLarge = "frame of {0} bytes exceeds the {1}-byte limit",
    BinaryFrame = "binary frame of {0} bytes (the protocol uses text frames)",
    NotJson = "frame is not JSON: {0}",
    NotAnObject = "frame is a JSON {0}, not an object",
    Unclassified = "frame has neither `messageType`, `result` nor `command`",
    InMessage = "{0}: {1}",
    MemberMissing = "`{0}` is missing",
    MemberType = "`{0}` should be {1}, found {2}",
    MemberInvalid = "`{0}` is invalid: {1}",
    // Targets (target.rs) and the model (model/error.rs).
    TargetEmpty = "target is empty",
    TargetTooLong = "target or id of {0} bytes is too long (at most {1} bytes, {2} segments, ids {3} bytes)",
    TargetEmptySegment = "target \"{0}\" has an empty segment",
    IdWithDot = "id \"{0}\" contains '.', which targets use as separator",
    NoObject = "no object with target \"{0}\"",
    WrongKind = "target \"{0}\" is a {1}, not a {2}",
    NoSession = "event before any session was bound",
    OtherSession = "target \"{0}\" belongs to another session",
    IdMismatch = "id \"{0}\" in data does not match target \"{1}\"",
    LimitExceeded = "more than {0} {1}",
    // Options and arguments (options.rs, url.rs, the web layer's conversions).
    OneOf2 = "{0} must be \"{1}\" or \"{2}\", not \"{3}\"",
    OneOf3 = "{0} must be \"{1}\", \"{2}\" or \"{3}\", not \"{4}\"",
    MustBePositive = "{0} must be positive",
    ObjectOrFalse = "{0} must be an object or false",
    UrlScheme = "url \"{0}\" must start with wss:// (or ws:// for loopback)",
    UrlSlashes = "url \"{0}\" must start with wss:// or ws:// (exactly two slashes)",
    UrlIpv6 = "url \"{0}\" has a malformed IPv6 host",
    UrlNoHost = "url \"{0}\" has no host",
    UrlInsecure = "url \"{0}\" uses ws:// to a non-loopback host; use wss:// or set allowInsecure",
    UrlNotLoopback = "url \"{0}\" does not name a loopback host for the browser; use wss:// or set allowInsecure",
    NotSerialisable = "{0} is not JSON-serialisable",
    MustBeObject = "{0} must be an object",
    MustBeString = "{0} must be a string",
    MustNotBeEmpty = "{0} must not be empty",
    IsRequired = "{0} is required",
    MustBeNumber = "{0} must be a non-negative number",
    MustBeBoolean = "{0} must be a boolean",
    TargetOrObject = "{0} must be a target string or a {0} object from the model",
    NoEventWithin = "no \"{0}\" event within {1} ms",
    UnknownOption = "unknown option \"{0}\"",
    OptionsObject = "options must be an object with url and agent",
    AgentObject = "agent must be an object { id, password }",
    LogLevel = "logLevel must be debug, info, warn, error or silent",
    LoggerObject = "logger must be an object with debug/info/warn/error methods",
    // Command checks (engine/validate.rs, requests.rs).
    SentByAgentwire = "{0} is sent by agentwire itself while connecting",
    NoSessionYet = "no session yet",
    TargetRequired = "a {0} target is required",
    TargetIsA = "\"{0}\" is a {1}, {2} needs a {3}",
    NoSuchTarget = "no {0} with target \"{1}\"",
    NotANotReadyReason = "\"{0}\" is not in the server's not-ready reasons",
    NotSelectable = "\"{0}\" is not selectable",
    NotALogoutReason = "\"{0}\" is not in the server's logout reasons",
    NeedParams = "at least one of p1…p20 is needed",
    EmptyParam = "p{0} is empty (send only parameters with a value)",
    TooManyPending = "more than {0} commands pending",
    ResponseUnmatched = "{0} {1} on {2}",
    DuplicateResponse = "a second response to",
    LateResponse = "a response after the timeout of",
    UnknownResponse = "a response to no pending",
    NoTarget = "(no target)",
    OriginalMismatch = "failure of {0} carries the original of {1} on {2}",
    // Log lines (web/log.rs).
    LogSettled = "{0} {1} → {2} in {3} ms",
    LogProtocolError = "protocol error ({0}): {1}",
    // Recordings (record.rs) and the signal's parameters (wire/args.rs).
    RecNoConfig = "recording has no config",
    RecNoInputs = "recording has no inputs",
    RecNotArray = "input {0} is not an array",
    RecNoTime = "input {0} has no time",
    RecInput = "input {0}: {1}",
    RecUnknownKind = "input {0}: unknown kind {1}",
    OnlyParams = "only p1 … p20 are allowed",
    // The connection (engine, bootstrap.rs, reconnect.rs, route.rs, apply.rs).
    KeepAliveUnanswered = "keep-alive ping unanswered",
    NotConnected = "not connected",
    NoProcessorAvailable = "no interaction processor available",
    StepOpening = "opening the socket",
    StepMonitor = "binding the Service Monitor",
    StepProcessor = "binding the interaction processor",
    StepPrepare = "preparing the session",
    StepResource = "binding the session resource",
    StepStart = "starting the session",
    UnknownRequestId = "coreResponse to unknown requestId \"{0}\"",
    CommandFailed = "{0} failed",
    PrepareResult = "prepareSession result \"{0}\"",
    PrepareNoData = "prepareSession succeeded without data.resourceId",
    UnexpectedPrepare = "unexpected prepareSession response",
    UnknownMessageType = "unknown messageType \"{0}\" ignored",
    ClassIgnored = "{0} ignored: session-resource messages travel top-level (WIRE-PROFILE §2)",
    NotASubmission = "not a submission",
    RequestIgnored = "a request-class message sent to the client was ignored",
    BeforeStart = "{0} before the session was started",
    OwnEventName = "a server event named \"{0}\" was not dispatched: the SDK's own events use that name",
    SuppressedErrors = "{0} more protocol errors were not reported (rate limit)",
    BudgetDropped = "the server's data passed the model's byte budget ({0} bytes): {1} bytes of the oldest attached data, dispositions, scripts, address books or members were dropped",
}

/// One argument of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Text, as it is.
    Str(String),
    /// A whole number, written in decimal by whoever composes the text.
    Num(u64),
    /// A message of its own, composed in place.
    Msg(Box<Msg>),
}

/// A message for people: a code and its arguments. Composed into text by the JS glue in the
/// browser and by `Display` on the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    /// Which message.
    pub code: Code,
    /// Its arguments, `{0}` first.
    pub args: Vec<Arg>,
}

impl Msg {
    /// A message without arguments (add them with [`Msg::arg`]).
    #[inline(never)]
    pub fn new(code: Code) -> Msg {
        Msg { code, args: Vec::new() }
    }

    /// The message with one more argument.
    #[must_use]
    pub fn arg(mut self, a: impl Into<Arg>) -> Msg {
        self.args.push(a.into());
        self
    }
}

/// Text that is already for people (a server's message): composed as it is.
impl From<&str> for Msg {
    fn from(s: &str) -> Msg {
        Msg::new(Code::Text).arg(s)
    }
}

impl From<String> for Msg {
    fn from(s: String) -> Msg {
        Msg::new(Code::Text).arg(s)
    }
}

impl From<Code> for Msg {
    fn from(code: Code) -> Msg {
        Msg::new(code)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Num(n)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Num(u64::from(n))
    }
}
impl From<u16> for Arg {
    fn from(n: u16) -> Arg {
        Arg::Num(u64::from(n))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Num(n as u64)
    }
}
impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Msg(Box::new(m))
    }
}
impl From<Code> for Arg {
    fn from(c: Code) -> Arg {
        Arg::Msg(Box::new(Msg::new(c)))
    }
}

/// `n` in decimal, without `core::fmt` (ids and JSON numbers the core writes itself).
pub fn decimal(n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    digits.iter().skip(at).map(|&d| char::from(d)).collect()
}

/// The parts joined into one string: `[a, b].concat()` without the generic joining code.
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// `s` split at its last `byte` (an ASCII byte), which neither part keeps. (The string
/// helpers here search bytes: `str::split`, `rsplit_once` and `contains` with a `char`
/// linked the char searcher, `memchr` and a slicing panic into the wasm, a kilobyte.)
pub fn rsplit_byte(s: &str, byte: u8) -> Option<(&str, &str)> {
    let i = s.bytes().rposition(|b| b == byte)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// `s` up to its first byte for which `end` holds (all of it when none does).
pub fn before(s: &str, end: impl Fn(u8) -> bool) -> &str {
    s.bytes().position(end).and_then(|i| s.get(..i)).unwrap_or(s)
}

/// The parts of `s` between the (ASCII) bytes for which `sep` holds, as `str::split` gives
/// them.
pub fn split_bytes<'a>(s: &'a str, sep: impl Fn(u8) -> bool + 'a) -> impl Iterator<Item = &'a str> + 'a {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        let part = before(r, &sep);
        rest = r.get(part.len() + 1..);
        Some(part)
    })
}

/// `s` as `str::parse::<u64>` reads it (an optional `+`, then decimal digits, no overflow),
/// with one small loop instead of core's generic parser for each integer type.
pub fn parse_u64(s: &str) -> Option<u64> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| match b {
        b'0'..=b'9' => n.checked_mul(10)?.checked_add(u64::from(b - b'0')),
        _ => None,
    })
}

/// `n` in lower-case hexadecimal, `width` digits at least (zero-padded).
pub fn hex(n: u64, width: usize) -> String {
    let mut out = Vec::with_capacity(16);
    let mut n = n;
    while n > 0 || out.len() < width.max(1) {
        out.push(b"0123456789abcdef"[(n & 15) as usize]);
        n >>= 4;
    }
    out.iter().rev().map(|&d| char::from(d)).collect()
}

mod host {
    use super::{Arg, Msg};
    use std::fmt;

    /// The text of a message, composed from [`super::Code::TEMPLATES`] as the JS glue does
    /// (for the host: the browser's build never calls it, which `bench/run.sh` checks).
    impl fmt::Display for Msg {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let template = super::Code::TEMPLATES.get(self.code as usize).copied().unwrap_or("");
            let mut rest = template;
            while let Some(open) = rest.find('{') {
                f.write_str(&rest[..open])?;
                let after = &rest[open + 1..];
                match after.find('}').and_then(|close| after[..close].parse::<usize>().ok().map(|i| (i, close))) {
                    Some((i, close)) => {
                        match self.args.get(i) {
                            Some(Arg::Str(s)) => f.write_str(s)?,
                            Some(Arg::Num(n)) => write!(f, "{n}")?,
                            Some(Arg::Msg(m)) => write!(f, "{m}")?,
                            None => {}
                        }
                        rest = &after[close + 1..];
                    }
                    None => {
                        f.write_str("{")?;
                        rest = after;
                    }
                }
            }
            f.write_str(rest)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_compose_with_nested_arguments() {
        let m = Msg::new(Code::CouldNotConnect).arg(Msg::new(Code::SocketClosedWhy).arg(1006u16).arg("gone"));
        assert_eq!(m.to_string(), "could not connect: socket closed (1006 gone)");
        assert_eq!(Msg::new(Code::Offline).to_string(), "the browser is offline");
    }

    #[test]
    fn numbers_are_written_without_fmt() {
        for n in [0, 7, 10, 4711, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
        assert_eq!(hex(0xbeef, 8), "0000beef");
        for s in ["0", "+7", "0012", "18446744073709551615", "18446744073709551616", "", "+", "-0", "1 ", "1e3", "x"] {
            assert_eq!(parse_u64(s), s.parse::<u64>().ok(), "{s:?}");
        }
        assert_eq!(hex(0, 1), "0");
        assert_eq!(hex(u64::from(u32::MAX), 8), "ffffffff");
    }
}
