//! The engine's options in one table: their names in the page's options object and in a
//! recording, how the page's values are checked, and how a recording reads and writes them.
//! Both parsers go through it: `new AgentSession(options)` in `src/web/options.rs` (through
//! [`Source`]) and a recording's `config` in [`crate::proto::record`]. Defaults are not
//! repeated here: a key that the input lacks keeps [`Config::new`]'s value (and
//! [`ReconnectPolicy::default`]'s inside `reconnect`).
//!
//! Also the `onExistingSession` decision, [`OnExisting`], and the `tabs` policy, [`Tabs`].
//!
//! A new option: a `Config` field, a [`Field`] variant (the compiler then asks for its arm in
//! each reader and the writer below), a row in [`KEYS`], and its member in
//! `AgentSessionOptions` of `src/web/types.d.ts` (tests/tables.rs checks the names).

use crate::proto::engine::backoff::ReconnectPolicy;
use crate::proto::engine::types::Config;
use crate::proto::json::{get, Json, Map};
use crate::proto::text::{parse_u64, Code, Msg};
use crate::proto::wire::Dialect;

/// One engine option (a field of [`Config`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `agent.id` (the page gives it inside `agent`, read by the web layer).
    AgentId,
    /// `model`.
    Model,
    /// `serviceId`.
    ServiceId,
    /// `instanceDomain`.
    InstanceDomain,
    /// `dialect`.
    Dialect,
    /// `requestTimeoutMs`.
    RequestTimeout,
    /// `keepAliveMs`.
    KeepAlive,
    /// `wakeProbeMs`.
    WakeProbe,
    /// `startupTimeoutMs`.
    StartupTimeout,
    /// `confirmTimeoutMs`.
    ConfirmTimeout,
    /// `maxFrameBytes`.
    MaxFrameBytes,
    /// `maxPendingCommands`.
    MaxPending,
    /// `maxModelBytes`.
    ModelBytes,
    /// `reconnect`.
    Reconnect,
    /// The jitter seed (the host's, not the page's).
    Seed,
    /// The prefix of request ids (the host's, not the page's).
    RequestIdPrefix,
}

/// Where an option is spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// The option.
    pub field: Field,
    /// Its member of the page's options object, when the page sets it there.
    pub option: Option<&'static str>,
    /// Its member of a recording's `config`.
    pub recorded: &'static str,
}

const fn key(field: Field, option: Option<&'static str>, recorded: &'static str) -> Key {
    Key { field, option, recorded }
}

/// Every engine option, in the order the page's options are checked (so the first bad one is
/// the one reported) and a recording writes them.
pub const KEYS: [Key; 16] = [
    key(Field::AgentId, None, "agentId"),
    key(Field::Model, Some("model"), "model"),
    key(Field::ServiceId, Some("serviceId"), "serviceId"),
    key(Field::InstanceDomain, Some("instanceDomain"), "instanceDomain"),
    key(Field::Dialect, Some("dialect"), "dialect"),
    key(Field::RequestTimeout, Some("requestTimeoutMs"), "requestTimeoutMs"),
    key(Field::KeepAlive, Some("keepAliveMs"), "keepAliveMs"),
    key(Field::WakeProbe, Some("wakeProbeMs"), "wakeProbeMs"),
    key(Field::StartupTimeout, Some("startupTimeoutMs"), "startupTimeoutMs"),
    key(Field::ConfirmTimeout, Some("confirmTimeoutMs"), "confirmTimeoutMs"),
    key(Field::MaxFrameBytes, Some("maxFrameBytes"), "maxFrameBytes"),
    // Recordings have always called it `maxPending`.
    key(Field::MaxPending, Some("maxPendingCommands"), "maxPending"),
    key(Field::ModelBytes, Some("maxModelBytes"), "maxModelBytes"),
    key(Field::Reconnect, Some("reconnect"), "reconnect"),
    key(Field::Seed, None, "seed"),
    key(Field::RequestIdPrefix, None, "requestIdPrefix"),
];

/// The page's options that are not engine configuration: the web layer reads them itself
/// (`url` is checked by [`crate::proto::url`], `onExistingSession` is [`OnExisting`]).
pub const WEB_KEYS: [&str; 9] =
    ["url", "agent", "allowInsecure", "onExistingSession", "logLevel", "logger", "record", "locale", "tabs"];

/// The members of the page's `agent` object.
pub const AGENT_KEYS: [&str; 2] = ["id", "password"];

/// An object of the page's options that has a fixed set of members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The options object itself: [`KEYS`] with an option name, and [`WEB_KEYS`].
    Options,
    /// `agent`: [`AGENT_KEYS`].
    Agent,
    /// `reconnect`: [`POLICY_KEYS`].
    Reconnect,
}

impl Scope {
    /// Whether `name` is a member of this object.
    pub fn knows(self, name: &str) -> bool {
        match self {
            Scope::Options => WEB_KEYS.contains(&name) || KEYS.iter().any(|k| k.option == Some(name)),
            Scope::Agent => AGENT_KEYS.contains(&name),
            Scope::Reconnect => POLICY_KEYS.iter().any(|(k, _)| *k == name),
        }
    }

    /// The first of `names` (an object's own members, in order) that is no member of this
    /// object. An unknown option is refused rather than ignored (issue 16): a misspelt
    /// `requestTimeOutMs` would otherwise leave the default in force unnoticed.
    pub fn first_unknown<'a>(self, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
        names.into_iter().find(|n| !self.knows(n))
    }
}

/// Bounds the page's `maxFrameBytes` is clamped to.
pub const FRAME_BYTES: (u64, u64) = (1024, 64 << 20);
/// Bounds the page's `maxModelBytes` is clamped to.
pub const MODEL_BYTES: (u64, u64) = (1 << 20, 1 << 30);
/// Bounds the page's `maxPendingCommands` is clamped to.
pub const PENDING: (u64, u64) = (1, 100_000);

/// One member of the `reconnect` object (the page's and a recording's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyField {
    /// `initialDelayMs`.
    InitialDelay,
    /// `maxDelayMs`.
    MaxDelay,
    /// `maxAttempts`.
    MaxAttempts,
}

/// The members of `reconnect`, in the order they are read.
pub const POLICY_KEYS: [(&str, PolicyField); 3] = [
    ("initialDelayMs", PolicyField::InitialDelay),
    ("maxDelayMs", PolicyField::MaxDelay),
    ("maxAttempts", PolicyField::MaxAttempts),
];

impl PolicyField {
    fn get(self, p: &ReconnectPolicy) -> Option<u64> {
        match self {
            PolicyField::InitialDelay => Some(p.initial_delay),
            PolicyField::MaxDelay => Some(p.max_delay),
            PolicyField::MaxAttempts => p.max_attempts.map(u64::from),
        }
    }

    /// Sets the value as given (a recording's).
    fn set(self, p: &mut ReconnectPolicy, v: u64) {
        match self {
            PolicyField::InitialDelay => p.initial_delay = v,
            PolicyField::MaxDelay => p.max_delay = v,
            PolicyField::MaxAttempts => p.max_attempts = Some(v as u32),
        }
    }

    /// A page's value made consistent: the cap is at least the first delay (read before it),
    /// the attempts fit a `u32`.
    fn check(self, p: &ReconnectPolicy, v: u64) -> u64 {
        match self {
            PolicyField::InitialDelay => v,
            PolicyField::MaxDelay => v.max(p.initial_delay),
            PolicyField::MaxAttempts => v.min(u64::from(u32::MAX)),
        }
    }
}

/// A bad option of the page: the key at fault and why (an `invalidArgument` in JS).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// The option.
    pub key: &'static str,
    /// What is wrong, for people.
    pub message: Msg,
}

/// A member that may be a boolean or an object (`reconnect: false | {…}`).
#[derive(Debug)]
pub enum Member<S> {
    /// `undefined`.
    Absent,
    /// `true` or `false`.
    Bool(bool),
    /// An object, to read members from.
    Object(S),
    /// Anything else (`null` included).
    Other,
}

/// The page's options object as the host reads it (the web layer: a `JsValue`).
pub trait Source: Sized {
    /// The host's error, built from an [`Invalid`] or by the reads below.
    type Error: From<Invalid>;
    /// A string member; `Ok(None)` when absent or `null`.
    ///
    /// # Errors
    /// A member of another type.
    fn text(&self, key: &'static str) -> Result<Option<String>, Self::Error>;
    /// A non-negative whole number member; `Ok(None)` when absent or `null`.
    ///
    /// # Errors
    /// A member of another type, or negative.
    fn number(&self, key: &'static str) -> Result<Option<u64>, Self::Error>;
    /// A member that may be a boolean or an object.
    fn member(&self, key: &'static str) -> Member<Self>;
}

/// Reads the engine options of the page's options object into `c` (a [`Config::new`] for
/// the agent): every [`KEYS`] row with an option name, in order.
///
/// # Errors
/// The first option of the wrong type or out of its rules.
pub fn read_page<S: Source>(s: &S, c: &mut Config) -> Result<(), S::Error> {
    for k in KEYS {
        if let Some(name) = k.option {
            page(k.field, name, s, c)?;
        }
    }
    Ok(())
}

fn page<S: Source>(field: Field, key: &'static str, s: &S, c: &mut Config) -> Result<(), S::Error> {
    let invalid = |message: Msg| S::Error::from(Invalid { key, message });
    match field {
        Field::AgentId | Field::Seed | Field::RequestIdPrefix => {}
        Field::Model | Field::ServiceId | Field::InstanceDomain => {
            if let Some(t) = s.text(key)? {
                *text_of(field, c) = Some(t);
            }
        }
        Field::Dialect => {
            if let Some(d) = s.text(key)? {
                c.dialect =
                    if one_of(key, &["legacy", "current"], &d)? == 1 { Dialect::Current } else { Dialect::Legacy };
            }
        }
        Field::Reconnect => match s.member(key) {
            Member::Absent | Member::Bool(true) => {}
            Member::Bool(false) => c.reconnect = None,
            Member::Object(r) => {
                let mut p = ReconnectPolicy::default();
                for (name, f) in POLICY_KEYS {
                    if let Some(v) = r.number(name)? {
                        let v = f.check(&p, v);
                        f.set(&mut p, v);
                    }
                }
                c.reconnect = Some(p);
            }
            Member::Other => return Err(invalid(Msg::new(Code::ObjectOrFalse).arg(key))),
        },
        // The numbers: a timeout of 0 is refused, a size is clamped to its bounds.
        Field::RequestTimeout
        | Field::KeepAlive
        | Field::StartupTimeout
        | Field::ConfirmTimeout
        | Field::WakeProbe
        | Field::MaxFrameBytes
        | Field::MaxPending
        | Field::ModelBytes => {
            if let Some(n) = s.number(key)? {
                let (low, high) = match field {
                    Field::MaxFrameBytes => FRAME_BYTES,
                    Field::MaxPending => PENDING,
                    Field::ModelBytes => MODEL_BYTES,
                    Field::RequestTimeout | Field::StartupTimeout | Field::ConfirmTimeout | Field::WakeProbe
                        if n == 0 =>
                    {
                        return Err(invalid(Msg::new(Code::MustBePositive).arg(key)))
                    }
                    _ => (0, u64::MAX),
                };
                set_number(field, c, n.clamp(low, high));
            }
        }
    }
    Ok(())
}

/// The `Config` field of a text option.
fn text_of(field: Field, c: &mut Config) -> &mut Option<String> {
    match field {
        Field::ServiceId => &mut c.service_id,
        Field::InstanceDomain => &mut c.instance_domain,
        _ => &mut c.model,
    }
}

/// Sets a number option as given (the page's already checked and clamped).
fn set_number(field: Field, c: &mut Config, n: u64) {
    match field {
        Field::RequestTimeout => c.request_timeout = n,
        Field::KeepAlive => c.keep_alive = n,
        Field::MaxFrameBytes => c.max_frame_bytes = n as usize,
        Field::MaxPending => c.max_pending = n as usize,
        Field::ModelBytes => c.limits.bytes = n as usize,
        Field::StartupTimeout | Field::ConfirmTimeout | Field::WakeProbe => *deadline_of(field, c) = n,
        Field::AgentId
        | Field::Model
        | Field::ServiceId
        | Field::InstanceDomain
        | Field::Dialect
        | Field::Reconnect
        | Field::Seed
        | Field::RequestIdPrefix => {}
    }
}

/// The configuration a recording's `config` describes, with the password `<redacted>`.
/// Values are taken as written (no page rules), so a replay runs with exactly the recorded
/// configuration. A member that is absent or of another type keeps [`Config::new`]'s value;
/// optional settings, which a recording writes only when set, are then unset.
pub fn read_recorded(m: &Map) -> Config {
    let mut c = Config::new(String::new(), String::from("<redacted>"));
    for k in KEYS {
        recorded(k.field, get(m, k.recorded), &mut c);
    }
    c
}

fn recorded(field: Field, v: Option<&Json>, c: &mut Config) {
    let text = v.and_then(Json::as_str);
    match field {
        Field::Model | Field::ServiceId | Field::InstanceDomain => *text_of(field, c) = text.map(str::to_owned),
        Field::Dialect => c.dialect = text.and_then(Dialect::parse).unwrap_or_default(),
        Field::RequestTimeout
        | Field::KeepAlive
        | Field::StartupTimeout
        | Field::ConfirmTimeout
        | Field::WakeProbe
        | Field::MaxFrameBytes
        | Field::MaxPending
        | Field::ModelBytes => {
            if let Some(n) = v.and_then(Json::as_u64) {
                set_number(field, c, n);
            }
        }
        Field::Reconnect => {
            c.reconnect = v.and_then(Json::as_object).map(|r| {
                let mut p = ReconnectPolicy::default();
                for (name, f) in POLICY_KEYS {
                    if let Some(n) = get(r, name).and_then(Json::as_u64) {
                        f.set(&mut p, n);
                    }
                }
                p
            });
        }
        Field::Seed => {
            if let Some(n) = text.and_then(parse_u64) {
                c.seed = n;
            }
        }
        // Absent: `read_recorded`'s values ("" for the agent).
        Field::AgentId | Field::RequestIdPrefix => {
            if let Some(s) = text {
                *if field == Field::AgentId { &mut c.agent_id } else { &mut c.request_id_prefix } = s.to_owned();
            }
        }
    }
}

/// The `Config` field of a deadline option.
fn deadline_of(field: Field, c: &mut Config) -> &mut u64 {
    match field {
        Field::ConfirmTimeout => &mut c.confirm_timeout,
        Field::WakeProbe => &mut c.wake_probe,
        _ => &mut c.startup_timeout,
    }
}

fn number(v: u64) -> Json {
    Json::Number(crate::proto::text::decimal(v).into())
}

/// A recording's `config` for `c`, without the password: every [`KEYS`] row that is set.
pub fn write_recorded(c: &Config) -> Map {
    let mut m = Map::new();
    for k in &KEYS {
        write_key(k, c, &mut m);
    }
    m
}

/// One row of [`write_recorded`], out of line: the loop over the constant [`KEYS`] is
/// otherwise unrolled, each row's arm and push inlined on its own (issue 14).
#[inline(never)]
fn write_key(k: &Key, c: &Config, m: &mut Map) {
    if let Some(v) = write(k.field, c) {
        m.push((k.recorded.to_owned(), v));
    }
}

fn write(field: Field, c: &Config) -> Option<Json> {
    Some(match field {
        Field::AgentId => Json::str(&c.agent_id),
        Field::Model => Json::str(c.model.as_deref()?),
        Field::ServiceId => Json::str(c.service_id.as_deref()?),
        Field::InstanceDomain => Json::str(c.instance_domain.as_deref()?),
        Field::Dialect => Json::str(c.dialect.as_str()),
        Field::RequestTimeout => number(c.request_timeout),
        Field::KeepAlive => number(c.keep_alive),
        Field::WakeProbe => number(c.wake_probe),
        Field::StartupTimeout => number(c.startup_timeout),
        Field::ConfirmTimeout => number(c.confirm_timeout),
        Field::MaxFrameBytes => number(c.max_frame_bytes as u64),
        Field::MaxPending => number(c.max_pending as u64),
        Field::ModelBytes => number(c.limits.bytes as u64),
        Field::Reconnect => {
            let p = c.reconnect.as_ref()?;
            let mut m = Map::new();
            for (name, f) in POLICY_KEYS {
                if let Some(v) = f.get(p) {
                    m.push((name.to_owned(), number(v)));
                }
            }
            Json::Object(m)
        }
        // A string: JSON numbers past 2^53 lose precision in JavaScript.
        Field::Seed => Json::str(crate::proto::text::decimal(c.seed)),
        Field::RequestIdPrefix => Json::str(&c.request_id_prefix),
    })
}

/// The position of `v` among an option's spellings `names` (two or three), or the option's
/// error: `key must be "a", "b" or "c", not "v"` (the choices of `dialect`,
/// `onExistingSession` and `tabs` through one function).
fn one_of(key: &'static str, names: &[&'static str], v: &str) -> Result<usize, Invalid> {
    names.iter().position(|n| *n == v).ok_or_else(|| {
        let mut m = Msg::new(if names.len() == 2 { Code::OneOf2 } else { Code::OneOf3 }).arg(key);
        for n in names {
            m = m.arg(*n);
        }
        Invalid { key, message: m.arg(v) }
    })
}

/// What to do when the agent already has a session (the `prepareSession` confirm,
/// WIRE-PROFILE §3): the page's `onExistingSession` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OnExisting {
    /// Dispatch `confirm` and wait for `accept()` / `decline()` (the default).
    #[default]
    Prompt,
    /// Replace it without asking.
    Replace,
    /// Keep it: the new session closes with reason `declined`.
    Fail,
}

impl OnExisting {
    /// The option's name.
    pub const KEY: &'static str = "onExistingSession";
    /// Every value, for tables.
    pub const ALL: [OnExisting; 3] = [OnExisting::Prompt, OnExisting::Replace, OnExisting::Fail];

    /// The option's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            OnExisting::Prompt => "prompt",
            OnExisting::Replace => "replace",
            OnExisting::Fail => "fail",
        }
    }

    /// The option's value; absent is [`OnExisting::Prompt`].
    ///
    /// # Errors
    /// Any other spelling.
    pub fn parse(v: Option<&str>) -> Result<OnExisting, Invalid> {
        Ok(match v.map(|s| one_of(OnExisting::KEY, &["prompt", "replace", "fail"], s)).transpose()? {
            Some(1) => OnExisting::Replace,
            Some(2) => OnExisting::Fail,
            _ => OnExisting::Prompt,
        })
    }

    /// The answer to the server's prompt without asking the page: `Some(true)` replaces the
    /// existing session, `Some(false)` keeps it, `None` asks the page (`confirm` event).
    pub fn answer(self) -> Option<bool> {
        match self {
            OnExisting::Prompt => None,
            OnExisting::Replace => Some(true),
            OnExisting::Fail => Some(false),
        }
    }
}

/// How the tabs of one agent share its connection: the page's `tabs` option. The tab
/// coordination itself is browser plumbing (`src/web/js/tabs.js`); the policy a tab that takes
/// the connection over connects with is [`Tabs::takeover`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tabs {
    /// Every tab has its own connection (the default): a second tab of the agent meets the
    /// existing session as `onExistingSession` says.
    #[default]
    Own,
    /// One connection per agent, URL and origin, shared by every tab of the desktop: held by
    /// the package's `SharedWorker` where the browser has one and it starts, else by a tab
    /// elected with Web Locks and `BroadcastChannel` (with neither, as [`Tabs::Own`]).
    Share,
    /// As [`Tabs::Share`], always by election (no worker): `"share-locks"`.
    ShareLocks,
}

impl Tabs {
    /// The option's name.
    pub const KEY: &'static str = "tabs";
    /// Every value, for tables.
    pub const ALL: [Tabs; 3] = [Tabs::Own, Tabs::Share, Tabs::ShareLocks];

    /// The option's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Tabs::Own => "own",
            Tabs::Share => "share",
            Tabs::ShareLocks => "share-locks",
        }
    }

    /// The option's value; absent is [`Tabs::Own`].
    ///
    /// # Errors
    /// Any other spelling.
    pub fn parse(v: Option<&str>) -> Result<Tabs, Invalid> {
        Ok(match v.map(|s| one_of(Tabs::KEY, &["own", "share", "share-locks"], s)).transpose()? {
            Some(1) => Tabs::Share,
            Some(2) => Tabs::ShareLocks,
            _ => Tabs::Own,
        })
    }

    /// The existing-session policy of a tab that takes over the shared connection after the
    /// tab holding it closed or crashed: the session it finds at the server is the agent's
    /// own, left by the dead tab, so it is replaced without asking (a reconnect of the same
    /// agent). `None` for [`Tabs::Own`], where no tab takes over.
    pub fn takeover(self) -> Option<OnExisting> {
        match self {
            Tabs::Own => None,
            Tabs::Share | Tabs::ShareLocks => Some(OnExisting::Replace),
        }
    }
}
