//! The `jmb import-jmb` command: opens both databases, shows progress, runs the import.

use std::path::Path;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget};

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::service::import::{ImportReport, JmbData, import_jmb};
use crate::store::{Db, jmb};

pub fn run(config: &Config, jmb_path: &Path) -> anyhow::Result<ImportReport> {
    let old = jmb::open(jmb_path)
        .with_context(|| format!("while opening the JMB database {}", jmb_path.display()))?;
    let data = JmbData {
        meetings: jmb::list_meetings(&old)?,
        attendees: jmb::list_attendees(&old)?,
        feeds: jmb::list_feeds(&old)?,
    };
    drop(old);
    let db = Db::open(&config.database.path, 1).with_context(|| {
        format!(
            "while opening the database {} (database.path)",
            config.database.path.display()
        )
    })?;
    let bar = ProgressBar::with_draw_target(
        Some(data.meetings.len() as u64),
        ProgressDrawTarget::stderr(),
    );
    let now = SystemClock.now();
    let mail_domain = config.auth.mail_domain.clone();
    let report = db
        .run_blocking(|conn| import_jmb(conn, &data, &mail_domain, now, || bar.inc(1)))
        .context("while importing (nothing was written)")?;
    bar.finish_and_clear();
    Ok(report)
}
