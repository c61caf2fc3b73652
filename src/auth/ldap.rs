//! The LDAP directory (DESIGN §5): a person's mail and display name, whether the editor
//! filter lets them book, and the invitee lookup. One short connection per question (plain,
//! StartTLS or LDAPS, optional bind); `directory.rs` caches the answers so that questions are rare.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use ldap3::{LdapConnAsync, LdapConnSettings, Scope, SearchEntry, SearchOptions, ldap_escape};

use crate::config::LdapConfig;

/// LDAP result codes that still carry usable entries.
const RC_SUCCESS: u32 = 0;
const RC_SIZE_LIMIT_EXCEEDED: u32 = 4;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("LDAP error: {0}")]
    Ldap(#[from] ldap3::LdapError),
    #[error("the LDAP server did not answer within {0} s")]
    Timeout(u64),
    #[error("the LDAP server failed moments ago; not asking it again yet")]
    Resting,
    #[error("cannot use ldap.ca_file {path}: {reason}")]
    CaFile { path: String, reason: String },
}

/// What the directory says about one login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub mail: Option<String>,
    pub name: Option<String>,
    /// `language_attribute`'s value, when one is configured and the entry has it.
    pub language: Option<String>,
    /// Matches `editor_filter` (or there is no such filter).
    pub editor: bool,
}

/// An invitee suggestion.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Person {
    pub name: String,
    pub email: String,
}

pub struct Ldap {
    config: LdapConfig,
    tls: Option<Arc<rustls::ClientConfig>>,
}

impl Ldap {
    pub fn new(config: &LdapConfig) -> Result<Self, Error> {
        let tls = if config.ca_file.as_os_str().is_empty() {
            None
        } else {
            Some(Arc::new(tls_trusting(&config.ca_file)?))
        };
        Ok(Self {
            config: config.clone(),
            tls,
        })
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(self.config.timeout_s.max(1))
    }

    async fn connect(&self) -> Result<ldap3::Ldap, Error> {
        let mut settings = LdapConnSettings::new()
            .set_conn_timeout(self.timeout())
            .set_starttls(self.config.starttls);
        if let Some(tls) = &self.tls {
            settings = settings.set_config(tls.clone());
        }
        let (conn, mut ldap) = LdapConnAsync::with_settings(settings, &self.config.url).await?;
        tokio::spawn(async move {
            if let Err(e) = conn.drive().await {
                tracing::debug!(error = %e, "LDAP connection ended");
            }
        });
        if !self.config.bind_dn.is_empty() {
            ldap.simple_bind(&self.config.bind_dn, self.config.bind_password.expose())
                .await?
                .success()?;
        }
        Ok(ldap)
    }

    /// Runs one conversation under the configured timeout, however the server stalls.
    async fn with_connection<T, F>(&self, work: F) -> Result<T, Error>
    where
        F: AsyncFnOnce(&mut ldap3::Ldap) -> Result<T, Error>,
    {
        let conversation = async {
            let mut ldap = self.connect().await?;
            let result = work(&mut ldap).await;
            let _ = ldap.unbind().await;
            result
        };
        tokio::time::timeout(self.timeout(), conversation)
            .await
            .unwrap_or(Err(Error::Timeout(self.config.timeout_s)))
    }

    /// The entry of `login`, if `user_filter` finds one, with the editor decision.
    pub async fn fetch_user(&self, login: &str) -> Result<Option<Entry>, Error> {
        if !is_printable(login) {
            return Ok(None);
        }
        let c = &self.config;
        let filter = fill(&c.user_filter, "{login}", login);
        let mut attrs = vec![c.mail_attribute.as_str(), c.name_attribute.as_str()];
        if !c.language_attribute.is_empty() {
            attrs.push(c.language_attribute.as_str());
        }
        self.with_connection(async |ldap| {
            let (entries, _) = ldap
                .search(&c.base_dn, Scope::Subtree, &filter, &attrs)
                .await?
                .success()?;
            let Some(first) = entries.into_iter().next() else {
                return Ok(None);
            };
            let entry = SearchEntry::construct(first);
            let editor = if c.editor_filter.trim().is_empty() {
                true
            } else {
                // Asked of this very entry, so the editor filter cannot match someone else.
                let (hits, _) = ldap
                    .search(&entry.dn, Scope::Base, &c.editor_filter, ["1.1"])
                    .await?
                    .success()?;
                !hits.is_empty()
            };
            Ok(Some(Entry {
                mail: first_value(&entry.attrs, &c.mail_attribute),
                name: first_value(&entry.attrs, &c.name_attribute),
                language: (!c.language_attribute.is_empty())
                    .then(|| first_value(&entry.attrs, &c.language_attribute))
                    .flatten(),
                editor,
            }))
        })
        .await
    }

    /// The logins (`login_attribute`) of the entries whose mail is exactly `mail`: JMB knew
    /// owners by mail only. Two at most, which is enough to tell "ambiguous".
    pub async fn logins_by_mail(&self, mail: &str) -> Result<Vec<String>, Error> {
        if !is_printable(mail) {
            return Ok(Vec::new());
        }
        let c = &self.config;
        let filter = format!("({}={})", c.mail_attribute, ldap_escape(mail));
        self.with_connection(async |ldap| {
            let ldap3::SearchResult(entries, result) = ldap
                .with_search_options(SearchOptions::new().sizelimit(2))
                .search(
                    &c.base_dn,
                    Scope::Subtree,
                    &filter,
                    [c.login_attribute.as_str()],
                )
                .await?;
            if !matches!(result.rc, RC_SUCCESS | RC_SIZE_LIMIT_EXCEEDED) {
                return Err(Error::Ldap(ldap3::LdapError::from(result)));
            }
            Ok(entries
                .into_iter()
                .filter_map(|e| first_value(&SearchEntry::construct(e).attrs, &c.login_attribute))
                .collect())
        })
        .await
    }

    /// Up to `limit` people whose name or mail starts with `q`, sorted by name.
    pub async fn search(&self, q: &str, limit: usize) -> Result<Vec<Person>, Error> {
        if !is_printable(q) {
            return Ok(Vec::new());
        }
        let c = &self.config;
        let filter = fill(&c.search_filter, "{q}", q);
        let attrs = [c.mail_attribute.as_str(), c.name_attribute.as_str()];
        // Entries without a usable mail are dropped below, so ask for a few more.
        let size_limit = i32::try_from(limit.saturating_mul(3)).unwrap_or(i32::MAX);
        let entries = self
            .with_connection(async |ldap| {
                let result = ldap
                    .with_search_options(SearchOptions::new().sizelimit(size_limit))
                    .search(&c.base_dn, Scope::Subtree, &filter, &attrs)
                    .await?;
                match result.1.rc {
                    RC_SUCCESS | RC_SIZE_LIMIT_EXCEEDED => Ok(result.0),
                    _ => Err(Error::Ldap(ldap3::LdapError::from(result.1))),
                }
            })
            .await?;
        let mut people: Vec<Person> = entries
            .into_iter()
            .filter_map(|e| {
                let e = SearchEntry::construct(e);
                let email = first_value(&e.attrs, &c.mail_attribute)
                    .and_then(|m| crate::domain::invitee::normalize_email(&m).ok())?;
                let name = first_value(&e.attrs, &c.name_attribute)
                    .map(|n| crate::domain::invitee::clean_line(&n))
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| crate::domain::invitee::display_name_for("", &email));
                Some(Person { name, email })
            })
            .collect();
        people.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then_with(|| a.email.cmp(&b.email))
        });
        people.dedup_by(|a, b| a.email == b.email);
        people.truncate(limit);
        Ok(people)
    }
}

/// Puts a value into a filter template, escaped (RFC 4515) so that it can only ever be a
/// literal: `*`, `(`, `)`, `\` and NUL become `\2a`, `\28`, `\29`, `\5c`, `\00`.
pub fn fill(template: &str, placeholder: &str, value: &str) -> String {
    template.replace(placeholder, &ldap_escape(value))
}

/// Escaping is not enough for control characters: slapd ends an assertion value at an
/// escaped NUL (`\00`), which turns `(cn=\00*)` into "everyone". Such values find nobody.
fn is_printable(value: &str) -> bool {
    !value.chars().any(char::is_control)
}

/// Attribute names are case-insensitive; servers answer in their own spelling.
fn first_value(attrs: &HashMap<String, Vec<String>>, name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.iter().map(|s| s.trim()).find(|s| !s.is_empty()))
        .map(str::to_string)
}

fn tls_trusting(path: &std::path::Path) -> Result<rustls::ClientConfig, Error> {
    crate::tls::trusting_only(path).map_err(|reason| Error::CaFile {
        path: path.display().to_string(),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_are_escaped_so_they_stay_literals() {
        assert_eq!(fill("(uid={login})", "{login}", "alice"), "(uid=alice)");
        assert_eq!(fill("(uid={login})", "{login}", "*"), "(uid=\\2a)");
        assert_eq!(
            fill("(uid={login})", "{login}", "a)(uid=*"),
            "(uid=a\\29\\28uid=\\2a)"
        );
        assert_eq!(fill("(cn={q}*)", "{q}", "x\0y\\"), "(cn=x\\00y\\5c*)");
        assert_eq!(
            fill("(|(cn={q}*)(mail={q}*))", "{q}", "Céline"),
            "(|(cn=Céline*)(mail=Céline*))"
        );
    }

    #[test]
    fn every_escaped_filter_still_parses_as_one_filter() {
        for hostile in [
            "*",
            ")(",
            "a)(|(uid=*",
            "\0",
            "\\",
            "((((",
            "x)(objectClass=*",
        ] {
            let f = fill("(|(cn={q}*)(mail={q}*))", "{q}", hostile);
            assert!(ldap3::parse_filter(&f).is_ok(), "{f}");
        }
    }

    #[test]
    fn attribute_names_match_whatever_case_the_server_uses() {
        let mut attrs = HashMap::new();
        attrs.insert("CN".to_string(), vec!["  ".into(), "Ann".into()]);
        assert_eq!(first_value(&attrs, "cn").as_deref(), Some("Ann"));
        assert_eq!(first_value(&attrs, "mail"), None);
    }
}
