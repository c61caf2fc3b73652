//! A real PostgreSQL server (Debian's `postgresql`): an unprivileged cluster in a temp dir,
//! `fsync=off`, listening only on a unix socket in that dir (no port to pick or to share).
//! One cluster per test process ([`PgServer::shared`]), one database per test
//! ([`PgServer::database`]); a test that stops and starts its server has one of its own
//! ([`PgServer::start`]).
//!
//! initdb refuses to run as root, so as root the cluster runs as `nobody`. Each server runs
//! under a small shell that holds the test process's end of a pipe: when the test process
//! ends, however it ends, the pipe closes and the shell stops the server and removes its dir.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::unavailable;

/// The user the cluster runs as when the tests run as root.
const UNPRIVILEGED: &str = "nobody";
/// The cluster's superuser, who owns every test database.
pub const PG_USER: &str = "jmb";

pub struct PgServer {
    dir: PathBuf,
    bin: PathBuf,
    keeper: Mutex<Option<(Child, ChildStdin)>>,
}

fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

fn is_root() -> bool {
    // The effective uid, without libc: /proc/self/status's "Uid:" line.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// `program args…`, as the unprivileged user when we are root.
fn as_cluster_user(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", UNPRIVILEGED, "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

impl PgServer {
    /// The cluster this test process shares, started on first use; `None` (the test is
    /// skipped) when PostgreSQL is not installed, and a failure under `CI=true`.
    pub fn shared() -> Option<&'static PgServer> {
        static SHARED: OnceLock<Result<PgServer, String>> = OnceLock::new();
        match SHARED.get_or_init(PgServer::start_cluster) {
            Ok(server) => Some(server),
            Err(why) => {
                unavailable("PostgreSQL", why);
                None
            }
        }
    }

    /// A cluster of this test's own (to stop and start it).
    pub fn start() -> Option<PgServer> {
        match PgServer::start_cluster() {
            Ok(server) => Some(server),
            Err(why) => {
                unavailable("PostgreSQL", why);
                None
            }
        }
    }

    fn start_cluster() -> Result<PgServer, String> {
        let bin = bin_dir().ok_or("no /usr/lib/postgresql/*/bin/initdb (Debian's postgresql)")?;
        let dir = tempfile::Builder::new()
            .prefix("jmb-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?
            .keep();
        if is_root() {
            let (uid, gid) = (65534, 65534); // nobody:nogroup on Debian
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).map_err(|e| e.to_string())?;
        }
        let data = dir.join("data");
        let out = as_cluster_user(&bin.join("initdb"))
            .args(["-D"])
            .arg(&data)
            .args([
                "-U",
                PG_USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "-N",
            ])
            .output()
            .map_err(|e| format!("initdb: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let server = PgServer {
            dir,
            bin,
            keeper: Mutex::new(None),
        };
        server.start_server()?;
        Ok(server)
    }

    fn start_server(&self) -> Result<(), String> {
        let data = self.dir.join("data");
        // The shell waits for its stdin to close (this process ending, or `stop`), then stops
        // the server fast and, at the very end, removes the cluster.
        let script = format!(
            "{postgres} -D {data} -k {dir} -c listen_addresses= -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 \
             -c shared_buffers=32MB >{dir}/log 2>&1 & pid=$!; \
             cat >/dev/null; kill -INT $pid; wait $pid; \
             if [ ! -e {dir}/keep ]; then rm -rf {dir}; fi",
            postgres = self.bin.join("postgres").display(),
            data = data.display(),
            dir = self.dir.display(),
        );
        let mut child = as_cluster_user(Path::new("/bin/sh"))
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("postgres: {e}"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        *self.keeper.lock().unwrap() = Some((child, stdin));
        let socket = self.dir.join(".s.PGSQL.5432");
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if socket.exists()
                && self
                    .admin(|c| c.simple_query("SELECT 1").map(|_| ()))
                    .is_ok()
            {
                return Ok(());
            }
            // Once per cluster, before any app of the test runs: nothing else waits on it.
            #[allow(clippy::disallowed_methods)]
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "postgres did not start: {}",
            std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
        ))
    }

    /// Stops the server (fast shutdown: clients are disconnected), keeping its data.
    pub fn stop(&self) {
        std::fs::write(self.dir.join("keep"), b"").unwrap();
        if let Some((mut child, stdin)) = self.keeper.lock().unwrap().take() {
            drop(stdin);
            let _ = child.wait();
        }
    }

    /// Starts the stopped server again on the same data.
    pub fn restart(&self) {
        let _ = std::fs::remove_file(self.dir.join("keep"));
        self.start_server().unwrap();
    }

    /// The connection URL of database `name` (through the unix socket).
    pub fn url(&self, name: &str) -> String {
        let host: String =
            url::form_urlencoded::byte_serialize(self.dir.display().to_string().as_bytes())
                .collect();
        format!("postgresql://{PG_USER}@{host}/{name}")
    }

    /// Runs `f` on the `postgres` database on a thread of its own (PostgreSQL's blocking
    /// client cannot run inside the tests' async runtime).
    pub fn admin<T: Send>(
        &self,
        f: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error> + Send,
    ) -> Result<T, postgres::Error> {
        let url = self.url("postgres");
        std::thread::scope(|s| {
            s.spawn(move || {
                let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
                f(&mut client)
            })
            .join()
            .unwrap()
        })
    }

    /// A new empty database for one test; returns its URL.
    pub fn database(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let sql = format!("CREATE DATABASE {name}");
        self.admin(|c| c.batch_execute(&sql)).unwrap();
        self.url(&name)
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.dir.join("keep"));
        if let Some((mut child, mut stdin)) = self.keeper.lock().unwrap().take() {
            let _ = stdin.flush();
            drop(stdin);
            let _ = child.wait();
        }
    }
}

/// Whether this run's tests use PostgreSQL (`JMB_TEST_DATABASE=postgres`) instead of SQLite.
pub fn testing_postgres() -> bool {
    std::env::var("JMB_TEST_DATABASE").is_ok_and(|v| v == "postgres")
}
