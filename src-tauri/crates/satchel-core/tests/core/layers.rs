//! The core's rooms depend on each other one way only: no cycle between
//! top-level modules (`credential`, `verify`, `trust`, `store`, `wallet`, …).
//! A cycle is where a newcomer cannot tell which room a change belongs in,
//! and where `verify` could no longer be taken out on its own.
//!
//! The graph is read from the source: every `crate::module` path (in `use`
//! lines and in code) outside comments and `#[cfg(test)]` modules is an edge
//! from the file's top-level module to `module`. `docs/architecture.md`
//! draws the same graph for people.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crate root re-exports these; a path through them depends on the
/// module that defines them.
const ROOT_REEXPORTS: &[(&str, &str)] = &[
    ("Error", "error"),
    ("ErrorCode", "error_code"),
    ("Wallet", "wallet"),
    ("UnlockedWallet", "wallet"),
    ("ImportInput", "wallet"),
    ("ImportOutcome", "wallet"),
    ("ImportSource", "wallet"),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the core's src folder is readable") {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its line comments and its test module.
fn code_of(text: &str) -> String {
    let cut = ["#[cfg(test)]\nmod tests", "#[cfg(all(test, unix))]\nmod tests"].iter().filter_map(|m| text.find(m)).min();
    let text = &text[..cut.unwrap_or(text.len())];
    text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

fn ident_at(s: &str) -> &str {
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len());
    &s[..end]
}

/// The top-level names a file reaches through `crate::`.
fn names_used(code: &str) -> BTreeSet<String> {
    names_after(code, "crate::")
}

/// The names a file reaches through paths that start with `prefix`
/// (`crate::`, `super::`, `crate::verify::`).
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, _) in code.match_indices(prefix) {
        // `crate::verify::` inside `crate::verify::jwt::` is found once, not again as `verify::`.
        if i > 0 && code[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c, d::{e, f}}`: the first name of each item.
            let (mut depth, mut start) = (0usize, 0usize);
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        names.insert(ident_at(group[start..j].trim()).to_string());
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.insert(ident_at(group[start..j].trim()).to_string());
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            names.insert(ident_at(rest).to_string());
        }
    }
    names
}

/// Top-level module → the top-level modules it uses, with a file for each.
fn graph(src: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut files = Vec::new();
    sources(src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| {
            f.strip_prefix(src).unwrap().components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string()
        })
        .filter(|m| m != "lib")
        .collect();
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if top == "lib" {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for name in names_used(&code) {
            let target = ROOT_REEXPORTS.iter().find(|(n, _)| *n == name).map_or(name.as_str(), |(_, m)| m).to_string();
            if target != top && modules.contains(&target) {
                edges.entry(top.clone()).or_default().entry(target).or_insert_with(|| rel.display().to_string());
            }
        }
    }
    edges
}

/// A cycle through `start`, as the modules met, if there is one.
fn cycle_from(start: &str, edges: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Vec<String>> {
    fn walk(
        at: &str,
        start: &str,
        edges: &BTreeMap<String, BTreeMap<String, String>>,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in edges.get(at).into_iter().flat_map(|e| e.keys()) {
            if next == start {
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(next, start, edges, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    walk(start, start, edges, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn no_cycle_between_the_cores_top_level_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = graph(&src);
    assert!(
        edges.get("wallet").is_some_and(|e| e.contains_key("verify")) && edges.get("verify").is_some_and(|e| e.contains_key("credential")),
        "the reader finds the edges every wallet has (wallet → verify → credential): {edges:?}"
    );
    let cycles: Vec<String> = edges
        .keys()
        .filter_map(|m| cycle_from(m, &edges))
        .map(|path| {
            let hops: Vec<String> = path
                .iter()
                .zip(path.iter().skip(1).chain(std::iter::once(&path[0])))
                .map(|(from, to)| format!("{from} → {to} (in {})", edges[from][to]))
                .collect();
            hops.join(", ")
        })
        .collect();
    assert!(cycles.is_empty(), "top-level modules must not depend on each other in a circle:\n{}", cycles.join("\n"));
}

/// Inside one folder module (`verify/`, `credential/`, …): its files →
/// the sibling files they use, through `super::` or `crate::<folder>::`.
/// The folder's `mod.rs` is the room itself (it dispatches to its files and
/// they use its shared items), so only edges between siblings count.
fn sibling_graph(src: &Path, folder: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let dir = src.join(folder);
    let mut siblings = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().trim_end_matches(".rs").to_string();
        if name == "mod" || !(path.is_dir() || path.extension().is_some_and(|e| e == "rs")) {
            continue;
        }
        let mut files = Vec::new();
        if path.is_dir() {
            sources(&path, &mut files);
        } else {
            files.push(path.clone());
        }
        siblings.insert(name, files);
    }
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (name, files) in &siblings {
        for file in files {
            let code = code_of(&std::fs::read_to_string(file).unwrap());
            let mut used = names_after(&code, "super::");
            used.extend(names_after(&code, &format!("crate::{folder}::")));
            for target in used.into_iter().filter(|t| t != name && siblings.contains_key(t)) {
                let rel = file.strip_prefix(src).unwrap().display().to_string();
                edges.entry(name.clone()).or_default().entry(target).or_insert(rel);
            }
        }
    }
    edges
}

#[test]
fn no_cycle_between_the_files_of_a_room() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let folders: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    let verify = sibling_graph(&src, "verify");
    assert!(
        verify.get("sd_jwt").is_some_and(|e| e.contains_key("jose") && e.contains_key("status")),
        "the reader finds the edges verify has (sd_jwt → jose, sd_jwt → status): {verify:?}"
    );
    let mut cycles = Vec::new();
    for folder in &folders {
        let edges = sibling_graph(&src, folder);
        for path in edges.keys().filter_map(|m| cycle_from(m, &edges)) {
            let hops: Vec<String> = path
                .iter()
                .zip(path.iter().skip(1).chain(std::iter::once(&path[0])))
                .map(|(from, to)| format!("{folder}/{from} → {to} (in {})", edges[from][to]))
                .collect();
            cycles.push(hops.join(", "));
        }
    }
    assert!(cycles.is_empty(), "the files of a room must not depend on each other in a circle:\n{}", cycles.join("\n"));
}

#[test]
fn the_reader_sees_use_groups_and_skips_comments_and_tests() {
    let code = code_of(
        "use crate::{alpha, beta::{x, y}, gamma::Z};\n// crate::commented\nfn f() { crate::delta::g(); }\n#[cfg(test)]\nmod tests { use crate::epsilon; }\n",
    );
    let names: Vec<String> = names_used(&code).into_iter().collect();
    assert_eq!(names, ["alpha", "beta", "delta", "gamma"], "groups, nested groups and paths in code count; comments and tests do not");
    let siblings: Vec<String> =
        names_after("use super::{jose, jwt::x};\nfn f() { crate::verify::status::check(); super::super::y(); }", "super::")
            .into_iter()
            .chain(names_after("fn f() { crate::verify::status::check(); }", "crate::verify::"))
            .collect();
    assert_eq!(siblings, ["jose", "jwt", "super", "status"], "`super::` groups and `crate::<room>::` paths name siblings");
}

#[test]
fn a_cycle_is_found() {
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into(), "a.rs".into());
    edges.entry("b".into()).or_default().insert("c".into(), "b.rs".into());
    edges.entry("c".into()).or_default().insert("a".into(), "c.rs".into());
    assert_eq!(cycle_from("a", &edges), Some(vec!["a".to_string(), "b".into(), "c".into()]), "a → b → c → a is a cycle");
    edges.get_mut("c").unwrap().clear();
    assert_eq!(cycle_from("a", &edges), None, "without c → a there is none");
}
