//! `jmb bench`, which only a build with `--features bench` has (see Cargo.toml's `[[test]]`):
//! `cargo test --features bench --test bench`, as `.ci/run` does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::TcpListener;
use std::sync::Arc;

use jmb::clock::SystemClock;

// The tests' PostgreSQL cluster (tests/api/servers/postgres.rs), for the benchmarks' second
// engine; only part of it is used here.
#[allow(dead_code)]
#[path = "api/servers/postgres.rs"]
mod postgres;

/// A test server is missing: fail under CI=true (as tests/api's servers do), else skip.
fn unavailable(what: &str, why: impl std::fmt::Display) -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "test server {what} is not available under CI=true: {why}"
    );
    eprintln!("SKIPPED: {what} is not available: {why}");
    false
}

/// wrk is missing: fail under CI=true (as tests/api's servers do), else skip.
fn wrk_missing() -> bool {
    if std::process::Command::new("wrk").arg("-v").output().is_ok() {
        return false;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "wrk is not available under CI=true: Debian package wrk"
    );
    eprintln!("SKIPPED: wrk is not installed; run tests/run to install it");
    true
}

#[test]
fn the_bench_build_has_the_bench_command() {
    let out = assert_cmd::Command::cargo_bin("jmb")
        .unwrap()
        .args(["bench", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let help = String::from_utf8_lossy(&out.stdout);
    for command in [
        "join", "hooks", "feed", "outbox", "remind", "replies", "webhooks",
    ] {
        assert!(help.contains(command), "{command} missing from:\n{help}");
    }
}

#[tokio::test]
async fn the_bench_build_serves_the_trivial_route_beside_the_real_ones() {
    let dir = tempfile::tempdir().unwrap();
    let config = jmb::bench::bench_config(dir.path(), 1);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = jmb::Application::build_on(config, Arc::new(SystemClock), listener)
        .await
        .unwrap();
    let stop = app.server_handle();
    tokio::spawn(app.run_until_stopped());
    for (path, body) in [(jmb::web::ops::TRIVIAL_PATH, "ok"), ("/healthz", "ok\n")] {
        let r = reqwest::get(format!("http://127.0.0.1:{port}{path}"))
            .await
            .unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::OK, "{path}");
        assert_eq!(r.text().await.unwrap(), body, "{path}");
    }
    stop.stop(true).await;
}

#[test]
fn wrk_output_is_read() {
    let out = "Running 2s test @ http://127.0.0.1:1/\n  Latency Distribution\n     50%  212.00us\n     75%  1.10ms\n     90%  2.00ms\n     99%    1.50ms\n  41000 requests in 2.00s, 3.00MB read\n  Non-2xx or 3xx responses: 3\nRequests/sec:  20500.12\nTransfer/sec:      1.50MB\n";
    let r = jmb::bench::parse_wrk(out).unwrap();
    assert!((r.requests_per_s - 20500.12).abs() < 0.01);
    assert!((r.p50_ms - 0.212).abs() < 1e-9);
    assert!((r.p99_ms - 1.5).abs() < 1e-9);
    assert_eq!(r.errors, 3);
}

// The benchmark blocks on wrk while the server it started runs on the runtime's other thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hooks_benchmark_posts_events_that_are_recorded() {
    if wrk_missing() {
        return;
    }
    let report = jmb::bench::hooks(3, 4, 1, 2, 1).await.unwrap();
    // The trivial route answers in the same run (no errors from a 404) beside the hooks.
    for endpoint in [
        jmb::web::ops::TRIVIAL_PATH,
        "/hooks/prosody/events/occupant/*",
    ] {
        let line = report.lines().find(|l| l.starts_with(endpoint)).unwrap();
        assert!(line.trim_end().ends_with(" 0"), "no errors: {report}");
    }
    let stored: i64 = report
        .split(" stays stored")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(stored > 12, "the occupants' stays are stored: {report}");
}

#[tokio::test]
async fn the_replies_bench_sends_every_reply_through_the_lmtp_door() {
    let report = jmb::bench::replies::replies(300, 3).await.unwrap();
    assert!(
        report.starts_with("replies: 300 REPLY messages through LMTP on 3 session(s)"),
        "{report}"
    );
    assert!(
        report.contains("messages/s")
            && report.contains("p99")
            && report.contains("recorded in the store"),
        "{report}"
    );
    println!("{report}");
}

/// Every row of `engine` in a report's table has no errors.
fn rows_without_errors(report: &str, engine: &str, rows: usize) {
    let lines: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with(&format!("{engine} ")))
        .collect();
    assert_eq!(lines.len(), rows, "{engine} rows in:\n{report}");
    for line in lines {
        assert!(line.trim_end().ends_with(" 0"), "errors: {line}\n{report}");
    }
}

// Both engines in one run, in one table: SQLite, then a database of its own on the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_join_and_feed_benchmarks_measure_postgresql_beside_sqlite() {
    if wrk_missing() {
        return;
    }
    let Some(pg) = postgres::PgServer::shared() else {
        return;
    };
    let server = pg.url("postgres");
    let report = jmb::bench::join(40, 1, 2, 1, Some(&server)).await.unwrap();
    println!("{report}");
    rows_without_errors(&report, "sqlite", 2);
    rows_without_errors(&report, "postgres", 2);
    assert!(report.contains("postgres/sqlite:"), "{report}");
    assert!(report.contains("200 personal links"), "{report}");

    let report = jmb::bench::feed(30, 2, 1, Some(&server)).await.unwrap();
    println!("{report}");
    assert!(
        report.starts_with("feed of 2 weekly series x 52 occurrences and 30 meetings"),
        "{report}"
    );
    for engine in ["sqlite", "postgres"] {
        for what in ["build from nothing", "rebuild after one meeting changed"] {
            assert!(report.contains(&format!("{engine}: {what}")), "{report}");
        }
    }
    rows_without_errors(&report, "sqlite", 2);
    rows_without_errors(&report, "postgres", 2);
    // Each run's database is dropped afterwards.
    let left = pg
        .admin(|c| {
            c.query_one(
                "SELECT COUNT(*) FROM pg_database WHERE datname LIKE 'jmb_bench_%'",
                &[],
            )
        })
        .unwrap()
        .get::<_, i64>(0);
    assert_eq!(left, 0);
}

/// `tests/support/smtp_capture.py` on a port of its own, saving into `dir`; killed when
/// dropped. `None` (skipped, or a failure under CI=true) without the tests' Python.
struct Capture(std::process::Child, u16);

impl Capture {
    fn start(dir: &std::path::Path) -> Option<Capture> {
        use std::io::BufRead;
        let support = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support");
        let python = support.join(".venv/bin/python");
        if !python.is_file() {
            unavailable("smtp", format!("{} is missing", python.display()));
            return None;
        }
        let mut child = std::process::Command::new(python)
            .arg(support.join("smtp_capture.py"))
            .args(["--listen", "127.0.0.1:0", "--outdir"])
            .arg(dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("LISTENING ")
            .unwrap()
            .parse()
            .unwrap();
        Some(Capture(child, port))
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outbox_benchmark_drains_one_queue_from_two_nodes_each_mail_once() {
    let Some(pg) = postgres::PgServer::shared() else {
        return;
    };
    let mail = tempfile::tempdir().unwrap();
    let Some(smtp) = Capture::start(mail.path()) else {
        return;
    };
    let server = pg.url("postgres");
    let report = jmb::bench::outbox(60, &format!("127.0.0.1:{}", smtp.1), 2, Some(&server))
        .await
        .unwrap();
    println!("{report}");
    assert!(report.contains("2 node(s) on postgres"), "{report}");
    assert!(report.contains("mails/s"), "{report}");
    assert!(
        report.contains("sent once each: 61 of 61 at their first attempt"),
        "{report}"
    );
    // What the SMTP server has: every mail, none twice.
    let mut ids = std::collections::HashSet::new();
    for entry in std::fs::read_dir(mail.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "eml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let id = text
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
                .unwrap()
                .to_string();
            assert!(ids.insert(id.clone()), "{id} twice");
        }
    }
    assert_eq!(ids.len(), 61);
    // Several nodes need PostgreSQL.
    let err = jmb::bench::outbox(1, "127.0.0.1:1", 2, None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--pg-url"), "{err}");
}

#[tokio::test]
async fn the_webhooks_bench_delivers_every_event_with_good_signatures() {
    let report = jmb::bench::webhooks::webhooks(200).await.unwrap();
    assert!(
        report.starts_with("webhooks: 200 events committed"),
        "{report}"
    );
    assert!(
        report.contains("deliveries/s")
            && report.contains("p99")
            && report.contains("(2 signatures checked)"),
        "{report}"
    );
    println!("{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_series_reminder_benchmark_passes_over_series_and_extends_them() {
    let report = jmb::bench::remind::remind_series(20, 5, None)
        .await
        .unwrap();
    assert!(
        report.contains("pass over 20 series with nothing due"),
        "{report}"
    );
    assert!(report.contains("(target < 1 ms)"), "{report}");
    assert!(report.contains("series to extend query plan"), "{report}");
}
