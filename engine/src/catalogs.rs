//! The catalogs a price book's options are sized from: the `db.*` instance classes sorted by
//! family and size (instance sizing walks each family upwards), the ElastiCache and DAX node
//! types, and the DynamoDB free tier. They are a pure function of the book, so a book that is
//! priced many times (a server's stored table: every version is immutable) is wrapped once in
//! [`Indexed`], which works them out when it is made and lends them to every estimate and
//! sweep; any other book works them out on each call of [`PriceBook::catalogs`].

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::prices::{DynamoFreeTier, InstanceSpec, MissingPrice, PriceBook, PriceKey};
use crate::rds::ClassCatalog;

/// What sizing reads from a price book's catalogs, read and sorted once.
#[derive(Debug, Clone)]
pub struct TableCatalogs {
    pub(crate) db_classes: ClassCatalog,
    pub(crate) cache_nodes: Vec<InstanceSpec>,
    pub(crate) dax_nodes: Vec<InstanceSpec>,
    pub(crate) free: DynamoFreeTier,
}

impl TableCatalogs {
    /// The catalogs of `prices`, the instance classes sorted by family, then size.
    pub fn of<B: PriceBook + ?Sized>(prices: &B) -> TableCatalogs {
        TableCatalogs {
            db_classes: ClassCatalog::sorted(prices.db_instance_classes()),
            cache_nodes: prices.cache_node_types(),
            dax_nodes: prices.dax_node_types(),
            free: prices.dynamodb_free_tier(),
        }
    }
}

/// A price book with its [`TableCatalogs`], worked out once when it is made. It prices
/// exactly as the book it wraps (every lookup is the book's) and reads as that book
/// (`Deref`): wrap a table that will not change and is priced more than once.
#[derive(Debug, Clone)]
pub struct Indexed<B> {
    book: B,
    catalogs: TableCatalogs,
}

impl<B: PriceBook> Indexed<B> {
    /// `book` with its catalogs.
    pub fn new(book: B) -> Indexed<B> {
        let catalogs = TableCatalogs::of(&book);
        Indexed { book, catalogs }
    }
}

impl<B> Indexed<B> {
    /// The book, unwrapped.
    pub fn into_book(self) -> B {
        self.book
    }
}

impl<B> std::ops::Deref for Indexed<B> {
    type Target = B;
    fn deref(&self) -> &B {
        &self.book
    }
}

impl<B: PriceBook> PriceBook for Indexed<B> {
    fn price(&self, key: &PriceKey<'_>) -> Result<Decimal, MissingPrice> {
        self.book.price(key)
    }
    fn find(&self, key: &PriceKey<'_>) -> Option<Decimal> {
        self.book.find(key)
    }
    fn hours_per_month(&self) -> Decimal {
        self.book.hours_per_month()
    }
    fn currency(&self) -> String {
        self.book.currency()
    }
    fn db_instance_classes(&self) -> Vec<InstanceSpec> {
        self.book.db_instance_classes()
    }
    fn cache_node_types(&self) -> Vec<InstanceSpec> {
        self.book.cache_node_types()
    }
    fn dax_node_types(&self) -> Vec<InstanceSpec> {
        self.book.dax_node_types()
    }
    fn dynamodb_free_tier(&self) -> DynamoFreeTier {
        self.book.dynamodb_free_tier()
    }
    fn catalogs(&self) -> Cow<'_, TableCatalogs> {
        Cow::Borrowed(&self.catalogs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    fn names(catalog: &ClassCatalog) -> Vec<&str> {
        catalog.specs.iter().map(|c| c.class.as_str()).collect()
    }

    /// The bundled us-east-1 table, as the server stores it.
    fn table() -> pricing_data::PriceTable {
        pricing_data::bundled()
            .into_iter()
            .find_map(|(_, json)| {
                pricing_data::parse(json, time::macros::date!(2026 - 11 - 26)).ok()
            })
            .unwrap()
    }

    /// The classes come out by family, then vCPUs, then memory, whatever the table's order.
    #[test]
    fn classes_are_sorted_by_family_then_size() {
        let mut book = crate::fixtures::MapPriceBook::default();
        for (class, vcpu, memory) in [
            ("db.r6g.xlarge", 4, 32),
            ("db.m6g.large", 2, 8),
            ("db.r6g.large", 2, 16),
        ] {
            book.db_classes.push(InstanceSpec {
                class: class.to_owned(),
                vcpu,
                memory_gib: Decimal::from(memory),
            });
        }
        let indexed = Indexed::new(book.clone());
        let expected = ["db.m6g.large", "db.r6g.large", "db.r6g.xlarge"];
        assert_eq!(names(&indexed.catalogs().db_classes), expected);
        assert_eq!(names(&book.catalogs().db_classes), expected);
        assert!(matches!(indexed.catalogs(), Cow::Borrowed(_)));
        assert!(matches!(book.catalogs(), Cow::Owned(_)));
    }

    /// A wrapped table prices every scenario exactly as the table itself: the same estimate
    /// and the same sweep, field for field.
    #[test]
    fn an_indexed_table_prices_as_the_table() {
        let table = table();
        let indexed = Indexed::new(table.clone());
        for json in [
            r#"{}"#,
            r#"{"traffic": {"reads_per_second": "1500", "writes_per_second": "300"}, "caching": {"mode": "yes"}}"#,
            r#"{"data": {"size_gb": "4000"}, "needs": {"multi_az": true, "regions": 2}}"#,
            r#"{"traffic": {"reads_per_second": {"low": "100", "likely": "1500", "high": "9000"}}}"#,
        ] {
            let s = Scenario::from_json(json).unwrap();
            let plain = serde_json::to_value(crate::estimate(&s, &table).unwrap()).unwrap();
            let wrapped = serde_json::to_value(crate::estimate(&s, &indexed).unwrap()).unwrap();
            assert_eq!(plain, wrapped, "{json}");
            let m = crate::log_multipliers(5);
            let axis = crate::SweepAxis::Traffic;
            let plain = serde_json::to_value(crate::sweep(&s, &table, axis, &m).unwrap()).unwrap();
            let wrapped =
                serde_json::to_value(crate::sweep(&s, &indexed, axis, &m).unwrap()).unwrap();
            assert_eq!(plain, wrapped, "{json}");
        }
        assert_eq!(indexed.name, table.name);
        assert_eq!(indexed.into_book(), table);
    }
}
