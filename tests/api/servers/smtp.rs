//! `tests/support/smtp_capture.py` (aiosmtpd), the mail relay of the tests.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

use super::{ChildGuard, TestCa, support_dir, unavailable, venv_python, wait_for_count};

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
        let listening = guard
            .wait_for_line("LISTENING ", Duration::from_secs(15))
            .await
            .and_then(|p| p.parse::<u16>().map_err(|e| format!("LISTENING {p}: {e}")));
        match listening {
            Ok(port) => self.port = port,
            Err(e) => return unavailable("smtp", format!("did not open its port: {e}")),
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
        match wait_for_count(n, Duration::from_secs(20), || self.messages()).await {
            Ok(got) => got,
            Err(got) => {
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
