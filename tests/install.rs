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
    // The binary's line tables wait in /usr/lib/debug (see the backtrace test below).
    let debug = root.join("usr/lib/debug/usr/local/bin/jmb.debug");
    assert_eq!(mode(&debug), 0o644);
    assert!(
        std::fs::metadata(&bin).unwrap().len()
            < std::fs::metadata(env!("CARGO_BIN_EXE_jmb")).unwrap().len()
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

/// What `jmb check-config` leaves on stderr when its stdout is a full disk (the one panic a
/// user can cause on purpose), with Rust's backtrace on.
fn backtrace_of(bin: &Path, config: &Path) -> String {
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(bin)
        .args(["check-config", "--config"])
        .arg(config)
        .env_remove("JMB_CONFIG")
        .env("RUST_BACKTRACE", "1")
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(err.contains("stack backtrace:"), "{err}");
    err
}

#[test]
fn the_installed_binary_ships_without_line_tables_and_keeps_names_in_backtraces() {
    let Some(readelf) = tool("/usr/bin/readelf") else {
        return;
    };
    let sections = |path: &Path| {
        let out = Command::new(&readelf)
            .args(["-S", "--wide"])
            .arg(path)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    install(&root);
    let bin = root.join("usr/local/bin/jmb");
    let debug = root.join("usr/lib/debug/usr/local/bin/jmb.debug");
    let config = root.join("etc/jmb/jmb.toml");
    assert!(sections(env!("CARGO_BIN_EXE_jmb").as_ref()).contains(" .debug_line "));
    let shipped = sections(&bin);
    assert!(!shipped.contains(" .debug_line "), "{shipped}");
    assert!(shipped.contains(" .symtab "), "{shipped}");
    assert!(shipped.contains(" .gnu_debuglink "), "{shipped}");
    assert!(sections(&debug).contains(" .debug_line "));

    // Without the debug file, every function is still named.
    let bare = backtrace_of(&bin, &config);
    assert!(bare.contains("jmb::main"), "{bare}");
    assert!(!bare.contains("src/main.rs:"), "{bare}");
    // The binary names its debug file: beside it (where a staged root can put it; on the host
    // /usr/lib/debug/usr/local/bin is searched too), file and line come back.
    std::fs::copy(&debug, bin.with_file_name("jmb.debug")).unwrap();
    let full = backtrace_of(&bin, &config);
    assert!(full.contains("jmb::main"), "{full}");
    assert!(full.contains("src/main.rs:"), "{full}");
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

/// The sample with its certificate paths and listening address (and any other `local`
/// replacement) made local.
fn localised(sample: &str, dir: &Path, local: &[(&str, &str)]) -> PathBuf {
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
        );
    let text = local
        .iter()
        .fold(text, |text, (from, to)| text.replace(from, to));
    let path = dir.join(sample);
    std::fs::write(&path, text).unwrap();
    path
}

/// A self-signed certificate for the samples' TLS listeners, in `d`.
fn certificate(openssl: &Path, d: &Path) {
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
}

/// A main Apache configuration in `d` listening on `ports` and including `sites`.
fn apache_main(d: &Path, name: &str, ports: &[u16], sites: &[PathBuf]) -> PathBuf {
    let modules = Path::new("/usr/lib/apache2/modules");
    let mut conf = format!(
        "ServerRoot /etc/apache2\nServerName localhost\nDefaultRuntimeDir {0}\n\
         PidFile {0}/{name}.pid\nErrorLog {0}/{name}.log\n",
        d.display()
    );
    for port in ports {
        conf.push_str(&format!("Listen 127.0.0.1:{port}\n"));
    }
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
    for site in sites {
        conf.push_str(&format!("Include {}\n", site.display()));
    }
    let main = d.join(format!("{name}.conf"));
    std::fs::write(&main, conf).unwrap();
    main
}

/// A main nginx configuration in `d` with the sample `site` and `more` server blocks.
fn nginx_main(d: &Path, site: &Path, more: &str) -> PathBuf {
    let main = d.join("nginx.conf");
    std::fs::write(
        &main,
        format!(
            "pid {0}/nginx.pid;\nerror_log {0}/nginx.log;\nevents {{}}\nhttp {{\n \
             access_log off;\n client_body_temp_path {0};\n proxy_temp_path {0};\n \
             include {1};\n{more}}}\n",
            d.display(),
            site.display()
        ),
    )
    .unwrap();
    main
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
    certificate(&openssl, d);
    for sample in ["apache-mod_auth_cas.conf", "apache-mod_auth_openidc.conf"] {
        let site = localised(
            sample,
            d,
            &[("<VirtualHost *:443>", "<VirtualHost 127.0.0.1:443>")],
        );
        let main = apache_main(d, &format!("httpd-{sample}"), &[443], &[site]);
        check(Command::new(&apache).arg("-t").arg("-f").arg(&main), sample);
    }
    let site = localised(
        "nginx-auth_request.conf",
        d,
        &[("listen 443 ssl;", "listen 127.0.0.1:443 ssl;")],
    );
    let main = nginx_main(d, &site, "");
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

/// A server started for one test, stopped when the test ends (even by a panic).
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// What a front end answers to `GET url`: status, Location, body. `headers` are sent along.
fn fetch(curl: &Path, url: &str, headers: &[&str]) -> (u16, String, String) {
    let mut cmd = Command::new(curl);
    cmd.args(["-sk", "-D", "-", "--max-time", "20"]);
    for h in headers {
        cmd.arg("-H").arg(h);
    }
    let out = cmd.arg(url).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no answer from {url}: {text}"));
    let location = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("location")
                .then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    (status, location, body.to_string())
}

/// Waits until the front end on `port` answers (curl retries while nothing listens).
fn wait_for(curl: &Path, port: u16) {
    let out = Command::new(curl)
        .args([
            "-sk",
            "-o",
            "/dev/null",
            "--retry",
            "30",
            "--retry-connrefused",
        ])
        .args(["--retry-delay", "1", "--max-time", "40"])
        .arg(format!("https://127.0.0.1:{port}/healthz"))
        .output()
        .unwrap();
    assert!(out.status.success(), "nothing listens on {port}");
}

/// The samples in real Apache and nginx: every route of [`ROUTES`] either asks for a login
/// (and never reaches jmb) or reaches jmb with any identity header the client forged
/// removed. nginx stands in for jmb and for oauth2-proxy, answering what it was sent.
#[test]
fn the_front_ends_ask_a_login_for_organiser_routes_and_pass_the_rest_to_jmb() {
    let (Some(apache), Some(nginx), Some(openssl), Some(curl)) = (
        tool("/usr/sbin/apache2"),
        tool("/usr/sbin/nginx"),
        tool("/usr/bin/openssl"),
        tool("/usr/bin/curl"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    certificate(&openssl, d);
    let [jmb, oauth2, front, cas, oidc] = [(); 5].map(|()| free_port());
    let jmb_at = format!("127.0.0.1:{jmb}");
    let oauth2_at = format!("127.0.0.1:{oauth2}");

    let site = localised(
        "nginx-auth_request.conf",
        d,
        &[
            ("listen 443 ssl;", &format!("listen 127.0.0.1:{front} ssl;")),
            ("127.0.0.1:8080", &jmb_at),
            ("127.0.0.1:4180", &oauth2_at),
        ],
    );
    let stand_ins = format!(
        r#" default_type text/plain;
 server {{
  listen {jmb_at};
  location / {{ return 200 "jmb $uri user=$http_x_remote_user mail=$http_x_remote_mail name=$http_x_remote_name
"; }}
 }}
 server {{
  listen {oauth2_at};
  location = /oauth2/auth {{
   if ($http_cookie ~ "signed-in") {{
    add_header X-Auth-Request-Preferred-Username alice always;
    add_header X-Auth-Request-Email alice@example.org always;
    return 202;
   }}
   return 401;
  }}
  location / {{ return 200 "oauth2-proxy $uri $args host=$http_x_forwarded_host proto=$http_x_forwarded_proto
"; }}
 }}
"#
    );
    let main = nginx_main(d, &site, &stand_ins);
    let _nginx = Running(
        Command::new(&nginx)
            // One process, which the test's end stops for good.
            .args(["-g", "daemon off; master_process off;", "-c"])
            .arg(&main)
            .arg("-e")
            .arg(d.join("nginx.log"))
            .spawn()
            .unwrap(),
    );
    let sites = [
        localised(
            "apache-mod_auth_cas.conf",
            d,
            &[
                (
                    "<VirtualHost *:443>",
                    &format!("<VirtualHost 127.0.0.1:{cas}>"),
                ),
                ("127.0.0.1:8080", &jmb_at),
            ],
        ),
        localised(
            "apache-mod_auth_openidc.conf",
            d,
            &[
                (
                    "<VirtualHost *:443>",
                    &format!("<VirtualHost 127.0.0.1:{oidc}>"),
                ),
                ("127.0.0.1:8080", &jmb_at),
                // A provider that is not there: a login is asked for, and fails at once.
                (
                    "https://sso.example.org",
                    &format!("http://{oauth2_at}/no-provider"),
                ),
            ],
        ),
    ];
    let apache_conf = apache_main(d, "apache-live", &[cas, oidc], &sites);
    let _apache = Running(
        Command::new(&apache)
            .arg("-X")
            .arg("-f")
            .arg(&apache_conf)
            .spawn()
            .unwrap(),
    );

    for port in [front, cas, oidc] {
        wait_for(&curl, port);
    }
    let forged = [
        "X-Remote-User: mallory",
        "X-Remote-Mail: mallory@evil.example",
    ];
    let mut wrong = Vec::new();
    for (path, organiser) in ROUTES {
        let reached_jmb = |body: &str| body.starts_with(&format!("jmb {path} user= mail= name=\n"));
        let (status, location, body) =
            fetch(&curl, &format!("https://127.0.0.1:{front}{path}"), &forged);
        let ok = if *organiser {
            status == 302
                && location.ends_with(&format!(
                    "/oauth2/sign_in?rd=https://127.0.0.1:{front}{path}"
                ))
        } else {
            status == 200 && reached_jmb(&body)
        };
        if !ok {
            wrong.push(format!("nginx {path}: {status} {location} {body}"));
        }
        let (status, location, body) =
            fetch(&curl, &format!("https://127.0.0.1:{cas}{path}"), &forged);
        let ok = if *organiser {
            status == 302 && location.starts_with("https://cas.example.org/cas/login?service=")
        } else {
            status == 200 && reached_jmb(&body)
        };
        if !ok {
            wrong.push(format!("CAS {path}: {status} {location} {body}"));
        }
        let (status, location, body) =
            fetch(&curl, &format!("https://127.0.0.1:{oidc}{path}"), &forged);
        let ok = if *organiser {
            !body.starts_with("jmb ")
        } else {
            status == 200 && reached_jmb(&body)
        };
        if !ok {
            wrong.push(format!("OpenID Connect {path}: {status} {location} {body}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Signed in at nginx: jmb gets oauth2-proxy's login and mail, never the forged ones.
    let mut signed_in = forged.to_vec();
    signed_in.push("Cookie: _oauth2_proxy=signed-in");
    let (status, _, body) = fetch(
        &curl,
        &format!("https://127.0.0.1:{front}/booking/1"),
        &signed_in,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        "jmb /booking/1 user=alice mail=alice@example.org name=\n"
    );
    // oauth2-proxy learns the host and port people use, and the scheme.
    let (status, _, body) = fetch(
        &curl,
        &format!("https://127.0.0.1:{front}/oauth2/sign_in"),
        &[],
    );
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(&format!("host=127.0.0.1:{front} proto=https")),
        "{body}"
    );
    // /metrics is for local scrapers only.
    for port in [front, cas, oidc] {
        let (status, _, body) = fetch(&curl, &format!("https://127.0.0.1:{port}/metrics"), &[]);
        assert!(!body.starts_with("jmb "), "{port}: {status} {body}");
    }
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
    ("/webhooks", true),
    ("/webhooks/1/delete", true),
    ("/api/v1/meetings", true),
    ("/api/v1/meetings/1/invitees/2", true),
    ("/api/v1/directory", true),
    // jmb serves its API description to anyone; behind the samples it sits under /api/ too.
    ("/api/v1/openapi.json", true),
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
