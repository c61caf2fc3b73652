//! One connection type over the two engines, SQLite (the default) and PostgreSQL (several
//! nodes on one database). The store's functions are written once against it: SQL with `$1…`
//! placeholders (rewritten to `?1…` for SQLite, which reads `$1` as a *named* parameter),
//! parameters through [`Param`], columns through [`Row::get`]. The few statements that differ
//! branch on [`Connection::engine`], inside `store/` only.
//!
//! Its surface follows rusqlite's (prepare_cached, query_row, query_map, optional) so that the
//! store reads as it did; PostgreSQL's client needs `&mut`, hence the `RefCell`: a connection is
//! used by one thread at a time, as rusqlite's is.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;
use std::ops::Deref;
use std::path::Path;
use std::time::Duration;

use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use r2d2::PooledConnection;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::types::{ToSqlOutput, ValueRef};

use super::{Error, Result};

/// Which database a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A PostgreSQL client with its prepared statements (the client keeps none itself).
pub struct PgConn {
    /// Always `Some` but while dropping (see `Drop`).
    client: Option<postgres::Client>,
    statements: HashMap<String, postgres::Statement>,
    /// When the pool last saw this connection alive (see [`PgManager::is_valid`]).
    seen_alive: Option<std::time::Instant>,
}

impl Drop for PgConn {
    /// The client's own drop waits on its runtime to say goodbye to the server, which panics
    /// inside another runtime (a pool dropped by async code): there it is dropped on a thread.
    fn drop(&mut self) {
        if let Some(client) = self.client.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            std::thread::spawn(move || drop(client));
        }
    }
}

/// Statements are static SQL, a few hundred at most; a bound keeps a mistake from growing it.
const PG_STATEMENT_CACHE: usize = 512;

impl PgConn {
    pub fn new(client: postgres::Client) -> PgConn {
        PgConn {
            client: Some(client),
            statements: HashMap::new(),
            seen_alive: None,
        }
    }

    pub(crate) fn client(&mut self) -> Result<&mut postgres::Client> {
        self.client
            .as_mut()
            .ok_or_else(|| Error::Task("the connection is closing".into()))
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.client.as_ref().is_none_or(postgres::Client::is_closed)
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client()?.prepare(sql)?;
        if self.statements.len() >= PG_STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

/// How long a connection handed back open is trusted without a check (see `is_valid`).
const TRUSTED_FOR: Duration = Duration::from_secs(1);

/// Opens PostgreSQL connections for the pool (TLS through rustls, as every other client).
pub struct PgManager {
    config: postgres::Config,
    /// The same settings for an asynchronous client (`hot_reads`).
    async_config: tokio_postgres::Config,
    tls: tokio_postgres_rustls::MakeRustlsConnect,
}

impl r2d2::ManageConnection for PgManager {
    type Connection = PgConn;
    type Error = postgres::Error;

    fn connect(&self) -> std::result::Result<PgConn, postgres::Error> {
        Ok(PgConn::new(self.config.connect(self.tls.clone())?))
    }

    /// A round trip proves the connection alive after a pause (a server that restarted leaves
    /// dead connections behind). A connection handed back open within the last
    /// [`TRUSTED_FOR`] is taken on trust: under load the check would double the round trips of
    /// a one-query request (`/join/{hash}`), and a server lost in that second fails one
    /// request with a 503, after which the closed connection is dropped (`has_broken`).
    fn is_valid(&self, conn: &mut PgConn) -> std::result::Result<(), postgres::Error> {
        if conn.seen_alive.is_some_and(|t| t.elapsed() < TRUSTED_FOR) {
            return Ok(());
        }
        match conn.client() {
            Ok(client) => client.simple_query("").map(|_| ()),
            // Only while dropping, when nobody asks.
            Err(_) => Ok(()),
        }
    }

    fn has_broken(&self, conn: &mut PgConn) -> bool {
        let closed = conn.is_closed();
        if !closed {
            conn.seen_alive = Some(std::time::Instant::now());
        }
        closed
    }
}

impl PgManager {
    /// The manager for `url`, trusting the system's roots plus `ca_file` (when set).
    pub fn new(url: &str, ca_file: &Path) -> Result<PgManager> {
        let mut async_config: tokio_postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| super::Error::Config(format!("database.url: {e}")))?;
        if async_config.get_connect_timeout().is_none() {
            async_config.connect_timeout(Duration::from_secs(5));
        }
        async_config.application_name("jmb");
        let config = postgres::Config::from(async_config.clone());
        let pem = if ca_file.as_os_str().is_empty() {
            Vec::new()
        } else {
            std::fs::read(ca_file).map_err(|e| {
                super::Error::Config(format!("database.ca_file: {}: {e}", ca_file.display()))
            })?
        };
        let tls = crate::tls::client_config(&pem)
            .map_err(|e| super::Error::Config(format!("database.ca_file: {e}")))?;
        Ok(PgManager {
            config,
            async_config,
            tls: tokio_postgres_rustls::MakeRustlsConnect::new(tls),
        })
    }

    /// The settings and TLS of this manager's connections, for an asynchronous client of the
    /// same database (`hot_reads`).
    pub(super) fn async_settings(
        &self,
    ) -> (
        tokio_postgres::Config,
        tokio_postgres_rustls::MakeRustlsConnect,
    ) {
        (self.async_config.clone(), self.tls.clone())
    }

    /// One connection outside any pool (copy-database, tests).
    pub fn connect_one(&self) -> Result<Connection> {
        let conn = r2d2::ManageConnection::connect(self)?;
        Ok(Connection::pg(PgHandle::Owned(conn)))
    }
}

pub(crate) enum SqliteHandle {
    Pooled(PooledConnection<SqliteConnectionManager>),
    Owned(rusqlite::Connection),
}

impl Deref for SqliteHandle {
    type Target = rusqlite::Connection;
    fn deref(&self) -> &rusqlite::Connection {
        match self {
            SqliteHandle::Pooled(c) => c,
            SqliteHandle::Owned(c) => c,
        }
    }
}

pub(crate) enum PgHandle {
    Pooled(PooledConnection<PgManager>),
    Owned(PgConn),
}

impl PgHandle {
    fn get(&mut self) -> &mut PgConn {
        match self {
            PgHandle::Pooled(c) => c,
            PgHandle::Owned(c) => c,
        }
    }
}

enum Inner {
    Sqlite(SqliteHandle),
    Pg(Box<RefCell<PgHandle>>),
}

/// A database connection of either engine.
pub struct Connection {
    inner: Inner,
}

impl Connection {
    pub(crate) fn sqlite(handle: SqliteHandle) -> Connection {
        Connection {
            inner: Inner::Sqlite(handle),
        }
    }

    pub(crate) fn pg(handle: PgHandle) -> Connection {
        Connection {
            inner: Inner::Pg(Box::new(RefCell::new(handle))),
        }
    }

    /// An SQLite connection as it is, without migrating it.
    pub fn from_sqlite(conn: rusqlite::Connection) -> Connection {
        Connection::sqlite(SqliteHandle::Owned(conn))
    }

    /// The server closed the connection (PostgreSQL restarted); a local file never breaks.
    pub fn is_broken(&self) -> bool {
        match &self.inner {
            Inner::Sqlite(_) => false,
            Inner::Pg(c) => c.borrow_mut().get().is_closed(),
        }
    }

    pub fn engine(&self) -> Engine {
        match self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Pg(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection underneath, for what only SQLite has (pragmas, checkpoints).
    pub(crate) fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Pg(_) => None,
        }
    }

    /// The rows of a query as PostgreSQL's client gives them, for a reader that borrows from
    /// them (the feed); `None` on SQLite.
    pub(crate) fn pg_rows(
        &self,
        sql: &str,
        params: &[&dyn Param],
    ) -> Result<Option<Vec<postgres::Row>>> {
        match &self.inner {
            Inner::Sqlite(_) => Ok(None),
            Inner::Pg(c) => self
                .pg_run(c, sql, true, |pg, stmt| {
                    let values = pg_params(params);
                    Ok(pg.client()?.query(stmt, &as_pg(&values))?)
                })
                .map(Some),
        }
    }

    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Pg(c) => Ok(c.borrow_mut().get().client()?.batch_execute(sql)?),
        }
    }

    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement {
            conn: self,
            sql: sql.to_owned(),
            cached: true,
        })
    }

    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement {
            conn: self,
            sql: sql.to_owned(),
            cached: false,
        })
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        self.prepare(sql)?.execute(params)
    }

    /// The first row; [`Error::NotFound`] when there is none (see [`OptionalExtension`]).
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.prepare(sql)?.query_row(params, f)
    }

    /// A write transaction: one writer at a time, on both engines (see [`Transaction`]).
    pub fn transaction(&mut self) -> Result<Transaction<'_>> {
        match &self.inner {
            Inner::Sqlite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            // The advisory lock is SQLite's BEGIN IMMEDIATE for every node: write transactions
            // run one after the other, so the use cases keep the single-writer reasoning they
            // were written with, without serialisation failures to retry. Readers never wait.
            Inner::Pg(c) => c
                .borrow_mut()
                .get()
                .client()?
                .batch_execute("BEGIN; SELECT pg_advisory_xact_lock(7363872)")?,
        }
        Ok(Transaction {
            conn: self,
            done: false,
        })
    }

    /// A transaction for claiming queued work with `FOR UPDATE SKIP LOCKED` (see
    /// [`Connection::skip_locked`]): on PostgreSQL it does not wait for the one writer, so
    /// nodes claim side by side, each skipping the rows another is claiming; on SQLite it is
    /// a write transaction like any other.
    pub fn claim_transaction(&mut self) -> Result<Transaction<'_>> {
        match &self.inner {
            Inner::Sqlite(_) => self.transaction(),
            Inner::Pg(c) => {
                c.borrow_mut().get().client()?.batch_execute("BEGIN")?;
                Ok(Transaction {
                    conn: self,
                    done: false,
                })
            }
        }
    }

    /// What ends a claiming `SELECT`: rows another node is claiming are skipped, the rest
    /// locked until the claim commits. SQLite has one writer and no row locks: nothing.
    pub fn skip_locked(&self) -> &'static str {
        match self.inner {
            Inner::Sqlite(_) => "",
            Inner::Pg(_) => " FOR UPDATE SKIP LOCKED",
        }
    }

    fn pg_run<T>(
        &self,
        c: &RefCell<PgHandle>,
        sql: &str,
        cached: bool,
        f: impl FnOnce(&mut PgConn, &postgres::Statement) -> Result<T>,
    ) -> Result<T> {
        let mut handle = c.borrow_mut();
        let pg = handle.get();
        let stmt = if cached {
            pg.statement(sql)?
        } else {
            pg.client()?.prepare(sql)?
        };
        f(pg, &stmt)
    }
}

/// A statement to run on a connection (prepared once per connection when cached).
pub struct Statement<'c> {
    conn: &'c Connection,
    sql: String,
    cached: bool,
}

impl Statement<'_> {
    fn sqlite<'s>(&self, c: &'s rusqlite::Connection) -> Result<rusqlite::CachedStatement<'s>> {
        let sql = sqlite_sql(&self.sql);
        Ok(c.prepare_cached(&sql)?)
    }

    pub fn execute(&mut self, params: &[&dyn Param]) -> Result<usize> {
        match &self.conn.inner {
            Inner::Sqlite(c) => {
                if self.cached {
                    Ok(self.sqlite(c)?.execute(sqlite_params(params))?)
                } else {
                    Ok(c.execute(&sqlite_sql(&self.sql), sqlite_params(params))?)
                }
            }
            Inner::Pg(c) => self.conn.pg_run(c, &self.sql, self.cached, |pg, stmt| {
                let values = pg_params(params);
                let n = pg.client()?.execute(stmt, &as_pg(&values))?;
                Ok(usize::try_from(n).unwrap_or(usize::MAX))
            }),
        }
    }

    /// Every row, mapped by `f`, as an iterator over results (as rusqlite's `query_map`).
    pub fn query_map<T>(
        &mut self,
        params: &[&dyn Param],
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        let mut out = Vec::new();
        match &self.conn.inner {
            Inner::Sqlite(c) => {
                let mut stmt = self.sqlite(c)?;
                let mut rows = stmt.query(sqlite_params(params))?;
                while let Some(row) = rows.next()? {
                    out.push(f(&Row::Sqlite(row)));
                }
            }
            Inner::Pg(c) => {
                let rows = self.conn.pg_run(c, &self.sql, self.cached, |pg, stmt| {
                    let values = pg_params(params);
                    Ok(pg.client()?.query(stmt, &as_pg(&values))?)
                })?;
                for row in &rows {
                    out.push(f(&Row::Pg(row)));
                }
            }
        }
        Ok(out.into_iter())
    }

    /// Whether the query returns a row.
    pub fn exists(&mut self, params: &[&dyn Param]) -> Result<bool> {
        self.query_row(params, |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
    }

    pub fn query_row<T>(
        &mut self,
        params: &[&dyn Param],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        match &self.conn.inner {
            Inner::Sqlite(c) => {
                let mut stmt = self.sqlite(c)?;
                let mut rows = stmt.query(sqlite_params(params))?;
                match rows.next()? {
                    Some(row) => f(&Row::Sqlite(row)),
                    None => Err(Error::NotFound),
                }
            }
            Inner::Pg(c) => {
                let row = self.conn.pg_run(c, &self.sql, self.cached, |pg, stmt| {
                    let values = pg_params(params);
                    Ok(pg.client()?.query_opt(stmt, &as_pg(&values))?)
                })?;
                match row {
                    Some(row) => f(&Row::Pg(&row)),
                    None => Err(Error::NotFound),
                }
            }
        }
    }
}

/// A write transaction, rolled back unless committed. Derefs to its connection, so store
/// functions take `&Connection` either way.
pub struct Transaction<'c> {
    conn: &'c Connection,
    done: bool,
}

impl Transaction<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch("COMMIT")
    }

    pub fn rollback(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch("ROLLBACK")
    }
}

impl Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            // A connection whose rollback fails is broken; the pool finds out on its next use.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// `Option` for "no row", as rusqlite's extension of the same name.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The placeholders `$1…` as SQLite's `?1…`, leaving string literals alone.
pub fn sqlite_sql(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut in_literal = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => in_literal = !in_literal,
            '$' if !in_literal && chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('?');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// A parameter value, borrowed from what the caller passes.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What may be bound to a placeholder. Booleans are stored as 0/1 integers on both engines.
pub trait Param: Sync {
    fn value(&self) -> Value<'_>;
}

impl Param for i64 {
    fn value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}
impl Param for i32 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Param for u32 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Param for u16 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Param for u8 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Param for usize {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}
impl Param for bool {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Param for f64 {
    fn value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}
impl Param for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Param for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Param for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl Param for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl<const N: usize> Param for [u8; N] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}
impl<T: Param> Param for Option<T> {
    fn value(&self) -> Value<'_> {
        match self {
            Some(v) => v.value(),
            None => Value::Null,
        }
    }
}
impl Param for Value<'_> {
    fn value(&self) -> Value<'_> {
        *self
    }
}

/// `params![a, b]`: the parameters of a statement, as rusqlite's macro of the same name.
#[macro_export]
macro_rules! params {
    () => { &[] as &[&dyn $crate::store::engine::Param] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::store::engine::Param),+] as &[&dyn $crate::store::engine::Param] };
}

pub(crate) fn sqlite_params<'p>(
    params: &'p [&'p dyn Param],
) -> rusqlite::ParamsFromIter<impl Iterator<Item = SqliteValue<'p>>> {
    rusqlite::params_from_iter(params.iter().map(|p| SqliteValue(p.value())))
}

pub(crate) struct SqliteValue<'a>(Value<'a>);

impl rusqlite::ToSql for SqliteValue<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self.0 {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(i),
            Value::Real(f) => ValueRef::Real(f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

#[derive(Debug)]
pub(super) struct PgValue<'a>(Value<'a>);

pub(super) fn pg_params<'p>(params: &'p [&'p dyn Param]) -> Vec<PgValue<'p>> {
    params.iter().map(|p| PgValue(p.value())).collect()
}

pub(super) fn as_pg<'p>(values: &'p [PgValue<'p>]) -> Vec<&'p (dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl ToSql for PgValue<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                #[allow(clippy::cast_precision_loss)]
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                _ => Err(format!("an integer for a {ty} parameter").into()),
            },
            Value::Real(f) => f.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// One row of a result, of either engine.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Pg(&'r postgres::Row),
}

/// One column's value, as both engines hand it over.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl<'a> FromSql<'a> for Cell {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Cell, Box<dyn StdError + Sync + Send>> {
        Ok(match *ty {
            Type::INT8 => Cell::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Cell::Int(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Cell::Int(i64::from(i16::from_sql(ty, raw)?)),
            Type::BOOL => Cell::Int(i64::from(bool::from_sql(ty, raw)?)),
            Type::FLOAT8 => Cell::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Cell::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::BYTEA => Cell::Blob(Vec::<u8>::from_sql(ty, raw)?),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                Cell::Text(String::from_sql(ty, raw)?)
            }
            _ => return Err(format!("unsupported column type {ty}").into()),
        })
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Cell, Box<dyn StdError + Sync + Send>> {
        Ok(Cell::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl Row<'_> {
    /// Column `idx` (from 0) as a `T`.
    pub fn get<T: FromColumn>(&self, idx: usize) -> Result<T> {
        let cell = match self {
            Row::Sqlite(r) => match r.get_ref(idx)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(i) => Cell::Int(i),
                ValueRef::Real(f) => Cell::Real(f),
                ValueRef::Text(t) => Cell::Text(
                    String::from_utf8(t.to_vec())
                        .map_err(|e| Error::Corrupt(format!("column {idx}: {e}")))?,
                ),
                ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
            },
            Row::Pg(r) => r.try_get::<_, Cell>(idx)?,
        };
        T::from_cell(cell).map_err(|what| Error::Corrupt(format!("column {idx}: {what}")))
    }
}

/// What a column may be read as.
pub trait FromColumn: Sized {
    #[doc(hidden)]
    fn from_cell(cell: Cell) -> std::result::Result<Self, String>;
}

fn kind(cell: &Cell) -> &'static str {
    match cell {
        Cell::Null => "NULL",
        Cell::Int(_) => "an integer",
        Cell::Real(_) => "a real",
        Cell::Text(_) => "text",
        Cell::Blob(_) => "a blob",
    }
}

impl FromColumn for i64 {
    fn from_cell(cell: Cell) -> std::result::Result<Self, String> {
        match cell {
            Cell::Int(i) => Ok(i),
            other => Err(format!("expected an integer, found {}", kind(&other))),
        }
    }
}

macro_rules! narrow_int {
    ($($t:ty),*) => {$(
        impl FromColumn for $t {
                    fn from_cell(cell: Cell) -> std::result::Result<Self, String> {
                let i = i64::from_cell(cell)?;
                <$t>::try_from(i).map_err(|_| format!("{i} is out of range"))
            }
        }
    )*};
}
narrow_int!(i32, u32, u16, u8, usize, u64);

impl FromColumn for bool {
    fn from_cell(cell: Cell) -> std::result::Result<Self, String> {
        Ok(i64::from_cell(cell)? != 0)
    }
}

impl FromColumn for f64 {
    fn from_cell(cell: Cell) -> std::result::Result<Self, String> {
        match cell {
            Cell::Real(f) => Ok(f),
            #[allow(clippy::cast_precision_loss)]
            Cell::Int(i) => Ok(i as f64),
            other => Err(format!("expected a number, found {}", kind(&other))),
        }
    }
}

impl FromColumn for String {
    fn from_cell(cell: Cell) -> std::result::Result<Self, String> {
        match cell {
            Cell::Text(s) => Ok(s),
            other => Err(format!("expected text, found {}", kind(&other))),
        }
    }
}

impl FromColumn for Vec<u8> {
    fn from_cell(cell: Cell) -> std::result::Result<Self, String> {
        match cell {
            Cell::Blob(b) => Ok(b),
            Cell::Text(s) => Ok(s.into_bytes()),
            other => Err(format!("expected a blob, found {}", kind(&other))),
        }
    }
}

/// A column as it is, whatever its type (copying between engines).
impl FromColumn for Cell {
    fn from_cell(cell: Cell) -> std::result::Result<Self, String> {
        Ok(cell)
    }
}

impl Param for Cell {
    fn value(&self) -> Value<'_> {
        match self {
            Cell::Null => Value::Null,
            Cell::Int(i) => Value::Int(*i),
            Cell::Real(f) => Value::Real(*f),
            Cell::Text(s) => Value::Text(s),
            Cell::Blob(b) => Value::Blob(b),
        }
    }
}

impl<T: FromColumn> FromColumn for Option<T> {
    fn from_cell(cell: Cell) -> std::result::Result<Self, String> {
        match cell {
            Cell::Null => Ok(None),
            other => T::from_cell(other).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Connection, OptionalExtension, sqlite_sql};

    #[test]
    fn values_of_every_kind_come_back_as_they_went_in() {
        let conn = Connection::from_sqlite(rusqlite::Connection::open_in_memory().unwrap());
        conn.execute_batch("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n INTEGER, f INTEGER)")
            .unwrap();
        let none: Option<i64> = None;
        let n = conn
            .execute(
                "INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
                params![-7_i64, "é'$1", [1u8, 2, 3], none, true],
            )
            .unwrap();
        assert_eq!(n, 1);
        let row: (i64, String, Vec<u8>, Option<i64>, bool) = conn
            .query_row(
                "SELECT i, s, b, n, f FROM t WHERE s = $1",
                params!["é'$1"],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(row, (-7, "é'$1".to_string(), vec![1, 2, 3], None, true));
        // No row is `NotFound`, which `optional` turns into `None`.
        let missing: Option<i64> = conn
            .query_row("SELECT i FROM t WHERE i = $1", params![0_i64], |r| r.get(0))
            .optional()
            .unwrap();
        assert_eq!(missing, None);
        // A column read as the wrong type is an error naming it, not a panic.
        let err = conn
            .query_row("SELECT s FROM t", params![], |r| r.get::<i64>(0))
            .unwrap_err();
        assert!(err.to_string().contains("column 0"), "{err}");
    }

    #[test]
    fn an_uncommitted_transaction_leaves_nothing() {
        let mut conn = Connection::from_sqlite(rusqlite::Connection::open_in_memory().unwrap());
        conn.execute_batch("CREATE TABLE t (i INTEGER)").unwrap();
        {
            let tx = conn.transaction().unwrap();
            tx.execute("INSERT INTO t VALUES ($1)", params![1_i64])
                .unwrap();
        }
        let tx = conn.transaction().unwrap();
        tx.execute("INSERT INTO t VALUES ($1)", params![2_i64])
            .unwrap();
        tx.commit().unwrap();
        let all: Vec<i64> = conn
            .prepare("SELECT i FROM t")
            .unwrap()
            .query_map(params![], |r| r.get(0))
            .unwrap()
            .collect::<crate::store::Result<_>>()
            .unwrap();
        assert_eq!(all, [2]);
    }

    #[test]
    fn placeholders_become_sqlite_numbered_parameters_outside_literals() {
        assert_eq!(
            sqlite_sql("SELECT a FROM t WHERE b = $1 AND c = '$2' AND d = $12"),
            "SELECT a FROM t WHERE b = ?1 AND c = '$2' AND d = ?12"
        );
        assert_eq!(sqlite_sql("SELECT 1"), "SELECT 1");
    }
}
