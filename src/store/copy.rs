//! `jmb copy-database`: an SQLite database, every table with its ids, copied into an empty
//! PostgreSQL database in one transaction, so that every link and feed keeps working there.

use super::engine::{Cell, Connection, Engine};
use super::{Error, Result, migrations};
use crate::params;

/// What was copied: each table with its number of rows, in copy order.
pub type Copied = Vec<(String, usize)>;

/// Rows read and written at a time: outbox messages may be large.
const CHUNK: usize = 500;

/// Copies `from` (SQLite, migrated) into `to` (PostgreSQL): migrates `to`, refuses it unless
/// every table is empty, then copies everything in one transaction.
pub fn copy_database(from: &mut Connection, to: &mut Connection) -> Result<Copied> {
    if from.engine() != Engine::Sqlite || to.engine() != Engine::Postgres {
        return Err(Error::Config(
            "copy-database copies an SQLite database into PostgreSQL".into(),
        ));
    }
    migrations::to_latest(from)?;
    migrations::to_latest(to)?;
    let tables = tables(from)?;
    let tx = to.transaction()?;
    for table in &tables {
        let n: i64 = tx.query_row(&format!("SELECT COUNT(*) FROM {table}"), params![], |r| {
            r.get(0)
        })?;
        if n > 0 {
            return Err(Error::Config(format!(
                "the target database is not empty ({table} has {n} rows): copy-database only \
                 fills a new database"
            )));
        }
    }
    let mut copied = Vec::new();
    for table in &tables {
        // The triggers of PostgreSQL's schema have raised feed versions for the rows just
        // copied: the source's own versions replace them (the ETags calendars hold).
        if table == "feed_version" {
            tx.execute("DELETE FROM feed_version", params![])?;
        }
        copied.push((table.clone(), copy_table(from, &tx, table)?));
    }
    reset_identities(&tx, &tables)?;
    tx.commit()?;
    // Statistics for the rows just copied, before the first node serves them (autovacuum
    // would get there within a minute; until then the planner takes big tables for small).
    to.execute_batch("ANALYZE")?;
    Ok(copied)
}

/// jmb's tables in creation order, which is an order their references allow; feed versions
/// last (see above).
fn tables(from: &Connection) -> Result<Vec<String>> {
    let mut tables: Vec<String> = from
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY rowid",
        )?
        .query_map(params![], |r| r.get(0))?
        .collect::<Result<_>>()?;
    if let Some(i) = tables.iter().position(|t| t == "feed_version") {
        let t = tables.remove(i);
        tables.push(t);
    }
    Ok(tables)
}

fn copy_table(from: &Connection, to: &Connection, table: &str) -> Result<usize> {
    // (name, position in the primary key: 0 when not part of it)
    let columns: Vec<(String, i64)> = from
        .prepare(&format!(
            "SELECT name, pk FROM pragma_table_info('{table}') ORDER BY cid"
        ))?
        .query_map(params![], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_>>()?;
    let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
    let mut key: Vec<&(String, i64)> = columns.iter().filter(|(_, pk)| *pk > 0).collect();
    key.sort_by_key(|(_, pk)| *pk);
    let order = if key.is_empty() {
        "rowid".to_string()
    } else {
        key.iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let select = format!(
        "SELECT {} FROM {table} ORDER BY {order} LIMIT $1 OFFSET $2",
        names.join(", ")
    );
    let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
    let insert = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        placeholders.join(", ")
    );
    let mut total = 0;
    loop {
        let rows: Vec<Vec<Cell>> = from
            .prepare_cached(&select)?
            .query_map(params![CHUNK, total], |r| {
                (0..names.len()).map(|i| r.get::<Cell>(i)).collect()
            })?
            .collect::<Result<_>>()?;
        for row in &rows {
            let values: Vec<&dyn super::engine::Param> =
                row.iter().map(|c| c as &dyn super::engine::Param).collect();
            to.prepare_cached(&insert)?.execute(&values)?;
        }
        total += rows.len();
        if rows.len() < CHUNK {
            return Ok(total);
        }
    }
}

/// New rows in PostgreSQL must get ids after the copied ones (or the bulk-loaded ones).
pub(crate) fn reset_identities(to: &Connection, tables: &[String]) -> Result<()> {
    for table in tables {
        let has_identity: bool = to.query_row(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = $1 \
             AND column_name = 'id' AND is_identity = 'YES')",
            params![table],
            |r| r.get(0),
        )?;
        if has_identity {
            to.query_row(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ),
                params![],
                |_| Ok(()),
            )?;
        }
    }
    Ok(())
}
