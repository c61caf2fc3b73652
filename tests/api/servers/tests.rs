//! The harness itself: polling, ports learned from the servers' own processes, `TEST_LOG`.

use std::net::TcpListener;
use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use super::{ChildGuard, LDAP_PEOPLE, Slapd, free_port, poll_until, unavailable};
use crate::helpers::spawn_app;

#[tokio::test]
async fn poll_until_returns_the_first_answer_or_none_once_the_time_is_up() {
    let mut calls = 0;
    let third = poll_until(
        Duration::from_secs(5),
        Duration::from_millis(1),
        async || {
            calls += 1;
            (calls == 3).then_some(calls)
        },
    )
    .await;
    assert_eq!(third, Some(3));

    let started = Instant::now();
    let mut calls = 0;
    let never: Option<()> = poll_until(
        Duration::from_millis(200),
        Duration::from_millis(20),
        async || {
            calls += 1;
            None
        },
    )
    .await;
    assert_eq!(never, None);
    assert!(started.elapsed() >= Duration::from_millis(200));
    // Asked once more at the deadline, not only before it.
    assert!(calls >= 2, "{calls}");
}

#[tokio::test]
async fn a_process_is_credited_only_with_the_ports_it_holds_itself() {
    let ours = TcpListener::bind("127.0.0.1:0").unwrap();
    let ours_port = ours.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("python3");
    cmd.args(["-m", "http.server", "--bind", "127.0.0.1", "0"])
        .current_dir(dir.path());
    let Ok(mut server) = ChildGuard::spawn("http.server", cmd, dir.path().join("log")) else {
        unavailable("python3", "cannot run python3");
        return;
    };
    let ports = server
        .wait_for_ports(|held| !held.is_empty(), Duration::from_secs(15))
        .await
        .unwrap();
    assert_eq!(ports.len(), 1, "{ports:?}");
    assert_ne!(ports[0], ours_port);
    let r = reqwest::get(format!("http://127.0.0.1:{}/", ports[0]))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn slapd_moves_to_another_port_when_its_port_is_taken() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_port = taken.local_addr().unwrap().port();
    let mut offers = vec![taken_port];
    let pick = move || offers.pop().unwrap_or_else(free_port);
    let Some(ldap) = Slapd::start_picking(false, pick).await else {
        return;
    };
    assert_ne!(ldap.port, taken_port);
    let out = Command::new("ldapsearch")
        .args([
            "-x",
            "-LLL",
            "-H",
            &ldap.url(),
            "-b",
            LDAP_PEOPLE,
            "uid=alice",
            "cn",
        ])
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&out.stdout);
    assert!(found.contains("cn: Alice Anders"), "{found}");
}

/// Run by the next test in a process of its own: an app that logs a warning.
#[tokio::test]
async fn an_app_that_logs_a_warning() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(app.url("/booking"))
        .header("X-Remote-User", "alice")
        .header("X-Remote-User", "mallory")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[test]
fn test_log_shows_what_the_app_logs_and_nothing_without_it() {
    let run = |test_log: Option<&str>| {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "--exact",
            "servers::tests::an_app_that_logs_a_warning",
            "--nocapture",
        ])
        .env_remove("RUST_LOG")
        .env_remove("TEST_LOG");
        if let Some(v) = test_log {
            cmd.env("TEST_LOG", v);
        }
        let out = cmd.output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{text}");
        assert!(text.contains("1 passed"), "{text}");
        text
    };
    let warning = "identity header sent more than once";
    let shown = run(Some("1"));
    assert!(shown.contains(warning), "{shown}");
    assert!(!run(None).contains(warning));
    assert!(!run(Some("0")).contains(warning));
}
