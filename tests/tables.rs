//! Tables kept by hand in two places, checked against each other (STYLE.md habits 6 and 7):
//! the error kinds and codes of the Rust enums against the TypeScript unions of
//! `src/web/types.d.ts`, both ways; and the command methods of the JS API (the `methods!` table
//! of `src/web/commands.rs`) against their JS definitions (`src/web/js/entry.js`), their
//! declarations (`src/web/js/commands.d.ts`), the npm README, the type test and the server check.

mod ts;

use agentwire::proto::engine::{CloseReason, CommandError, Config, LostCause, ProtocolErrorKind};
use agentwire::proto::json::{get, Json};
use agentwire::proto::options::{write_recorded, OnExisting, Tabs, KEYS, POLICY_KEYS, WEB_KEYS};
use std::collections::BTreeSet;

const TYPES: &str = include_str!("../src/web/types.d.ts");
const WEB_ERROR: &str = include_str!("../src/web/error.rs");
const WEB_OPTIONS: &str = include_str!("../src/web/options.rs");
const COMMANDS: &str = include_str!("../src/web/commands.rs");
const ENTRY: &str = include_str!("../src/web/js/entry.js");
const TABS: &str = include_str!("../src/web/js/tabs.js");
const COMMANDS_DTS: &str = include_str!("../src/web/js/commands.d.ts");
const README: &str = include_str!("../pkg/README.md");
const INTEGRATOR: &str = include_str!("../tests/types/integrator.ts");
const STEPS: &str = include_str!("../scripts/check-server/steps.js");

/// One value of every variant of an enum. The `match` has no wildcard, so a variant missing
/// from the list fails to compile here, and each listed variant is also a value in the list.
macro_rules! every {
    ($ty:ident { $($v:ident $({ $($f:ident: $e:expr),* $(,)? })?),* $(,)? }) => {{
        let _no_other_variant = |x: &$ty| match x { $($ty::$v { .. } => ()),* };
        vec![$($ty::$v $({ $($f: $e),* })?),*]
    }};
}

fn every_close_reason() -> Vec<CloseReason> {
    every!(CloseReason {
        ClosedByPage,
        LoggedOut,
        Replaced,
        OverrideDeclined,
        Refused { code: "AUTH_FAILED".into(), message: "".into() },
        NoProcessor,
        ConnectFailed { message: "".into() },
        ReconnectExhausted { attempts: 3 },
    })
}

/// Every command error, with `Closed` once per close reason.
fn every_command_error() -> Vec<CommandError> {
    let mut all = every!(CommandError {
        Failure { code: "NO_SUCH_THING".into(), message: String::new(), original: None },
        Timeout { after_ms: 1 },
        Disconnected { message: "".into() },
        InvalidArgument { argument: "target", message: "".into() },
        Closed { reason: CloseReason::ClosedByPage },
    });
    all.extend(every_close_reason().into_iter().map(|reason| CommandError::Closed { reason }));
    all
}

/// Codes that come from the server (a failure's, a refused bootstrap step's), not from agentwire.
fn server_code(e: &CommandError) -> bool {
    matches!(e, CommandError::Failure { .. } | CommandError::Closed { reason: CloseReason::Refused { .. } })
}

fn set<'a>(it: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    it.into_iter().map(str::to_owned).collect()
}

/// `rust` and the union `ts` name the same strings; `open` says whether the union must also
/// admit any other string (for codes that come from the server).
fn same(what: &str, rust: &BTreeSet<String>, ts: &(BTreeSet<String>, bool), open: bool) {
    let only_rust: Vec<_> = rust.difference(&ts.0).collect();
    let only_ts: Vec<_> = ts.0.difference(rust).collect();
    assert!(only_rust.is_empty(), "{what}: produced by Rust but missing from the TypeScript union: {only_rust:?}");
    assert!(only_ts.is_empty(), "{what}: in the TypeScript union but never produced by Rust: {only_ts:?}");
    assert_eq!(ts.1, open, "{what}: the union must {}admit other strings", if open { "" } else { "not " });
}

#[test]
fn protocol_error_kind_all_is_complete() {
    use ProtocolErrorKind as K;
    let listed = every!(K {
        Malformed,
        UnmatchedResponse,
        DuplicateResponse,
        LateResponse,
        OriginalMismatch,
        UnexpectedMessage,
        InvalidEvent,
        Suppressed,
        BudgetExceeded
    });
    assert_eq!(listed, K::ALL.to_vec(), "ProtocolErrorKind::ALL must list every variant once, in order");
}

#[test]
fn error_kinds_and_codes_match_the_typescript_unions() {
    let d = ts::parse(TYPES);
    let errors = every_command_error();
    let reasons = every_close_reason();

    let kinds = set(errors.iter().map(CommandError::kind));
    same("AgentwireErrorKind", &kinds, &d.literals("AgentwireErrorKind"), false);

    let codes = set(errors.iter().filter(|e| !server_code(e)).map(CommandError::code));
    same("AgentwireErrorCode", &codes, &d.literals("AgentwireErrorCode"), errors.iter().any(server_code));

    same("CloseReasonKind", &set(reasons.iter().map(CloseReason::kind)), &d.literals("CloseReasonKind"), false);
    let close = |r: &CloseReason| server_code(&CommandError::Closed { reason: r.clone() });
    let reason_codes = set(reasons.iter().filter(|r| !close(r)).map(CloseReason::code));
    same("CloseReasonCode", &reason_codes, &d.literals("CloseReasonCode"), reasons.iter().any(close));

    let causes = [
        LostCause::Lost { message: "".into() },
        LostCause::Offline,
        LostCause::ProbeFailed { after_ms: 0 },
        LostCause::Suspended,
    ];
    // A new cause fails to compile here until it is listed above (and so in the union).
    for c in &causes {
        match c {
            LostCause::Lost { .. } | LostCause::Offline | LostCause::ProbeFailed { .. } | LostCause::Suspended => {}
        }
    }
    same("LostCauseCode", &set(causes.iter().map(LostCause::code)), &d.literals("LostCauseCode"), false);

    let protocol = set(ProtocolErrorKind::ALL.iter().map(|k| k.code()));
    same("ProtocolErrorKind", &protocol, &d.literals("ProtocolErrorKind"), false);
}

#[test]
fn the_typescript_details_use_the_unions() {
    // The event details name the unions checked above rather than spelling them again.
    let d = ts::parse(TYPES);
    let member = |iface: &str, name: &str| {
        d.interface(iface).iter().find(|m| m.name == name).unwrap_or_else(|| panic!("{iface}.{name}")).ty.clone()
    };
    let named = |t: &ts::Ty, alias: &str| matches!(t, ts::Ty::Ref(n, _) if n == alias);
    assert!(named(&member("ProtocolErrorDetail", "kind"), "ProtocolErrorKind"));
    let inner = |iface: &str, name: &str, field: &str| match member(iface, name) {
        ts::Ty::Union(parts) => parts
            .iter()
            .find_map(|p| match p {
                ts::Ty::Object(ms) => ms.iter().find(|m| m.name == field).map(|m| m.ty.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{iface}.{name}.{field}")),
        other => panic!("{iface}.{name} is {other:?}"),
    };
    assert!(named(&inner("ConnectionChangeDetail", "reason", "kind"), "CloseReasonKind"));
    assert!(named(&inner("ConnectionChangeDetail", "reason", "code"), "CloseReasonCode"));
    assert!(named(&inner("ConnectionChangeDetail", "cause", "code"), "LostCauseCode"));
    assert!(named(&inner("CommandCompleteDetail", "error", "kind"), "AgentwireErrorKind"));
    assert!(named(&inner("CommandCompleteDetail", "error", "code"), "AgentwireErrorCode"));
}

#[test]
fn web_error_literals_are_in_the_unions() {
    // `AgentwireError::invalid` in src/web/error.rs spells its code by hand (its kind goes by
    // its index in the glue's `KINDS`, which the browser suite holds: `invalidArgument` in
    // `tests/web_api/main.rs`, `once`'s `timeout` in `tests/web_api/integrating.rs`).
    let d = ts::parse(TYPES);
    let quoted_after = |marker: &str| -> Vec<String> {
        WEB_ERROR
            .match_indices(marker)
            .map(|(i, _)| {
                let rest = &WEB_ERROR[i + marker.len()..];
                rest[..rest.find('"').expect("closing quote")].to_owned()
            })
            .collect()
    };
    let codes = quoted_after("code: \"");
    assert!(!codes.is_empty(), "src/web/error.rs spells no code any more?");
    let (known_codes, _) = d.literals("AgentwireErrorCode");
    for c in codes {
        assert!(known_codes.contains(&c), "src/web/error.rs uses code {c:?}, not in AgentwireErrorCode");
    }
}

#[test]
fn the_error_class_lists_every_kind_and_reason() {
    // The wasm passes an `AgentwireError`'s kind and reason by their index in these lists
    // (`agentwireError` in `src/web/js/glue.js`, `Parts` in `src/web/error.rs`): each name
    // once, every one the core has (the order, the variants' in `error.rs`, is held by the
    // browser suite, `tests/web_api/conventions.rs`, through the page's errors).
    const GLUE: &str = include_str!("../src/web/js/glue.js");
    let list = |text: &str, start: &str, end: &str| -> Vec<String> {
        let at = text.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
        let body = &text[at..at + text[at..].find(end).expect("the list ends")];
        body.split(',').map(|x| x.trim().trim_matches('"').to_owned()).filter(|x| !x.is_empty()).collect()
    };
    let kinds = list(GLUE, "const KINDS = [", "]");
    let reasons = list(GLUE, "const REASONS = [", "]");
    assert_eq!((kinds.len(), reasons.len()), (5, 8), "KINDS and REASONS of glue.js: {kinds:?} {reasons:?}");
    let wanted: BTreeSet<String> = set(every_command_error().iter().map(CommandError::kind));
    assert_eq!(kinds.iter().cloned().collect::<BTreeSet<_>>(), wanted, "every CommandError kind in KINDS");
    let wanted: BTreeSet<String> = set(every_close_reason().iter().map(CloseReason::kind));
    assert_eq!(reasons.iter().cloned().collect::<BTreeSet<_>>(), wanted, "every CloseReason kind in REASONS");
}

#[test]
fn the_glues_log_levels_are_those_of_options_rs() {
    // The wasm passes a log line's level by its index (`callLogger` in `src/web/js/glue.js`,
    // `Lines::write` in `src/web/log.rs`): the names, in the order `logLevel` is read in.
    const GLUE: &str = include_str!("../src/web/js/glue.js");
    const OPTIONS: &str = include_str!("../src/web/options.rs");
    let list = |text: &str, start: &str| -> Vec<String> {
        let at = text.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
        let body = &text[at..at + text[at..].find(']').expect("the list ends")];
        body.split(',').map(|x| x.trim().trim_matches('"').to_owned()).filter(|x| !x.is_empty()).collect()
    };
    let levels = list(GLUE, "export const LEVELS = [");
    assert_eq!(levels, list(OPTIONS, "pub const LEVELS: [&str; 5] = ["), "LEVELS of glue.js and options.rs");
    assert_eq!(levels, ["debug", "info", "warn", "error", "silent"], "the levels of the public logLevel");
}

/// The JS methods of the command table in `src/web/commands.rs` (its `methods!` lines: variant,
/// JS name, Rust method, target), in its order: the indices `__call` takes, from 64.
fn command_methods() -> Vec<String> {
    let start = COMMANDS.find("\nmethods! {\n").expect("the methods! table in commands.rs");
    let block = &COMMANDS[start + "\nmethods! {\n".len()..];
    let block = &block[..block.find("\n}\n").expect("end of the methods! table")];
    let out: Vec<String> = block
        .lines()
        .map(|l| l.split('"').nth(1).unwrap_or_else(|| panic!("commands.rs: no JS name in {l:?}")).to_owned())
        .collect();
    assert!(out.len() > 20, "found only {out:?} in commands.rs");
    out
}

/// `js/entry.js` defines the command methods from `COMMANDS` (of `js/tabs.js`), whose positions are the indices
/// the wasm export reads: the same names as the `methods!` table, in the same order.
#[test]
fn the_entrys_command_list_is_the_method_table() {
    let start = TABS.find("export const COMMANDS = [").expect("COMMANDS in src/web/js/tabs.js")
        + "export const COMMANDS = [".len();
    let list = &TABS[start..start + TABS[start..].find("];").expect("end of COMMANDS")];
    let names: Vec<String> = list.split('"').skip(1).step_by(2).map(str::to_owned).collect();
    assert_eq!(names, command_methods(), "COMMANDS in src/web/js/tabs.js against the methods! table of commands.rs");
}

/// The method declarations of `src/web/js/commands.d.ts`: `(name, whole declaration line)`.
fn declared_commands() -> Vec<(String, String)> {
    COMMANDS_DTS
        .lines()
        .filter(|l| l.starts_with("    ") && !l.trim_start().starts_with(['/', '*']))
        .map(|l| (l.trim()[..l.trim().find('(').expect("a method declaration")].to_owned(), l.trim().to_owned()))
        .collect()
}

#[test]
fn every_command_method_is_declared_once() {
    let declared = declared_commands();
    let names = set(declared.iter().map(|(n, _)| n.as_str()));
    assert_eq!(names.len(), declared.len(), "src/web/js/commands.d.ts declares a method twice");
    assert_eq!(
        names,
        set(command_methods().iter().map(String::as_str)),
        "src/web/js/commands.d.ts against the methods! table of commands.rs"
    );
}

/// The names in backticks in `text`.
fn backticked(text: &str) -> BTreeSet<String> {
    text.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

#[test]
fn every_command_method_is_in_the_npm_readme() {
    // The list after "Promises for every command" names exactly the command methods.
    let start = README.find("**Promises for every command** (").expect("the command list in pkg/README.md");
    let list = &README[start..];
    let list = &list[..list.find(").").expect("end of the command list")];
    let methods = set(command_methods().iter().map(String::as_str));
    let listed = backticked(list);
    let missing: Vec<_> = methods.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&methods).collect();
    assert!(missing.is_empty(), "pkg/README.md does not list the command methods {missing:?}");
    assert!(extra.is_empty(), "pkg/README.md lists {extra:?}, which are not command methods");
}

#[test]
fn every_command_method_is_called_by_the_type_test() {
    for m in command_methods() {
        assert!(INTEGRATOR.contains(&format!("session.{m}(")), "tests/types/integrator.ts never calls session.{m}(…)");
    }
}

#[test]
fn every_command_method_is_in_the_server_check() {
    // steps.js either exercises a method, or names it in `notExercised` with the reason.
    let start = STEPS.find("const notExercised = {").expect("notExercised in scripts/check-server/steps.js");
    let list = &STEPS[start..];
    let list = &list[..list.find("\n};").expect("end of notExercised")];
    let skipped: BTreeSet<String> = list
        .lines()
        .filter_map(|l| l.trim().split_once(':').map(|(k, _)| k.trim().to_owned()))
        .filter(|k| !k.is_empty() && !k.starts_with("//") && !k.contains(' '))
        .collect();
    let methods = command_methods();
    for m in &methods {
        let called = STEPS.contains(&format!("session.{m}("));
        let listed = skipped.contains(m);
        assert!(called || listed, "scripts/check-server/steps.js neither calls {m} nor lists it in notExercised");
        assert!(!(called && listed), "scripts/check-server/steps.js calls {m} but also lists it in notExercised");
    }
    for s in &skipped {
        assert!(methods.contains(s), "notExercised in steps.js names {s}, which is not a command method");
    }
}

#[test]
fn the_options_table_matches_agent_session_options() {
    let d = ts::parse(TYPES);
    let members = d.interface("AgentSessionOptions");
    let declared = set(members.iter().map(|m| m.name.as_str()));
    let table = set(KEYS.iter().filter_map(|k| k.option).chain(WEB_KEYS));
    let missing: Vec<_> = table.difference(&declared).collect();
    let extra: Vec<_> = declared.difference(&table).collect();
    assert!(missing.is_empty(), "AgentSessionOptions lacks the options {missing:?}");
    assert!(extra.is_empty(), "AgentSessionOptions declares {extra:?}, which the options table does not have");

    let ty = |name: &str| &members.iter().find(|m| m.name == name).unwrap().ty;
    let reconnect = match ty("reconnect") {
        ts::Ty::Union(parts) => parts.iter().find_map(|p| match p {
            ts::Ty::Object(ms) => Some(set(ms.iter().map(|m| m.name.as_str()))),
            _ => None,
        }),
        _ => None,
    };
    assert_eq!(reconnect, Some(set(POLICY_KEYS.iter().map(|(k, _)| *k))), "AgentSessionOptions.reconnect members");
    let on_existing = set(OnExisting::ALL.iter().map(|o| o.as_str()));
    same("onExistingSession", &on_existing, &d.literals_of(ty(OnExisting::KEY)), false);
    let tabs = set(Tabs::ALL.iter().map(|t| t.as_str()));
    same("tabs", &tabs, &d.literals_of(ty(Tabs::KEY)), false);

    // The options the web layer reads itself are read there.
    for k in WEB_KEYS.iter().filter(|k| **k != OnExisting::KEY) {
        assert!(WEB_OPTIONS.contains(&format!("\"{k}\"")), "src/web/options.rs does not read the option {k}");
    }
}

#[test]
fn documented_defaults_are_the_configs() {
    // A doc comment "(default N)" or "(default N MiB)" above an option states Config::new's value.
    let defaults = write_recorded(&Config::new("4001", ""));
    let mut checked = 0;
    for k in KEYS {
        let Some(name) = k.option else { continue };
        let at = TYPES.find(&format!("  {name}?:")).unwrap_or_else(|| panic!("{name} in AgentSessionOptions"));
        let doc = &TYPES[TYPES[..at].rfind("/**").unwrap()..at];
        let Some(i) = doc.find("(default ") else { continue };
        let rest = &doc[i + "(default ".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            continue; // prose ("legacy", "on: …"): not a number to compare
        }
        let scale = if rest[digits.len()..].starts_with(" MiB") { 1 << 20 } else { 1 };
        let documented = digits.parse::<u64>().unwrap() * scale;
        let actual = get(&defaults, k.recorded).and_then(Json::as_u64);
        assert_eq!(actual, Some(documented), "types.d.ts documents {name} as (default {digits}…)");
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} documented defaults found");
}

/// Every command method resolves a declared type (issue 16: no `Promise<any>`):
/// `CommandResults` in `types.d.ts` has exactly one entry per command method but `send` (the
/// escape hatch, `Promise<unknown>`), and each method's return type is its entry.
#[test]
fn every_command_method_has_its_result_type() {
    let d = ts::parse(TYPES);
    let declared = set(d.member_names("CommandResults").iter().map(String::as_str));
    let methods = command_methods();
    let methods = set(methods.iter().map(String::as_str).filter(|m| *m != "send"));
    assert_eq!(declared, methods, "CommandResults in types.d.ts against the command methods of commands.rs");
    for (m, line) in declared_commands() {
        let ret = if m == "send" {
            "): Promise<unknown>;".to_owned()
        } else {
            format!(r#"): Promise<CommandResults["{m}"]>;"#)
        };
        assert!(line.ends_with(&ret), "src/web/js/commands.d.ts: {m} must be declared with {ret}");
    }
}

/// The message templates the wasm hands out by code (`src/proto/text.rs`) are the ones the
/// JS glue composes (`TEXTS` in `src/web/js/events.js`), one per code, in the same order. On a
/// mismatch the message is the table to paste.
#[test]
fn the_glue_message_table_is_the_cores() {
    use agentwire::proto::text::Code;
    const GLUE: &str = include_str!("../src/web/js/events.js");
    let start = GLUE.find("const TEXTS = [\n").expect("events.js has a TEXTS table") + "const TEXTS = [\n".len();
    let end = start + GLUE[start..].find("\n];").expect("the TEXTS table ends");
    let expected: Vec<String> =
        Code::TEMPLATES.iter().map(|t| ["  ", &Json::str(*t).to_json_string(), ","].concat()).collect();
    let glue: Vec<&str> = GLUE[start..end].lines().collect();
    assert_eq!(Code::NAMES.len(), Code::TEMPLATES.len());
    assert!(
        glue == expected,
        "TEXTS in src/web/js/events.js must be the templates of Code (src/proto/text.rs), in order:\n{}",
        expected.join("\n")
    );
}

/// The `on<event>` properties are JS (`HANDLERS` in `src/web/js/entry.js`, whose positions
/// are the slots `__call` takes, from 24 and 32): one per SDK event but `protocolevent`, in the order of
/// `SDK_EVENT_NAMES` (`HANDLER_EVENTS` in `src/web/events.rs`), each declared in
/// `src/web/js/events.d.ts`.
#[test]
fn the_entrys_handler_properties_are_the_sdk_events() {
    use agentwire::proto::wire::SDK_EVENT_NAMES;
    const EVENTS_DTS: &str = include_str!("../src/web/js/events.d.ts");
    let start = ENTRY.find("const HANDLERS = [").expect("HANDLERS in src/web/js/entry.js") + "const HANDLERS = [".len();
    let list = &ENTRY[start..start + ENTRY[start..].find("];").expect("end of HANDLERS")];
    let names: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
    let expected: Vec<String> =
        SDK_EVENT_NAMES.iter().filter(|n| **n != "protocolevent").map(|n| format!("on{n}")).collect();
    assert_eq!(names, expected, "HANDLERS in src/web/js/entry.js against SDK_EVENT_NAMES");
    for n in &expected {
        assert!(EVENTS_DTS.contains(&format!("\n    {n}: ((e: CustomEvent<")), "{n} is not declared in js/events.d.ts");
    }
}

/// The model reads are JS (`READS` in `src/web/js/entry.js`, whose positions are the indices
/// `__call` takes, from 8): the same methods as the arms of `AgentSession::read` in
/// `src/web/reads.rs`, in the same order, each declared in `src/web/js/reads.d.ts`.
#[test]
fn the_entrys_reads_are_the_read_export() {
    const READS_RS: &str = include_str!("../src/web/reads.rs");
    const READS_DTS: &str = include_str!("../src/web/js/reads.d.ts");
    let start = ENTRY.find("const READS = [").expect("READS in src/web/js/entry.js") + "const READS = [".len();
    let list = &ENTRY[start..start + ENTRY[start..].find("];").expect("end of READS")];
    let names: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
    let camel = |s: &str| {
        let mut out = String::new();
        let mut up = false;
        for c in s.chars() {
            if c == '_' {
                up = true;
            } else {
                out.push(if up { c.to_ascii_uppercase() } else { c });
                up = false;
            }
        }
        out
    };
    let arms: Vec<String> = READS_RS
        .lines()
        .filter_map(|l| l.trim().split_once(" => self.").filter(|(n, _)| n.parse::<u32>().is_ok()))
        .map(|(_, call)| camel(&call[..call.find('(').expect("a call")]))
        .collect();
    assert_eq!(names, arms, "READS in src/web/js/entry.js against the arms of AgentSession::read");
    for n in names {
        assert!(READS_DTS.contains(&format!("\n    {n}(")), "{n} is not declared in js/reads.d.ts");
    }
}

/// The session's other JS methods (`CALLS` in `src/web/js/entry.js`, whose positions are the
/// indices `__call` takes): the arms 0–7 of `AgentSession::invoke` in `src/web/session.rs`, in
/// the same order (`on` is the Rust `iterate`, `subscribe` its `listen`); the ones wasm-bindgen declared before are declared
/// in `src/web/js/calls.d.ts`.
#[test]
fn the_entrys_calls_are_the_call_export() {
    const SESSION_RS: &str = include_str!("../src/web/session.rs");
    const CALLS_DTS: &str = include_str!("../src/web/js/calls.d.ts");
    let start = ENTRY.find("const CALLS = [").expect("CALLS in src/web/js/entry.js") + "const CALLS = [".len();
    let list = &ENTRY[start..start + ENTRY[start..].find("];").expect("end of CALLS")];
    let names: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
    let body = &SESSION_RS[SESSION_RS.find("pub fn invoke(").expect("AgentSession::invoke in session.rs")..];
    let body = &body[..body.find("\n    }\n").expect("end of invoke")];
    let arms: Vec<String> = body
        .lines()
        .filter_map(|l| l.trim().split_once(" => self.").filter(|(n, _)| n.parse::<u32>().is_ok_and(|n| n < 8)))
        .map(|(_, call)| match &call[..call.find('(').expect("a call")] {
            "iterate" => "on".to_owned(),
            // (`subscribe`'s check of its argument is the entry's.)
            "listen" => "subscribe".to_owned(),
            rust => rust
                .split('_')
                .enumerate()
                .map(|(i, w)| if i == 0 { w.to_owned() } else { w[..1].to_uppercase() + &w[1..] })
                .collect(),
        })
        .collect();
    assert_eq!(names, arms, "CALLS in src/web/js/entry.js against the arms of AgentSession::invoke");
    for n in ["subscribe", "confirmOverride", "exportRecording"] {
        assert!(CALLS_DTS.contains(&format!("\n    {n}(")), "{n} is not declared in js/calls.d.ts");
    }
}
