//! Independent readers of what jmb makes: iCalendar parsers and checkers, and a real browser.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use super::{support_dir, unavailable, venv_python};

/// Parses iCalendar text with Python's `icalendar` (`tests/support/ics_json.py`), an
/// independent parser, and returns what it read. Panics when it cannot parse.
pub fn ics_json(ics: &str) -> Option<Value> {
    use std::io::Write as _;
    let python = venv_python();
    if !python.is_file() {
        unavailable(
            "python icalendar",
            format!("{} is missing", python.display()),
        );
        return None;
    }
    let mut child = Command::new(&python)
        .arg(support_dir().join("ics_json.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ics.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python icalendar refused:\n{}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// Runs a `tests/support/*.mjs` script that drives Debian's chromium through playwright-core,
/// and returns what it printed (JSON); `None` when the browser is not installed.
pub async fn run_browser_script(script: &str, args: &[&str]) -> Option<Value> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        unavailable("browser", format!("{chromium} is missing"));
        return None;
    }
    if !support_dir().join("node_modules/playwright-core").is_dir() {
        unavailable(
            "browser",
            "tests/support/node_modules/playwright-core is missing",
        );
        return None;
    }
    let mut cmd = Command::new("node");
    cmd.arg(support_dir().join(script))
        .args(args)
        .current_dir(support_dir());
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .unwrap();
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            unavailable("browser", e);
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{script} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or_default();
    Some(serde_json::from_str(last).unwrap_or_else(|_| panic!("{script} printed {text}")))
}

/// Runs the independent iCalendar checkers on `ics`: a strict RFC 5545 lint
/// (`ics_lint.py`), libical (Evolution's parser, which also applies RFC 5546 rules to iTIP
/// messages) and ical.js (Thunderbird's). Panics with their output when one refuses it;
/// returns false when they are not installed (outside CI).
pub fn check_ics(ics: &str) -> bool {
    let python = venv_python();
    let node_modules = support_dir().join("node_modules/ical.js");
    if !python.is_file() || !node_modules.is_dir() {
        return unavailable(
            "iCalendar checkers",
            "tests/support/.venv or node_modules/ical.js is missing",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("check.ics");
    std::fs::write(&file, ics).unwrap();
    for (what, program, script) in [
        ("strict RFC 5545 lint", python.clone(), "ics_lint.py"),
        ("libical", python.clone(), "libical_check.py"),
        ("ical.js", PathBuf::from("node"), "icaljs_check.mjs"),
    ] {
        let out = Command::new(&program)
            .arg(support_dir().join(script))
            .arg(&file)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
        assert!(
            out.status.success(),
            "{what} refused the calendar:\n{}{}\n{ics}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    true
}

/// Validates jmb's OpenAPI `document` (openapi-spec-validator) and each recorded exchange
/// with the API against it (openapi-core), with `openapi_check.py`. Panics with the
/// validators' findings; returns false when they are not installed (outside CI).
pub fn check_openapi(document: &Value, exchanges: &[Value]) -> bool {
    let python = venv_python();
    let ready = python.is_file()
        && Command::new(&python)
            .args(["-c", "import openapi_core, openapi_spec_validator"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready {
        return unavailable(
            "OpenAPI validators",
            "openapi-core or openapi-spec-validator is missing from tests/support/.venv",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let (doc_file, exchanges_file) = (dir.path().join("openapi.json"), dir.path().join("x.json"));
    std::fs::write(&doc_file, document.to_string()).unwrap();
    std::fs::write(&exchanges_file, Value::from(exchanges.to_vec()).to_string()).unwrap();
    let out = Command::new(&python)
        .arg(support_dir().join("openapi_check.py"))
        .arg(&doc_file)
        .arg(&exchanges_file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run openapi_check.py: {e}"));
    assert!(
        out.status.success(),
        "the OpenAPI validators refused:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}
