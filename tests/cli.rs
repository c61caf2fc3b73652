//! The operator's commands, run as a user would run them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;

fn jmb() -> Command {
    let mut c = Command::cargo_bin("jmb").unwrap();
    // The developer's own environment must not leak into these checks.
    for (k, _) in std::env::vars() {
        if k.starts_with("JMB_") {
            c.env_remove(k);
        }
    }
    c
}

#[test]
fn check_config_accepts_the_documented_sample() {
    let out = jmb()
        .args(["check-config", "--config", "conf-samples/jmb.toml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("configuration is valid"));
}

#[test]
fn check_config_names_an_unknown_key_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jmb.toml");
    std::fs::write(
        &path,
        "[jitsi]\napp_secret = \"x\"\napp_sceret = \"typo\"\n",
    )
    .unwrap();
    let out = jmb()
        .args(["check-config", "--config", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("app_sceret"), "{err}");
}

#[test]
fn check_config_names_bad_values_and_environment_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jmb.toml");
    std::fs::write(&path, "[jitsi]\napp_secret = \"x\"\n").unwrap();
    let out = jmb()
        .args(["check-config", "--config", path.to_str().unwrap()])
        .env("JMB_SERVER_TIME_ZONE", "Nowhere/Land")
        .env("JMB_BOOKING_MAX_DURATION_MIN", "lots")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("booking.max_duration_min"), "{err}");
    assert!(err.contains("JMB_BOOKING_MAX_DURATION_MIN"), "{err}");

    let out = jmb()
        .args(["check-config", "--config", path.to_str().unwrap()])
        .env("JMB_SERVER_TIME_ZONE", "Nowhere/Land")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("server.time_zone"), "{err}");
}

#[test]
fn dev_mode_refuses_to_listen_on_the_network_and_says_why() {
    let out = jmb()
        .args(["serve", "--dev"])
        .env("JMB_SERVER_LISTEN", "0.0.0.0:18080")
        .env("JMB_CONFIG", "/nonexistent/jmb.toml")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("loopback"), "{err}");
}

#[test]
fn serve_without_a_configuration_file_says_what_to_do() {
    let out = jmb()
        .args(["serve", "--config", "/nonexistent/jmb.toml"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/jmb.toml") && err.contains("--dev"),
        "{err}"
    );
}

#[test]
fn migrate_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub/dir/jmb.db");
    for _ in 0..2 {
        let out = jmb()
            .args(["migrate", "--config", "conf-samples/jmb.toml"])
            .env("JMB_DATABASE_PATH", &db)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(db.is_file());
}

// What ships measures nothing: `jmb bench` and its code exist only with `--features bench`.
#[cfg(not(feature = "bench"))]
#[test]
fn the_shipped_binary_has_no_bench_command_and_no_bench_code() {
    let out = jmb().args(["bench", "--help"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unrecognized subcommand 'bench'"), "{err}");
    let help = jmb().arg("--help").output().unwrap();
    assert!(
        !String::from_utf8_lossy(&help.stdout).contains("bench"),
        "{help:?}"
    );
    // The harness's strings (its route, its wrk hint) are not linked into the binary.
    let binary = std::fs::read(env!("CARGO_BIN_EXE_jmb")).unwrap();
    let binary = String::from_utf8_lossy(&binary);
    for needle in ["/bench/trivial", "while running wrk"] {
        assert!(!binary.contains(needle), "{needle} is in the binary");
    }
}
