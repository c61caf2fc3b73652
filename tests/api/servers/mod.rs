//! Real test servers (DESIGN §9), each started by the test that needs it on a loopback port
//! of its own and stopped when its handle is dropped, so tests run in parallel and share
//! nothing. `tests/support/install.sh` installs them; `tests/run` calls it first.
//!
//! A server that cannot start skips the test with a message on a developer's machine, and
//! fails it under `CI=true`.
//!
//! Every server learns its port from its own process, never by picking a free one first: a
//! port picked beforehand can be taken by another test's server meanwhile, and this test
//! would then talk to that one. The SMTP capture and the OpenID provider print the port the
//! OS gave them; Prosody takes port 0 and the port is read back from the sockets its process
//! holds; slapd cannot take port 0 (it means 389 there), so it is tried on a port and kept
//! only once its own process holds that port (see `slapd.rs`); Postfix's smtpd cannot either,
//! and is tried on another port when its master fails to bind one (see `postfix.rs`).

mod certificates;
mod checkers;
mod oidc;
mod postfix;
mod postgres;
mod prosody;
mod slapd;
mod smtp;
#[cfg(test)]
mod tests;

// Every name the tests use stays at `servers::…`, whichever file defines it; not every test
// module uses every name.
#[allow(unused_imports)]
pub use self::{
    certificates::TestCa,
    checkers::{check_ics, check_openapi, ics_json, run_browser_script},
    oidc::{OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OidcProvider},
    postfix::{Postfix, REPLY_DOMAIN},
    postgres::{PgServer, testing_postgres},
    prosody::{MUC_DOMAIN, MucListener, Prosody, RoomMessage, XMPP_DOMAIN},
    slapd::{
        LDAP_ADMIN_DN, LDAP_ADMIN_PASSWORD, LDAP_EDITOR_FILTER, LDAP_PEOPLE, LDAP_PEOPLE_ENTRIES,
        LDAP_SUFFIX, LDAP_TESS_COUNT, LdapPerson, Slapd,
    },
    smtp::{Captured, SmtpCapture},
};

use std::collections::HashSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn support_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support")
}

/// The Python of `tests/support/.venv` (aiosmtpd, slixmpp, icalendar…).
pub fn venv_python() -> PathBuf {
    support_dir().join(".venv/bin/python")
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A server is missing: fail under CI, else say so and return false so the caller skips.
pub fn unavailable(what: &str, why: impl std::fmt::Display) -> bool {
    if in_ci() {
        panic!("test server {what} is not available under CI=true: {why}");
    }
    eprintln!("SKIPPED: test server {what} is not available ({why}); run tests/run to install it");
    false
}

/// A port that was free a moment ago: for a test that needs a port where nothing listens
/// (yet). No server of this harness starts on one.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `check` every `every` until it gives an answer, or `within` has passed: `None` then.
/// `check` runs at least once, and once more after the deadline, so a slow machine that
/// wakes up late still sees a result that arrived meanwhile.
pub async fn poll_until<T>(
    within: Duration,
    every: Duration,
    mut check: impl AsyncFnMut() -> Option<T>,
) -> Option<T> {
    let deadline = Instant::now() + within;
    loop {
        let past = Instant::now() >= deadline;
        if let Some(answer) = check().await {
            return Some(answer);
        }
        if past {
            return None;
        }
        tokio::time::sleep(every).await;
    }
}

/// Waits until `fetch` returns at least `n` items, then a little longer so that an extra one
/// (a duplicate) would show; returns them all, or what there was when time ran out.
pub async fn wait_for_count<T>(
    n: usize,
    within: Duration,
    fetch: impl Fn() -> Vec<T>,
) -> Result<Vec<T>, Vec<T>> {
    let enough = poll_until(within, Duration::from_millis(50), async || {
        (fetch().len() >= n).then_some(())
    })
    .await;
    match enough {
        Some(()) => {
            tokio::time::sleep(Duration::from_millis(300)).await;
            Ok(fetch())
        }
        None => Err(fetch()),
    }
}

/// Whether something accepts connections on `port`: it may be anybody's, so only for a
/// server whose port nobody else can have (one the test itself owns).
pub async fn wait_for_port(port: u16, within: Duration) -> bool {
    poll_until(within, Duration::from_millis(50), async || {
        tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .ok()
            .map(|_| ())
    })
    .await
    .is_some()
}

/// A child process killed (and reaped) when dropped, even when the test panics.
pub struct ChildGuard {
    child: Child,
    pub name: &'static str,
    pub log: PathBuf,
}

impl ChildGuard {
    /// Starts `cmd` with its output in `log`.
    pub fn spawn(name: &'static str, mut cmd: Command, log: PathBuf) -> std::io::Result<Self> {
        let out = std::fs::File::create(&log)?;
        let err = out.try_clone()?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()?;
        Ok(Self { child, name, log })
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits for the process to print a line starting with `prefix` (`LISTENING `…) and
    /// returns the rest of that line; `Err` with its output when it exits or time runs out.
    pub async fn wait_for_line(
        &mut self,
        prefix: &str,
        within: Duration,
    ) -> Result<String, String> {
        self.watch(within, |me| {
            me.log_text()
                .lines()
                .find_map(|l| l.strip_prefix(prefix))
                .map(|rest| rest.trim().to_string())
        })
        .await
        .map_err(|e| format!("waiting for {prefix:?}: {e}"))
    }

    /// The TCP ports this process itself listens on (its own sockets, from `/proc`), sorted.
    pub fn listening_ports(&self) -> Vec<u16> {
        use procfs::process::{FDTarget, Process};
        let Some(me) = i32::try_from(self.child.id())
            .ok()
            .and_then(|pid| Process::new(pid).ok())
        else {
            return Vec::new();
        };
        let sockets: HashSet<u64> = me
            .fd()
            .map(|fds| {
                fds.filter_map(|fd| match fd.ok()?.target {
                    FDTarget::Socket(inode) => Some(inode),
                    _ => None,
                })
                .collect()
            })
            .unwrap_or_default();
        let mut ports: Vec<u16> = [me.tcp(), me.tcp6()]
            .into_iter()
            .flat_map(Result::unwrap_or_default)
            .filter(|e| e.state == procfs::net::TcpState::Listen && sockets.contains(&e.inode))
            .map(|e| e.local_address.port())
            .collect();
        ports.sort_unstable();
        ports.dedup();
        ports
    }

    /// Waits until this process listens on ports `done` accepts and returns them; `Err` with
    /// its output when it exits first or time runs out.
    pub async fn wait_for_ports(
        &mut self,
        done: impl Fn(&[u16]) -> bool,
        within: Duration,
    ) -> Result<Vec<u16>, String> {
        let held = self
            .watch(within, |me| Some(me.listening_ports()).filter(|p| done(p)))
            .await;
        held.map_err(|e| format!("it holds {:?}: {e}", self.listening_ports()))
    }

    /// Polls `check` until it answers, while the process runs.
    async fn watch<T>(
        &mut self,
        within: Duration,
        check: impl Fn(&Self) -> Option<T>,
    ) -> Result<T, String> {
        let found = poll_until(within, Duration::from_millis(20), async || {
            if let Some(answer) = check(self) {
                return Some(Ok(answer));
            }
            (!self.is_running()).then_some(Err(()))
        })
        .await;
        match found {
            Some(Ok(answer)) => Ok(answer),
            Some(Err(())) => Err(format!("{} exited: {}", self.name, self.log_text())),
            None => Err(format!(
                "{} still running after {within:?}: {}",
                self.name,
                self.log_text()
            )),
        }
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `program` on the `PATH`.
fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}
