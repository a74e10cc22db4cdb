//! [`PriceBook`] for `pricing_data::PriceTable`: each [`PriceKey`] maps to one of the table's
//! lookups, and the table's `MissingPrice` becomes the engine's, so an estimate names the
//! exact figure to add to the table.
//!
//! Engine mapping: the scenario's `oracle` is Oracle SE2 license-included and `sqlserver`
//! SQL Server Standard license-included, the editions most users price first.

use pricing_data as pd;
use rust_decimal::Decimal;

use crate::prices::{
    CapacityKind, DynamoFreeTier, InstanceSpec, MissingPrice, PriceBook, PriceKey, RdsDeployment,
    ReservedPart, TableClass, Term,
};
use crate::scenario::{CacheEngine, DbEngine, UpfrontChoice, VolumeType};

fn missing(m: pd::MissingPrice) -> MissingPrice {
    MissingPrice {
        family: m.family.key().to_string(),
        dimension: m.dimension,
        key: m.key,
    }
}

fn rds_engine(e: DbEngine) -> pd::RdsEngine {
    match e {
        DbEngine::Postgresql => pd::RdsEngine::Postgresql,
        DbEngine::Mysql => pd::RdsEngine::Mysql,
        DbEngine::Mariadb => pd::RdsEngine::Mariadb,
        DbEngine::Oracle => pd::RdsEngine::OracleSe2Li,
        DbEngine::Sqlserver => pd::RdsEngine::SqlserverStandard,
    }
}

/// Aurora engines exist for PostgreSQL and MySQL only; the others never reach here (the
/// Aurora options are built for those two), and map to a key the table cannot hold.
fn aurora_engine(e: DbEngine) -> Option<pd::AuroraEngine> {
    match e {
        DbEngine::Postgresql => Some(pd::AuroraEngine::Postgresql),
        DbEngine::Mysql => Some(pd::AuroraEngine::Mysql),
        _ => None,
    }
}

fn deployment(d: RdsDeployment) -> pd::RdsDeployment {
    match d {
        RdsDeployment::SingleAz => pd::RdsDeployment::SingleAz,
        RdsDeployment::MultiAz => pd::RdsDeployment::MultiAz,
        RdsDeployment::MultiAzCluster => pd::RdsDeployment::MultiAzCluster,
    }
}

fn volume(v: VolumeType) -> pd::VolumeType {
    match v {
        VolumeType::Gp2 => pd::VolumeType::Gp2,
        VolumeType::Gp3 => pd::VolumeType::Gp3,
        VolumeType::Io1 => pd::VolumeType::Io1,
        VolumeType::Io2 => pd::VolumeType::Io2,
    }
}

fn term(t: Term) -> pd::Term {
    match t {
        Term::OneYear => pd::Term::OneYear,
        Term::ThreeYears => pd::Term::ThreeYears,
    }
}

fn payment(p: UpfrontChoice) -> pd::Payment {
    match p {
        UpfrontChoice::NoUpfront => pd::Payment::NoUpfront,
        UpfrontChoice::PartialUpfront => pd::Payment::PartialUpfront,
        UpfrontChoice::AllUpfront => pd::Payment::AllUpfront,
    }
}

fn edition(io_optimized: bool) -> pd::AuroraEdition {
    if io_optimized {
        pd::AuroraEdition::IoOptimized
    } else {
        pd::AuroraEdition::Standard
    }
}

fn class(c: TableClass) -> pd::TableClass {
    match c {
        TableClass::Standard => pd::TableClass::Standard,
        TableClass::StandardIa => pd::TableClass::StandardIa,
    }
}

fn cache(e: CacheEngine) -> pd::CacheEngine {
    match e {
        CacheEngine::Valkey => pd::CacheEngine::Valkey,
        CacheEngine::Redis => pd::CacheEngine::RedisOss,
        CacheEngine::Memcached => pd::CacheEngine::Memcached,
    }
}

fn part(r: pd::ReservedPrice, p: ReservedPart) -> Decimal {
    match p {
        ReservedPart::Upfront => r.upfront,
        ReservedPart::Hourly => r.hourly,
    }
}

impl PriceBook for pd::PriceTable {
    fn price(&self, key: &PriceKey<'_>) -> Result<Decimal, MissingPrice> {
        use PriceKey::*;
        let aurora = |e: DbEngine| aurora_engine(e).ok_or_else(|| key.missing());
        let r = match *key {
            RdsInstanceHour {
                engine,
                class,
                deployment: d,
            } => self.rds_instance_hourly(rds_engine(engine), class, deployment(d)),
            RdsReserved {
                engine,
                class,
                deployment: d,
                term: t,
                payment: p,
                part: which,
            } => self
                .rds_reserved(
                    rds_engine(engine),
                    class,
                    deployment(d),
                    term(t),
                    payment(p),
                )
                .map(|r| part(r, which)),
            RdsStorageGbMonth {
                engine,
                volume: v,
                deployment: d,
            } => self.rds_storage_gb_month(rds_engine(engine), volume(v), deployment(d)),
            RdsGp3IopsMonth {
                engine,
                deployment: d,
            } => self.rds_iops_month(rds_engine(engine), pd::VolumeType::Gp3, deployment(d)),
            RdsGp3ThroughputMonth {
                engine,
                deployment: d,
            } => self.rds_gp3_throughput_mibps_month(rds_engine(engine), deployment(d)),
            RdsProvisionedIopsMonth {
                engine,
                volume: v,
                deployment: d,
            } => self.rds_iops_month(rds_engine(engine), volume(v), deployment(d)),
            RdsBackupGbMonth { engine } => self.rds_backup_gb_month(rds_engine(engine)),
            InterRegionTransferGb => self.data_transfer_inter_region_out_per_gb(),
            AuroraInstanceHour {
                engine,
                class,
                io_optimized,
            } => self.aurora_instance_hourly(aurora(engine)?, class, edition(io_optimized)),
            AuroraReserved {
                engine,
                class,
                io_optimized,
                term: t,
                payment: p,
                part: which,
            } => self
                .aurora_reserved(
                    aurora(engine)?,
                    class,
                    edition(io_optimized),
                    term(t),
                    payment(p),
                )
                .map(|r| part(r, which)),
            AuroraStorageGbMonth {
                engine,
                io_optimized,
            } => self.aurora_storage_gb_month(aurora(engine)?, edition(io_optimized)),
            AuroraIoPerMillion { engine } => self.aurora_io_per_million(aurora(engine)?),
            AuroraBackupGbMonth { engine } => self.aurora_backup_gb_month(aurora(engine)?),
            AuroraGlobalWriteIoPerMillion { engine } => {
                self.aurora_global_write_io_per_million(aurora(engine)?)
            }
            AuroraAcuHour {
                engine,
                io_optimized,
            } => self.aurora_serverless_v2_acu_hour(aurora(engine)?, edition(io_optimized)),
            DynamoReadPerMillion { class: c } => self.dynamodb_on_demand_read_per_million(class(c)),
            DynamoWritePerMillion { class: c } => {
                self.dynamodb_on_demand_write_per_million(class(c))
            }
            DynamoRcuHour { class: c } => self.dynamodb_provisioned_rcu_hour(class(c)),
            DynamoWcuHour { class: c } => self.dynamodb_provisioned_wcu_hour(class(c)),
            DynamoReplicatedWritePerMillion { class: c } => {
                self.dynamodb_replicated_write_per_million(class(c))
            }
            DynamoReplicatedWcuHour { class: c } => self.dynamodb_replicated_wcu_hour(class(c)),
            DynamoReserved {
                capacity,
                term: t,
                part: which,
            } => self
                .dynamodb_reserved_per_100(
                    pd::TableClass::Standard,
                    match capacity {
                        CapacityKind::Read => pd::Capacity::Read,
                        CapacityKind::Write => pd::Capacity::Write,
                    },
                    term(t),
                )
                .map(|r| part(r, which)),
            DynamoStorageGbMonth { class: c } => self.dynamodb_storage_gb_month(class(c)),
            DynamoPitrGbMonth => self.dynamodb_pitr_gb_month(),
            DaxNodeHour { node_type } => self.dax_node_hourly(node_type),
            CacheNodeHour { engine, node_type } => {
                self.elasticache_node_hourly(cache(engine), node_type)
            }
            CacheReserved {
                engine,
                node_type,
                term: t,
                payment: p,
                part: which,
            } => self
                .elasticache_reserved(cache(engine), node_type, term(t), payment(p))
                .map(|r| part(r, which)),
            CacheServerlessStorageGbHour { engine } => {
                self.elasticache_serverless_storage_gb_hour(cache(engine))
            }
            CacheServerlessEcpuPerMillion { engine } => {
                self.elasticache_serverless_ecpu_per_million(cache(engine))
            }
            CacheServerlessMinimumGb { engine } => {
                self.elasticache_serverless_minimum_storage_gb(cache(engine))
            }
        };
        r.map_err(missing)
    }

    /// Instance and node prices, which sizing asks for class after class, without building a
    /// missing price; everything else through [`PriceBook::price`].
    fn find(&self, key: &PriceKey<'_>) -> Option<Decimal> {
        use PriceKey::*;
        match *key {
            RdsInstanceHour {
                engine,
                class,
                deployment: d,
            } => self.find_rds_instance_hourly(rds_engine(engine), class, deployment(d)),
            AuroraInstanceHour {
                engine,
                class,
                io_optimized,
            } => aurora_engine(engine)
                .and_then(|e| self.find_aurora_instance_hourly(e, class, edition(io_optimized))),
            DaxNodeHour { node_type } => self.find_dax_node(node_type).map(|n| n.hourly.get()),
            CacheNodeHour { engine, node_type } => {
                self.find_elasticache_node_hourly(cache(engine), node_type)
            }
            _ => self.price(key).ok(),
        }
    }

    fn hours_per_month(&self) -> Decimal {
        pd::PriceTable::hours_per_month(self)
    }

    fn currency(&self) -> String {
        self.currency.to_string()
    }

    fn db_instance_classes(&self) -> Vec<InstanceSpec> {
        self.db_instance_classes
            .iter()
            .map(|c| InstanceSpec {
                class: c.class.clone(),
                vcpu: c.vcpu,
                memory_gib: c.memory_gib.get(),
            })
            .collect()
    }

    fn cache_node_types(&self) -> Vec<InstanceSpec> {
        self.elasticache
            .as_ref()
            .map(|e| {
                e.node_types
                    .iter()
                    .map(|n| InstanceSpec {
                        class: n.node_type.clone(),
                        vcpu: n.vcpu,
                        memory_gib: n.memory_gib.get(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn dax_node_types(&self) -> Vec<InstanceSpec> {
        self.dynamodb
            .as_ref()
            .and_then(|d| d.dax.as_ref())
            .map(|d| {
                d.nodes
                    .iter()
                    .map(|n| InstanceSpec {
                        class: n.node_type.clone(),
                        vcpu: n.vcpu,
                        memory_gib: n.memory_gib.get(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn dynamodb_free_tier(&self) -> DynamoFreeTier {
        self.dynamodb_free_tier()
            .map(|f| DynamoFreeTier {
                storage_gb: f.storage_gb.get(),
                rcu: f.rcu.get(),
                wcu: f.wcu.get(),
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `find` answers exactly what `price(..).ok()` answers, for every instance and node
    /// price the engine asks for (catalog classes, classes the table lacks, every engine and
    /// deployment), on each bundled table and on one missing whole families.
    #[test]
    fn find_agrees_with_price() {
        let today = time::macros::date!(2026 - 11 - 26);
        let mut tables: Vec<pd::PriceTable> = pd::bundled()
            .iter()
            .map(|(_, json)| pd::parse(json, today).unwrap())
            .collect();
        let mut bare = tables[0].clone();
        bare.rds = None;
        bare.aurora = None;
        bare.dynamodb = None;
        bare.elasticache = None;
        tables.push(bare);
        let mut checked = 0;
        for t in &tables {
            let mut names: Vec<String> = PriceBook::db_instance_classes(t)
                .into_iter()
                .chain(PriceBook::cache_node_types(t))
                .chain(PriceBook::dax_node_types(t))
                .map(|c| c.class)
                .collect();
            names.extend(["db.x9.huge", "cache.nope", "dax.nope", "", "any"].map(String::from));
            for name in &names {
                let class = name.as_str();
                let mut keys = Vec::new();
                for engine in DbEngine::ALL {
                    for deployment in [
                        RdsDeployment::SingleAz,
                        RdsDeployment::MultiAz,
                        RdsDeployment::MultiAzCluster,
                    ] {
                        keys.push(PriceKey::RdsInstanceHour {
                            engine,
                            class,
                            deployment,
                        });
                    }
                    for io_optimized in [false, true] {
                        keys.push(PriceKey::AuroraInstanceHour {
                            engine,
                            class,
                            io_optimized,
                        });
                    }
                }
                for engine in CacheEngine::ALL {
                    keys.push(PriceKey::CacheNodeHour {
                        engine,
                        node_type: class,
                    });
                }
                keys.push(PriceKey::DaxNodeHour { node_type: class });
                keys.push(PriceKey::DynamoRcuHour {
                    class: TableClass::Standard,
                });
                for key in keys {
                    assert_eq!(t.find(&key), t.price(&key).ok(), "{key}");
                    checked += usize::from(t.find(&key).is_some());
                }
            }
        }
        // Not a vacuous check: many of these prices exist.
        assert!(checked > 100, "{checked}");
    }
}
