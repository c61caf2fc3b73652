//! The `jmb import-jmb` command: opens both databases, works out the owners' logins (the
//! `--logins` list, then LDAP), shows progress, runs the import.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget};

use crate::auth::identity::normalize_login;
use crate::auth::ldap::Ldap;
use crate::clock::{Clock, SystemClock};
use crate::config::{Config, LdapConfig};
use crate::domain::legacy::{OwnerLogin, parse_login_list};
use crate::service::import::{ImportReport, JmbData, import_jmb, owner_emails};
use crate::store::{Db, jmb};

/// `logins`: a `mail,login` file for owners whose login is not their mail's local part.
pub fn run(
    config: &Config,
    jmb_path: &Path,
    logins: Option<&Path>,
) -> anyhow::Result<ImportReport> {
    let old = jmb::open(jmb_path)
        .with_context(|| format!("while opening the JMB database {}", jmb_path.display()))?;
    let data = JmbData {
        meetings: jmb::list_meetings(&old)?,
        attendees: jmb::list_attendees(&old)?,
        feeds: jmb::list_feeds(&old)?,
    };
    drop(old);
    let mut owners = match logins {
        Some(path) => read_login_list(path)?,
        None => HashMap::new(),
    };
    if let Some(ldap) = &config.ldap {
        let unknown: Vec<String> = owner_emails(&data)
            .into_iter()
            .filter(|mail| !owners.contains_key(mail))
            .collect();
        owners.extend(ask_directory(ldap, &unknown)?);
    }
    let db = Db::connect(&config.database, 1).with_context(|| {
        format!(
            "while opening the database {} ([database])",
            config.database.describe()
        )
    })?;
    let bar = ProgressBar::with_draw_target(
        Some(data.meetings.len() as u64),
        ProgressDrawTarget::stderr(),
    );
    let now = SystemClock.now();
    let report = db
        .run_blocking(|conn| import_jmb(conn, &data, &owners, now, || bar.inc(1)))
        .context("while importing (nothing was written)")?;
    bar.finish_and_clear();
    Ok(report)
}

fn read_login_list(path: &Path) -> anyhow::Result<HashMap<String, OwnerLogin>> {
    let text = std::fs::read(path)
        .with_context(|| format!("while reading --logins {}", path.display()))?;
    let list = parse_login_list(&text, |l| normalize_login(l).map_err(|e| e.to_string()))
        .with_context(|| {
            format!(
                "in --logins {} (expected `mail,login` lines; nothing was imported)",
                path.display()
            )
        })?;
    Ok(list
        .into_iter()
        .map(|(mail, login)| (mail, OwnerLogin::Listed(login)))
        .collect())
}

/// Each owner's login by their mail. LDAP failing stops the import: going on would leave
/// every owner to be claimed by mail when the directory could have named them.
fn ask_directory(
    config: &LdapConfig,
    mails: &[String],
) -> anyhow::Result<HashMap<String, OwnerLogin>> {
    if mails.is_empty() {
        return Ok(HashMap::new());
    }
    let ldap = Ldap::new(config).context("while setting up LDAP ([ldap])")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("while starting the async runtime")?;
    runtime.block_on(async {
        let mut found = HashMap::new();
        for mail in mails {
            let logins = ldap.logins_by_mail(mail).await.with_context(|| {
                format!(
                    "while asking LDAP ({}) for the login of {mail}; nothing was imported \
                     (fix [ldap], or list the owners with --logins)",
                    config.url
                )
            })?;
            let how = match logins.as_slice() {
                [one] => match normalize_login(one) {
                    Ok(login) => OwnerLogin::Directory(login),
                    Err(_) => OwnerLogin::Unclaimed { ambiguous: false },
                },
                [] => continue,
                _ => OwnerLogin::Unclaimed { ambiguous: true },
            };
            found.insert(mail.clone(), how);
        }
        Ok(found)
    })
}
