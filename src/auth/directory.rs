//! What jmb knows about an authenticated person beyond what the proxy or the provider said:
//! mail, name and the editor role from LDAP, remembered for `ldap.cache_ttl_s`. When LDAP
//! fails, the last answer (however old) or the header/claims data is used with a warning:
//! a directory outage never locks anyone out of their meetings.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

use super::Identity;
use super::ldap::{self, Entry, Ldap, Person};
use crate::clock::SharedClock;
use crate::config::LdapConfig;

/// Invitee suggestions per lookup.
pub const SEARCH_LIMIT: usize = 10;

/// After a failure, LDAP is left alone this long, so that a server that hangs costs one
/// timeout now and then rather than one per request.
const RETRY_AFTER_S: i64 = 30;

/// Beyond this many remembered logins, expired ones are forgotten.
const CACHE_PRUNE_AT: usize = 10_000;

/// Whether the person may book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editorship {
    Yes,
    No,
    /// The directory that decides could not be asked, and has never answered for this login.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Resolved {
    /// With `editor` set only when the editorship is `Yes`.
    pub identity: Identity,
    pub editorship: Editorship,
    /// The directory's language for this person, when it was just read from LDAP (not
    /// from the cache), so that it is recorded once per lookup.
    pub language: Option<String>,
}

struct Cached {
    entry: Option<Entry>,
    fetched_at: DateTime<Utc>,
}

struct Ldapped {
    ldap: Ldap,
    has_editor_filter: bool,
    ttl: Duration,
    cache: Mutex<HashMap<String, Cached>>,
    down_until: Mutex<Option<DateTime<Utc>>>,
}

pub struct Directory {
    inner: Option<Ldapped>,
    clock: SharedClock,
}

impl Directory {
    /// Without `[ldap]`: the header/claims data is all there is, and everyone may book.
    pub fn new(config: Option<&LdapConfig>, clock: SharedClock) -> Result<Self, ldap::Error> {
        let inner = match config {
            None => None,
            Some(c) => Some(Ldapped {
                ldap: Ldap::new(c)?,
                has_editor_filter: !c.editor_filter.trim().is_empty(),
                ttl: Duration::seconds(i64::try_from(c.cache_ttl_s).unwrap_or(i64::MAX / 2)),
                cache: Mutex::new(HashMap::new()),
                down_until: Mutex::new(None),
            }),
        };
        Ok(Self { inner, clock })
    }

    pub fn is_enabled(&self) -> bool {
        self.inner.is_some()
    }

    /// Completes an identity with the directory's mail, name and editor role.
    pub async fn resolve(&self, who: Identity) -> Resolved {
        let Some(d) = &self.inner else {
            return Resolved {
                identity: Identity {
                    editor: true,
                    ..who
                },
                editorship: Editorship::Yes,
                language: None,
            };
        };
        let now = self.clock.now();
        let cached = d.cached(&who.login);
        if let Some(c) = &cached
            && now - c.fetched_at < d.ttl
        {
            return self.apply(d, who, c.entry.as_ref());
        }
        if !d.is_down(now) {
            match d.ldap.fetch_user(&who.login).await {
                Ok(entry) => {
                    let mut resolved = self.apply(d, who.clone(), entry.as_ref());
                    resolved.language = entry.as_ref().and_then(|e| e.language.clone());
                    d.remember(&who.login, entry, now);
                    return resolved;
                }
                Err(e) => {
                    d.mark_down(now);
                    tracing::warn!(error = %e, login = %who.login,
                        "LDAP lookup failed; using what the login itself said");
                }
            }
        }
        match cached {
            Some(c) => self.apply(d, who, c.entry.as_ref()),
            None => {
                let editorship = if d.has_editor_filter {
                    Editorship::Unknown
                } else {
                    Editorship::Yes
                };
                Resolved {
                    identity: Identity {
                        editor: editorship == Editorship::Yes,
                        ..who
                    },
                    editorship,
                    language: None,
                }
            }
        }
    }

    fn apply(&self, d: &Ldapped, who: Identity, entry: Option<&Entry>) -> Resolved {
        let editorship = match entry {
            Some(e) if e.editor => Editorship::Yes,
            Some(_) => Editorship::No,
            None if d.has_editor_filter => Editorship::No,
            None => Editorship::Yes,
        };
        let mail = entry
            .and_then(|e| e.mail.as_deref())
            .filter(|m| crate::domain::invitee::normalize_email(m).is_ok());
        let name = entry.and_then(|e| e.name.as_deref());
        let name = name
            .map(crate::domain::invitee::clean_line)
            .filter(|n| !n.is_empty())
            .unwrap_or(who.name);
        // The directory's mail is the organisation's word for whose address it is.
        let (email, mail_verified) = match mail {
            Some(m) => (m.trim().to_lowercase(), true),
            None => (who.email, who.mail_verified),
        };
        Resolved {
            identity: Identity {
                email,
                name,
                mail_verified,
                editor: editorship == Editorship::Yes,
                ..who
            },
            editorship,
            language: None,
        }
    }

    /// Invitee suggestions; none without a directory.
    pub async fn search(&self, q: &str) -> Result<Vec<Person>, ldap::Error> {
        let Some(d) = &self.inner else {
            return Ok(Vec::new());
        };
        let now = self.clock.now();
        if d.is_down(now) {
            return Err(ldap::Error::Resting);
        }
        d.ldap.search(q, SEARCH_LIMIT).await.inspect_err(|e| {
            d.mark_down(now);
            tracing::warn!(error = %e, "LDAP invitee lookup failed");
        })
    }
}

impl Ldapped {
    fn cached(&self, login: &str) -> Option<Cached> {
        let cache = self.cache.lock().ok()?;
        cache.get(login).map(|c| Cached {
            entry: c.entry.clone(),
            fetched_at: c.fetched_at,
        })
    }

    fn remember(&self, login: &str, entry: Option<Entry>, now: DateTime<Utc>) {
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_PRUNE_AT {
                cache.retain(|_, c| now - c.fetched_at < self.ttl);
            }
            cache.insert(
                login.to_string(),
                Cached {
                    entry,
                    fetched_at: now,
                },
            );
        }
        if let Ok(mut down) = self.down_until.lock() {
            *down = None;
        }
    }

    fn is_down(&self, now: DateTime<Utc>) -> bool {
        self.down_until
            .lock()
            .ok()
            .and_then(|d| *d)
            .is_some_and(|until| now < until)
    }

    fn mark_down(&self, now: DateTime<Utc>) {
        if let Ok(mut down) = self.down_until.lock() {
            *down = Some(now + Duration::seconds(RETRY_AFTER_S));
        }
    }
}
