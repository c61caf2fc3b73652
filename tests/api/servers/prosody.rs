//! Prosody, the XMPP server of the tests, and people sitting in its rooms.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

use super::{ChildGuard, support_dir, unavailable, venv_python, wait_for_count, which};

/// Prosody (Debian) on a loopback port of its own, with a MUC component, plaintext c2s and
/// its configuration and data in a temporary directory (DESIGN §9). Accounts: `jmb` (the
/// service) and `ann`, `bob` (people in rooms), each with the password `<name>pw`.
///
/// It first listens on port 0, so the OS chooses; its log only repeats the configured 0, so
/// the port is read from the one listening socket its process holds.
pub struct Prosody {
    pub port: u16,
    // Declared before `dir`: the server stops before its directory is removed.
    guard: Option<ChildGuard>,
    dir: TempDir,
}

pub const XMPP_DOMAIN: &str = "localhost";
pub const MUC_DOMAIN: &str = "conference.localhost";

impl Prosody {
    pub async fn start() -> Option<Prosody> {
        let Some(prosodyctl) = which("prosodyctl") else {
            unavailable("prosody", "prosodyctl is not installed");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::create_dir_all(root.join("certs")).unwrap();
        write_config(root, 0);
        for user in ["jmb", "ann", "bob"] {
            let out = Command::new(&prosodyctl)
                .arg("--config")
                .arg(root.join("prosody.cfg.lua"))
                .args(["register", user, XMPP_DOMAIN, &format!("{user}pw")])
                .output();
            match out {
                Ok(o) if o.status.success() => {}
                Ok(o) => {
                    unavailable("prosody", String::from_utf8_lossy(&o.stderr));
                    return None;
                }
                Err(e) => {
                    unavailable("prosody", e);
                    return None;
                }
            }
        }
        let mut me = Prosody {
            port: 0,
            guard: None,
            dir,
        };
        if !me.resume().await {
            return None;
        }
        // A restart after an outage comes back where jmb expects it.
        write_config(me.dir.path(), me.port);
        Some(me)
    }

    /// Starts (again) on the same port and data: accounts are kept.
    pub async fn resume(&mut self) -> bool {
        let mut cmd = Command::new("prosody");
        cmd.arg("-F")
            .arg("--config")
            .arg(self.dir.path().join("prosody.cfg.lua"));
        let mut guard = match ChildGuard::spawn("prosody", cmd, self.dir.path().join("stdout.log"))
        {
            Ok(g) => g,
            Err(e) => return unavailable("prosody", e),
        };
        // c2s is its only TCP listener. Prosody keeps running when it cannot bind, so only
        // its own socket on the port tells that the port is its.
        let wanted = self.port;
        let held = guard
            .wait_for_ports(
                |held| held.len() == 1 && (wanted == 0 || held[0] == wanted),
                Duration::from_secs(15),
            )
            .await;
        match held {
            Ok(ports) => self.port = ports[0],
            Err(e) => {
                let log = std::fs::read_to_string(self.dir.path().join("prosody.log"))
                    .unwrap_or_default();
                return unavailable("prosody", format!("did not open its port: {e}{log}"));
            }
        }
        self.guard = Some(guard);
        true
    }

    /// Stops the server (an outage).
    pub fn stop(&mut self) {
        self.guard = None;
    }

    /// jmb's `[xmpp]` section for this server.
    pub fn xmpp_config(&self) -> jmb::config::XmppConfig {
        jmb::config::XmppConfig {
            jid: format!("jmb@{XMPP_DOMAIN}"),
            password: jmb::config::Secret::new("jmbpw"),
            muc_domain: MUC_DOMAIN.into(),
            nickname: "Booking".into(),
            host: "127.0.0.1".into(),
            port: self.port,
            plaintext: true,
        }
    }

    /// `user` (ann or bob) sits in `room` and records what is said there.
    pub async fn listener(&self, user: &str, room: &str) -> Option<MucListener> {
        MucListener::join(self.port, user, room).await
    }
}

/// `root/prosody.cfg.lua` with c2s on `port` (0: the OS chooses).
fn write_config(root: &Path, port: u16) {
    let config = format!(
        r#"-- Written by tests/api/servers/prosody.rs for one test.
run_as_root = true
pidfile = "{root}/prosody.pid"
data_path = "{root}/data"
certificates = "{root}/certs"
admin_socket = "{root}/prosody.sock"
log = {{ {{ levels = {{ min = "info" }}, to = "file", filename = "{root}/prosody.log" }} }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {port} }}
c2s_direct_tls_ports = {{ }}
s2s_ports = {{ }}
http_ports = {{ }}
https_ports = {{ }}
modules_enabled = {{ "roster", "saslauth", "disco", "ping", "posix" }}
modules_disabled = {{ "s2s", "tls" }}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
storage = "internal"
VirtualHost "{XMPP_DOMAIN}"
Component "{MUC_DOMAIN}" "muc"
    restrict_room_creation = false
    muc_room_locking = false
"#,
        root = root.display()
    );
    std::fs::write(root.join("prosody.cfg.lua"), config).unwrap();
}

/// One groupchat message as a person in the room saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomMessage {
    pub nick: String,
    pub body: String,
}

/// `tests/support/muc_listen.py` (slixmpp): a person in a room, recording what is said.
pub struct MucListener {
    out: PathBuf,
    _guard: ChildGuard,
    _dir: TempDir,
}

impl MucListener {
    async fn join(port: u16, user: &str, room: &str) -> Option<MucListener> {
        let python = venv_python();
        if !python.is_file() {
            unavailable("slixmpp", format!("{} is missing", python.display()));
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("messages.jsonl");
        let mut cmd = Command::new(&python);
        cmd.arg(support_dir().join("muc_listen.py"))
            .args(["--jid", &format!("{user}@{XMPP_DOMAIN}")])
            .args(["--password", &format!("{user}pw")])
            .args(["--port", &port.to_string()])
            .args(["--room", &format!("{}@{MUC_DOMAIN}", room.to_lowercase())])
            .args(["--nick", user])
            .arg("--out")
            .arg(&out);
        let mut guard = match ChildGuard::spawn("muc_listen", cmd, dir.path().join("log")) {
            Ok(g) => g,
            Err(e) => {
                unavailable("slixmpp", e);
                return None;
            }
        };
        if let Err(e) = guard.wait_for_line("JOINED", Duration::from_secs(20)).await {
            panic!("the test client could not join {room}: {e}");
        }
        Some(MucListener {
            out,
            _guard: guard,
            _dir: dir,
        })
    }

    pub fn messages(&self) -> Vec<RoomMessage> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|line| {
                let v: Value = serde_json::from_str(line).unwrap();
                RoomMessage {
                    nick: v["nick"].as_str().unwrap().to_string(),
                    body: v["body"].as_str().unwrap().to_string(),
                }
            })
            .collect()
    }

    /// Waits until at least `n` messages arrived, then a little longer so that an extra one
    /// would show; returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<RoomMessage> {
        wait_for_count(n, Duration::from_secs(20), || self.messages())
            .await
            .unwrap_or_else(|got| panic!("expected {n} room messages, got {got:?}"))
    }
}
