//! The layering written in `docs/ARCHITECTURE.md`, checked over the `crate::`/`super::` paths
//! of every file in `src/`: no module reaches a layer above its own, and the modules of one
//! area do not import each other in a cycle.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Lowest first; a module may use modules of its own rank only if it is that module.
/// Keep in step with the table in `docs/ARCHITECTURE.md`.
const LAYERS: &[(&str, &[&str])] = &[
    ("foundation", &["clock", "locales", "tls", "urls"]),
    ("background work", &["worker"]),
    ("configuration", &["config"]),
    ("domain", &["domain"]),
    ("adapters", &["store", "ical", "i18n", "jitsi", "xmpp"]),
    ("identity and mail", &["auth", "mail", "webhooks"]),
    ("use cases", &["service"]),
    ("workers", &["reminders"]),
    ("web", &["web"]),
    (
        "entry points",
        &["startup", "import", "bench", "lib", "main"],
    ),
];

/// Arrows that break the rule today, each to be removed (issue #14, "no upward arrows").
/// The test fails when one disappears, so that this list only shrinks.
const KNOWN_UPWARD: &[(&str, &str)] = &[];

/// Cycles between the modules of one area that exist today, likewise to be removed.
/// (error pages are rendered with the layout, which reports its own errors).
const KNOWN_CYCLES: &[(&str, &str)] = &[
    ("web::error", "web::lang"),
    ("web::error", "web::render"),
    ("web::lang", "web::render"),
];

fn rank(top: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, members)| members.contains(&top))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/web/login.rs` → `["web", "login"]`, `src/web/mod.rs` → `["web"]`, `src/lib.rs` → `["lib"]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") && parts.len() > 1 {
        parts.pop();
    }
    parts
}

/// The module paths a file names: `crate::a::b`, and `super::x` resolved against the file.
fn references(module: &[String], text: &str) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> Vec<String> {
        s.split("::")
            .map(|seg| {
                seg.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|seg| !seg.is_empty())
            .take(2)
            .collect()
    };
    for (i, _) in text.match_indices("crate::") {
        if text[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let path = ident(&text[i + "crate::".len()..]);
        if !path.is_empty() {
            found.insert(path);
        }
    }
    // `super::` in `a/b.rs` is `a`; in `a/mod.rs` (module `a`) it is the crate root. Nested test modules'
    // `super::*` name their own file and add nothing.
    let parent = &module[..module.len().saturating_sub(1)];
    for (i, _) in text.match_indices("super::") {
        if text[..i].ends_with("super::")
            || text[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = ident(&text[i + "super::".len()..]);
        let Some(first) = rest.first() else { continue };
        if first.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            continue; // an item of the parent module, not a module
        }
        let mut path = parent.to_vec();
        path.push(first.clone());
        if path.len() > 2 {
            path.truncate(2);
        }
        found.insert(path);
    }
    found
}

struct Graph {
    /// (from top-level module, to top-level module) for arrows across areas.
    across: BTreeSet<(String, String)>,
    /// area → (from submodule, to submodule).
    within: BTreeMap<String, BTreeSet<(String, String)>>,
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut across = BTreeSet::new();
    let mut within: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        let text = fs::read_to_string(&file).unwrap();
        let top = module[0].clone();
        for target in references(&module, &text) {
            let Some(target_top) = target.first() else {
                continue;
            };
            if rank(target_top).is_none() {
                continue; // an item of the crate root, not a module
            }
            if *target_top != top {
                across.insert((top.clone(), target_top.clone()));
            } else if module.len() >= 2 && target.len() >= 2 && module[1] != target[1] {
                within
                    .entry(top.clone())
                    .or_default()
                    .insert((module[1].clone(), target[1].clone()));
            }
        }
    }
    Graph { across, within }
}

#[test]
fn every_module_of_src_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let unplaced: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(&src, f)[0].clone())
        .filter(|top| rank(top).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules with no layer (add them to LAYERS and docs/ARCHITECTURE.md): {unplaced:?}"
    );
}

#[test]
fn no_module_imports_a_layer_above_its_own() {
    let graph = graph();
    let upward: BTreeSet<(String, String)> = graph
        .across
        .iter()
        .filter(|(from, to)| {
            let (f, t) = (rank(from).unwrap(), rank(to).unwrap());
            // Entry points (the last layer) may use each other: they are not libraries.
            t > f || (t == f && from != to && f + 1 < LAYERS.len())
        })
        .cloned()
        .collect();
    let known: BTreeSet<(String, String)> = KNOWN_UPWARD
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<_> = upward.difference(&known).collect();
    assert!(
        new.is_empty(),
        "imports that reach a layer above (see docs/ARCHITECTURE.md): {new:?}"
    );
    let gone: Vec<_> = known.difference(&upward).collect();
    assert!(
        gone.is_empty(),
        "these arrows are gone: remove them from KNOWN_UPWARD: {gone:?}"
    );
}

/// Pairs of modules of one area that reach each other, directly or through others.
fn cycles(edges: &BTreeSet<(String, String)>) -> BTreeSet<(String, String)> {
    let nodes: BTreeSet<&String> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for (a, b) in edges {
                if *a == n && seen.insert(b.clone()) {
                    todo.push(b.clone());
                }
            }
        }
        seen
    };
    let mut pairs = BTreeSet::new();
    for a in &nodes {
        let from_a = reach(a);
        for b in &from_a {
            if b > *a && reach(b).contains(*a) {
                pairs.insert(((*a).clone(), b.clone()));
            }
        }
    }
    pairs
}

#[test]
fn the_modules_of_an_area_import_each_other_without_cycles() {
    let graph = graph();
    let mut found = BTreeSet::new();
    for (area, edges) in &graph.within {
        for (a, b) in cycles(edges) {
            found.insert((format!("{area}::{a}"), format!("{area}::{b}")));
        }
    }
    let known: BTreeSet<(String, String)> = KNOWN_CYCLES
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<_> = found.difference(&known).collect();
    assert!(new.is_empty(), "import cycles: {new:?}");
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        gone.is_empty(),
        "these cycles are gone: remove them from KNOWN_CYCLES: {gone:?}"
    );
}

#[test]
fn the_checker_sees_a_planted_upward_arrow_and_cycle() {
    let module = vec!["domain".to_string(), "meeting".to_string()];
    let refs = references(
        &module,
        "use crate::web::error::Error;\nfn f() { super::role::x(); }",
    );
    assert!(refs.contains(&vec!["web".to_string(), "error".to_string()]));
    assert!(refs.contains(&vec!["domain".to_string(), "role".to_string()]));
    let edges: BTreeSet<(String, String)> = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
        .iter()
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect();
    assert!(cycles(&edges).contains(&("a".to_string(), "c".to_string())));
    assert!(!cycles(&edges).iter().any(|(x, y)| x == "d" || y == "d"));
}
