//! Price-table versions: immutable, identified by the SHA-256 of their canonical JSON.
//!
//! Importing the same content twice returns the existing version. A version is never edited;
//! the only mutable fact is which version is the default for its region.

use anyhow::Context;
use pricing_data::{PriceTable, canonical_json, content_hash};
use serde::Serialize;
use sqlx::Row;
use time::{Date, OffsetDateTime, format_description::well_known::Rfc3339};

use crate::db::Db;

/// One stored version, without its document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PriceTableVersion {
    /// `pt-` and the first 24 hex digits of the content hash: the same content has the same id
    /// on every machine, so a share link that names it works anywhere the table was imported.
    pub id: String,
    /// SHA-256 of the canonical JSON, hex.
    pub content_hash: String,
    /// The table's name.
    pub name: String,
    /// AWS region code.
    pub region: String,
    /// ISO 4217 currency.
    pub currency: String,
    /// When the prices were true (YYYY-MM-DD).
    pub effective_date: String,
    /// When they were published or collected, if known (YYYY-MM-DD).
    pub publication_date: Option<String>,
    /// When this version was imported (RFC 3339, UTC).
    pub imported_at: String,
    /// Whether this version is the default for its region.
    pub is_default: bool,
}

/// The result of an import.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The stored version (new or existing).
    pub version: PriceTableVersion,
    /// False when identical content was already stored.
    pub created: bool,
}

/// The id a table with this content hash gets.
pub fn id_for_hash(hash: &str) -> String {
    format!("pt-{}", &hash[..24])
}

const COLUMNS: &str = "p.id, p.content_hash, p.name, p.region, p.currency, p.effective_date, \
                       p.publication_date, p.imported_at, \
                       CASE WHEN d.price_table_id IS NULL THEN 0 ELSE 1 END AS is_default";
const FROM: &str = "price_tables p LEFT JOIN region_defaults d ON d.price_table_id = p.id";

fn version_from_row(row: &sqlx::any::AnyRow) -> Result<PriceTableVersion, sqlx::Error> {
    Ok(PriceTableVersion {
        id: row.try_get("id")?,
        content_hash: row.try_get("content_hash")?,
        name: row.try_get("name")?,
        region: row.try_get("region")?,
        currency: row.try_get("currency")?,
        effective_date: row.try_get("effective_date")?,
        publication_date: row.try_get("publication_date")?,
        imported_at: row.try_get("imported_at")?,
        is_default: row.try_get::<i32, _>("is_default")? != 0,
    })
}

impl Db {
    /// Stores `table` as a new version (one transaction), or returns the identical version
    /// already stored. The first table of a region becomes that region's default.
    pub async fn import_price_table(&self, table: &PriceTable) -> anyhow::Result<Imported> {
        let document = canonical_json(table);
        let hash = content_hash(table);
        let id = id_for_hash(&hash);
        let now = now_rfc3339()?;
        let mut tx = self
            .begin_write()
            .await
            .context("beginning the import transaction")?;
        // ON CONFLICT keeps this idempotent even when two servers import the same content at
        // the same moment (PostgreSQL replicas): one inserts, the other finds it. No conflict
        // target: the id and the content hash are both unique and both follow from the
        // content, and when two inserts race PostgreSQL may meet the duplicate id first, which
        // `ON CONFLICT (content_hash)` did not cover (a replica then failed to start). A
        // stored id with other content is caught below.
        let inserted = sqlx::query(
            "INSERT INTO price_tables (id, content_hash, name, region, currency, \
             effective_date, publication_date, imported_at, document) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(&hash)
        .bind(&table.name)
        .bind(table.region.as_str())
        .bind(table.currency.as_str())
        .bind(table.effective_date.to_string())
        .bind(table.publication_date.map(|d| d.to_string()))
        .bind(&now)
        .bind(&document)
        .execute(&mut *tx)
        .await
        .context("inserting the price table")?;
        let created = inserted.rows_affected() == 1;
        if created {
            // The first table of a region becomes its default.
            sqlx::query(
                "INSERT INTO region_defaults (region, price_table_id, updated_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (region) DO NOTHING",
            )
            .bind(table.region.as_str())
            .bind(&id)
            .bind(&now)
            .execute(&mut *tx)
            .await
            .context("making the table its region's default")?;
        }
        tx.commit().await.context("committing the import")?;
        if created {
            self.default_cache.invalidate();
        }
        let version = self
            .price_table_version(&id)
            .await?
            .context("the imported table is missing after commit")?;
        // The id is the first 96 bits of the hash: another table under it is a collision,
        // never this table's version.
        anyhow::ensure!(
            version.content_hash == hash,
            "price table id {id} is already taken by a table with other content"
        );
        Ok(Imported { version, created })
    }

    /// Every stored version, newest effective date first.
    pub async fn list_price_tables(&self) -> anyhow::Result<Vec<PriceTableVersion>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM} ORDER BY p.region, p.effective_date DESC, p.imported_at DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
            .context("listing price tables")?;
        rows.iter()
            .map(version_from_row)
            .collect::<Result<_, _>>()
            .context("reading a row")
    }

    /// One version's metadata.
    pub async fn price_table_version(&self, id: &str) -> anyhow::Result<Option<PriceTableVersion>> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE p.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .context("reading a price table")?;
        row.as_ref()
            .map(version_from_row)
            .transpose()
            .context("reading a row")
    }

    /// One version's canonical JSON document, exactly as stored.
    pub async fn price_table_document(&self, id: &str) -> anyhow::Result<Option<String>> {
        let row = sqlx::query("SELECT document FROM price_tables WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .context("reading a price table document")?;
        row.map(|r| r.try_get::<String, _>("document"))
            .transpose()
            .context("reading a row")
    }

    /// One version, parsed and indexed for pricing (its catalogs sorted, see
    /// [`engine::Indexed`]). Stored documents were validated on import, so plain serde is
    /// enough here. Versions never change, so parsed tables are kept in memory (a few dozen
    /// at most) and every estimate after the first skips the database, the parse and the
    /// sorting.
    pub async fn price_table(&self, id: &str) -> anyhow::Result<Option<StoredTable>> {
        if let Some(table) = self.table_cache.get(id) {
            return Ok(Some(table));
        }
        let Some(document) = self.price_table_document(id).await? else {
            return Ok(None);
        };
        let table: PriceTable = serde_json::from_str(&document)
            .with_context(|| format!("stored price table {id} does not parse"))?;
        let table = std::sync::Arc::new(engine::Indexed::new(table));
        self.table_cache.insert(id, table.clone());
        Ok(Some(table))
    }

    /// The default version for `region`, if any. Read from the database at most every
    /// [`DefaultCache::FRESH_FOR`] (an estimate that names no table asks for it every time).
    pub async fn default_price_table_id(&self, region: &str) -> anyhow::Result<Option<String>> {
        let now = std::time::Instant::now();
        if let Some(id) = self.default_cache.get(region, now) {
            return Ok(id);
        }
        let generation = self.default_cache.generation();
        let row = sqlx::query("SELECT price_table_id FROM region_defaults WHERE region = $1")
            .bind(region)
            .fetch_optional(&self.pool)
            .await
            .context("reading the region's default")?;
        let id = row
            .map(|r| r.try_get::<String, _>("price_table_id"))
            .transpose()
            .context("reading a row")?;
        self.default_cache
            .insert(region, id.clone(), generation, now);
        Ok(id)
    }

    /// Makes version `id` the default for its region. `Ok(None)` when there is no such id.
    pub async fn set_default_price_table(
        &self,
        id: &str,
    ) -> anyhow::Result<Option<PriceTableVersion>> {
        let mut tx = self
            .begin_write()
            .await
            .context("beginning a transaction")?;
        let Some(row) = sqlx::query("SELECT region FROM price_tables WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .context("reading the table's region")?
        else {
            return Ok(None);
        };
        let region: String = row.try_get("region").context("reading a row")?;
        let now = now_rfc3339()?;
        sqlx::query("DELETE FROM region_defaults WHERE region = $1")
            .bind(&region)
            .execute(&mut *tx)
            .await
            .context("clearing the region's default")?;
        sqlx::query(
            "INSERT INTO region_defaults (region, price_table_id, updated_at) VALUES ($1, $2, $3)",
        )
        .bind(&region)
        .bind(id)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .context("setting the region's default")?;
        tx.commit().await.context("committing the default")?;
        self.default_cache.invalidate();
        self.price_table_version(id).await
    }

    /// Number of stored versions.
    pub async fn count_price_tables(&self) -> anyhow::Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM price_tables")
            .fetch_one(&self.pool)
            .await
            .context("counting price tables")?;
        row.try_get::<i64, _>("n").context("reading a row")
    }

    /// On an empty database, imports the snapshots bundled with `pricing-data`, so the app
    /// works out of the box. Returns how many were imported.
    pub async fn seed_bundled_price_tables(&self, today: Date) -> anyhow::Result<usize> {
        if self.count_price_tables().await? > 0 {
            return Ok(0);
        }
        let mut imported = 0;
        for (file, json) in pricing_data::bundled() {
            let table = pricing_data::parse(json, today).map_err(|errors| {
                anyhow::anyhow!(
                    "bundled snapshot {file} is invalid: {}",
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            })?;
            if self.import_price_table(&table).await?.created {
                imported += 1;
            }
        }
        Ok(imported)
    }
}

fn now_rfc3339() -> anyhow::Result<String> {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .context("formatting the current time")
}

/// Today's date in UTC: what staleness and future dates are judged against.
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// A stored price table, parsed and indexed for pricing; it reads as the [`PriceTable`].
pub type StoredTable = std::sync::Arc<engine::Indexed<PriceTable>>;

/// Parsed price tables by id. Safe to keep because a version is immutable; bounded so that a
/// server with many versions does not grow without limit.
#[derive(Clone, Debug, Default)]
pub struct TableCache {
    tables: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, StoredTable>>>,
}

impl TableCache {
    const CAPACITY: usize = 32;

    fn get(&self, id: &str) -> Option<StoredTable> {
        self.tables
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
            .cloned()
    }

    fn insert(&self, id: &str, table: StoredTable) {
        let mut tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        if tables.len() >= Self::CAPACITY {
            tables.clear();
        }
        tables.insert(id.to_owned(), table);
    }
}

/// Each region's default version id as last read from the database. A default changed
/// through this server is seen at once (its writes clear the cache); one changed by another
/// process on the same database (the CLI, another replica) within [`Self::FRESH_FOR`].
#[derive(Clone, Debug, Default)]
pub struct DefaultCache {
    inner: std::sync::Arc<std::sync::Mutex<DefaultCacheInner>>,
}

#[derive(Debug, Default)]
struct DefaultCacheInner {
    /// Bumped by every write, so a read that began before a write cannot store what it read.
    generation: u64,
    regions: std::collections::HashMap<String, (Option<String>, std::time::Instant)>,
}

impl DefaultCache {
    /// How long a region's default is taken from memory.
    pub const FRESH_FOR: std::time::Duration = std::time::Duration::from_millis(250);

    fn lock(&self) -> std::sync::MutexGuard<'_, DefaultCacheInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `Some(default)` when `region`'s default was read less than [`Self::FRESH_FOR`] ago.
    fn get(&self, region: &str, now: std::time::Instant) -> Option<Option<String>> {
        let inner = self.lock();
        let (id, read_at) = inner.regions.get(region)?;
        (now.saturating_duration_since(*read_at) < Self::FRESH_FOR).then(|| id.clone())
    }

    /// The current generation, to pass to [`Self::insert`] after reading the database.
    fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Keeps `id` as `region`'s default, read at `read_at`, unless a write happened since.
    fn insert(
        &self,
        region: &str,
        id: Option<String>,
        generation: u64,
        read_at: std::time::Instant,
    ) {
        let mut inner = self.lock();
        if inner.generation == generation {
            inner.regions.insert(region.to_owned(), (id, read_at));
        }
    }

    /// Forgets every default (a default changed).
    fn invalidate(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.regions.clear();
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::DefaultCache;

    #[test]
    fn a_default_is_kept_for_a_while_and_forgotten_on_a_write() {
        let cache = DefaultCache::default();
        let t0 = Instant::now();
        assert_eq!(cache.get("us-east-1", t0), None, "nothing read yet");
        cache.insert("us-east-1", Some("pt-a".into()), cache.generation(), t0);
        assert_eq!(cache.get("us-east-1", t0), Some(Some("pt-a".into())));
        assert_eq!(cache.get("eu-west-1", t0), None, "per region");
        let later = t0 + DefaultCache::FRESH_FOR + Duration::from_millis(1);
        assert_eq!(cache.get("us-east-1", later), None, "read again when old");
        cache.invalidate();
        assert_eq!(cache.get("us-east-1", t0), None, "a write forgets it");
    }

    #[test]
    fn a_read_that_began_before_a_write_is_not_kept() {
        let cache = DefaultCache::default();
        let t0 = Instant::now();
        let generation = cache.generation();
        cache.invalidate(); // set-default commits while the query runs
        cache.insert("us-east-1", Some("pt-old".into()), generation, t0);
        assert_eq!(cache.get("us-east-1", t0), None);
    }
}
