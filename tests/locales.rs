//! The key check: every FTL file of `locales/` parses, every language has every message,
//! term and attribute English has (and no other), and each of them uses the same
//! `$variables` as in English, so that a misspelled placeholder fails here, not in a mail.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// Every entry id (`message`, `-term`, `message.attribute`) with the variables it uses.
type Keys = BTreeMap<String, BTreeSet<String>>;

fn locales() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

fn inline_vars(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Inline(i) => inline_vars(i, out),
        Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn pattern_vars(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

/// The keys of one file; parse errors are returned as messages.
fn keys_of(path: &Path, keys: &mut Keys, problems: &mut Vec<String>) {
    let source = fs::read_to_string(path).unwrap();
    let resource = match fluent_syntax::parser::parse(source.as_str()) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                problems.push(format!("{}: syntax error {e:?}", path.display()));
            }
            r
        }
    };
    let vars_of = |pattern: Option<&Pattern<&str>>| {
        let mut vars = BTreeSet::new();
        if let Some(p) = pattern {
            pattern_vars(p, &mut vars);
        }
        vars
    };
    let mut found = Vec::new();
    for entry in &resource.body {
        match entry {
            Entry::Message(m) => {
                found.push((m.id.name.to_string(), vars_of(m.value.as_ref())));
                for a in &m.attributes {
                    found.push((
                        format!("{}.{}", m.id.name, a.id.name),
                        vars_of(Some(&a.value)),
                    ));
                }
            }
            Entry::Term(t) => {
                found.push((format!("-{}", t.id.name), vars_of(Some(&t.value))));
                for a in &t.attributes {
                    found.push((
                        format!("-{}.{}", t.id.name, a.id.name),
                        vars_of(Some(&a.value)),
                    ));
                }
            }
            Entry::Junk { content } => {
                problems.push(format!("{}: unparsable {content:?}", path.display()));
            }
            _ => {}
        }
    }
    for (id, vars) in found {
        if keys.insert(id.clone(), vars).is_some() {
            problems.push(format!("{}: `{id}` is defined twice", path.display()));
        }
    }
}

/// Each language's files and keys.
fn read_all(problems: &mut Vec<String>) -> BTreeMap<String, (BTreeSet<String>, Keys)> {
    let mut all = BTreeMap::new();
    for dir in fs::read_dir(locales()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let tag = dir.file_name().unwrap().to_string_lossy().to_string();
        let mut files = BTreeSet::new();
        let mut keys = Keys::new();
        for file in fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "ftl") {
                files.insert(file.file_name().unwrap().to_string_lossy().to_string());
                keys_of(&file, &mut keys, problems);
            }
        }
        all.insert(tag, (files, keys));
    }
    all
}

#[test]
fn every_language_has_every_key_with_the_same_variables_and_parses() {
    let mut problems = Vec::new();
    let all = read_all(&mut problems);
    let (en_files, en) = all.get("en").expect("English is the reference");
    assert!(en.len() > 100, "English has only {} keys", en.len());
    for (tag, (files, keys)) in &all {
        if files != en_files {
            problems.push(format!("{tag}: files {files:?}, English has {en_files:?}"));
        }
        for (id, vars) in en {
            match keys.get(id) {
                None => problems.push(format!("{tag}: `{id}` is missing")),
                Some(v) if v != vars => problems.push(format!(
                    "{tag}: `{id}` uses variables {v:?}, English uses {vars:?}"
                )),
                Some(_) => {}
            }
        }
        for id in keys.keys().filter(|id| !en.contains_key(*id)) {
            problems.push(format!("{tag}: `{id}` is not in English"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_folder_is_an_offered_language_and_every_offered_language_has_a_folder() {
    let mut problems = Vec::new();
    let folders: BTreeSet<String> = read_all(&mut problems).into_keys().collect();
    let offered: BTreeSet<String> = jmb::locales::OFFERED
        .iter()
        .map(|o| o.tag.to_string())
        .collect();
    assert_eq!(folders, offered);
}

#[test]
fn the_check_catches_a_misspelled_placeholder_and_a_syntax_error() {
    // The same walk over a broken file, to show the check is not vacuous.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.ftl");
    fs::write(
        &file,
        "a = Hello { $nmae }\nb = { $count ->\n   [one] x\n}\n",
    )
    .unwrap();
    let (mut keys, mut problems) = (Keys::new(), Vec::new());
    keys_of(&file, &mut keys, &mut problems);
    assert_eq!(keys["a"], BTreeSet::from(["nmae".to_string()]));
    assert!(
        !problems.is_empty(),
        "a select without a default variant must not parse"
    );
}
