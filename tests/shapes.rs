//! The JSON shapes the Rust side hands to the page, checked against the TypeScript interfaces
//! of `src/web/types.d.ts` by field name, both ways: the snapshot of a sample model that has
//! every object and every optional member (`SessionSnapshot` and everything inside it, the
//! localised reason lists), and the `data` of every protocol event (`ProtocolEventData`).
//!
//! A field that Rust writes and TypeScript does not declare fails, and so does a declared
//! field that the samples never show (add it to the samples, or to [`EXCEPTIONS`] with the
//! reason). Every object type reachable from the checked roots must be met by a sample.

mod ts;

use agentwire::proto::json::Json;
use agentwire::proto::model::{labels, Limits, Model};
use agentwire::proto::wire::{self, EventKind, Frame, FromJson, Scripts};
use std::collections::{BTreeMap, BTreeSet};
use ts::{Member, Ty};

const TYPES: &str = include_str!("../src/web/types.d.ts");

/// Declared fields a sample cannot show, with the reason.
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    ("SessionSnapshot", "connectionState", "added by getSnapshot() in src/web from the engine, not the model"),
    ("SessionSnapshot", "id", "added by getSnapshot() in src/web from the engine, not the model"),
];

const S: &str = "s-1";
const TEL: &str = "s-1.cg-1.ch-tel";

/// A model with every kind of object, each with all its optional members set.
const MODEL: &str = r#"
s-1 channelgroup.created {"channelgroup":{"id":"cg-1","name":"Voice"}}
s-1.cg-1 state.updated {"state":"ACTIVE"}
s-1.cg-1 channel.created {"channel":{"id":"ch-tel","name":"5001","type":"TELEPHONY","modelType":"TELEPHONY"}}
s-1.cg-1.ch-tel channel.infochanged {"state":"ACTIVE","agentStatus":{"status":"not_ready","lastReasonCode":"12","lastReasonName":"Lunch"}}
s-1.cg-1.ch-tel channel.externaldispositions.updated {"dispositions":[{"dispositionId":"d-1","dispositionCode":"SALE","labels":[{"language":"en","country":"US","name":"Sale","description":"A sale"}]}]}
s-1.cg-1.ch-tel channel.initialized {}
s-1.cg-1 channelgroup.initialized {}
s-1 session.externalnotreadyreasons.updated {"reasonCodes":[{"reasonCodeId":"rc-12","reasonCodeCode":"12","selectable":true,"extensions":[],"labels":[{"language":"en","country":"US","name":"Lunch","description":"Lunch break"}]}]}
s-1 session.externallogoutreasons.updated {"logoutReasons":[{"logoutReasonId":"lr-3","logoutReasonCode":"3","extensions":[],"labels":[{"language":"en","country":"US","name":"End of shift","description":"Home time"}]}]}
s-1 session.incontact.addressbook.updated {"addressbooks":[{"name":"Company","groups":[{"name":"Sales","groups":[{"name":"EMEA","groups":[],"entries":[{"name":"Ann","type":"agent","destinations":[{"label":"ext","value":"4002"}],"properties":{"state":"Available"}}]}],"entries":[{"name":"Support","type":"skill","destinations":[{"label":"skill","value":"77"}],"properties":{"state":"open","mediaType":"TELEPHONY","numAvailable":2,"numUnavailable":1,"ewt":"00:01:30"}}]}],"entries":[{"name":"Taxi","type":"external","destinations":[{"label":"mobile","value":"+15125550100"}]}]}]}
s-1 session.incontact.agentleg.failed {"error":"busy"}
s-1 session.initialized {}
s-1.cg-1.ch-tel.ix-1 interaction.created {"interaction":{"id":"ix-1","type":"TELEPHONY","direction":"inbound"}}
s-1.cg-1.ch-tel.ix-1 interaction.preview {}
s-1.cg-1.ch-tel.ix-1 interaction.datachanged {"data":{"ANI":"+15125550199"}}
s-1.cg-1.ch-tel.ix-1.cv-1 conversation.created {"conversation":{"id":"cv-1","kind":"primary"}}
s-1.cg-1.ch-tel.ix-1.cv-1 conversation.member.added {"member":{"id":"m-1","name":"Caller","role":"customer","address":"+15125550199"}}
s-1.cg-1.ch-tel.ix-1.cv-1 state.updated {"state":"STARTED"}
s-1.cg-1.ch-tel.ix-1.cv-1 conversation.initialized {}
s-1.cg-1.ch-tel.ix-1 interaction.focuschanged {"conversation":"cv-1"}
s-1.cg-1.ch-tel.ix-1 state.updated {"state":"STARTED","recording":"recording"}
s-1.cg-1.ch-tel.ix-1 interaction.initialized {}
"#;

/// One `data` per event name (every spelling), with every documented member.
const EVENTS: &[(&str, &str)] = &[
    ("session.initialized", "{}"),
    (
        "session.externalnotreadyreasons.updated",
        r#"{"reasonCodes":[{"reasonCodeId":"rc-1","reasonCodeCode":"1","selectable":true,"extensions":[],"labels":[{"language":"en","country":"US","name":"Break","description":"Short break"}]}]}"#,
    ),
    (
        "session.externallogoutreasons.updated",
        r#"{"logoutReasons":[{"logoutReasonId":"lr-1","logoutReasonCode":"1","extensions":[],"labels":[{"name":"Done"}]}]}"#,
    ),
    ("session.incontact.agentleg.failed", r#"{"error":"busy"}"#),
    ("session.agentleg.failed", r#"{"error":"busy"}"#),
    ("session.agentleg.connected", "{}"),
    ("session.agentleg.disconnected", "{}"),
    ("session.incontact.agentleg.connected", "{}"),
    ("session.incontact.agentleg.disconnected", "{}"),
    (
        "session.incontact.addressbook.updated",
        r#"{"addressbooks":[{"name":"B","groups":[{"name":"G","groups":[],"entries":[]}],"entries":[{"name":"E","type":"external","destinations":[{"label":"l","value":"v"}],"properties":{"state":"s","mediaType":"m","numAvailable":1,"numUnavailable":0,"ewt":"0"}}]}]}"#,
    ),
    ("channelgroup.created", r#"{"channelgroup":{"id":"cg-2","name":"Chat"}}"#),
    ("channelgroup.initialized", "{}"),
    ("channel.created", r#"{"channel":{"id":"ch-2","name":"chat-1","type":"CHAT","modelType":"CHAT"}}"#),
    (
        "channel.infochanged",
        r#"{"state":"ACTIVE","agentStatus":{"status":"ready","lastReasonCode":"","lastReasonName":""}}"#,
    ),
    ("channel.initialized", "{}"),
    (
        "channel.externaldispositions.updated",
        r#"{"dispositions":[{"dispositionId":"d-1","dispositionCode":"X","labels":[{"name":"X"}]}]}"#,
    ),
    ("state.updated", r#"{"state":"STARTED","recording":"paused"}"#),
    ("interaction.created", r#"{"interaction":{"id":"ix-2","type":"CHAT","direction":"outbound"}}"#),
    ("interaction.preview", "{}"),
    ("interaction.initialized", "{}"),
    ("interaction.datachanged", r#"{"data":{"k":"v"}}"#),
    ("interaction.focuschanged", r#"{"conversation":"cv-1"}"#),
    ("interaction.ended", "{}"),
    ("conversation.created", r#"{"conversation":{"id":"cv-2","kind":"consult"}}"#),
    ("conversation.member.added", r#"{"member":{"id":"m-2","name":"N","role":"agent","address":"4002"}}"#),
    ("conversation.initialized", "{}"),
    ("conversation.disposed", "{}"),
];

/// An event decoded from a sample. Every member of the sample must be one its Rust type
/// knows: members it does not know are kept in `extra` and written back as they came, so
/// without this check a field renamed on the Rust side would still echo the sample's name.
fn event(target: &str, name: &str, data: &str) -> wire::Event {
    let text = format!(r#"{{"messageType":"objectEvent","target":"{target}","name":"{name}","data":{data}}}"#);
    let e = match wire::decode(&text) {
        Ok(Frame::Event(e)) => e,
        other => panic!("{text} did not decode to an event: {other:?}"),
    };
    assert!(e.data.kind().is_some(), "{name}: the sample does not decode to its typed data: {:?}", e.data);
    let typed = format!("{:?}", e.data);
    assert!(!typed.contains("extra: [("), "{name}: members the Rust type does not know (kept in extra): {typed}");
    e
}

fn sample_model() -> Model {
    let mut m = Model::new(Limits::default());
    m.begin_session(S);
    for line in MODEL.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut p = line.splitn(3, ' ');
        let (t, name, data) = (p.next().unwrap(), p.next().unwrap(), p.next().unwrap());
        m.apply(&event(t, name, data)).unwrap_or_else(|e| panic!("{line}: {e}"));
    }
    let scripts =
        Scripts::from_json(&Json::parse(r#"{"scripts":[{"scriptId":"sc-1","scriptName":"Welcome"}]}"#).unwrap())
            .unwrap();
    m.set_scripts(TEL, &scripts);
    m
}

/// What a TypeScript type means for a JSON value.
enum Shape<'a> {
    /// An object type, named by its interface or by where it is written.
    Object(String, &'a [Member]),
    /// An array of the element type.
    Array(&'a Ty, String),
    /// A string, number, boolean or literal: no object, no array.
    Scalar,
    /// Anything (`unknown`, `Record<string, unknown>`, …): not looked into.
    Any,
}

const NO_MEMBERS: &[Member] = &[];

struct Check<'a> {
    d: &'a ts::Decls,
    declared: BTreeMap<String, &'a [Member]>,
    seen: BTreeMap<String, BTreeSet<String>>,
    problems: Vec<String>,
}

impl<'a> Check<'a> {
    fn shape(&self, ty: &'a Ty, id: &str) -> Shape<'a> {
        match ty {
            Ty::Object(ms) => Shape::Object(id.to_owned(), ms),
            Ty::Array(inner) => Shape::Array(inner, format!("{id}[]")),
            Ty::Keyword(k) if k == "unknown" || k == "any" => Shape::Any,
            Ty::Keyword(_) | Ty::Str(_) | Ty::Null => Shape::Scalar,
            Ty::Opaque => Shape::Any,
            Ty::Inter(parts) if parts.iter().any(|p| matches!(p, Ty::Keyword(k) if k == "string")) => Shape::Scalar,
            Ty::Inter(_) => Shape::Any,
            Ty::Ref(name, args) => match name.as_str() {
                "Record" if matches!(args.get(1), Some(Ty::Keyword(k)) if k == "never") => {
                    Shape::Object(id.to_owned(), NO_MEMBERS)
                }
                _ if self.d.interfaces.contains_key(name) => Shape::Object(name.clone(), &self.d.interfaces[name]),
                _ if self.d.aliases.contains_key(name) => self.shape(&self.d.aliases[name], name),
                _ => Shape::Any,
            },
            Ty::Union(parts) => {
                let mut structured = parts.iter().filter(|p| !matches!(self.shape(p, id), Shape::Scalar));
                match (structured.next(), structured.next()) {
                    (None, _) => Shape::Scalar,
                    (Some(p), None) => self.shape(p, id),
                    (Some(_), Some(_)) => panic!("{id}: a union of several structured types is not checked"),
                }
            }
        }
    }

    fn nullable(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Null | Ty::Opaque => true,
            Ty::Keyword(k) => k == "unknown" || k == "any",
            Ty::Union(parts) => parts.iter().any(|p| self.nullable(p)),
            Ty::Ref(name, _) => self.d.aliases.get(name).is_some_and(|a| self.nullable(a)),
            _ => false,
        }
    }

    /// Walks a Rust JSON value along its TypeScript type, recording the fields met.
    fn walk(&mut self, v: &Json, ty: &'a Ty, id: &str, path: &str) {
        if matches!(v, Json::Null) {
            if !self.nullable(ty) {
                self.problems.push(format!("{path}: Rust writes null, the TypeScript type {id} does not allow it"));
            }
            return;
        }
        match (self.shape(ty, id), v) {
            (Shape::Object(oid, members), Json::Object(map)) => {
                self.declared.insert(oid.clone(), members);
                let seen = self.seen.entry(oid.clone()).or_default();
                seen.extend(map.iter().map(|(k, _)| k.clone()));
                for (k, val) in map {
                    if let Some(m) = members.iter().find(|m| &m.name == k) {
                        self.walk(val, &m.ty, &format!("{oid}.{k}"), &format!("{path}.{k}"));
                    }
                }
            }
            (Shape::Array(inner, eid), Json::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, inner, &eid, &format!("{path}[{i}]"));
                }
            }
            (Shape::Any, _) | (Shape::Scalar, Json::Bool(_) | Json::Number(_) | Json::String(_)) => {}
            (Shape::Object(..), _) => {
                self.problems.push(format!("{path}: TypeScript {id} is an object, Rust writes {v}"))
            }
            (Shape::Array(..), _) => {
                self.problems.push(format!("{path}: TypeScript {id} is an array, Rust writes {v}"))
            }
            (Shape::Scalar, _) => {
                self.problems.push(format!("{path}: TypeScript {id} is a scalar, Rust writes {}", v.to_json_string()))
            }
        }
    }

    /// Every object type reachable from `ty` in the declarations.
    fn reachable(&self, ty: &'a Ty, id: &str, out: &mut BTreeSet<String>) {
        match self.shape(ty, id) {
            Shape::Object(oid, members) => {
                if out.insert(oid.clone()) {
                    for m in members {
                        self.reachable(&m.ty, &format!("{oid}.{}", m.name), out);
                    }
                }
            }
            Shape::Array(inner, eid) => self.reachable(inner, &eid, out),
            Shape::Scalar | Shape::Any => {}
        }
    }

    /// The field names of every object met, against their declarations; and every
    /// reachable object type met.
    fn finish(mut self, reachable: &BTreeSet<String>) {
        for (id, members) in &self.declared {
            let declared: BTreeSet<&str> = members.iter().map(|m| m.name.as_str()).collect();
            let seen = &self.seen[id];
            for k in seen.iter().filter(|k| !declared.contains(k.as_str())) {
                self.problems.push(format!("{id}: Rust writes `{k}`, which the TypeScript type does not declare"));
            }
            for k in declared.iter().filter(|k| !seen.contains(**k)) {
                if !EXCEPTIONS.iter().any(|(i, f, _)| i == id && f == k) {
                    self.problems.push(format!("{id}: TypeScript declares `{k}`, which no Rust sample writes"));
                }
            }
        }
        for id in reachable.iter().filter(|id| !self.declared.contains_key(*id)) {
            self.problems.push(format!("{id}: no sample reaches this object type (extend the samples)"));
        }
        assert!(self.problems.is_empty(), "types.d.ts and the Rust JSON differ:\n  {}", self.problems.join("\n  "));
    }
}

fn named(name: &str) -> Ty {
    Ty::Ref(name.to_owned(), Vec::new())
}

/// What `getSnapshot()` hands out for the model (less what the web layer adds): the model's
/// JSON with its reason lists made display-ready, as `src/web/session.rs` does.
fn snapshot_json(m: &Model) -> Json {
    let mut j = m.to_json();
    labels::localise(&mut j, m.not_ready_reasons(), m.logout_reasons(), Some("en-US"));
    j
}

#[test]
fn snapshot_shapes_match_the_typescript_interfaces() {
    let d = ts::parse(TYPES);
    let m = sample_model();
    let snapshot = named("SessionSnapshot");
    let not_ready = Ty::Array(Box::new(named("NotReadyReason")));
    let logout = Ty::Array(Box::new(named("LogoutReason")));
    let model = named("ModelSnapshot");
    let roots: [(&Ty, Json, &str); 4] = [
        (&snapshot, snapshot_json(&m), "getSnapshot()"),
        (&model, m.to_json(), "replay()'s model"),
        (&not_ready, labels::not_ready_json(m.not_ready_reasons(), Some("en-US")), "notReadyReasons()"),
        (&logout, labels::logout_json(m.logout_reasons(), Some("en-US")), "logoutReasons()"),
    ];
    let mut c = Check { d: &d, declared: BTreeMap::new(), seen: BTreeMap::new(), problems: Vec::new() };
    let mut reachable = BTreeSet::new();
    for (ty, json, path) in &roots {
        c.walk(json, ty, "", path);
        c.reachable(ty, "", &mut reachable);
    }
    c.finish(&reachable);
}

#[test]
fn event_data_shapes_match_the_typescript_event_map() {
    let d = ts::parse(TYPES);
    let map = d.interface("ProtocolEventData");
    let names: BTreeSet<&str> = EventKind::ALL.iter().flat_map(|k| k.names().iter().copied()).collect();
    let sampled: BTreeSet<&str> = EVENTS.iter().map(|(n, _)| *n).collect();
    assert_eq!(sampled, names, "EVENTS must hold one sample per event name of EventKind");

    let mut c = Check { d: &d, declared: BTreeMap::new(), seen: BTreeMap::new(), problems: Vec::new() };
    let mut reachable = BTreeSet::new();
    for (name, data) in EVENTS {
        let ev = event(S, name, data);
        let member = map.iter().find(|m| m.name == *name).unwrap_or_else(|| panic!("{name} not in ProtocolEventData"));
        let id = format!("ProtocolEventData[{name:?}]");
        c.walk(&ev.data.to_json(), &member.ty, &id, name);
        c.reachable(&member.ty, &id, &mut reachable);
    }
    c.finish(&reachable);
}
