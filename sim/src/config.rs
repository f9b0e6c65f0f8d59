//! The simulated contact center: agents, channel layout, reason codes, address books and
//! scripts. Read from a TOML or JSON file (`--config`) or the built-in default
//! (`config/default.toml`), validated once into a [`Catalog`] of wire types.

use crate::media::Media;
use agentwire::proto::json::{Json, Map};
use agentwire::proto::wire::build::{
    AddressBook, AddressBooks, Destination, EntryGroup, Label, LogoutReason, LogoutReasons, ReasonCode, ReasonCodes,
    Script,
};
use agentwire::proto::wire::{ChannelState, FromJson};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

/// The built-in configuration, as shipped.
pub const DEFAULT_CONFIG: &str = include_str!("../config/default.toml");

/// Markup used by `--hostile-strings`, so a page that renders server strings as HTML shows it.
pub const HOSTILE: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "<script>alert('xss')</script>",
    "\"><svg onload=alert(2)>",
    "javascript:alert(3)",
    "&lt;b&gt;&amp;{{constructor}}",
];

/// A configuration that cannot be used, with a message for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn err<T>(msg: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError(msg.into()))
}

/// The processor the Service Monitor lists (PROTOCOL.md 2.3).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProcessorConfig {
    /// Service id (what `bindService` names).
    pub id: String,
    /// Service name.
    pub name: String,
    /// `vendor`.
    pub vendor: String,
    /// `version`.
    pub version: String,
    /// `cti-vendor`.
    pub cti_vendor: String,
    /// `cti-version`.
    pub cti_version: String,
    /// `instance-domain`.
    pub instance_domain: String,
}

impl Default for ProcessorConfig {
    fn default() -> Self {
        ProcessorConfig {
            id: "5a1d0c3e-7f21-4b8e-9c44-a6e0d2f1b701".into(),
            name: "AgentwireSimProcessor".into(),
            vendor: "agentwire".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            cti_vendor: "Simulated ACD".into(),
            cti_version: "1.0".into(),
            instance_domain: "sim".into(),
        }
    }
}

/// How long simulated calls take.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Timing {
    /// Milliseconds an outbound or consult call stays DIALING (0: answered at once).
    pub connect_ms: u64,
    /// Seconds before an unaccepted ALERTING interaction is abandoned (0: never).
    pub ring_secs: u64,
    /// Seconds before the far end releases a STARTED interaction (0: never).
    pub talk_secs: u64,
    /// Whether a telephony channel goes to after_call_work when a call ends while ready.
    pub acw_after_call: bool,
}

impl Default for Timing {
    fn default() -> Self {
        Timing { connect_ms: 300, ring_secs: 0, talk_secs: 0, acw_after_call: false }
    }
}

/// One agent who can log in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentConfig {
    /// Agent id (`prepareSession` `agent.id`).
    pub id: String,
    /// Password.
    pub password: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Telephony extension.
    #[serde(default)]
    pub extension: String,
}

/// A channel of the layout.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelConfig {
    /// Channel id (no `.`).
    pub id: String,
    /// `TELEPHONY`, `CHAT` or `EMAIL`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Endpoint name; `{agent}`, `{name}` and `{extension}` are filled in.
    #[serde(default)]
    pub name: String,
    /// Initial state: `INACTIVE` (default) or `UNAVAILABLE`.
    #[serde(default)]
    pub state: Option<String>,
}

/// A channel group of the layout.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupConfig {
    /// Group id (no `.`).
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Member channels.
    #[serde(default)]
    pub channels: Vec<ChannelConfig>,
}

/// A script for `getscripts`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptConfig {
    /// The channel type it is offered on.
    pub channel_type: String,
    /// `scriptId`.
    #[serde(rename = "scriptId")]
    pub script_id: String,
    /// `scriptName`.
    #[serde(rename = "scriptName")]
    pub script_name: String,
}

/// The config file, as written.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The processor.
    #[serde(default)]
    pub processor: ProcessorConfig,
    /// Call timing.
    #[serde(default)]
    pub timing: Timing,
    /// Agents.
    #[serde(default)]
    pub agents: Vec<AgentConfig>,
    /// Channel groups of every agent.
    #[serde(default)]
    pub channel_groups: Vec<GroupConfig>,
    /// Stand-alone channels of every agent.
    #[serde(default)]
    pub channels: Vec<ChannelConfig>,
    /// Not-ready reasons, in the wire shape of `reasonCodes[]`.
    #[serde(default)]
    pub reason_codes: Vec<serde_json::Value>,
    /// Logout reasons, in the wire shape of `logoutReasons[]`.
    #[serde(default)]
    pub logout_reasons: Vec<serde_json::Value>,
    /// Address books, in the wire shape of `addressbooks[]`.
    #[serde(default)]
    pub address_books: Vec<serde_json::Value>,
    /// Scripts.
    #[serde(default)]
    pub scripts: Vec<ScriptConfig>,
}

/// A validated channel of the layout.
#[derive(Debug, Clone)]
pub struct ChannelSpec {
    /// Id.
    pub id: String,
    /// Media.
    pub media: Media,
    /// Name template.
    pub name: String,
    /// Initial state.
    pub state: ChannelState,
}

/// A validated group of the layout.
#[derive(Debug, Clone)]
pub struct GroupSpec {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Members.
    pub channels: Vec<ChannelSpec>,
}

/// The validated configuration the world is built from.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The processor.
    pub processor: ProcessorConfig,
    /// Call timing.
    pub timing: Timing,
    /// Agents, in file order.
    pub agents: Vec<AgentConfig>,
    /// Groups of every agent.
    pub groups: Vec<GroupSpec>,
    /// Stand-alone channels of every agent.
    pub channels: Vec<ChannelSpec>,
    /// Not-ready reasons.
    pub reasons: Vec<ReasonCode>,
    /// Logout reasons.
    pub logout_reasons: Vec<LogoutReason>,
    /// Address books (the starting state; the world changes its copy).
    pub books: Vec<AddressBook>,
    /// Scripts per channel media.
    pub scripts: Vec<(Media, Script)>,
}

/// serde's JSON value → the core's lossless JSON value.
pub fn to_json(v: &serde_json::Value) -> Json {
    match v {
        serde_json::Value::Null => Json::Null,
        serde_json::Value::Bool(b) => Json::Bool(*b),
        serde_json::Value::Number(n) => Json::Number(n.to_string().into_boxed_str()),
        serde_json::Value::String(s) => Json::String(s.clone()),
        serde_json::Value::Array(a) => Json::Array(a.iter().map(to_json).collect()),
        serde_json::Value::Object(m) => Json::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

/// Adds empty `groups` / `entries` where a book or group leaves them out (TOML cannot say
/// `[]` for a table array that has no elements, so config files omit them).
fn fill_book(v: &mut Json) {
    if let Json::Object(m) = v {
        for key in ["groups", "entries"] {
            if !m.iter().any(|(k, _)| k == key) {
                m.push((key.to_owned(), Json::Array(Vec::new())));
            }
        }
        if let Some((_, Json::Array(groups))) = m.iter_mut().find(|(k, _)| k == "groups") {
            groups.iter_mut().for_each(fill_book);
        }
    }
}

fn check_id(what: &str, id: &str) -> Result<(), ConfigError> {
    if id.is_empty() || id.contains('.') || id.chars().any(char::is_whitespace) {
        return err(format!("{what} id {id:?} must be non-empty, without `.` or spaces"));
    }
    Ok(())
}

fn channel_spec(c: &ChannelConfig, ids: &mut HashSet<String>) -> Result<ChannelSpec, ConfigError> {
    check_id("channel", &c.id)?;
    if !ids.insert(c.id.clone()) {
        return err(format!("id {:?} is used twice in the channel layout", c.id));
    }
    let Some(media) = Media::parse(&c.kind) else {
        return err(format!("channel {:?}: type {:?} is not TELEPHONY, CHAT or EMAIL", c.id, c.kind));
    };
    let state = match c.state.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None | Some("INACTIVE") => ChannelState::Inactive,
        Some("UNAVAILABLE") => ChannelState::Unavailable,
        Some(other) => return err(format!("channel {:?}: state {other:?} is not INACTIVE or UNAVAILABLE", c.id)),
    };
    let name = if c.name.is_empty() { c.id.clone() } else { c.name.clone() };
    Ok(ChannelSpec { id: c.id.clone(), media, name, state })
}

impl ConfigFile {
    /// Parses a config file's text; `json` picks the syntax.
    ///
    /// # Errors
    /// The parser's message (with line and column).
    pub fn parse(text: &str, json: bool) -> Result<ConfigFile, ConfigError> {
        if json {
            serde_json::from_str(text).map_err(|e| ConfigError(format!("invalid JSON config: {e}")))
        } else {
            toml::from_str(text).map_err(|e| ConfigError(format!("invalid TOML config: {e}")))
        }
    }

    /// Validates the file into a [`Catalog`].
    ///
    /// # Errors
    /// What is wrong, naming the item.
    pub fn validate(&self) -> Result<Catalog, ConfigError> {
        if self.agents.is_empty() {
            return err("the config defines no agents");
        }
        let mut agent_ids = HashSet::new();
        for a in &self.agents {
            if a.id.is_empty() || a.id.len() > 64 {
                return err(format!("agent id {:?} must have 1 to 64 characters", a.id));
            }
            if !agent_ids.insert(a.id.clone()) {
                return err(format!("agent {:?} is defined twice", a.id));
            }
        }
        if self.processor.id.is_empty() || self.processor.id == agentwire::proto::wire::SERVICE_MONITOR {
            return err("processor.id must be non-empty and not \"ServiceMonitor\"");
        }
        let mut ids = HashSet::new();
        let mut groups = Vec::new();
        for g in &self.channel_groups {
            check_id("channel group", &g.id)?;
            if !ids.insert(g.id.clone()) {
                return err(format!("id {:?} is used twice in the channel layout", g.id));
            }
            let channels = g.channels.iter().map(|c| channel_spec(c, &mut ids)).collect::<Result<Vec<_>, _>>()?;
            let name = if g.name.is_empty() { g.id.clone() } else { g.name.clone() };
            groups.push(GroupSpec { id: g.id.clone(), name, channels });
        }
        let channels = self.channels.iter().map(|c| channel_spec(c, &mut ids)).collect::<Result<Vec<_>, _>>()?;

        let reasons =
            Json::Object(vec![("reasonCodes".into(), Json::Array(self.reason_codes.iter().map(to_json).collect()))]);
        let reasons = ReasonCodes::from_json(&reasons)
            .map_err(|e| {
                ConfigError(format!("reason_codes: {}", e.to_string().replace("reasonCodes", "reason_codes")))
            })?
            .reason_codes;
        let mut codes = HashSet::new();
        for r in &reasons {
            if r.reason_code_code.eq_ignore_ascii_case("acw") || !codes.insert(r.reason_code_code.clone()) {
                return err(format!("reason code {:?} is reserved or defined twice", r.reason_code_code));
            }
        }
        let logout = Json::Object(vec![(
            "logoutReasons".into(),
            Json::Array(self.logout_reasons.iter().map(to_json).collect()),
        )]);
        let logout_reasons = LogoutReasons::from_json(&logout)
            .map_err(|e| {
                ConfigError(format!("logout_reasons: {}", e.to_string().replace("logoutReasons", "logout_reasons")))
            })?
            .logout_reasons;
        let mut books: Vec<Json> = self.address_books.iter().map(to_json).collect();
        books.iter_mut().for_each(fill_book);
        let books = AddressBooks::from_json(&Json::Object(vec![("addressbooks".into(), Json::Array(books))]))
            .map_err(|e| {
                ConfigError(format!("address_books: {}", e.to_string().replace("addressbooks", "address_books")))
            })?
            .addressbooks;
        let mut scripts = Vec::new();
        for s in &self.scripts {
            let Some(media) = Media::parse(&s.channel_type) else {
                return err(format!(
                    "script {:?}: channel_type {:?} is not a channel type",
                    s.script_id, s.channel_type
                ));
            };
            scripts.push((
                media,
                Script { script_id: s.script_id.clone(), script_name: s.script_name.clone(), extra: Map::new() },
            ));
        }
        Ok(Catalog {
            processor: self.processor.clone(),
            timing: self.timing.clone(),
            agents: self.agents.clone(),
            groups,
            channels,
            reasons,
            logout_reasons,
            books,
            scripts,
        })
    }
}

impl Catalog {
    /// The built-in configuration.
    ///
    /// # Errors
    /// Only if the shipped file is broken (a test guards it).
    pub fn builtin() -> Result<Catalog, ConfigError> {
        ConfigFile::parse(DEFAULT_CONFIG, false)?.validate()
    }

    /// Reads and validates a config file (`.json` → JSON, otherwise TOML).
    ///
    /// # Errors
    /// The file cannot be read, parsed or validated; the message names the file.
    pub fn load(path: &Path) -> Result<Catalog, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError(format!("{}: {e}", path.display())))?;
        let json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        ConfigFile::parse(&text, json)
            .and_then(|f| f.validate())
            .map_err(|e| ConfigError(format!("{}: {e}", path.display())))
    }

    /// Adds `n` agents `100001`, `100002`, … with password `pass` (load tests).
    pub fn generate_agents(&mut self, n: usize) {
        let taken: HashSet<String> = self.agents.iter().map(|a| a.id.clone()).collect();
        let mut i = 0usize;
        let mut added = 0usize;
        while added < n {
            i += 1;
            let id = (100_000 + i).to_string();
            if taken.contains(&id) {
                continue;
            }
            self.agents.push(AgentConfig {
                id: id.clone(),
                password: "pass".into(),
                name: format!("Load Agent {i}"),
                extension: (600_000 + i).to_string(),
            });
            added += 1;
        }
    }

    /// Fills reason labels, script names and address-book names with markup
    /// (`--hostile-strings`), to prove the page never renders server strings as HTML.
    pub fn make_hostile(&mut self) {
        let mut k = 0usize;
        let mut next = || {
            k += 1;
            HOSTILE[k % HOSTILE.len()]
        };
        let label = |l: &mut Label, h: &str| {
            l.name = format!("{} {h}", l.name);
            l.description = Some(format!("{h}{}", l.description.clone().unwrap_or_default()));
        };
        for r in &mut self.reasons {
            r.labels.iter_mut().for_each(|l| label(l, next()));
        }
        for r in &mut self.logout_reasons {
            r.labels.iter_mut().for_each(|l| label(l, next()));
        }
        for (_, s) in &mut self.scripts {
            s.script_name = format!("{}{}", s.script_name, next());
        }
        fn group(g: &mut EntryGroup, next: &mut dyn FnMut() -> &'static str) {
            g.name = format!("{} {}", g.name, next());
            for e in &mut g.entries {
                e.name = format!("{}{}", next(), e.name);
                e.destinations.iter_mut().for_each(|d: &mut Destination| d.label = format!("{}{}", d.label, next()));
            }
            for sub in &mut g.groups {
                group(sub, next);
            }
        }
        for b in &mut self.books {
            b.name = format!("{} {}", b.name, next());
            for e in &mut b.entries {
                e.name = format!("{}{}", next(), e.name);
                e.destinations.iter_mut().for_each(|d| d.label = format!("{}{}", d.label, next()));
            }
            for g in &mut b.groups {
                group(g, &mut next);
            }
        }
    }

    /// The label name to show for a reason (English first, else the first label).
    pub fn label_name(labels: &[Label]) -> String {
        labels
            .iter()
            .find(|l| l.language.as_deref() == Some("en"))
            .or_else(|| labels.first())
            .map(|l| l.name.clone())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_config_is_valid() {
        let c = Catalog::builtin().expect("built-in config");
        assert!(c.agents.iter().any(|a| a.id == "4001" && a.password == "pass"));
        assert!(c.agents.len() >= 5);
        assert_eq!(c.groups.len(), 1);
        let media: Vec<Media> = c.groups[0].channels.iter().map(|c| c.media).collect();
        assert_eq!(media, [Media::Telephony, Media::Chat]);
        assert_eq!(c.channels[0].media, Media::Email);
        assert!(c.reasons.len() >= 3 && c.logout_reasons.len() >= 2);
        assert!(c.reasons[0].labels.iter().any(|l| l.language.as_deref() == Some("de")));
        assert!(!c.books.is_empty());
    }

    #[test]
    fn bad_configs_are_named() {
        let e = ConfigFile::parse("agents = 5", false).unwrap_err();
        assert!(e.0.contains("invalid TOML"), "{e}");
        let e = ConfigFile::parse("[[agents]]\nid = \"1\"\npassword = \"p\"\nbogus = 1\n", false).unwrap_err();
        assert!(e.0.contains("bogus"), "{e}");
        let f = ConfigFile::parse(
            "[[agents]]\nid = \"1\"\npassword = \"p\"\n[[channels]]\nid = \"a.b\"\ntype = \"CHAT\"\n",
            false,
        )
        .unwrap();
        assert!(f.validate().unwrap_err().0.contains("a.b"));
        let f =
            ConfigFile::parse(r#"{"agents":[{"id":"1","password":"p"}],"reason_codes":[{"reasonCodeId":"x"}]}"#, true)
                .unwrap();
        assert!(f.validate().unwrap_err().0.contains("reason_codes"));
    }

    #[test]
    fn generated_agents_do_not_collide() {
        let mut c = Catalog::builtin().unwrap();
        let before = c.agents.len();
        c.generate_agents(3);
        assert_eq!(c.agents.len(), before + 3);
        assert_eq!(c.agents[before].id, "100001");
    }
}
