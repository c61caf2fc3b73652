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

/// Secrets as `install.sh` generates them (64 hex digits), for the sample's placeholders.
const APP_SECRET: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const HOOKS_SECRET: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

#[test]
fn check_config_refuses_the_sample_s_placeholder_secrets_and_accepts_real_ones() {
    let out = jmb()
        .args(["check-config", "--config", "conf-samples/jmb.toml"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("jitsi.app_secret is still the placeholder"),
        "{err}"
    );
    assert!(
        err.contains("hooks.secret is still the placeholder"),
        "{err}"
    );

    let out = jmb()
        .args(["check-config", "--config", "conf-samples/jmb.toml"])
        .env("JMB_JITSI_APP_SECRET", APP_SECRET)
        .env("JMB_HOOKS_SECRET", HOOKS_SECRET)
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
fn check_config_refuses_a_short_secret_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jmb.toml");
    std::fs::write(
        &path,
        format!("[jitsi]\napp_secret = \"{APP_SECRET}\"\n[hooks]\nsecret = \"short\"\n"),
    )
    .unwrap();
    let out = jmb()
        .args(["check-config", "--config", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hooks.secret is 5 bytes long"), "{err}");
    assert!(!err.contains("jitsi.app_secret"), "{err}");
}

#[test]
fn other_programs_jmb_variables_are_ignored_with_a_warning_but_a_mistyped_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jmb.toml");
    std::fs::write(&path, format!("[jitsi]\napp_secret = \"{APP_SECRET}\"\n")).unwrap();
    let out = jmb()
        .args(["check-config", "--config", path.to_str().unwrap()])
        .env("JMB_BIN", "/x")
        .env("JMB_HOME", "/srv/jmb")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{all}");
    assert!(all.contains("configuration is valid"), "{all}");
    assert!(
        all.contains("WARN") && all.contains("JMB_BIN") && all.contains("JMB_HOME"),
        "{all}"
    );

    let out = jmb()
        .args(["check-config", "--config", path.to_str().unwrap()])
        .env("JMB_JITSI_APP_SECRT", "typo")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("app_secrt") && err.contains("JMB_JITSI_APP_SECRT"),
        "{err}"
    );
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
            .env("JMB_JITSI_APP_SECRET", APP_SECRET)
            .env("JMB_HOOKS_SECRET", HOOKS_SECRET)
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
