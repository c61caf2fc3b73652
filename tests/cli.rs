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

/// `jmb check-config --config PATH`, ready for more environment and `.output()`.
fn check_config(path: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = jmb();
    c.args(["check-config", "--config"]).arg(path);
    c
}

/// Secrets as `install.sh` generates them (64 hex digits), for the sample's placeholders.
const APP_SECRET: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const HOOKS_SECRET: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

#[test]
fn check_config_refuses_the_sample_s_placeholder_secrets_and_accepts_real_ones() {
    let out = check_config("conf-samples/jmb.toml").output().unwrap();
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

    let out = check_config("conf-samples/jmb.toml")
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
    let out = check_config(&path).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hooks.secret is 5 bytes long"), "{err}");
    assert!(!err.contains("jitsi.app_secret"), "{err}");
}

#[test]
fn check_config_builds_what_serve_builds_and_names_a_logo_or_key_it_cannot_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jmb.toml");
    let logo = dir.path().join("logo.exe");
    std::fs::write(&logo, "MZ").unwrap();
    std::fs::write(
        &path,
        format!(
            "[server]\nlogo_file = {:?}\n[jitsi]\napp_secret = \"{APP_SECRET}\"\n",
            logo.display().to_string()
        ),
    )
    .unwrap();
    let out = check_config(&path).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("server.logo_file"), "{err}");

    std::fs::write(&path, "").unwrap();
    let out = check_config(&path)
        .env("JMB_JITSI_APP_SECRET", APP_SECRET)
        .env(
            "JMB_JITSI_END_MEETING_URL",
            "http://127.0.0.1:5280/end-meeting",
        )
        .env("JMB_JITSI_SYSTEM_KEY", "not a key")
        .env("JMB_JITSI_SYSTEM_KEY_ID", "jmb/system")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("jitsi.system_key is not a PEM RSA private key"),
        "{err}"
    );
}

#[test]
fn other_programs_jmb_variables_are_ignored_with_a_warning_but_a_mistyped_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jmb.toml");
    std::fs::write(&path, format!("[jitsi]\napp_secret = \"{APP_SECRET}\"\n")).unwrap();
    let out = check_config(&path)
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

    let out = check_config(&path)
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
    let out = check_config(&path).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("app_sceret"), "{err}");
}

#[test]
fn check_config_names_bad_values_and_environment_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jmb.toml");
    std::fs::write(&path, "[jitsi]\napp_secret = \"x\"\n").unwrap();
    let out = check_config(&path)
        .env("JMB_SERVER_TIME_ZONE", "Nowhere/Land")
        .env("JMB_BOOKING_MAX_DURATION_MIN", "lots")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("booking.max_duration_min"), "{err}");
    assert!(err.contains("JMB_BOOKING_MAX_DURATION_MIN"), "{err}");

    let out = check_config(&path)
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

/// A configuration of the minimum `jmb token` and `jmb stats` need, in `dir`.
fn minimal_config(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("jmb.toml");
    std::fs::write(
        &path,
        format!(
            "[database]\npath = \"{}\"\n[jitsi]\nurl = \"https://meet.example.org\"\n\
             domain = \"meet.example.org\"\napp_id = \"jmb\"\napp_secret = \"cli-secret-0123456789abcdef0123456789abcdef\"\n",
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

#[test]
fn stats_summarises_a_database_in_plain_text_and_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let config = minimal_config(dir.path());
    let out = jmb()
        .args(["migrate", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(out.status.success());
    let now = now_s();
    let hour = 3600;
    let db = rusqlite::Connection::open(dir.path().join("jmb.db")).unwrap();
    let meeting = |uid: &str, starts: i64, status: &str| {
        db.execute(
            "INSERT INTO meeting (uid, room, subject, owner, owner_email, starts_at, \
             duration_min, ends_at, status, created_at, updated_at) \
             VALUES (?1, ?1, 'Sync', 'alice', 'alice@example.org', ?2, 60, ?2 + 3600, ?3, 0, 0)",
            rusqlite::params![uid, starts, status],
        )
        .unwrap();
        db.last_insert_rowid()
    };
    let live = meeting("live", now - hour / 2, "in-progress");
    meeting("later", now + 30 * 24 * hour, "scheduled");
    meeting("next-week", now + 7 * 24 * hour, "scheduled");
    meeting("called-off", now + 24 * hour, "cancelled");
    meeting("last-month", now - 30 * 24 * hour, "completed");
    for (jid, left) in [("a", None), ("b", None), ("c", Some(now))] {
        db.execute(
            "INSERT INTO presence (meeting_id, occupant_jid, person_key, joined_at, left_at) \
             VALUES (?1, ?2, ?2, ?3, ?4)",
            rusqlite::params![live, jid, now - 600, left],
        )
        .unwrap();
    }
    for status in ["queued", "queued", "sending", "failed", "sent"] {
        db.execute(
            "INSERT INTO outbox (kind, recipient, envelope_from, message, status, \
             next_attempt_at, created_at) VALUES ('new/participant', 'bob@example.org', \
             'noreply@example.org', x'00', ?1, 0, 0)",
            [status],
        )
        .unwrap();
    }
    for (offset, due, status) in [
        (10080, now - 60, "pending"),
        (1440, now + hour, "pending"),
        (60, now - hour, "sent"),
    ] {
        db.execute(
            "INSERT INTO reminder (meeting_id, kind, offset_min, due_at, status) \
             VALUES (?1, 'mail', ?2, ?3, ?4)",
            rusqlite::params![live, offset, due, status],
        )
        .unwrap();
    }
    drop(db);
    // "Today" is the configured time zone's day: of ours, only the live meeting may be in it.
    let tz: chrono_tz::Tz = "Europe/Paris".parse().unwrap();
    let now_t = chrono::DateTime::from_timestamp(now, 0).unwrap();
    let (start, end) = jmb::domain::stats::local_day(now_t, tz);
    let today = i64::from((start.timestamp()..end.timestamp()).contains(&(now - hour / 2)));

    let out = jmb()
        .args(["stats", "--config"])
        .arg(&config)
        .env("JMB_SERVER_TIME_ZONE", "Europe/Paris")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        format!("meetings    {today} today, 2 upcoming"),
        "rooms       1 live, 2 people in them".to_string(),
        "mails       3 queued, 1 failed".to_string(),
        "reminders   1 due, 2 pending".to_string(),
    ] {
        assert!(text.lines().any(|l| l == line), "{line} missing:\n{text}");
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("database    ") && l.ends_with("KiB")),
        "{text}"
    );

    let out = jmb()
        .args(["stats", "--json", "--config"])
        .arg(&config)
        .env("JMB_SERVER_TIME_ZONE", "Europe/Paris")
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["meetings_today"], today);
    assert_eq!(json["meetings_upcoming"], 2);
    assert_eq!(json["meetings_cancelled"], 1);
    assert_eq!(json["rooms_in_progress"], 1);
    assert_eq!(json["participants_in_rooms"], 2);
    assert_eq!(json["outbox_queued"], 3);
    assert_eq!(json["outbox_failed"], 1);
    assert_eq!(json["outbox_sent"], 1);
    assert_eq!(json["reminders_due"], 1);
    assert_eq!(json["reminders_pending"], 2);
    let size = std::fs::metadata(dir.path().join("jmb.db")).unwrap().len();
    assert!(json["database_bytes"].as_u64().unwrap() > 0);
    assert!(
        json["database_bytes"].as_u64().unwrap() <= size.max(1) * 2,
        "{json} vs {size}"
    );
}

#[test]
fn stats_on_a_missing_configuration_says_what_to_do() {
    let out = jmb()
        .args(["stats", "--config", "/nonexistent/jmb.toml"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/jmb.toml"), "{err}");
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

/// The token of the reply fixtures' `To:` (`tests/fixtures/replies/`).
const FIXTURE_TOKEN: &str = "Zm9yLWptYi10ZXN0cy1vbmx5LW5vdC1hLXJlYWwta2V";

fn receive_mail(dir: &std::path::Path, fixture: &str) -> Command {
    let config = minimal_config(dir);
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("[mail]\nreply_address = \"meetings@reply.test\"\n");
    std::fs::write(&config, text).unwrap();
    let mut c = jmb();
    c.args(["receive-mail", "--config"])
        .arg(&config)
        .env_remove("ORIGINAL_RECIPIENT")
        .env_remove("RECIPIENT")
        .write_stdin(std::fs::read(format!("tests/fixtures/replies/{fixture}")).unwrap());
    c
}

/// Alice's meeting with Bob in `dir`'s database, with the fixtures' UID, Bob holding the
/// fixtures' reply token. Bob's answer is read back with [`bob_answer`].
fn meeting_the_fixtures_answer(dir: &std::path::Path) -> rusqlite::Connection {
    // jmb creates and migrates the database (a run with no recipient does nothing else).
    let _ = receive_mail(dir, "gmail-declined.eml")
        .args(["--recipient", "meetings@reply.test"])
        .output()
        .unwrap();
    let conn = rusqlite::Connection::open(dir.join("jmb.db")).unwrap();
    conn.execute_batch(
        "INSERT INTO meeting (uid, room, subject, owner, owner_email, starts_at, duration_min, \
           ends_at, created_at, updated_at) \
         VALUES ('jmb-42-3f1c9e@booking.example.org', 'r1', 'Weekly sync', 'alice', \
           'alice@example.org', 4102444800, 60, 4102448400, 0, 5);",
    )
    .unwrap();
    // The personal link is found by its digest, as the invitation page finds it.
    let link = "bob-link-0123456789abcdef";
    conn.execute(
        "INSERT INTO invitee (meeting_id, email, role, hash, hash_digest) \
         VALUES (1, 'bob@example.org', 'participant', ?1, ?2)",
        rusqlite::params![link, jmb::domain::hash::digest(link)],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO reply_token (invitee_id, token, token_digest) VALUES (1, ?1, ?2)",
        rusqlite::params![FIXTURE_TOKEN, jmb::domain::hash::digest(FIXTURE_TOKEN)],
    )
    .unwrap();
    conn
}

fn bob_answer(conn: &rusqlite::Connection) -> String {
    conn.query_row("SELECT partstat FROM invitee WHERE id = 1", [], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn receive_mail_records_a_reply_for_a_token_drops_a_mail_without_one_and_answers_in_sysexits_codes()
{
    let dir = tempfile::tempdir().unwrap();
    let conn = meeting_the_fixtures_answer(dir.path());
    let to = format!("meetings+{FIXTURE_TOKEN}@reply.test");
    // The recipient from Postfix's pipe environment, or from the command line.
    let out = receive_mail(dir.path(), "gmail-declined.eml")
        .env("ORIGINAL_RECIPIENT", &to)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(bob_answer(&conn), "declined");
    let logged = String::from_utf8_lossy(&out.stdout);
    assert!(logged.contains("mail answer recorded"), "{logged}");
    assert!(
        !logged.contains(FIXTURE_TOKEN),
        "a token in the log: {logged}"
    );
    let out = receive_mail(dir.path(), "dsn-bounce.eml")
        .args(["--recipient", &to])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // No token: dropped and logged, not bounced (the sender of a forged token is forged too).
    let out = receive_mail(dir.path(), "forged-token.eml")
        .args(["--recipient", "meetings@reply.test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("mail dropped: no such reply token"));
    // Not a message: 65 (EX_DATAERR).
    let out = receive_mail(dir.path(), "human-reply.eml")
        .args(["--recipient", &to])
        .write_stdin(Vec::new())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65), "{out:?}");
}

#[test]
fn receive_mail_with_the_database_locked_says_75_and_the_same_mail_is_recorded_later() {
    let dir = tempfile::tempdir().unwrap();
    let conn = meeting_the_fixtures_answer(dir.path());
    let to = format!("meetings+{FIXTURE_TOKEN}@reply.test");
    // Another writer holds the database past jmb's busy timeout.
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = receive_mail(dir.path(), "thunderbird-tentative.eml")
        .args(["--recipient", &to])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75), "{out:?}");
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(bob_answer(&conn), "needs-action");
    // The MTA tries again with the same message.
    let out = receive_mail(dir.path(), "thunderbird-tentative.eml")
        .args(["--recipient", &to])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(bob_answer(&conn), "tentative");
}

#[test]
fn receive_mail_keeps_the_mail_in_the_mta_when_it_cannot_tell_where_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    // No recipient at all, or no reply address configured: 75, the MTA tries again later.
    let out = receive_mail(dir.path(), "gmail-declined.eml")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--recipient"));
    let out = jmb()
        .args(["receive-mail", "--config"])
        .arg(minimal_config(dir.path()))
        .args(["--recipient", "meetings+x@reply.test"])
        .write_stdin("Subject: x\r\n\r\nx\r\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("mail.reply_address"));
}

#[test]
fn copy_database_takes_its_target_out_of_the_command_line_and_says_why() {
    let help = jmb().args(["copy-database", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for needle in ["JMB_COPY_TO_URL", "--to-file", "`ps`"] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
    let dir = tempfile::tempdir().unwrap();
    let config = minimal_config(dir.path());
    let migrated = jmb()
        .args(["migrate", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(migrated.status.success(), "{migrated:?}");
    // No target at all: the error names the two ways that keep the password out of `ps`.
    let out = jmb()
        .args(["copy-database", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("JMB_COPY_TO_URL") && err.contains("--to-file"),
        "{err}"
    );
    // From the environment, then from a file: the copy goes there (nothing listens on port
    // 1) and the password is in no message.
    let url = "postgres://jmb:pw-not-in-ps@127.0.0.1:1/jmb?connect_timeout=2";
    let url_file = dir.path().join("target-url");
    std::fs::write(&url_file, format!("{url}\n")).unwrap();
    let by_env = jmb()
        .args(["copy-database", "--config"])
        .arg(&config)
        .env("JMB_COPY_TO_URL", url)
        .output()
        .unwrap();
    let by_file = jmb()
        .args(["copy-database", "--config"])
        .arg(&config)
        .arg("--to-file")
        .arg(&url_file)
        .output()
        .unwrap();
    for out in [by_env, by_file] {
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("into PostgreSQL"), "{err}");
        assert!(
            err.contains("127.0.0.1") || err.to_lowercase().contains("connect"),
            "the copy tried the target: {err}"
        );
        assert!(!err.contains("pw-not-in-ps"), "{err}");
    }
}

#[test]
fn receive_mail_with_postgresql_unreachable_says_75_and_leaves_the_mail_to_the_mta() {
    let dir = tempfile::tempdir().unwrap();
    let config = minimal_config(dir.path());
    let mut text = std::fs::read_to_string(&config).unwrap();
    text = text.replacen(
        "[database]\n",
        "[database]\nurl = \"postgres://jmb@127.0.0.1:1/jmb?connect_timeout=2\"\n",
        1,
    );
    text.push_str("[server]\nsecret_key = \"cli-cookie-key-of-at-least-32-bytes-0123456789\"\n");
    text.push_str("[mail]\nreply_address = \"meetings@reply.test\"\n");
    std::fs::write(&config, text).unwrap();
    let out = jmb()
        .args(["receive-mail", "--config"])
        .arg(&config)
        .args([
            "--recipient",
            &format!("meetings+{FIXTURE_TOKEN}@reply.test"),
        ])
        .write_stdin(std::fs::read("tests/fixtures/replies/thunderbird-tentative.eml").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot reach the database") && err.contains("tries again later"),
        "{err}"
    );
}
