//! What the server keeps: price-table versions (and, later, saved scenarios).
//!
//! Every write is one transaction: on SQLite it begins IMMEDIATE, so concurrent writers queue
//! on the lock (with `busy_timeout`) instead of failing with SQLITE_BUSY half-way.

pub mod price_tables;
pub mod scenarios;

use sqlx::{Any, Transaction};

use crate::db::{Backend, Db};

impl Db {
    /// Begins a write transaction (IMMEDIATE on SQLite).
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }
}
