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

/// A configuration of the minimum `jmb token` and `jmb stats` need, in `dir`.
fn minimal_config(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("jmb.toml");
    std::fs::write(
        &path,
        format!(
            "[database]\npath = \"{}\"\n[jitsi]\nurl = \"https://meet.example.org\"\n\
             domain = \"meet.example.org\"\napp_id = \"jmb\"\napp_secret = \"cli-secret\"\n",
            dir.join("jmb.db").display()
        ),
    )
    .unwrap();
    path
}

#[test]
fn token_is_valid_from_a_minute_ago_so_a_host_clock_ahead_of_prosody_s_is_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = minimal_config(dir.path());
    let before = now_s();
    let out = jmb()
        .args(["token", "Weekly-Sync", "--minutes", "30", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let after = now_s();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = String::from_utf8(out.stdout).unwrap();
    let token = url
        .trim()
        .strip_prefix("https://meet.example.org/Weekly-Sync?jwt=")
        .unwrap_or_else(|| panic!("{url}"));
    use base64::Engine as _;
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token.split('.').nth(1).unwrap())
        .unwrap();
    let claims: jmb::jitsi::jwt::Claims = serde_json::from_slice(&payload).unwrap();
    assert!(claims.moderator && claims.context.user.moderator);
    assert_eq!(claims.room, "weekly-sync");
    // The same slack as personal rooms: a minute before now, then the asked length.
    assert!(
        before - 60 <= claims.nbf && claims.nbf <= after - 60,
        "nbf {} not a minute before {before}..{after}",
        claims.nbf
    );
    assert!(before + 30 * 60 <= claims.exp && claims.exp <= after + 30 * 60);
}

fn now_s() -> i64 {
    jmb::clock::Clock::now(&jmb::clock::SystemClock).timestamp()
}
