//! A small in-memory price book for tests, benchmarks and examples: [`MapPriceBook`], and
//! [`sample_us_east_1`], a sample of us-east-1 list prices.
//!
//! The sample is *not* a price table users should rely on (those are the bundled,
//! versioned snapshots of `pricing-data`): the figures published by AWS that the unit tests
//! check against are exact (Aurora $0.10 / $0.225 storage and $0.20 per million I/Os,
//! DynamoDB $0.125 / $0.625 per million request units and $0.00013 / $0.00065 per unit-hour,
//! RDS gp3 $0.115 per GB-month, backup $0.095); reserved rates and non-PostgreSQL engines
//! are derived with round ratios so every option can be priced.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::prices::{
    CapacityKind, DynamoFreeTier, InstanceSpec, MissingPrice, PriceBook, PriceKey, RdsDeployment,
    ReservedPart, TableClass, Term,
};
use crate::scenario::{CacheEngine, DbEngine, UpfrontChoice, VolumeType};

/// Prices held in a map keyed by [`PriceKey`]'s display form (`family/dimension/key`).
#[derive(Debug, Clone, Default)]
pub struct MapPriceBook {
    prices: HashMap<String, Decimal>,
    /// Hours per month.
    pub hours_per_month: Decimal,
    /// Currency.
    pub currency: String,
    /// `db.*` classes.
    pub db_classes: Vec<InstanceSpec>,
    /// ElastiCache node types.
    pub cache_nodes: Vec<InstanceSpec>,
    /// DAX node types.
    pub dax_nodes: Vec<InstanceSpec>,
    /// DynamoDB free tier.
    pub free_tier: DynamoFreeTier,
}

impl MapPriceBook {
    /// An empty book: 730 hours, USD, no prices.
    pub fn new() -> MapPriceBook {
        MapPriceBook {
            hours_per_month: Decimal::from(730),
            currency: "USD".into(),
            ..MapPriceBook::default()
        }
    }

    /// Set one price.
    pub fn set(&mut self, key: &PriceKey<'_>, price: Decimal) {
        self.prices.insert(key.to_string(), price);
    }

    /// Remove one price.
    pub fn remove(&mut self, key: &PriceKey<'_>) {
        self.prices.remove(&key.to_string());
    }

    /// Remove every price of a family (`rds`, `aurora`, `dynamodb`, `elasticache`).
    pub fn remove_family(&mut self, family: &str) {
        let prefix = format!("{family}/");
        self.prices.retain(|k, _| !k.starts_with(&prefix));
    }

    /// Multiply every price by `factor` (for monotonicity tests).
    pub fn scale_all(&mut self, factor: Decimal) {
        for v in self.prices.values_mut() {
            *v *= factor;
        }
    }

    /// Number of prices held.
    pub fn len(&self) -> usize {
        self.prices.len()
    }

    /// Whether the book holds no price.
    pub fn is_empty(&self) -> bool {
        self.prices.is_empty()
    }
}

impl PriceBook for MapPriceBook {
    fn price(&self, key: &PriceKey<'_>) -> Result<Decimal, MissingPrice> {
        self.prices
            .get(&key.to_string())
            .copied()
            .ok_or_else(|| key.missing())
    }
    fn hours_per_month(&self) -> Decimal {
        self.hours_per_month
    }
    fn currency(&self) -> String {
        self.currency.clone()
    }
    fn db_instance_classes(&self) -> Vec<InstanceSpec> {
        self.db_classes.clone()
    }
    fn cache_node_types(&self) -> Vec<InstanceSpec> {
        self.cache_nodes.clone()
    }
    fn dax_node_types(&self) -> Vec<InstanceSpec> {
        self.dax_nodes.clone()
    }
    fn dynamodb_free_tier(&self) -> DynamoFreeTier {
        self.free_tier
    }
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

fn spec(class: &str, vcpu: u32, memory: &str) -> InstanceSpec {
    InstanceSpec {
        class: class.into(),
        vcpu,
        memory_gib: d(memory),
    }
}

/// Reserved prices derived from an on-demand rate with round ratios: 1-year No Upfront at
/// 70 % of on-demand; Partial Upfront 32 % hourly plus 32 % of the term's hours upfront;
/// All Upfront 62 % of the term's hours; 3-year Partial 22 % + 22 %, All Upfront 42 %, and
/// no 3-year No Upfront (AWS does not offer it for RDS).
fn reserved(od: Decimal, term: Term, payment: UpfrontChoice) -> Option<(Decimal, Decimal)> {
    let hours = Decimal::from(term.months()) * Decimal::from(730);
    let r = |p: &str| d(p);
    match (term, payment) {
        (Term::OneYear, UpfrontChoice::NoUpfront) => Some((Decimal::ZERO, od * r("0.70"))),
        (Term::OneYear, UpfrontChoice::PartialUpfront) => {
            Some((od * hours * r("0.32"), od * r("0.32")))
        }
        (Term::OneYear, UpfrontChoice::AllUpfront) => Some((od * hours * r("0.62"), Decimal::ZERO)),
        (Term::ThreeYears, UpfrontChoice::NoUpfront) => None,
        (Term::ThreeYears, UpfrontChoice::PartialUpfront) => {
            Some((od * hours * r("0.22"), od * r("0.22")))
        }
        (Term::ThreeYears, UpfrontChoice::AllUpfront) => {
            Some((od * hours * r("0.42"), Decimal::ZERO))
        }
    }
}

const PAYMENTS: [UpfrontChoice; 3] = [
    UpfrontChoice::NoUpfront,
    UpfrontChoice::PartialUpfront,
    UpfrontChoice::AllUpfront,
];
const TERMS: [Term; 2] = [Term::OneYear, Term::ThreeYears];

/// A sample of us-east-1 list prices covering every option the engine prices.
pub fn sample_us_east_1() -> MapPriceBook {
    let mut b = MapPriceBook::new();
    // db.* catalog and RDS for PostgreSQL Single-AZ on-demand rates (us-east-1).
    let db = [
        ("db.t4g.medium", 2, "4", "0.065", "0.073"),
        ("db.t4g.large", 2, "8", "0.129", "0.146"),
        ("db.m6g.large", 2, "8", "0.152", "0.164"),
        ("db.m6g.xlarge", 4, "16", "0.304", "0.328"),
        ("db.m6g.2xlarge", 8, "32", "0.608", "0.656"),
        ("db.r6g.large", 2, "16", "0.225", "0.26"),
        ("db.r6g.xlarge", 4, "32", "0.449", "0.519"),
        ("db.r6g.2xlarge", 8, "64", "0.898", "1.038"),
        ("db.r6g.4xlarge", 16, "128", "1.796", "2.076"),
        ("db.r6g.8xlarge", 32, "256", "3.592", "4.152"),
        ("db.r6g.16xlarge", 64, "512", "7.184", "8.304"),
    ];
    for (class, vcpu, mem, rds_pg, aurora) in db {
        b.db_classes.push(spec(class, vcpu, mem));
        let base = d(rds_pg);
        for engine in DbEngine::ALL {
            let factor = match engine {
                DbEngine::Postgresql => d("1"),
                DbEngine::Mysql | DbEngine::Mariadb => d("0.96"),
                DbEngine::Oracle => d("2.0"),
                DbEngine::Sqlserver => d("2.2"),
            };
            let single = base * factor;
            for (deployment, dep_factor) in [
                (RdsDeployment::SingleAz, d("1")),
                (RdsDeployment::MultiAz, d("2")),
                (RdsDeployment::MultiAzCluster, d("1.1")),
            ] {
                let od = single * dep_factor;
                b.set(
                    &PriceKey::RdsInstanceHour {
                        engine,
                        class,
                        deployment,
                    },
                    od,
                );
                for term in TERMS {
                    for payment in PAYMENTS {
                        if let Some((up, hourly)) = reserved(od, term, payment) {
                            for (part, v) in
                                [(ReservedPart::Upfront, up), (ReservedPart::Hourly, hourly)]
                            {
                                b.set(
                                    &PriceKey::RdsReserved {
                                        engine,
                                        class,
                                        deployment,
                                        term,
                                        payment,
                                        part,
                                    },
                                    v,
                                );
                            }
                        }
                    }
                }
            }
        }
        // Aurora: the same rate for both editions' engines; I/O-Optimized 30 % higher
        // (Aurora pricing).
        for engine in [DbEngine::Postgresql, DbEngine::Mysql] {
            for io_optimized in [false, true] {
                let od = if io_optimized {
                    d(aurora) * d("1.3")
                } else {
                    d(aurora)
                };
                b.set(
                    &PriceKey::AuroraInstanceHour {
                        engine,
                        class,
                        io_optimized,
                    },
                    od,
                );
                for term in TERMS {
                    for payment in PAYMENTS {
                        if let Some((up, hourly)) = reserved(od, term, payment) {
                            for (part, v) in
                                [(ReservedPart::Upfront, up), (ReservedPart::Hourly, hourly)]
                            {
                                b.set(
                                    &PriceKey::AuroraReserved {
                                        engine,
                                        class,
                                        io_optimized,
                                        term,
                                        payment,
                                        part,
                                    },
                                    v,
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    for engine in DbEngine::ALL {
        for (deployment, f) in [
            (RdsDeployment::SingleAz, d("1")),
            (RdsDeployment::MultiAz, d("2")),
            (RdsDeployment::MultiAzCluster, d("3")),
        ] {
            for (volume, gb) in [
                (VolumeType::Gp3, "0.115"),
                (VolumeType::Gp2, "0.115"),
                (VolumeType::Io1, "0.125"),
                (VolumeType::Io2, "0.125"),
            ] {
                b.set(
                    &PriceKey::RdsStorageGbMonth {
                        engine,
                        volume,
                        deployment,
                    },
                    d(gb) * f,
                );
            }
            b.set(
                &PriceKey::RdsGp3IopsMonth { engine, deployment },
                d("0.02") * f,
            );
            b.set(
                &PriceKey::RdsGp3ThroughputMonth { engine, deployment },
                d("0.08") * f,
            );
            for volume in [VolumeType::Io1, VolumeType::Io2] {
                b.set(
                    &PriceKey::RdsProvisionedIopsMonth {
                        engine,
                        volume,
                        deployment,
                    },
                    d("0.10") * f,
                );
            }
        }
        b.set(&PriceKey::RdsBackupGbMonth { engine }, d("0.095"));
    }
    b.set(&PriceKey::InterRegionTransferGb, d("0.02"));
    for engine in [DbEngine::Postgresql, DbEngine::Mysql] {
        b.set(
            &PriceKey::AuroraStorageGbMonth {
                engine,
                io_optimized: false,
            },
            d("0.10"),
        );
        b.set(
            &PriceKey::AuroraStorageGbMonth {
                engine,
                io_optimized: true,
            },
            d("0.225"),
        );
        b.set(&PriceKey::AuroraIoPerMillion { engine }, d("0.20"));
        b.set(&PriceKey::AuroraBackupGbMonth { engine }, d("0.021"));
        b.set(
            &PriceKey::AuroraGlobalWriteIoPerMillion { engine },
            d("0.20"),
        );
        b.set(
            &PriceKey::AuroraAcuHour {
                engine,
                io_optimized: false,
            },
            d("0.12"),
        );
        b.set(
            &PriceKey::AuroraAcuHour {
                engine,
                io_optimized: true,
            },
            d("0.156"),
        );
    }
    // DynamoDB (us-east-1, since November 2024).
    for (class, read, write, rcu, wcu, storage) in [
        (
            TableClass::Standard,
            "0.125",
            "0.625",
            "0.00013",
            "0.00065",
            "0.25",
        ),
        (
            TableClass::StandardIa,
            "0.155",
            "0.78",
            "0.00016",
            "0.00081",
            "0.10",
        ),
    ] {
        b.set(&PriceKey::DynamoReadPerMillion { class }, d(read));
        b.set(&PriceKey::DynamoWritePerMillion { class }, d(write));
        b.set(&PriceKey::DynamoRcuHour { class }, d(rcu));
        b.set(&PriceKey::DynamoWcuHour { class }, d(wcu));
        b.set(
            &PriceKey::DynamoReplicatedWritePerMillion { class },
            d(write),
        );
        b.set(&PriceKey::DynamoReplicatedWcuHour { class }, d(wcu));
        b.set(&PriceKey::DynamoStorageGbMonth { class }, d(storage));
    }
    b.set(&PriceKey::DynamoPitrGbMonth, d("0.20"));
    // Reserved capacity per 100 units (DynamoDB pricing, reserved capacity).
    for (capacity, term, up, hourly) in [
        (CapacityKind::Write, Term::OneYear, "150", "0.0128"),
        (CapacityKind::Write, Term::ThreeYears, "180", "0.0081"),
        (CapacityKind::Read, Term::OneYear, "30", "0.0025"),
        (CapacityKind::Read, Term::ThreeYears, "36", "0.0016"),
    ] {
        b.set(
            &PriceKey::DynamoReserved {
                capacity,
                term,
                part: ReservedPart::Upfront,
            },
            d(up),
        );
        b.set(
            &PriceKey::DynamoReserved {
                capacity,
                term,
                part: ReservedPart::Hourly,
            },
            d(hourly),
        );
    }
    b.free_tier = DynamoFreeTier {
        storage_gb: d("25"),
        rcu: d("25"),
        wcu: d("25"),
    };
    for (node, vcpu, mem, price) in [
        ("dax.t3.small", 2, "2", "0.04"),
        ("dax.r5.large", 2, "16", "0.269"),
        ("dax.r5.xlarge", 4, "32", "0.537"),
        ("dax.r5.2xlarge", 8, "64", "1.074"),
    ] {
        b.dax_nodes.push(spec(node, vcpu, mem));
        b.set(&PriceKey::DaxNodeHour { node_type: node }, d(price));
    }
    // ElastiCache nodes: Redis OSS and Memcached rates; Valkey 20 % lower.
    for (node, vcpu, mem, price) in [
        ("cache.t4g.micro", 2, "0.5", "0.016"),
        ("cache.t4g.small", 2, "1.37", "0.032"),
        ("cache.t4g.medium", 2, "3.09", "0.065"),
        ("cache.m7g.large", 2, "6.38", "0.158"),
        ("cache.r7g.large", 2, "13.07", "0.219"),
        ("cache.r7g.xlarge", 4, "26.32", "0.437"),
        ("cache.r7g.2xlarge", 8, "52.82", "0.873"),
        ("cache.r7g.4xlarge", 16, "105.81", "1.745"),
    ] {
        b.cache_nodes.push(spec(node, vcpu, mem));
        for engine in CacheEngine::ALL {
            let od = if engine == CacheEngine::Valkey {
                d(price) * d("0.8")
            } else {
                d(price)
            };
            b.set(
                &PriceKey::CacheNodeHour {
                    engine,
                    node_type: node,
                },
                od,
            );
            for term in TERMS {
                for payment in PAYMENTS {
                    let Some((up, hourly)) = reserved(od, term, payment).or_else(|| {
                        // ElastiCache offers 3-year No Upfront; derive it at 45 %.
                        Some((Decimal::ZERO, od * d("0.45")))
                    }) else {
                        continue;
                    };
                    for (part, v) in [(ReservedPart::Upfront, up), (ReservedPart::Hourly, hourly)] {
                        b.set(
                            &PriceKey::CacheReserved {
                                engine,
                                node_type: node,
                                term,
                                payment,
                                part,
                            },
                            v,
                        );
                    }
                }
            }
        }
    }
    for (engine, gb_hour, ecpu, min) in [
        (CacheEngine::Valkey, "0.084", "0.0023", "0.1"),
        (CacheEngine::Redis, "0.125", "0.0034", "1"),
        (CacheEngine::Memcached, "0.125", "0.0034", "1"),
    ] {
        b.set(
            &PriceKey::CacheServerlessStorageGbHour { engine },
            d(gb_hour),
        );
        b.set(&PriceKey::CacheServerlessEcpuPerMillion { engine }, d(ecpu));
        b.set(&PriceKey::CacheServerlessMinimumGb { engine }, d(min));
    }
    b
}
