//! Real test servers (DESIGN §9), each started by the test that needs it on a loopback port
//! of its own and stopped when its handle is dropped, so tests run in parallel and share
//! nothing. `tests/support/install.sh` installs them; `tests/run` calls it first.
//!
//! A server that cannot start skips the test with a message on a developer's machine, and
//! fails it under `CI=true`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

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

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn wait_for_port(port: u16, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
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
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One message as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct Captured {
    pub raw: Vec<u8>,
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// The login the client authenticated with, if it did.
    pub auth_user: Option<String>,
}

impl Captured {
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.raw)
            .expect("a parsable message")
    }

    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_string()
    }

    pub fn to(&self) -> String {
        self.rcpt_tos.join(",")
    }

    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    pub fn html(&self) -> String {
        self.parsed()
            .body_html(0)
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.parsed().header_raw(name).map(|v| v.trim().to_string())
    }

    /// Every `text/calendar` part: (its MIME `method` parameter, whether it is an
    /// attachment, its decoded text).
    pub fn calendar_parts(&self) -> Vec<(String, bool, String)> {
        use mail_parser::MimeHeaders;
        let msg = self.parsed();
        msg.parts
            .iter()
            .filter(|p| {
                p.content_type().is_some_and(|ct| {
                    ct.ctype().eq_ignore_ascii_case("text")
                        && ct
                            .subtype()
                            .is_some_and(|s| s.eq_ignore_ascii_case("calendar"))
                })
            })
            .map(|p| {
                let method = p
                    .content_type()
                    .and_then(|ct| ct.attribute("method"))
                    .unwrap_or("")
                    .to_string();
                let attachment = p
                    .content_disposition()
                    .is_some_and(|d| d.ctype().eq_ignore_ascii_case("attachment"));
                let text = String::from_utf8(p.contents().to_vec()).unwrap();
                (method, attachment, text)
            })
            .collect()
    }

    /// The MIME types of the message's leaf parts, in order (`text/plain`, …).
    pub fn leaf_types(&self) -> Vec<String> {
        use mail_parser::{MimeHeaders, PartType};
        let msg = self.parsed();
        msg.parts
            .iter()
            .filter(|p| !matches!(p.body, PartType::Multipart(_)))
            .map(|p| {
                p.content_type()
                    .map(|ct| {
                        format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")).to_lowercase()
                    })
                    .unwrap_or_default()
            })
            .collect()
    }

    /// The first link in the text part that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> String {
        let text = self.text();
        let start = text
            .find(prefix)
            .unwrap_or_else(|| panic!("no link {prefix} in:\n{text}"));
        text[start..].split_whitespace().next().unwrap().to_string()
    }
}

/// Parses iCalendar text with Python's `icalendar` (`tests/support/ics_json.py`), an
/// independent parser, and returns what it read. Panics when it cannot parse.
pub fn ics_json(ics: &str) -> Option<Value> {
    use std::io::Write as _;
    let python = venv_python();
    if !python.is_file() {
        unavailable(
            "python icalendar",
            format!("{} is missing", python.display()),
        );
        return None;
    }
    let mut child = Command::new(&python)
        .arg(support_dir().join("ics_json.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ics.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python icalendar refused:\n{}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// `tests/support/smtp_capture.py` (aiosmtpd): every message it accepts is saved as `.eml`
/// with its envelope beside it.
pub struct SmtpCapture {
    pub port: u16,
    dir: TempDir,
    guard: Option<ChildGuard>,
    /// Options for `smtp_capture.py` (`--auth`, `--tls-cert`…).
    options: Vec<String>,
}

impl SmtpCapture {
    /// On a port the OS chooses: a port picked beforehand could be taken by another test's
    /// server meanwhile, and this test's mail would land there.
    pub async fn start() -> Option<SmtpCapture> {
        Self::start_on(0).await
    }

    /// On a given port (a server that comes back after an outage); 0 = the OS chooses.
    pub async fn start_on(port: u16) -> Option<SmtpCapture> {
        Self::start_with(port, Vec::new()).await
    }

    /// A server that accepts mail only after AUTH with `user`/`password`.
    pub async fn start_with_login(user: &str, password: &str) -> Option<SmtpCapture> {
        Self::start_with(0, vec!["--auth".into(), format!("{user}:{password}")]).await
    }

    /// A server speaking TLS with `tls`'s certificate: STARTTLS, or from the first byte.
    pub async fn start_tls(tls: &TestCa, implicit: bool) -> Option<SmtpCapture> {
        let mut options = vec![
            "--tls-cert".to_string(),
            tls.cert.display().to_string(),
            "--tls-key".to_string(),
            tls.key.display().to_string(),
        ];
        if implicit {
            options.push("--implicit-tls".into());
        }
        Self::start_with(0, options).await
    }

    /// A server with any other `smtp_capture.py` options (`--fail-rcpt ADDR`…).
    pub async fn start_with(port: u16, options: Vec<String>) -> Option<SmtpCapture> {
        let dir = tempfile::tempdir().unwrap();
        let mut me = SmtpCapture {
            port,
            dir,
            guard: None,
            options,
        };
        me.resume().await.then_some(me)
    }

    /// Starts (again) on the same port, keeping what was received.
    pub async fn resume(&mut self) -> bool {
        let python = venv_python();
        if !python.is_file() {
            return unavailable("smtp", format!("{} is missing", python.display()));
        }
        let mut cmd = Command::new(&python);
        cmd.arg(support_dir().join("smtp_capture.py"))
            .arg("--listen")
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("--outdir")
            .arg(self.dir.path().join("mail"));
        cmd.args(&self.options);
        let log = self.dir.path().join("smtp.log");
        let mut guard = match ChildGuard::spawn("smtp", cmd, log) {
            Ok(g) => g,
            Err(e) => return unavailable("smtp", e),
        };
        // The script says LISTENING once *it* accepts: a port answering is not enough, it
        // could be another test's server.
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let log = guard.log_text();
            if let Some(port) = log
                .lines()
                .find_map(|l| l.strip_prefix("LISTENING "))
                .and_then(|p| p.trim().parse::<u16>().ok())
            {
                self.port = port;
                break;
            }
            if !guard.is_running() || Instant::now() > deadline {
                return unavailable("smtp", format!("did not open its port: {log}"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.guard = Some(guard);
        true
    }

    /// Stops the server (an outage); what it received stays readable.
    pub fn stop(&mut self) {
        self.guard = None;
    }

    /// Every message received so far, in arrival order.
    pub fn messages(&self) -> Vec<Captured> {
        let dir = self.dir.path().join("mail");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
            .into_iter()
            .map(|eml| {
                let envelope: Value =
                    serde_json::from_slice(&std::fs::read(eml.with_extension("json")).unwrap())
                        .unwrap();
                Captured {
                    raw: std::fs::read(&eml).unwrap(),
                    mail_from: envelope["mail_from"].as_str().unwrap_or("").to_string(),
                    auth_user: envelope["auth_user"].as_str().map(str::to_string),
                    rcpt_tos: envelope["rcpt_tos"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_lowercase))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect()
    }

    /// Waits until at least `n` messages arrived, then a little longer so that an extra one
    /// (a duplicate) would show; returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Captured> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let got = self.messages();
            if got.len() >= n {
                tokio::time::sleep(Duration::from_millis(300)).await;
                return self.messages();
            }
            if Instant::now() > deadline {
                let log = self
                    .guard
                    .as_ref()
                    .map(|g| g.log_text())
                    .unwrap_or_default();
                panic!(
                    "expected {n} messages, got {}: {:?}\nthe server's log:\n{log}",
                    got.len(),
                    got.iter()
                        .map(|m| (m.to(), m.subject()))
                        .collect::<Vec<_>>()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Messages for one recipient.
    pub fn to(&self, addr: &str) -> Vec<Captured> {
        let addr = addr.to_lowercase();
        self.messages()
            .into_iter()
            .filter(|m| m.rcpt_tos.contains(&addr))
            .collect()
    }
}

/// `openssl`, for the test certificates of the TLS servers.
fn openssl(dir: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("openssl: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "openssl {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A throwaway CA and a certificate for 127.0.0.1 signed by it: `ca.pem`, `server.pem`,
/// `server.key` in `dir`.
pub fn make_test_certificates(dir: &Path) -> Result<(), String> {
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509", "-days", "2", "-subj", "/CN=jmb test CA"];
    ca.extend(ec);
    ca.extend(["-keyout", "ca.key", "-out", "ca.pem"]);
    openssl(dir, &ca)?;
    let mut csr = vec!["req", "-subj", "/CN=127.0.0.1"];
    csr.extend(ec);
    csr.extend(["-keyout", "server.key", "-out", "server.csr"]);
    openssl(dir, &csr)?;
    std::fs::write(
        dir.join("server.ext"),
        "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n\
         keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| e.to_string())?;
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "server.ext",
            "-out",
            "server.pem",
        ],
    )
}

pub const LDAP_SUFFIX: &str = "dc=example,dc=org";
pub const LDAP_PEOPLE: &str = "ou=people,dc=example,dc=org";
pub const LDAP_ADMIN_DN: &str = "cn=admin,dc=example,dc=org";
pub const LDAP_ADMIN_PASSWORD: &str = "adminpw";
/// Who may book in the test directory: carol (a student) may not.
pub const LDAP_EDITOR_FILTER: &str = "(employeeType=staff)";

/// One person of the test directory.
pub struct LdapPerson {
    pub uid: &'static str,
    pub cn: &'static str,
    pub sn: &'static str,
    pub mail: Option<&'static str>,
    pub employee_type: &'static str,
}

/// The test directory under `ou=people`: alice's mail differs from `login@example.org` so
/// that tests see where a mail came from; dave's surname contains a `*`; nora has no mail.
pub const LDAP_PEOPLE_ENTRIES: &[LdapPerson] = &[
    LdapPerson {
        uid: "alice",
        cn: "Alice Anders",
        sn: "Anders",
        mail: Some("alice.anders@example.org"),
        employee_type: "staff",
    },
    LdapPerson {
        uid: "bob",
        cn: "Bob Berg",
        sn: "Berg",
        mail: Some("bob@example.org"),
        employee_type: "staff",
    },
    LdapPerson {
        uid: "carol",
        cn: "Carol Céline",
        sn: "Céline",
        mail: Some("carol@example.org"),
        employee_type: "student",
    },
    LdapPerson {
        uid: "dave",
        cn: "Dave Star*",
        sn: "Star*",
        mail: Some("dave@example.org"),
        employee_type: "staff",
    },
    LdapPerson {
        uid: "ringo",
        cn: "Ringo Starr",
        sn: "Starr",
        mail: Some("ringo@example.org"),
        employee_type: "staff",
    },
    LdapPerson {
        uid: "nora",
        cn: "Nora Nomail",
        sn: "Nomail",
        mail: None,
        employee_type: "staff",
    },
];

/// An LDIF line, base64 when the value is not plain ASCII (RFC 2849).
fn ldif_attr(name: &str, value: &str) -> String {
    use base64::Engine;
    let plain = value.is_ascii()
        && !value.starts_with([' ', ':', '<'])
        && !value.ends_with(' ')
        && !value.contains(['\n', '\r', '\0']);
    if plain {
        format!("{name}: {value}\n")
    } else {
        let b64 = base64::engine::general_purpose::STANDARD.encode(value);
        format!("{name}:: {b64}\n")
    }
}

fn test_directory_ldif() -> String {
    let mut ldif = format!(
        "dn: {LDAP_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n\
         dn: {LDAP_PEOPLE}\nobjectClass: organizationalUnit\nou: people\n\n\
         dn: ou=services,{LDAP_SUFFIX}\nobjectClass: organizationalUnit\nou: services\n\n\
         dn: uid=alice-svc,ou=services,{LDAP_SUFFIX}\nobjectClass: inetOrgPerson\nuid: alice-svc\n\
         cn: Alice Service\nsn: Service\nmail: alice-svc@example.org\nemployeeType: staff\n\n"
    );
    for p in LDAP_PEOPLE_ENTRIES {
        ldif.push_str(&format!(
            "dn: uid={},{LDAP_PEOPLE}\nobjectClass: inetOrgPerson\n",
            p.uid
        ));
        ldif.push_str(&ldif_attr("uid", p.uid));
        ldif.push_str(&ldif_attr("cn", p.cn));
        ldif.push_str(&ldif_attr("sn", p.sn));
        if let Some(mail) = p.mail {
            ldif.push_str(&ldif_attr("mail", mail));
        }
        ldif.push_str(&ldif_attr("employeeType", p.employee_type));
        ldif.push_str(&format!("userPassword: {}pw\n\n", p.uid));
    }
    // More namesakes than one lookup returns.
    for n in 1..=LDAP_TESS_COUNT {
        ldif.push_str(&format!(
            "dn: uid=tess{n:02},{LDAP_PEOPLE}\nobjectClass: inetOrgPerson\nuid: tess{n:02}\n\
             cn: Tess Person {n:02}\nsn: Person\nmail: tess{n:02}@example.org\nemployeeType: staff\n\n"
        ));
    }
    ldif
}

/// People named "Tess Person NN" in the test directory.
pub const LDAP_TESS_COUNT: usize = 12;

/// OpenLDAP `slapd` with its own `slapd.conf` and database in a temp dir, the test directory
/// loaded with `slapadd`. With TLS, it also speaks StartTLS on `port` and LDAPS on `ldaps_port`
/// with a certificate from a throwaway CA (`ca_file()`).
pub struct Slapd {
    pub port: u16,
    pub ldaps_port: Option<u16>,
    dir: TempDir,
    guard: Option<ChildGuard>,
}

impl Slapd {
    pub async fn start() -> Option<Slapd> {
        Self::start_with(false).await
    }

    pub async fn start_with_tls() -> Option<Slapd> {
        Self::start_with(true).await
    }

    async fn start_with(tls: bool) -> Option<Slapd> {
        for bin in ["/usr/sbin/slapd", "/usr/sbin/slapadd"] {
            if !Path::new(bin).is_file() {
                unavailable("ldap", format!("{bin} is missing"));
                return None;
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("data")).unwrap();
        let mut tls_conf = String::new();
        if tls {
            if let Err(e) = make_test_certificates(d) {
                unavailable("ldap", e);
                return None;
            }
            tls_conf = format!(
                "TLSCACertificateFile {0}/ca.pem\nTLSCertificateFile {0}/server.pem\n\
                 TLSCertificateKeyFile {0}/server.key\n",
                d.display()
            );
        }
        let conf = format!(
            "include /etc/ldap/schema/core.schema\n\
             include /etc/ldap/schema/cosine.schema\n\
             include /etc/ldap/schema/nis.schema\n\
             include /etc/ldap/schema/inetorgperson.schema\n\
             modulepath /usr/lib/ldap\nmoduleload back_mdb\n\
             pidfile {dir}/slapd.pid\n{tls_conf}\
             database mdb\nmaxsize 104857600\n\
             suffix \"{LDAP_SUFFIX}\"\nrootdn \"{LDAP_ADMIN_DN}\"\nrootpw {LDAP_ADMIN_PASSWORD}\n\
             directory {dir}/data\n\
             index objectClass,uid,mail eq\n\
             access to attrs=userPassword by self write by anonymous auth by * none\n\
             access to * by * read\n",
            dir = d.display()
        );
        std::fs::write(d.join("slapd.conf"), conf).unwrap();
        std::fs::write(d.join("users.ldif"), test_directory_ldif()).unwrap();
        let out = Command::new("/usr/sbin/slapadd")
            .arg("-q")
            .arg("-f")
            .arg(d.join("slapd.conf"))
            .arg("-l")
            .arg(d.join("users.ldif"))
            .output();
        match out {
            Ok(o) if o.status.success() => {}
            Ok(o) => {
                unavailable("ldap", String::from_utf8_lossy(&o.stderr));
                return None;
            }
            Err(e) => {
                unavailable("ldap", e);
                return None;
            }
        }
        let mut me = Slapd {
            port: free_port(),
            ldaps_port: tls.then(free_port),
            dir,
            guard: None,
        };
        me.resume().await.then_some(me)
    }

    /// Starts (again) on the same ports with the same data.
    pub async fn resume(&mut self) -> bool {
        let mut urls = format!("ldap://127.0.0.1:{}/", self.port);
        if let Some(p) = self.ldaps_port {
            urls.push_str(&format!(" ldaps://127.0.0.1:{p}/"));
        }
        let mut cmd = Command::new("/usr/sbin/slapd");
        cmd.arg("-f")
            .arg(self.dir.path().join("slapd.conf"))
            .arg("-h")
            .arg(urls)
            .arg("-d")
            .arg("0");
        let guard = match ChildGuard::spawn("ldap", cmd, self.dir.path().join("slapd.log")) {
            Ok(g) => g,
            Err(e) => return unavailable("ldap", e),
        };
        if !wait_for_port(self.port, Duration::from_secs(15)).await {
            let log = guard.log_text();
            return unavailable("ldap", format!("did not open its port: {log}"));
        }
        self.guard = Some(guard);
        true
    }

    /// An outage: the port closes, the data stays for `resume`.
    pub fn stop(&mut self) {
        self.guard = None;
    }

    pub fn url(&self) -> String {
        format!("ldap://127.0.0.1:{}", self.port)
    }

    pub fn ldaps_url(&self) -> String {
        format!(
            "ldaps://127.0.0.1:{}",
            self.ldaps_port.expect("started with TLS")
        )
    }

    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// What jmb needs to use this directory, with the test editor filter.
    pub fn config(&self) -> jmb::config::LdapConfig {
        jmb::config::LdapConfig {
            url: self.url(),
            base_dn: LDAP_PEOPLE.into(),
            editor_filter: LDAP_EDITOR_FILTER.into(),
            timeout_s: 5,
            ..jmb::config::LdapConfig::default()
        }
    }

    /// Changes the directory behind jmb's back (`ldapmodify` as the admin).
    pub fn modify(&self, ldif: &str) {
        use std::io::Write;
        let mut child = Command::new("ldapmodify")
            .args([
                "-x",
                "-H",
                &self.url(),
                "-D",
                LDAP_ADMIN_DN,
                "-w",
                LDAP_ADMIN_PASSWORD,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ldapmodify runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(ldif.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "ldapmodify failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `tests/support/oidc_provider.mjs`: oidc-provider 9 (a certified OpenID provider library)
/// with one client, `jmb` / `jmb-secret`, that logs in the `login_hint` user (or `OIDC_USER`)
/// and consents by itself, on an OS-chosen port.
pub struct OidcProvider {
    pub port: u16,
    pub issuer: String,
    _guard: ChildGuard,
    _dir: TempDir,
}

pub const OIDC_CLIENT_ID: &str = "jmb";
pub const OIDC_CLIENT_SECRET: &str = "jmb-secret";

impl OidcProvider {
    pub async fn start() -> Option<OidcProvider> {
        Self::start_with(&[]).await
    }

    /// With extra environment for the provider script (see its header).
    pub async fn start_with(env: &[(&str, &str)]) -> Option<OidcProvider> {
        let script = support_dir().join("oidc_provider.mjs");
        if !support_dir().join("node_modules/oidc-provider").is_dir() {
            unavailable(
                "oidc",
                "tests/support/node_modules/oidc-provider is missing",
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new("node");
        cmd.arg(&script)
            .current_dir(support_dir())
            .env("OIDC_PORT", "0")
            .env("OIDC_CLIENT_ID", OIDC_CLIENT_ID)
            .env("OIDC_CLIENT_SECRET", OIDC_CLIENT_SECRET);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut guard = match ChildGuard::spawn("oidc", cmd, dir.path().join("oidc.log")) {
            Ok(g) => g,
            Err(e) => {
                unavailable("oidc", e);
                return None;
            }
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let log = guard.log_text();
            if let Some(port) = log
                .lines()
                .find_map(|l| l.strip_prefix("LISTENING "))
                .and_then(|p| p.trim().parse::<u16>().ok())
            {
                let issuer = log
                    .lines()
                    .find_map(|l| l.strip_prefix("ISSUER "))
                    .map(|i| i.trim().to_string())
                    .unwrap_or_else(|| format!("http://127.0.0.1:{port}"));
                return Some(OidcProvider {
                    port,
                    issuer,
                    _guard: guard,
                    _dir: dir,
                });
            }
            if !guard.is_running() || Instant::now() > deadline {
                unavailable("oidc", format!("did not start: {log}"));
                return None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Over HTTPS with a certificate for `localhost` signed by `ca`.
    pub async fn start_tls(ca: &TestCa) -> Option<OidcProvider> {
        let (cert, key) = (ca.cert.display().to_string(), ca.key.display().to_string());
        Self::start_with(&[("OIDC_TLS_CERT", &cert), ("OIDC_TLS_KEY", &key)]).await
    }

    pub fn log_text(&self) -> String {
        self._guard.log_text()
    }

    /// What jmb needs to use this provider, with the default claims.
    pub fn config(&self) -> jmb::config::OidcConfig {
        jmb::config::OidcConfig {
            issuer_url: self.issuer.clone(),
            client_id: OIDC_CLIENT_ID.into(),
            client_secret: jmb::config::Secret::new(OIDC_CLIENT_SECRET),
            ..jmb::config::OidcConfig::default()
        }
    }
}

/// Runs a `tests/support/*.mjs` script that drives Debian's chromium through playwright-core,
/// and returns what it printed (JSON); `None` when the browser is not installed.
pub async fn run_browser_script(script: &str, args: &[&str]) -> Option<Value> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        unavailable("browser", format!("{chromium} is missing"));
        return None;
    }
    if !support_dir().join("node_modules/playwright-core").is_dir() {
        unavailable(
            "browser",
            "tests/support/node_modules/playwright-core is missing",
        );
        return None;
    }
    let mut cmd = Command::new("node");
    cmd.arg(support_dir().join(script))
        .args(args)
        .current_dir(support_dir());
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .unwrap();
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            unavailable("browser", e);
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{script} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or_default();
    Some(serde_json::from_str(last).unwrap_or_else(|_| panic!("{script} printed {text}")))
}

/// Runs the independent iCalendar checkers on `ics`: a strict RFC 5545 lint
/// (`ics_lint.py`), libical (Evolution's parser, which also applies RFC 5546 rules to iTIP
/// messages) and ical.js (Thunderbird's). Panics with their output when one refuses it;
/// returns false when they are not installed (outside CI).
pub fn check_ics(ics: &str) -> bool {
    let python = venv_python();
    let node_modules = support_dir().join("node_modules/ical.js");
    if !python.is_file() || !node_modules.is_dir() {
        return unavailable(
            "iCalendar checkers",
            "tests/support/.venv or node_modules/ical.js is missing",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("check.ics");
    std::fs::write(&file, ics).unwrap();
    for (what, program, script) in [
        ("strict RFC 5545 lint", python.clone(), "ics_lint.py"),
        ("libical", python.clone(), "libical_check.py"),
        ("ical.js", PathBuf::from("node"), "icaljs_check.mjs"),
    ] {
        let out = Command::new(&program)
            .arg(support_dir().join(script))
            .arg(&file)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
        assert!(
            out.status.success(),
            "{what} refused the calendar:\n{}{}\n{ics}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    true
}

/// Validates jmb's OpenAPI `document` (openapi-spec-validator) and each recorded exchange
/// with the API against it (openapi-core), with `openapi_check.py`. Panics with the
/// validators' findings; returns false when they are not installed (outside CI).
pub fn check_openapi(document: &Value, exchanges: &[Value]) -> bool {
    let python = venv_python();
    let ready = python.is_file()
        && Command::new(&python)
            .args(["-c", "import openapi_core, openapi_spec_validator"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready {
        return unavailable(
            "OpenAPI validators",
            "openapi-core or openapi-spec-validator is missing from tests/support/.venv",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let (doc_file, exchanges_file) = (dir.path().join("openapi.json"), dir.path().join("x.json"));
    std::fs::write(&doc_file, document.to_string()).unwrap();
    std::fs::write(&exchanges_file, Value::from(exchanges.to_vec()).to_string()).unwrap();
    let out = Command::new(&python)
        .arg(support_dir().join("openapi_check.py"))
        .arg(&doc_file)
        .arg(&exchanges_file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run openapi_check.py: {e}"));
    assert!(
        out.status.success(),
        "the OpenAPI validators refused:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// Prosody (Debian) on a loopback port of its own, with a MUC component, plaintext c2s and
/// its configuration and data in a temporary directory (DESIGN §9). Accounts: `jmb` (the
/// service) and `ann`, `bob` (people in rooms), each with the password `<name>pw`.
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
        let Ok(prosodyctl) = which("prosodyctl") else {
            unavailable("prosody", "prosodyctl is not installed");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let root = dir.path();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::create_dir_all(root.join("certs")).unwrap();
        let config = format!(
            r#"-- Written by tests/api/servers.rs for one test.
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
            port,
            guard: None,
            dir,
        };
        me.resume().await.then_some(me)
    }

    /// Starts (again) on the same port and data: accounts are kept.
    pub async fn resume(&mut self) -> bool {
        let mut cmd = Command::new("prosody");
        cmd.arg("-F")
            .arg("--config")
            .arg(self.dir.path().join("prosody.cfg.lua"));
        let guard = match ChildGuard::spawn("prosody", cmd, self.dir.path().join("stdout.log")) {
            Ok(g) => g,
            Err(e) => return unavailable("prosody", e),
        };
        if !wait_for_port(self.port, Duration::from_secs(15)).await {
            let log =
                std::fs::read_to_string(self.dir.path().join("prosody.log")).unwrap_or_default();
            return unavailable(
                "prosody",
                format!("did not open its port: {}{log}", guard.log_text()),
            );
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

fn which(program: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(program))
                .find(|p| p.is_file())
        })
        .ok_or(())
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
        let deadline = Instant::now() + Duration::from_secs(20);
        while !guard.log_text().contains("JOINED") {
            if !guard.is_running() || Instant::now() > deadline {
                panic!(
                    "the test client could not join {room}: {}",
                    guard.log_text()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
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
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let got = self.messages();
            if got.len() >= n {
                tokio::time::sleep(Duration::from_millis(300)).await;
                return self.messages();
            }
            if Instant::now() > deadline {
                panic!("expected {n} room messages, got {got:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// A throwaway certificate authority and a server certificate it signed for `localhost`
/// (made with `openssl`), for testing TLS against a private CA.
pub struct TestCa {
    _dir: TempDir,
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl TestCa {
    pub fn new() -> Option<TestCa> {
        let dir = tempfile::tempdir().unwrap();
        let p = |name: &str| dir.path().join(name);
        let ext = p("ext.cnf");
        std::fs::write(
            &ext,
            "basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        let steps: [Vec<String>; 3] = [
            vec![
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=jmb test CA",
                "-keyout",
            ]
            .into_iter()
            .map(String::from)
            .chain([
                p("ca.key").display().to_string(),
                "-out".into(),
                p("ca.pem").display().to_string(),
            ])
            .collect(),
            vec![
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
            ]
            .into_iter()
            .map(String::from)
            .chain([
                p("server.key").display().to_string(),
                "-out".into(),
                p("server.csr").display().to_string(),
            ])
            .collect(),
            vec!["x509", "-req", "-days", "2", "-in"]
                .into_iter()
                .map(String::from)
                .chain([
                    p("server.csr").display().to_string(),
                    "-CA".into(),
                    p("ca.pem").display().to_string(),
                    "-CAkey".into(),
                    p("ca.key").display().to_string(),
                    "-CAcreateserial".into(),
                    "-extfile".into(),
                    ext.display().to_string(),
                    "-out".into(),
                    p("server.pem").display().to_string(),
                ])
                .collect(),
        ];
        for args in steps {
            match Command::new("openssl").args(&args).output() {
                Ok(out) if out.status.success() => {}
                Ok(out) => {
                    unavailable("openssl", String::from_utf8_lossy(&out.stderr));
                    return None;
                }
                Err(e) => {
                    unavailable("openssl", e);
                    return None;
                }
            }
        }
        Some(TestCa {
            ca: p("ca.pem"),
            cert: p("server.pem"),
            key: p("server.key"),
            _dir: dir,
        })
    }
}
