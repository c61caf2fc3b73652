//! A throwaway PostgreSQL database for one benchmark run: created on the server `--pg-url`
//! names (the role needs CREATEDB), dropped when the run ends, so that runs never see each
//! other's rows and nothing is left behind.

use std::path::Path;

use anyhow::Context;

use crate::store::engine::PgManager;

pub struct ThrowawayDb {
    admin_url: String,
    name: String,
    /// The new database's URL.
    pub url: String,
}

impl ThrowawayDb {
    pub fn create(admin_url: &str) -> anyhow::Result<ThrowawayDb> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("jmb_bench_{}_{nanos}", std::process::id());
        admin(admin_url, &format!("CREATE DATABASE {name}"))
            .with_context(|| format!("while creating database {name} with --pg-url"))?;
        Ok(ThrowawayDb {
            admin_url: admin_url.to_string(),
            url: with_dbname(admin_url, &name),
            name,
        })
    }
}

impl Drop for ThrowawayDb {
    fn drop(&mut self) {
        // FORCE: a pool of the run may still hold idle connections.
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = admin(&self.admin_url, &sql) {
            eprintln!(
                "could not drop the benchmark's database {}: {e:#}",
                self.name
            );
        }
    }
}

/// `url` with another database name: a `dbname` parameter overrides the URL's path.
fn with_dbname(url: &str, name: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}dbname={name}")
}

/// Runs `sql` outside any transaction on a connection of its own, on a thread of its own
/// (PostgreSQL's blocking client cannot run on an async worker).
fn admin(url: &str, sql: &str) -> anyhow::Result<()> {
    std::thread::scope(|s| {
        s.spawn(|| -> anyhow::Result<()> {
            let conn = PgManager::new(url, Path::new(""))?.connect_one()?;
            conn.execute_batch(sql)?;
            Ok(())
        })
        .join()
        .unwrap_or_else(|_| Err(anyhow::anyhow!("the database thread panicked")))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_database_name_overrides_the_urls() {
        assert_eq!(
            super::with_dbname("postgres://u:p@h/postgres", "b"),
            "postgres://u:p@h/postgres?dbname=b"
        );
        assert_eq!(
            super::with_dbname("postgres://h/x?sslmode=require", "b"),
            "postgres://h/x?sslmode=require&dbname=b"
        );
    }
}
