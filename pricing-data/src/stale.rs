//! How old a price table is, and whether it is too old to trust without a warning.
//!
//! Prices age: AWS changes list prices without notice, so every listing and estimate carries
//! the table's age and a `stale` flag. Age counts from `publication_date` when the table states
//! one (when the figures were collected), else from `effective_date`.

use time::Date;

use crate::table::PriceTable;

/// Days after which a table is stale unless configured otherwise (`DBCOST_STALE_AFTER_DAYS`).
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 90;

impl PriceTable {
    /// The date age is counted from: `publication_date` if present, else `effective_date`.
    pub fn as_of(&self) -> Date {
        self.publication_date.unwrap_or(self.effective_date)
    }

    /// Whole days from [`PriceTable::as_of`] to `today` (negative if `as_of` is after `today`,
    /// which [`crate::parse`] refuses).
    pub fn age_days(&self, today: Date) -> i64 {
        (today - self.as_of()).whole_days()
    }

    /// Whether the table is more than `stale_after_days` days old on `today`.
    pub fn is_stale(&self, today: Date, stale_after_days: u32) -> bool {
        self.age_days(today) > i64::from(stale_after_days)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::parse;

    const SMALL: &str = include_str!("testdata/small.json");

    #[test]
    fn age_counts_from_effective_date() {
        // effective_date 2026-11-01.
        let table = parse(SMALL, date!(2026 - 11 - 26)).unwrap();
        assert_eq!(table.age_days(date!(2026 - 11 - 01)), 0);
        assert_eq!(table.age_days(date!(2026 - 11 - 26)), 25);
        assert_eq!(table.age_days(date!(2027 - 01 - 30)), 90);
        assert!(!table.is_stale(date!(2027 - 01 - 30), DEFAULT_STALE_AFTER_DAYS));
        assert!(table.is_stale(date!(2027 - 01 - 31), DEFAULT_STALE_AFTER_DAYS));
        assert!(table.is_stale(date!(2026 - 11 - 26), 10));
    }

    #[test]
    fn publication_date_takes_precedence() {
        let json = SMALL.replacen(
            "\"effective_date\": \"2026-11-01\"",
            "\"effective_date\": \"2026-11-01\", \"publication_date\": \"2026-11-20\"",
            1,
        );
        let table = parse(&json, date!(2026 - 11 - 26)).unwrap();
        assert_eq!(table.as_of(), date!(2026 - 11 - 20));
        assert_eq!(table.age_days(date!(2026 - 11 - 26)), 6);
    }
}
