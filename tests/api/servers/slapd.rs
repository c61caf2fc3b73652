//! OpenLDAP `slapd` with the test directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use tempfile::TempDir;

use super::{ChildGuard, TestCa, free_port, unavailable};

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
///
/// slapd reads port 0 as LDAP's default port (389), so the OS cannot choose: it is started on
/// a port that was free, and kept only once its own process holds that port (a listening
/// socket among its file descriptors). When another process took the port meanwhile, slapd
/// exits (or never holds it) and is started again on another one.
pub struct Slapd {
    pub port: u16,
    pub ldaps_port: Option<u16>,
    // Declared before `dir`: the server stops before its directory is removed.
    guard: Option<ChildGuard>,
    tls: Option<TestCa>,
    dir: TempDir,
}

/// How many ports a start tries before it gives up.
const SLAPD_ATTEMPTS: usize = 5;

impl Slapd {
    pub async fn start() -> Option<Slapd> {
        Self::start_picking(false, free_port).await
    }

    pub async fn start_with_tls() -> Option<Slapd> {
        Self::start_picking(true, free_port).await
    }

    /// With the ports `pick` offers, tried in turn until slapd holds them.
    pub async fn start_picking(tls: bool, mut pick: impl FnMut() -> u16) -> Option<Slapd> {
        for bin in ["/usr/sbin/slapd", "/usr/sbin/slapadd"] {
            if !Path::new(bin).is_file() {
                unavailable("ldap", format!("{bin} is missing"));
                return None;
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("data")).unwrap();
        let tls = match tls {
            true => Some(TestCa::new()?),
            false => None,
        };
        let tls_conf = tls
            .as_ref()
            .map(|ca| {
                format!(
                    "TLSCACertificateFile {}\nTLSCertificateFile {}\nTLSCertificateKeyFile {}\n",
                    ca.ca.display(),
                    ca.cert.display(),
                    ca.key.display()
                )
            })
            .unwrap_or_default();
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
            port: 0,
            ldaps_port: None,
            guard: None,
            tls,
            dir,
        };
        let mut failures = Vec::new();
        for _ in 0..SLAPD_ATTEMPTS {
            me.port = pick();
            me.ldaps_port = me.tls.is_some().then(&mut pick);
            match me.launch().await {
                Ok(guard) => {
                    me.guard = Some(guard);
                    return Some(me);
                }
                Err(e) => failures.push(e),
            }
        }
        unavailable("ldap", failures.join("\n"));
        None
    }

    /// Starts (again) on the same ports with the same data.
    pub async fn resume(&mut self) -> bool {
        match self.launch().await {
            Ok(guard) => {
                self.guard = Some(guard);
                true
            }
            Err(e) => unavailable("ldap", e),
        }
    }

    /// slapd on `port` (and `ldaps_port`), once its own process holds them.
    async fn launch(&self) -> Result<ChildGuard, String> {
        let mut urls = format!("ldap://127.0.0.1:{}/", self.port);
        if let Some(p) = self.ldaps_port {
            urls.push_str(&format!(" ldaps://127.0.0.1:{p}/"));
        }
        let mut cmd = Command::new("/usr/sbin/slapd");
        cmd.arg("-f")
            .arg(self.dir.path().join("slapd.conf"))
            .arg("-h")
            .arg(&urls)
            .arg("-d")
            .arg("0");
        let mut guard = ChildGuard::spawn("ldap", cmd, self.dir.path().join("slapd.log"))
            .map_err(|e| e.to_string())?;
        let wanted: Vec<u16> = [Some(self.port), self.ldaps_port]
            .into_iter()
            .flatten()
            .collect();
        guard
            .wait_for_ports(
                |held| wanted.iter().all(|p| held.contains(p)),
                Duration::from_secs(15),
            )
            .await
            .map_err(|e| format!("{urls}: {e}"))?;
        Ok(guard)
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
        self.tls.as_ref().expect("started with TLS").ca.clone()
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
