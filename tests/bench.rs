//! `jmb bench`, which only a build with `--features bench` has (see Cargo.toml's `[[test]]`):
//! `cargo test --features bench --test bench`, as `.ci/run` does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::TcpListener;
use std::sync::Arc;

use jmb::clock::SystemClock;

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
    for command in ["join", "hooks", "feed", "outbox", "remind", "replies"] {
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
