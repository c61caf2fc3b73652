//! `install.sh --root DIR`, as a packager (or CI) runs it: the tree, the modes, the unit,
//! the generated configuration, and an upgrade that keeps data and configuration.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn install(root: &Path) -> String {
    let out = Command::new("bash")
        .arg(repo().join("install.sh"))
        .arg("--root")
        .arg(root)
        .arg("--binary")
        .arg(env!("CARGO_BIN_EXE_jmb"))
        .env_remove("JMB_CONFIG")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "install.sh failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

fn secret_line(config: &str, key: &str) -> String {
    config
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap()
        .to_string()
}

#[test]
fn install_sh_stages_a_complete_hardened_installation_and_upgrades_it_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    let first = install(&root);
    assert!(first.contains("not creating the system user"), "{first}");
    assert!(first.contains("configuration is valid"), "{first}");

    let bin = root.join("usr/local/bin/jmb");
    let config = root.join("etc/jmb/jmb.toml");
    let state = root.join("var/lib/jmb");
    let unit = root.join("etc/systemd/system/jmb.service");
    let share = root.join("usr/local/share/jmb");
    assert_eq!(mode(&bin), 0o755);
    assert_eq!(mode(&config), 0o640);
    assert_eq!(mode(&state), 0o750);
    assert_eq!(mode(&unit), 0o644);
    assert!(state.join("jmb.db").is_file());
    assert_eq!(
        std::fs::read(&bin).unwrap(),
        std::fs::read(env!("CARGO_BIN_EXE_jmb")).unwrap()
    );
    for sample in [
        "jmb.toml",
        "jmb.service",
        "apache-mod_auth_cas.conf",
        "apache-mod_auth_openidc.conf",
        "nginx-auth_request.conf",
        "prosody.cfg.lua",
    ] {
        assert!(
            share.join("conf-samples").join(sample).is_file(),
            "{sample}"
        );
    }
    for plugin in ["jmb_", "jitsi_videobridge_"] {
        let p = share.join("munin").join(plugin);
        assert!(p.is_symlink(), "{plugin}");
        assert_eq!(mode(&p.canonicalize().unwrap()), 0o755);
    }

    // Secrets are generated, random, and never the sample's placeholders.
    let text = std::fs::read_to_string(&config).unwrap();
    let app_secret = secret_line(&text, "app_secret");
    let hooks_secret = secret_line(&text, "secret");
    for line in [&app_secret, &hooks_secret] {
        let value = line.split('"').nth(1).unwrap();
        assert_eq!(value.len(), 64, "{line}");
        assert!(value.bytes().all(|b| b.is_ascii_hexdigit()), "{line}");
    }
    assert_ne!(app_secret, hooks_secret);
    assert!(
        !text.contains("change-me-to"),
        "placeholder left in:\n{text}"
    );

    // The unit runs the installed binary as `jmb`, locked down.
    let unit_text = std::fs::read_to_string(&unit).unwrap();
    for line in [
        "User=jmb",
        "ExecStart=/usr/local/bin/jmb serve",
        "Environment=JMB_CONFIG=/etc/jmb/jmb.toml",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/jmb",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "CapabilityBoundingSet=",
    ] {
        assert!(
            unit_text.lines().any(|l| l == line),
            "{line} missing:\n{unit_text}"
        );
    }

    // The installed binary accepts the installed configuration.
    let out = Command::new(&bin)
        .args(["check-config", "--config"])
        .arg(&config)
        .env_remove("JMB_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The operator edits the configuration and the service books a meeting.
    let edited = text.replace("language = \"fr\"", "language = \"en\"");
    assert_ne!(edited, text);
    std::fs::write(&config, &edited).unwrap();
    let db = rusqlite::Connection::open(state.join("jmb.db")).unwrap();
    db.execute(
        "INSERT INTO meeting (uid, room, subject, owner, owner_email, starts_at, duration_min, \
         ends_at, created_at, updated_at) \
         VALUES ('u1', 'kept-room', 'Réunion', 'alice', 'alice@example.org', 0, 60, 3600, 0, 0)",
        [],
    )
    .unwrap();
    drop(db);

    // Running it again upgrades in place: same configuration, same data.
    let second = install(&root);
    assert!(second.contains("keeping"), "{second}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), edited);
    let db = rusqlite::Connection::open(state.join("jmb.db")).unwrap();
    let subject: String = db
        .query_row(
            "SELECT subject FROM meeting WHERE room = 'kept-room'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(subject, "Réunion");
    assert_eq!(mode(&config), 0o640);
}

#[test]
fn the_systemd_unit_passes_systemd_s_own_security_review() {
    let analyze = Path::new("/usr/bin/systemd-analyze");
    if !analyze.is_file() {
        assert!(
            std::env::var("CI").is_err(),
            "systemd-analyze is missing under CI"
        );
        eprintln!("SKIPPED: systemd-analyze is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    install(&root);
    let out = Command::new(analyze)
        .args(["security", "--offline=yes", "--threshold=20"])
        .arg(format!("--root={}", root.display()))
        .arg("jmb.service")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exposure above 2.0 (20 on systemd-analyze's 0-100 scale):\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.contains("Overall exposure level for jmb.service"),
        "{report}"
    );
}

/// A test tool from Debian, or a skip (a failure under CI, where tests/run installs it).
fn tool(path: &str) -> Option<PathBuf> {
    let p = PathBuf::from(path);
    if p.is_file() {
        return Some(p);
    }
    assert!(
        std::env::var("CI").is_err(),
        "{path} is missing under CI (tests/support/install.sh installs it)"
    );
    eprintln!("SKIPPED: {path} is not installed; run tests/run");
    None
}

fn check(cmd: &mut Command, what: &str) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{what}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The sample with its certificate paths and listening address made local.
fn localised(sample: &str, dir: &Path, listen: (&str, &str)) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("conf-samples").join(sample))
        .unwrap()
        .replace(
            "/etc/ssl/certs/booking.example.org.pem",
            &dir.join("cert.pem").display().to_string(),
        )
        .replace(
            "/etc/ssl/private/booking.example.org.key",
            &dir.join("key.pem").display().to_string(),
        )
        .replace(
            "/var/cache/apache2/mod_auth_cas/",
            &format!("{}/", dir.display()),
        )
        .replace(listen.0, listen.1);
    let path = dir.join(sample);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_front_end_samples_pass_apache_and_nginx_configuration_checks() {
    let (Some(apache), Some(nginx), Some(openssl)) = (
        tool("/usr/sbin/apache2"),
        tool("/usr/sbin/nginx"),
        tool("/usr/bin/openssl"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    check(
        Command::new(openssl)
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args(["-subj", "/CN=booking.example.org", "-keyout"])
            .arg(d.join("key.pem"))
            .arg("-out")
            .arg(d.join("cert.pem")),
        "openssl",
    );
    let modules = Path::new("/usr/lib/apache2/modules");
    for sample in ["apache-mod_auth_cas.conf", "apache-mod_auth_openidc.conf"] {
        let site = localised(
            sample,
            d,
            ("<VirtualHost *:443>", "<VirtualHost 127.0.0.1:443>"),
        );
        let mut conf = format!(
            "ServerRoot /etc/apache2\nServerName localhost\nDefaultRuntimeDir {0}\n\
             PidFile {0}/apache.pid\nErrorLog {0}/apache.log\nListen 127.0.0.1:443\n",
            d.display()
        );
        for m in [
            "mpm_event",
            "authz_core",
            "authn_core",
            "authz_user",
            "ssl",
            "socache_shmcb",
            "proxy",
            "proxy_http",
            "headers",
            "auth_cas",
            "auth_openidc",
        ] {
            conf.push_str(&format!(
                "LoadModule {m}_module {}/mod_{m}.so\n",
                modules.display()
            ));
        }
        conf.push_str(&format!("Include {}\n", site.display()));
        let main = d.join(format!("httpd-{sample}"));
        std::fs::write(&main, conf).unwrap();
        check(Command::new(&apache).arg("-t").arg("-f").arg(&main), sample);
    }
    let site = localised(
        "nginx-auth_request.conf",
        d,
        ("listen 443 ssl;", "listen 127.0.0.1:443 ssl;"),
    );
    let main = d.join("nginx.conf");
    std::fs::write(
        &main,
        format!(
            "pid {0}/nginx.pid;\nerror_log {0}/nginx.log;\nevents {{}}\nhttp {{\n include {1};\n}}\n",
            d.display(),
            site.display()
        ),
    )
    .unwrap();
    check(
        Command::new(nginx)
            .arg("-t")
            .arg("-c")
            .arg(&main)
            .arg("-e")
            .arg(d.join("nginx.log")),
        "nginx-auth_request.conf",
    );
}

#[test]
fn the_prosody_sample_is_valid_lua_and_matches_jmb_s_defaults() {
    // Prosody's configuration is Lua: luac parses it without running it.
    let Some(luac) = tool("/usr/bin/luac5.4") else {
        return;
    };
    let sample = repo().join("conf-samples/prosody.cfg.lua");
    check(Command::new(luac).arg("-p").arg(&sample), "prosody.cfg.lua");
    let text = std::fs::read_to_string(sample).unwrap();
    for line in [
        "authentication = \"token\"",
        "app_id = \"jmb\"",
        "allow_empty_token = true",
        "asap_accepted_audiences = { \"jitsi\" }",
        "api_prefix = \"https://booking.example.org/hooks/prosody\"",
        "\"event_sync_component\"",
        // Moderators who are not invitees are told apart by their token's context.user.
        "include_user_info = true",
        // jitsi-meet's own module; jitsi-contrib's is now token_affiliation_legacy.
        "\"token_affiliation\";                -- jitsi-meet's",
        "token_affiliation_legacy",
        // Debian 12's Prosody runs Lua 5.4; Debian's basexx and inspect stop at 5.3.
        "/usr/local/share/lua/5.4/basexx.lua",
        "/usr/local/share/lua/5.4/inspect.lua",
    ] {
        assert!(text.contains(line), "{line}");
    }
}

/// Every path shape jmb answers (`src/web/mod.rs`), and whether a front end must ask for a
/// login first. Personal links, calendar files and feeds, Prosody's and Jibri's hooks, the
/// health check and static files must stay reachable without one.
const ROUTES: &[(&str, bool)] = &[
    ("/", false),
    ("/healthz", false),
    ("/static/jmb.css", false),
    ("/join/AbC-123_xyz", false),
    ("/invitation/AbC-123_xyz", false),
    ("/meeting/AbC-123_xyz.ics", false),
    ("/ical/AbC-123_xyz.ics", false),
    ("/guest/AbC-123_xyz", false),
    ("/hooks/prosody/events/room/created", false),
    ("/hooks/prosody/events/occupant/left", false),
    ("/hooks/recording", false),
    ("/join.cgi", false),
    ("/invitation.cgi", false),
    ("/ical.cgi", false),
    ("/close.cgi", false),
    ("/login", false),
    ("/logout", false),
    ("/auth/callback", false),
    ("/booking", true),
    ("/booking/", true),
    ("/booking/new", true),
    ("/booking/1", true),
    ("/booking/1/edit", true),
    ("/booking/1/delete", true),
    ("/booking/1/attendance.csv", true),
    ("/token/1", true),
    ("/meet", true),
    ("/meet/1", true),
    ("/room", true),
    ("/room/open", true),
    ("/room/rotate", true),
    ("/ical", true),
    ("/ical/rotate", true),
    ("/api/v1/meetings", true),
    ("/api/v1/meetings/1/invitees/2", true),
    ("/api/v1/directory", true),
    ("/booking.cgi", true),
    ("/token.cgi", true),
];

/// The organiser-route pattern of a front-end sample, as the sample spells it.
fn protected_pattern(sample: &str) -> String {
    let text = std::fs::read_to_string(repo().join("conf-samples").join(sample)).unwrap();
    let patterns: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("<LocationMatch \"")
                .and_then(|p| p.strip_suffix("\">"))
                .or_else(|| {
                    l.strip_prefix("location ~ ")
                        .and_then(|p| p.strip_suffix(" {"))
                })
        })
        .collect();
    assert_eq!(patterns.len(), 1, "{sample}: {patterns:?}");
    patterns[0].to_string()
}

/// Apache (`LocationMatch`) and nginx (`location ~`) match these patterns with PCRE against
/// the decoded path without its query. Rust's `regex` agrees with PCRE on everything they
/// use (alternation, groups, `^`, `$`, escaped dots); the live test below asks the servers.
#[test]
fn each_sample_asks_a_login_for_organiser_routes_only() {
    for sample in [
        "apache-mod_auth_cas.conf",
        "apache-mod_auth_openidc.conf",
        "nginx-auth_request.conf",
    ] {
        let pattern = protected_pattern(sample);
        let re = regex::Regex::new(&pattern).unwrap();
        let wrong: Vec<String> = ROUTES
            .iter()
            .filter(|(path, organiser)| re.is_match(path) != *organiser)
            .map(|(path, organiser)| {
                let want = if *organiser { "login" } else { "public" };
                format!("{path} should be {want}")
            })
            .collect();
        assert!(
            wrong.is_empty(),
            "{sample} ({pattern}):\n{}",
            wrong.join("\n")
        );
    }
}
