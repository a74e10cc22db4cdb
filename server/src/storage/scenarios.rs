//! Saved scenarios: immutable once written, pinned to a price-table version.

use anyhow::Context;
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use sqlx::Row;

use crate::db::Db;

/// A saved scenario as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedScenario {
    /// 22 URL-safe characters (128 random bits).
    pub id: String,
    /// The scenario's JSON.
    pub scenario: String,
    /// The price-table version it is pinned to.
    pub price_table_id: String,
    /// When it was saved (RFC 3339, UTC).
    pub created_at: String,
}

/// A new id: 128 bits from the operating system's CSPRNG, base64url without padding.
pub fn new_id() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no random bytes: {e}"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// True when `id` could be a saved scenario's id (22 base64url characters): anything else is
/// answered 404 without a query.
pub fn is_well_formed_id(id: &str) -> bool {
    id.len() == 22
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Db {
    /// Saves a scenario (one transaction) and returns its new id.
    pub async fn save_scenario(
        &self,
        scenario_json: &str,
        price_table_id: &str,
    ) -> anyhow::Result<SavedScenario> {
        let saved = SavedScenario {
            id: new_id()?,
            scenario: scenario_json.to_owned(),
            price_table_id: price_table_id.to_owned(),
            created_at: time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .context("formatting the time")?,
        };
        let mut tx = self
            .begin_write()
            .await
            .context("beginning a transaction")?;
        sqlx::query(
            "INSERT INTO scenarios (id, scenario, price_table_id, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&saved.id)
        .bind(&saved.scenario)
        .bind(&saved.price_table_id)
        .bind(&saved.created_at)
        .execute(&mut *tx)
        .await
        .context("saving the scenario")?;
        tx.commit().await.context("committing the scenario")?;
        Ok(saved)
    }

    /// A saved scenario by id.
    pub async fn scenario(&self, id: &str) -> anyhow::Result<Option<SavedScenario>> {
        if !is_well_formed_id(id) {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT id, scenario, price_table_id, created_at FROM scenarios WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .context("reading a scenario")?;
        row.map(|row| -> anyhow::Result<SavedScenario> {
            Ok(SavedScenario {
                id: row.try_get("id")?,
                scenario: row.try_get("scenario")?,
                price_table_id: row.try_get("price_table_id")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_22_url_safe_characters_and_differ() {
        let a = new_id().unwrap();
        let b = new_id().unwrap();
        assert_eq!(a.len(), 22);
        assert!(is_well_formed_id(&a) && is_well_formed_id(&b));
        assert_ne!(a, b);
        assert!(!is_well_formed_id("short"));
        assert!(!is_well_formed_id("aaaaaaaaaaaaaaaaaaaaa/"));
    }
}
