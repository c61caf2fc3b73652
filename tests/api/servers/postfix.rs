//! Debian's Postfix as the site's MTA in front of jmb's reply address: its own
//! `config_directory`, `queue_directory` and `data_directory` in a temp dir, an smtpd on a
//! loopback port, the reply domain relayed to jmb over LMTP.
//!
//! Postfix runs as a daemon (`postfix start`, stopped with `postfix stop` at drop) and needs
//! root to start, as in CI. Its smtpd cannot take port 0: a free port is tried and another
//! one when the master cannot bind it (its start then fails), as for slapd.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use super::{free_port, unavailable};

/// The domain Postfix relays to jmb.
pub const REPLY_DOMAIN: &str = "reply.test";

const ATTEMPTS: usize = 5;

pub struct Postfix {
    /// Postfix's smtpd, where the tests submit mail.
    pub smtp_port: u16,
    config_dir: PathBuf,
    dir: TempDir,
}

impl Postfix {
    /// Postfix delivering `@reply.test` to `lmtp` (`inet:127.0.0.1:PORT` or `unix:/path`),
    /// refusing at RCPT time the recipients jmb's LMTP refuses (`reject_unverified_recipient`).
    pub async fn start(lmtp: &str) -> Option<Postfix> {
        if !Path::new("/usr/sbin/postfix").is_file() {
            unavailable("postfix", "/usr/sbin/postfix is missing");
            return None;
        }
        // Postfix's master starts as root only.
        let uid = Command::new("id").arg("-u").output().ok()?;
        if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
            unavailable("postfix", "starting Postfix needs root");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // Postfix's processes run as `postfix` and must reach their queue below this dir.
        chmod(d, 0o755);
        let config_dir = d.join("conf");
        for sub in ["conf", "queue", "data"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        let chown = Command::new("chown")
            .arg("postfix:postfix")
            .arg(d.join("data"))
            .status()
            .unwrap();
        assert!(chown.success(), "chown postfix {}", d.display());
        std::fs::write(config_dir.join("main.cf"), main_cf(d, lmtp)).unwrap();
        let mut last_error = String::new();
        for _ in 0..ATTEMPTS {
            let port = free_port();
            std::fs::write(config_dir.join("master.cf"), master_cf(port)).unwrap();
            let out = Command::new("/usr/sbin/postfix")
                .arg("-c")
                .arg(&config_dir)
                .arg("start")
                .output()
                .unwrap();
            if out.status.success()
                && super::wait_for_port(port, std::time::Duration::from_secs(5)).await
            {
                return Some(Postfix {
                    smtp_port: port,
                    config_dir,
                    dir,
                });
            }
            last_error = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stderr),
                std::fs::read_to_string(d.join("maillog")).unwrap_or_default()
            );
            stop(&config_dir);
        }
        unavailable("postfix", format!("it did not start: {last_error}"));
        None
    }

    /// Postfix's own log (`maillog_file`), for messages on failure.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("maillog")).unwrap_or_default()
    }
}

impl Drop for Postfix {
    fn drop(&mut self) {
        stop(&self.config_dir);
    }
}

fn stop(config_dir: &Path) {
    let stopped = Command::new("/usr/sbin/postfix")
        .arg("-c")
        .arg(config_dir)
        .arg("stop")
        .output()
        .is_ok_and(|o| o.status.success());
    if !stopped {
        let _ = Command::new("/usr/sbin/postfix")
            .arg("-c")
            .arg(config_dir)
            .arg("abort")
            .output();
    }
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The settings `conf-samples/postfix-main.cf.snippet` documents, around a private instance.
fn main_cf(d: &Path, lmtp: &str) -> String {
    let d = d.display();
    format!(
        "compatibility_level = 3.6
queue_directory = {d}/queue
data_directory = {d}/data
mail_owner = postfix
setgid_group = postdrop
maillog_file_prefixes = {d}
maillog_file = {d}/maillog
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = mx.{REPLY_DOMAIN}
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
biff = no
relay_domains = {REPLY_DOMAIN}
transport_maps = inline:{{ {REPLY_DOMAIN}=lmtp:{lmtp} }}
recipient_delimiter = +
smtpd_recipient_restrictions = reject_unauth_destination, reject_unverified_recipient, permit
unverified_recipient_reject_code = 550
address_verify_map =
address_verify_poll_delay = 1s
address_verify_poll_count = 10
"
    )
}

/// Only the services a relay needs, none chrooted.
fn master_cf(port: u16) -> String {
    format!(
        "127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"
    )
}
