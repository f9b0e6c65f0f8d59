//! The options table of `src/proto/options.rs`: every key round-trips through a recording and
//! through the page's options object, the page's rules, the defaults, and the
//! `onExistingSession` decision. The page's object is played here by JSON (the web layer
//! reads a `JsValue` through the same [`Source`] trait).

use agentwire::proto::engine::{Config, ReconnectPolicy};
use agentwire::proto::json::{get, Json, Map};
use agentwire::proto::options::{
    read_page, read_recorded, write_recorded, Field, Invalid, Member, OnExisting, Scope, Source, Tabs, AGENT_KEYS,
    KEYS, POLICY_KEYS, WEB_KEYS,
};
use agentwire::proto::wire::Dialect;
use std::collections::BTreeSet;

/// A page's options object, as JSON: the same reads as the web layer's over `JsValue`.
struct Page(Json);

impl Source for Page {
    type Error = Invalid;
    fn text(&self, key: &'static str) -> Result<Option<String>, Invalid> {
        match self.0.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(Invalid { key, message: format!("{key} must be a string").into() }),
        }
    }
    fn number(&self, key: &'static str) -> Result<Option<u64>, Invalid> {
        match self.0.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or(Invalid { key, message: format!("{key} must be a non-negative number").into() }),
        }
    }
    fn member(&self, key: &'static str) -> Member<Page> {
        match self.0.get(key) {
            None => Member::Absent,
            Some(Json::Bool(b)) => Member::Bool(*b),
            Some(v @ (Json::Object(_) | Json::Array(_))) => Member::Object(Page(v.clone())),
            Some(_) => Member::Other,
        }
    }
}

fn json(text: &str) -> Json {
    Json::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn fresh() -> Config {
    Config::new("4001", "secret")
}

/// The page's options `text` over a fresh configuration, as a recording would write it.
fn page(text: &str) -> Result<Map, Invalid> {
    let mut c = fresh();
    read_page(&Page(json(text)), &mut c)?;
    Ok(write_recorded(&c))
}

/// A value other than the default, set on `c` (the match has no wildcard: a new option
/// needs its sample here).
fn set_sample(field: Field, c: &mut Config) {
    match field {
        Field::AgentId => c.agent_id = "4002".into(),
        Field::Model => c.model = Some("blended".into()),
        Field::ServiceId => c.service_id = Some("ip-2".into()),
        Field::InstanceDomain => c.instance_domain = Some("eu".into()),
        Field::Dialect => c.dialect = Dialect::Current,
        Field::RequestTimeout => c.request_timeout = 2_500,
        Field::KeepAlive => c.keep_alive = 0,
        Field::WakeProbe => c.wake_probe = 2_500,
        Field::StartupTimeout => c.startup_timeout = 45_000,
        Field::ConfirmTimeout => c.confirm_timeout = 5_000,
        Field::MaxFrameBytes => c.max_frame_bytes = 100,
        Field::MaxPending => c.max_pending = 7,
        Field::ModelBytes => c.limits.bytes = 2 << 20,
        Field::Reconnect => {
            c.reconnect = Some(ReconnectPolicy { initial_delay: 100, max_delay: 900, max_attempts: Some(4) })
        }
        Field::Seed => c.seed = u64::MAX - 1,
        Field::RequestIdPrefix => c.request_id_prefix = "aw-0000beef-".into(),
    }
}

/// The page's spelling of a non-default value, and the value it gives.
fn page_sample(field: Field) -> Option<(&'static str, &'static str)> {
    Some(match field {
        Field::AgentId | Field::Seed | Field::RequestIdPrefix => return None,
        Field::Model => (r#""blended""#, r#""blended""#),
        Field::ServiceId => (r#""ip-2""#, r#""ip-2""#),
        Field::InstanceDomain => (r#""eu""#, r#""eu""#),
        Field::Dialect => (r#""current""#, r#""current""#),
        Field::RequestTimeout => ("2500", "2500"),
        Field::KeepAlive => ("0", "0"),
        Field::WakeProbe => ("2500", "2500"),
        Field::StartupTimeout => ("45000", "45000"),
        Field::ConfirmTimeout => ("5000", "5000"),
        Field::MaxFrameBytes => ("2048", "2048"),
        Field::MaxPending => ("7", "7"),
        Field::ModelBytes => ("2097152", "2097152"),
        Field::Reconnect => (
            r#"{"initialDelayMs":100,"maxDelayMs":900,"maxAttempts":4}"#,
            r#"{"initialDelayMs":100,"maxDelayMs":900,"maxAttempts":4}"#,
        ),
    })
}

#[test]
fn every_key_round_trips_through_a_recording() {
    let defaults = write_recorded(&fresh());
    for k in KEYS {
        let mut c = fresh();
        set_sample(k.field, &mut c);
        let written = write_recorded(&c);
        assert_ne!(get(&written, k.recorded), get(&defaults, k.recorded), "{:?}: the sample is the default", k.field);
        let back = read_recorded(&written);
        assert_eq!(write_recorded(&back), written, "{:?} did not round-trip as {}", k.field, k.recorded);
        assert_eq!(back.password, "<redacted>");
    }
}

#[test]
fn every_page_option_sets_its_field() {
    for k in KEYS {
        let Some(name) = k.option else { continue };
        let (given, expected) = page_sample(k.field).unwrap_or_else(|| panic!("{name}: no page sample"));
        let written = page(&format!(r#"{{"{name}":{given}}}"#)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(get(&written, k.recorded), Some(&json(expected)), "{name}");
        // And a recording of it reads back to the same configuration.
        assert_eq!(write_recorded(&read_recorded(&written)), written, "{name}");
    }
    for k in KEYS.iter().filter(|k| k.option.is_none()) {
        assert!(page_sample(k.field).is_none(), "{:?} has a page sample but no option name", k.field);
    }
}

#[test]
fn absent_options_keep_the_defaults() {
    let defaults = write_recorded(&fresh());
    assert_eq!(page("{}").unwrap(), defaults);
    assert_eq!(page(r#"{"model":null,"reconnect":true}"#).unwrap(), defaults);
    let back = read_recorded(&defaults);
    assert_eq!(write_recorded(&back), defaults);
    // The defaults are Config::new's and ReconnectPolicy::default()'s, not repeated.
    let c = fresh();
    assert_eq!(c.reconnect, Some(ReconnectPolicy::default()));
    let policy = read_recorded(&page(r#"{"reconnect":{}}"#).unwrap()).reconnect;
    assert_eq!(policy, Some(ReconnectPolicy::default()));
    let mut partial = defaults.clone();
    partial.retain(|(k, _)| k == "agentId");
    let back = read_recorded(&partial);
    assert_eq!((back.request_timeout, back.keep_alive, back.reconnect), (c.request_timeout, c.keep_alive, None));
}

/// The option at fault and the message's text.
fn said(e: Invalid) -> (&'static str, String) {
    (e.key, e.message.to_string())
}

#[test]
fn the_page_rules() {
    let bad = |text: &str| page(text).expect_err(text);
    let field = |text: &str, key: &str| get(&page(text).unwrap(), key).cloned().unwrap();
    assert_eq!(
        said(bad(r#"{"requestTimeoutMs":0}"#)),
        ("requestTimeoutMs", "requestTimeoutMs must be positive".into())
    );
    assert_eq!(
        said(bad(r#"{"dialect":"modern"}"#)),
        ("dialect", r#"dialect must be "legacy" or "current", not "modern""#.into())
    );
    assert_eq!(bad(r#"{"model":5}"#).key, "model");
    assert_eq!(bad(r#"{"keepAliveMs":-1}"#).key, "keepAliveMs");
    for key in ["startupTimeoutMs", "confirmTimeoutMs", "wakeProbeMs"] {
        let e = bad(&format!(r#"{{"{key}":0}}"#));
        assert_eq!(said(e), (key, format!("{key} must be positive")));
        assert_eq!(bad(&format!(r#"{{"{key}":"30s"}}"#)).key, key);
    }
    assert_eq!(bad(r#"{"maxModelBytes":"big"}"#).key, "maxModelBytes");
    // Clamped to 1 MiB – 1 GiB.
    assert_eq!(field(r#"{"maxModelBytes":1}"#, "maxModelBytes"), agentwire::proto::json::Json::int(1 << 20));
    assert_eq!(bad(r#"{"reconnect":null}"#).message.to_string(), "reconnect must be an object or false");
    assert_eq!(bad(r#"{"reconnect":"yes"}"#).key, "reconnect");
    assert_eq!(bad(r#"{"reconnect":{"maxAttempts":"3"}}"#).key, "maxAttempts");
    // The first bad option in table order is the one reported.
    assert_eq!(bad(r#"{"requestTimeoutMs":0,"model":5}"#).key, "model");
    assert_eq!(field(r#"{"maxFrameBytes":10}"#, "maxFrameBytes"), json("1024"));
    assert_eq!(field(r#"{"maxFrameBytes":1099511627776}"#, "maxFrameBytes"), json("67108864"));
    assert_eq!(field(r#"{"maxPendingCommands":0}"#, "maxPending"), json("1"));
    assert_eq!(field(r#"{"maxPendingCommands":1000000}"#, "maxPending"), json("100000"));
    assert!(get(&page(r#"{"reconnect":false}"#).unwrap(), "reconnect").is_none());
    assert_eq!(
        field(r#"{"reconnect":{"initialDelayMs":200,"maxDelayMs":100,"maxAttempts":1099511627776}}"#, "reconnect"),
        json(r#"{"initialDelayMs":200,"maxDelayMs":200,"maxAttempts":4294967295}"#)
    );
}

#[test]
fn a_recording_is_read_as_written() {
    // No page rules: a replay runs with exactly the recorded configuration.
    let mut c = fresh();
    c.max_frame_bytes = 100;
    c.request_timeout = 0;
    c.reconnect = Some(ReconnectPolicy { initial_delay: 500, max_delay: 10, max_attempts: None });
    let back = read_recorded(&write_recorded(&c));
    assert_eq!((back.max_frame_bytes, back.request_timeout, back.reconnect), (100, 0, c.reconnect));
    // Members of another type keep the defaults.
    let back = read_recorded(&json(r#"{"agentId":"1","requestTimeoutMs":"5","seed":7}"#).as_object().unwrap().clone());
    let d = fresh();
    assert_eq!((back.agent_id.as_str(), back.request_timeout, back.seed), ("1", d.request_timeout, d.seed));
}

#[test]
fn keys_are_unique() {
    let options: BTreeSet<_> = KEYS.iter().filter_map(|k| k.option).collect();
    assert_eq!(options.len(), KEYS.iter().filter(|k| k.option.is_some()).count());
    let recorded: BTreeSet<_> = KEYS.iter().map(|k| k.recorded).collect();
    assert_eq!(recorded.len(), KEYS.len());
    let fields: BTreeSet<_> = KEYS.iter().map(|k| format!("{:?}", k.field)).collect();
    assert_eq!(fields.len(), KEYS.len());
    assert!(WEB_KEYS.iter().all(|w| !options.contains(w)));
    assert!(WEB_KEYS.contains(&OnExisting::KEY));
    let policy: BTreeSet<_> = POLICY_KEYS.iter().map(|(k, _)| *k).collect();
    assert_eq!(policy.len(), POLICY_KEYS.len());
}

#[test]
fn on_existing_session() {
    assert_eq!(OnExisting::parse(None), Ok(OnExisting::Prompt));
    assert_eq!(OnExisting::default(), OnExisting::Prompt);
    for o in OnExisting::ALL {
        assert_eq!(OnExisting::parse(Some(o.as_str())), Ok(o));
    }
    assert_eq!(
        OnExisting::parse(Some("ask")).map_err(said),
        Err(("onExistingSession", r#"onExistingSession must be "prompt", "replace" or "fail", not "ask""#.into()))
    );
    assert_eq!(OnExisting::parse(Some("Replace")).map_err(|e| e.key), Err("onExistingSession"));
    let answers: Vec<_> = OnExisting::ALL.iter().map(|o| o.answer()).collect();
    assert_eq!(answers, [None, Some(true), Some(false)]);
}

#[test]
fn tabs_option() {
    assert_eq!(Tabs::parse(None), Ok(Tabs::Own));
    assert_eq!(Tabs::default(), Tabs::Own);
    for t in Tabs::ALL {
        assert_eq!(Tabs::parse(Some(t.as_str())), Ok(t));
    }
    assert_eq!(
        Tabs::parse(Some("shared")).map_err(said),
        Err(("tabs", r#"tabs must be "own", "share" or "share-locks", not "shared""#.into()))
    );
    assert!(WEB_KEYS.contains(&Tabs::KEY));
    assert!(Scope::Options.knows("tabs"));
    // A tab that takes the shared connection over replaces the session the dead tab left;
    // with "own" no tab takes over.
    assert_eq!(Tabs::Share.takeover(), Some(OnExisting::Replace));
    assert_eq!(Tabs::ShareLocks.takeover(), Some(OnExisting::Replace));
    assert_eq!(Tabs::Own.takeover(), None);
}

/// Every option of the tables is known in its object, and nothing else is (issue 16: unknown
/// options are refused, naming the first one, instead of being ignored).
#[test]
fn unknown_options_are_named() {
    let options: Vec<&str> = KEYS.iter().filter_map(|k| k.option).chain(WEB_KEYS).collect();
    assert_eq!(Scope::Options.first_unknown(options.iter().copied()), None);
    assert_eq!(Scope::Agent.first_unknown(AGENT_KEYS), None);
    assert_eq!(Scope::Reconnect.first_unknown(POLICY_KEYS.iter().map(|(k, _)| *k)), None);
    assert_eq!(Scope::Options.first_unknown(["url", "requestTimeOutMs", "lokale"]), Some("requestTimeOutMs"));
    // Names of one object are not options of another, and host-only keys are not the page's.
    assert_eq!(Scope::Options.first_unknown(["id"]), Some("id"));
    assert_eq!(Scope::Options.first_unknown(["seed"]), Some("seed"));
    assert_eq!(Scope::Options.first_unknown(["maxPending"]), Some("maxPending"));
    assert_eq!(Scope::Agent.first_unknown(["id", "pasword"]), Some("pasword"));
    assert_eq!(Scope::Reconnect.first_unknown(["initialDelayMs", "maxDelay"]), Some("maxDelay"));
    assert!(Scope::Options.knows("locale"));
}
