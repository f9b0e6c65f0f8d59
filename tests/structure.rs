//! The shape of the code, checked: every Rust file under `src/` and `sim/src/` is at most
//! [`MAX_LINES`] lines, and the files of each crate import one another without cycles.
//!
//! An edge A → B exists when file A names module B in a `use` path or an inline path
//! (`crate::x::y`, `super::y`, `self::y`, a child module `y::…` that A declares, and in the
//! simulator's binaries `agentwire_sim::x`). A path resolves to the *deepest* module file its
//! prefix names, so importing an item through a parent's re-export is an edge to the parent:
//! import items from the module that defines them. `mod x;` declarations are not edges, and
//! `super` inside an inline `mod tests { … }` is the file itself.
//!
//! `cargo test --test structure -- --nocapture` prints the graph's size and each violation.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Largest file, in lines.
const MAX_LINES: usize = 600;

/// One crate: its source folder and its root files (crate roots with their own `crate::`).
struct Crate {
    dir: &'static str,
    /// Name by which binaries of the same package reach the library (`agentwire_sim::`).
    lib_name: &'static str,
}

/// Violations that were there when this check came in (issue 13), each to be removed from
/// this list by the change that fixes it: the tests fail on any violation not listed here,
/// and on any listed one that no longer occurs, so the list can only shrink.
const KNOWN_LONG: &[&str] = &[];
/// Known cycles, as their sorted file lists joined by ", " (see [`KNOWN_LONG`]).
const KNOWN_CYCLES: &[&str] = &[];

/// Fails on violations not in `known`, and on `known` entries that no longer occur.
fn check_against(what: &str, found: &[(String, String)], known: &[&str]) {
    let mut problems = Vec::new();
    for (key, detail) in found {
        if !known.contains(&key.as_str()) {
            problems.push(format!("new: {detail}"));
        }
    }
    for k in known {
        if !found.iter().any(|(key, _)| key == k) {
            problems.push(format!("fixed, so remove it from the known list: {k}"));
        }
    }
    for (key, detail) in found {
        if known.contains(&key.as_str()) {
            println!("known (to fix): {detail}");
        }
    }
    assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
}

const CRATES: &[Crate] =
    &[Crate { dir: "src", lib_name: "agentwire" }, Crate { dir: "sim/src", lib_name: "agentwire_sim" }];

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Colons,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other,
}

/// Rust tokens, enough for paths: comments, strings and char literals are skipped.
fn tokens(src: &str) -> Vec<Tok> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) && raw_string_at(b, i) {
            let mut j = i + 1;
            let mut hashes = 0;
            while b[j] == b'#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && b[j + 1..].iter().take(hashes).filter(|&&h| h == b'#').count() == hashes {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
            out.push(Tok::Other);
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push(Tok::Other);
        } else if c == b'\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if b.get(i + 1) == Some(&b'\\') {
                i += 2;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            } else if b.get(i + 2) == Some(&b'\'') {
                i += 3;
            } else {
                // A multi-byte char literal, or a lifetime.
                let ch_len = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                if b.get(i + 1 + ch_len) == Some(&b'\'') {
                    i += 2 + ch_len;
                } else {
                    i += 1;
                    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                        i += 1;
                    }
                }
            }
            out.push(Tok::Other);
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Ident(src[s..i].to_owned()));
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.') {
                i += 1;
            }
            out.push(Tok::Other);
        } else {
            out.push(match c {
                b':' if b.get(i + 1) == Some(&b':') => {
                    i += 1;
                    Tok::Colons
                }
                b'{' => Tok::Open,
                b'}' => Tok::Close,
                b',' => Tok::Comma,
                b';' => Tok::Semi,
                b'*' => Tok::Star,
                _ => Tok::Other,
            });
            i += 1;
        }
    }
    out
}

fn raw_string_at(b: &[u8], i: usize) -> bool {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        return false;
    }
    let mut j = i + 1;
    while j < b.len() && b[j] == b'#' {
        j += 1;
    }
    b.get(j) == Some(&b'"')
}

/// Parses a path tree starting at `toks[i]` (an identifier); returns the full paths and the
/// index after the tree.
fn path_tree(toks: &[Tok], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    loop {
        match toks.get(i) {
            Some(Tok::Ident(s)) => {
                prefix.push(s.clone());
                i += 1;
            }
            Some(Tok::Open) => {
                let mut out = Vec::new();
                i += 1;
                loop {
                    match toks.get(i) {
                        Some(Tok::Close) => {
                            i += 1;
                            break;
                        }
                        Some(Tok::Comma) => i += 1,
                        Some(Tok::Ident(_)) | Some(Tok::Open) => {
                            let (subs, next) = path_tree(toks, i);
                            for s in subs {
                                let mut p = prefix.clone();
                                p.extend(s.into_iter().filter(|seg| seg != "self"));
                                out.push(p);
                            }
                            i = next;
                        }
                        Some(_) => i += 1,
                        None => break,
                    }
                }
                return (out, i);
            }
            _ => return (vec![prefix], i),
        }
        if toks.get(i) == Some(&Tok::Colons) {
            i += 1;
        } else {
            // `as alias` and anything else end the path.
            return (vec![prefix], i);
        }
    }
}

/// A module path (`["proto", "engine"]`) → file, for one crate.
fn module_files(dir: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(dir).unwrap();
                let mut segs: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
                let last = segs.pop().unwrap();
                let stem = last.trim_end_matches(".rs").to_owned();
                if stem != "mod" && stem != "lib" {
                    segs.push(stem.clone());
                }
                if segs.first().is_some_and(|s| s == "bin") || stem == "main" {
                    // Binaries are crate roots of their own: keyed apart from the library.
                    segs.insert(0, "#bin".into());
                }
                out.insert(segs, p);
            }
        }
    }
    out
}

/// Edges of one file: the module files it names.
fn edges_of(
    file: &Path,
    module: &[String],
    lib_name: &str,
    files: &BTreeMap<Vec<String>, PathBuf>,
) -> BTreeSet<PathBuf> {
    let src = std::fs::read_to_string(file).expect("read");
    let toks = tokens(&src);
    let is_bin = module.first().is_some_and(|s| s == "#bin");
    let is_mod_file = file.file_name().is_some_and(|n| n == "mod.rs" || n == "lib.rs" || n == "main.rs");
    // Children this file declares with `mod x;`.
    let children: BTreeSet<String> = toks
        .windows(3)
        .filter_map(|w| match w {
            [Tok::Ident(m), Tok::Ident(name), Tok::Semi] if m == "mod" => Some(name.clone()),
            _ => None,
        })
        .collect();
    let child_base: Vec<String> = if is_bin { Vec::new() } else { module.to_vec() };
    let mut out = BTreeSet::new();
    let mut depth = 0usize;
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Open => depth += 1,
            Tok::Close => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            Tok::Ident(m) if m == "mod" => {
                if let (Some(Tok::Ident(name)), Some(Tok::Open)) = (toks.get(i + 1), toks.get(i + 2)) {
                    inline.push((name.clone(), depth));
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Tok::Ident(first) if toks.get(i + 1) == Some(&Tok::Colons) && (i == 0 || toks[i - 1] != Tok::Colons) => {
                let base: Option<Vec<String>> = match first.as_str() {
                    "crate" if !is_bin => Some(Vec::new()),
                    "self" | "super" => {
                        // The module the path is written in: the file's, plus inline modules.
                        let mut here: Vec<String> = if is_bin { Vec::new() } else { module.to_vec() };
                        let _ = is_mod_file;
                        here.extend(inline.iter().map(|(n, _)| n.clone()));
                        Some(here)
                    }
                    n if n == lib_name && is_bin => Some(Vec::new()),
                    n if inline.is_empty() && children.contains(n) => {
                        let mut b = child_base.clone();
                        b.push(n.to_owned());
                        Some(b)
                    }
                    _ => None,
                };
                let (paths, next) = path_tree(&toks, i);
                if let Some(base) = base {
                    for p in paths {
                        let mut full = base.clone();
                        let mut segs = p.into_iter().skip(1).peekable();
                        if first == "super" {
                            full.pop();
                            while segs.peek().is_some_and(|s| s == "super") {
                                segs.next();
                                full.pop();
                            }
                        }
                        full.extend(segs);
                        // The deepest module file the path names.
                        let target = (0..=full.len()).rev().find_map(|n| files.get(&full[..n]));
                        if let Some(t) = target {
                            if t != file {
                                out.insert(t.clone());
                            }
                        }
                    }
                }
                i = next.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Every cycle's files, found with Tarjan's strongly connected components.
fn cycles(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    struct St<'a> {
        g: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        index: BTreeMap<&'a PathBuf, usize>,
        low: BTreeMap<&'a PathBuf, usize>,
        stack: Vec<&'a PathBuf>,
        on: BTreeSet<&'a PathBuf>,
        out: Vec<Vec<PathBuf>>,
    }
    fn visit<'a>(s: &mut St<'a>, v: &'a PathBuf) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.g.get(v).into_iter().flatten() {
            let Some((w, _)) = s.g.get_key_value(w) else { continue };
            if !s.index.contains_key(w) {
                visit(s, w);
                let l = s.low[w].min(s.low[v]);
                s.low.insert(v, l);
            } else if s.on.contains(w) {
                let l = s.index[w].min(s.low[v]);
                s.low.insert(v, l);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = St {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

fn graph_of(c: &Crate) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let files = module_files(&root().join(c.dir));
    files.iter().map(|(m, f)| (f.clone(), edges_of(f, m, c.lib_name, &files))).collect()
}

#[test]
fn files_import_one_another_without_cycles() {
    let mut found = Vec::new();
    for c in CRATES {
        let g = graph_of(c);
        let edges: usize = g.values().map(BTreeSet::len).sum();
        println!("{}: {} files, {} import edges", c.dir, g.len(), edges);
        for comp in cycles(&g) {
            let names: Vec<String> = comp.iter().map(|p| rel(p)).collect();
            let detail: Vec<String> = comp
                .iter()
                .flat_map(|a| {
                    g[a].iter().filter(|b| comp.contains(b)).map(move |b| format!("{} -> {}", rel(a), rel(b)))
                })
                .collect();
            found.push((names.join(", "), format!("cycle among {{{}}}: {}", names.join(", "), detail.join("; "))));
        }
    }
    check_against("import cycles", &found, KNOWN_CYCLES);
}

#[test]
fn no_file_is_longer_than_the_limit() {
    let mut long = Vec::new();
    for c in CRATES {
        for f in module_files(&root().join(c.dir)).values() {
            let n = std::fs::read_to_string(f).expect("read").lines().count();
            if n > MAX_LINES {
                long.push((rel(f), format!("{} has {n} lines (at most {MAX_LINES})", rel(f))));
            }
        }
    }
    check_against("file lengths", &long, KNOWN_LONG);
}

/// The checker itself: a known cycle and a known acyclic shape.
#[test]
fn the_checker_sees_a_cycle_and_resolves_paths() {
    let toks = tokens("use super::{a::{B, c}, self};\nlet s = \"crate::x::y\"; // crate::z\n");
    let (paths, _) = path_tree(&toks, 1);
    assert_eq!(paths, vec![vec!["super", "a", "B"], vec!["super", "a", "c"], vec!["super"]]);
    assert_eq!(
        toks.iter().filter(|t| **t == Tok::Ident("crate".into())).count(),
        0,
        "strings and comments are skipped"
    );
    let p = |s: &str| PathBuf::from(s);
    let g: BTreeMap<PathBuf, BTreeSet<PathBuf>> =
        [(p("a"), [p("b")].into()), (p("b"), [p("c")].into()), (p("c"), [p("a")].into()), (p("d"), [p("a")].into())]
            .into();
    assert_eq!(cycles(&g), vec![vec![p("a"), p("b"), p("c")]]);
}
