//! The TypeScript surface cannot lag the runtime: every protocol event the Rust enums know has
//! its entry in the typed event map, and every command has a method in the generated class
//! (checked against `src/web/types.d.ts` and the command table of `src/web/commands.rs`).

use agentwire::proto::wire::{CommandKind, EventKind};

const TYPES: &str = include_str!("../src/web/types.d.ts");
const COMMANDS: &str = include_str!("../src/web/commands.rs");

#[test]
fn every_event_name_is_in_the_typescript_event_map() {
    // `data` by event name, and the model object at the event's target (`detail.object`).
    for table in ["ProtocolEventData", "ProtocolEventObject"] {
        every_event_name_is_in(table);
    }
}

fn every_event_name_is_in(table: &str) {
    let map_start = TYPES.find(&format!("export interface {table} {{")).expect("the table in types.d.ts");
    let map = &TYPES[map_start..];
    let map = &map[..map.find("\n}").expect("end of the table")];
    let mut count = 0;
    for k in EventKind::ALL {
        for name in k.names() {
            assert!(map.contains(&format!("\"{name}\":")), "event {name} is missing from {table} in types.d.ts");
            count += 1;
        }
    }
    // And nothing in the map that the runtime does not dispatch.
    let entries = map.lines().filter(|l| l.trim_start().starts_with('"')).count();
    assert_eq!(entries, count, "{table} has entries the Rust EventKind does not know");
}

#[test]
fn every_command_has_a_method() {
    for k in CommandKind::ALL {
        if matches!(k, CommandKind::PrepareSession | CommandKind::SessionStart) {
            continue; // sent by the engine itself while connecting
        }
        let variant = format!("{k:?}");
        assert!(
            ["Command::{variant}(", "(K::{variant})", "(K::{variant},"]
                .iter()
                .any(|p| COMMANDS.contains(&p.replace("{variant}", &variant))),
            "command {variant} ({}) has no method in src/web/commands.rs",
            k.name(Default::default())
        );
    }
}

/// The SDK's own events in the TypeScript event map are exactly the names the core reserves
/// (`SDK_EVENT_NAMES`: a server event of such a name is a protocol error, issue 15 item 5).
#[test]
fn the_sdks_own_events_in_the_map_are_the_reserved_names() {
    use agentwire::proto::wire::SDK_EVENT_NAMES;
    let start = TYPES.find("export type AgentwireEventMap").expect("AgentwireEventMap in types.d.ts");
    let map = &TYPES[start..];
    let own = &map[map.find("} & {").expect("the SDK's own events after `} & {`")..];
    let own = &own[..own.find("\n}").expect("end of AgentwireEventMap")];
    let mut names: Vec<&str> =
        own.lines().filter_map(|l| l.trim().split_once(": CustomEvent").map(|(n, _)| n)).collect();
    names.sort_unstable();
    let mut reserved = SDK_EVENT_NAMES.to_vec();
    reserved.sort_unstable();
    assert_eq!(names, reserved);
}
