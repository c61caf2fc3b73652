use super::{Connection, OptionalExtension};
use crate::params;

use super::Result;

/// The named secret, created with `make` on first use and kept from then on.
pub fn fetch_or_insert_secret(
    conn: &Connection,
    name: &str,
    make: impl FnOnce() -> Vec<u8>,
) -> Result<Vec<u8>> {
    if let Some(v) = conn
        .query_row(
            "SELECT value FROM server_secret WHERE name = $1",
            params![name],
            |r| r.get::<Vec<u8>>(0),
        )
        .optional()?
    {
        return Ok(v);
    }
    let value = make();
    conn.execute(
        "INSERT OR IGNORE INTO server_secret (name, value) VALUES ($1, $2)",
        params![name, value],
    )?;
    // Another process may have won the race; its value is the one that counts.
    conn.query_row(
        "SELECT value FROM server_secret WHERE name = $1",
        params![name],
        |r| r.get(0),
    )
}
