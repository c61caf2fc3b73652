//! Short reads on the hottest path (`/join/{hash}`) answered by PostgreSQL without leaving the
//! async worker. The blocking pool's way costs two thread hand-offs and a blocking client per
//! read, which on a small machine made a join several times dearer than on SQLite. Here each
//! worker thread keeps one asynchronous client of its own, driven by the worker's own runtime,
//! and concurrent requests share it: their queries are pipelined on its one connection.
//!
//! SQLite never comes here: its reads are already local calls (see [`super::Db::read`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio_postgres_rustls::MakeRustlsConnect;

use super::Result;
use super::engine::{Param, as_pg, pg_params};

/// The way to one PostgreSQL database's hot reads; each thread that uses it connects once.
pub struct HotReads {
    /// Tells this database's clients apart from another's on the same thread (tests run
    /// several applications in one process).
    id: u64,
    config: tokio_postgres::Config,
    tls: MakeRustlsConnect,
}

struct Client {
    client: tokio_postgres::Client,
    statements: RefCell<HashMap<&'static str, tokio_postgres::Statement>>,
}

thread_local! {
    static CLIENTS: RefCell<HashMap<u64, Rc<Client>>> = RefCell::new(HashMap::new());
}

impl HotReads {
    pub(super) fn new(config: tokio_postgres::Config, tls: MakeRustlsConnect) -> HotReads {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        HotReads {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            config,
            tls,
        }
    }

    /// This thread's client, connected on first use and again after the server closed it
    /// (a restart): a request that finds the server gone gets an error, the next one a new
    /// connection.
    async fn client(&self) -> Result<Rc<Client>> {
        let current = CLIENTS.with(|c| c.borrow().get(&self.id).cloned());
        if let Some(client) = current.filter(|c| !c.client.is_closed()) {
            return Ok(client);
        }
        let (client, connection) = self.config.connect(self.tls.clone()).await?;
        // The connection runs on this thread's runtime; when it ends (the server went away),
        // the client says it is closed and the next read reconnects.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        let client = Rc::new(Client {
            client,
            statements: RefCell::default(),
        });
        CLIENTS.with(|c| c.borrow_mut().insert(self.id, client.clone()));
        Ok(client)
    }

    /// The first row of `sql`, if any.
    pub(super) async fn query_opt(
        &self,
        sql: &'static str,
        params: &[&dyn Param],
    ) -> Result<Option<postgres::Row>> {
        let (client, statement) = self.prepared(sql).await?;
        let values = pg_params(params);
        Ok(client.client.query_opt(&statement, &as_pg(&values)).await?)
    }

    /// Every row of `sql`.
    pub(super) async fn query(
        &self,
        sql: &'static str,
        params: &[&dyn Param],
    ) -> Result<Vec<postgres::Row>> {
        let (client, statement) = self.prepared(sql).await?;
        let values = pg_params(params);
        Ok(client.client.query(&statement, &as_pg(&values)).await?)
    }

    /// This thread's client and `sql` prepared on it (once per client).
    async fn prepared(&self, sql: &'static str) -> Result<(Rc<Client>, tokio_postgres::Statement)> {
        let client = self.client().await?;
        let cached = client.statements.borrow().get(sql).cloned();
        let statement = match cached {
            Some(s) => s,
            None => {
                let s = client.client.prepare(sql).await?;
                client.statements.borrow_mut().insert(sql, s.clone());
                s
            }
        };
        Ok((client, statement))
    }
}
