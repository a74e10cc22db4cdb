//! Turns the resolved slots into the typed sections of a [`crate::PriceTable`], and lists the
//! dimensions of the schema the imported offers left empty.
//!
//! A section appears only when it has something: an RDS engine when one of its instances (or
//! reservations) is priced, so that storage AWS lists for "Any" engine does not conjure up
//! engines; a DynamoDB table class only when all five of its required prices are there (else it
//! is left out and noted).

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::aurora::{
    Aurora, AuroraEdition, AuroraEngine, AuroraEnginePrices, AuroraEngines, AuroraInstancePrice,
    AuroraReservedPrice, EditionPrices,
};
use crate::dynamodb::{
    Capacity, Dax, DaxNode, DynamoDb, DynamoReservedPrice, TableClass, TableClassPrices,
    TableClasses,
};
use crate::elasticache::{
    CacheEngine, CacheEnginePrices, CacheEngines, CacheNodePrice, CacheNodeType,
    CacheReservedPrice, CacheServerless, ElastiCache,
};
use crate::price::{Price, Quantity};
use crate::rds::{
    DeploymentPrices, ExtendedSupport, Gp3Volume, MagneticVolume, PlainVolume,
    ProvisionedIopsVolume, Rds, RdsDeployment, RdsEngine, RdsEnginePrices, RdsEngines,
    RdsInstancePrice, RdsReservedPrice, RdsStorage, VolumeType,
};
use crate::table::DbInstanceClass;

use super::build::Value;
use super::mapping::{Slot, SupportYear};

/// The family sections built from the slots.
#[derive(Debug, Default)]
pub(crate) struct Sections {
    pub db_instance_classes: Vec<DbInstanceClass>,
    pub rds: Option<Rds>,
    pub aurora: Option<Aurora>,
    pub dynamodb: Option<DynamoDb>,
    pub elasticache: Option<ElastiCache>,
}

fn price(d: Decimal) -> Price {
    Price::new(d).unwrap_or_default()
}

fn quantity(d: Decimal) -> Quantity {
    Quantity::new(d).unwrap_or_default()
}

fn set_dep(prices: &mut DeploymentPrices, dep: RdsDeployment, p: Decimal) {
    let slot = match dep {
        RdsDeployment::SingleAz => &mut prices.single_az,
        RdsDeployment::MultiAz => &mut prices.multi_az,
        RdsDeployment::MultiAzCluster => &mut prices.multi_az_cluster,
    };
    *slot = Some(price(p));
}

fn set_edition(prices: &mut EditionPrices, edition: AuroraEdition, p: Decimal) {
    match edition {
        AuroraEdition::Standard => prices.standard = Some(price(p)),
        AuroraEdition::IoOptimized => prices.io_optimized = Some(price(p)),
    }
}

#[derive(Default)]
struct RdsAcc {
    instances: BTreeMap<String, DeploymentPrices>,
    reserved: Vec<RdsReservedPrice>,
    gb: BTreeMap<VolumeType, DeploymentPrices>,
    iops: BTreeMap<VolumeType, DeploymentPrices>,
    mibps: DeploymentPrices,
    magnetic_io: Option<Price>,
    backup: Option<Price>,
    support: BTreeMap<SupportYear, Price>,
}

#[derive(Default)]
struct AuroraAcc {
    instances: BTreeMap<String, EditionPrices>,
    reserved: Vec<AuroraReservedPrice>,
    storage: EditionPrices,
    io: Option<Price>,
    backup: Option<Price>,
    backtrack: Option<Price>,
    global_write: Option<Price>,
    serverless: EditionPrices,
    support: BTreeMap<SupportYear, Price>,
}

#[derive(Default)]
struct DynamoAcc {
    on_demand: BTreeMap<Capacity, Price>,
    provisioned: BTreeMap<Capacity, Price>,
    storage: Option<Price>,
    repl_write: Option<Price>,
    repl_wcu: Option<Price>,
    reserved: Vec<DynamoReservedPrice>,
}

#[derive(Default)]
struct CacheAcc {
    nodes: Vec<CacheNodePrice>,
    reserved: Vec<CacheReservedPrice>,
    storage: Option<Price>,
    ecpu: Option<Price>,
    backup: Option<Price>,
}

fn support(years: &BTreeMap<SupportYear, Price>) -> Option<ExtendedSupport> {
    Some(ExtendedSupport {
        year_1_2_vcpu_hour: *years.get(&SupportYear::Year1To2)?,
        year_3_vcpu_hour: *years.get(&SupportYear::Year3)?,
    })
}

/// The minimum metered storage of ElastiCache Serverless is a billing rule, not a price in
/// the offer file: 100 MB for Valkey, 1 GB for Redis OSS and Memcached
/// (<https://aws.amazon.com/elasticache/pricing/>, "ElastiCache Serverless").
fn serverless_minimum_gb(engine: CacheEngine) -> Decimal {
    match engine {
        CacheEngine::Valkey => Decimal::new(1, 1),
        CacheEngine::RedisOss | CacheEngine::Memcached => Decimal::ONE,
    }
}

pub(crate) fn assemble(slots: &BTreeMap<Slot, Value>, notes: &mut Vec<String>) -> Sections {
    let mut out = Sections::default();
    let mut rds: BTreeMap<RdsEngine, RdsAcc> = BTreeMap::new();
    let mut aurora: BTreeMap<AuroraEngine, AuroraAcc> = BTreeMap::new();
    let mut dynamo: BTreeMap<TableClass, DynamoAcc> = BTreeMap::new();
    let mut dynamo_any = false;
    let (mut pitr, mut backup, mut restore, mut streams) = (None, None, None, None);
    let mut dax_price: BTreeMap<String, Price> = BTreeMap::new();
    let mut dax_cat: BTreeMap<String, (u32, Decimal)> = BTreeMap::new();
    let mut cache: BTreeMap<CacheEngine, CacheAcc> = BTreeMap::new();
    let mut cache_types: Vec<CacheNodeType> = Vec::new();

    for (slot, value) in slots {
        let p = match value {
            Value::Price(p) => Some(price(*p)),
            _ => None,
        };
        let reserved = match value {
            Value::Reserved { upfront, hourly } => Some((price(*upfront), price(*hourly))),
            _ => None,
        };
        let cat = match value {
            Value::Catalog { vcpu, memory_gib } => Some((*vcpu, *memory_gib)),
            _ => None,
        };
        match slot {
            Slot::DbClass(class) => {
                if let Some((vcpu, mem)) = cat {
                    out.db_instance_classes.push(DbInstanceClass {
                        class: class.clone(),
                        vcpu,
                        memory_gib: quantity(mem),
                    });
                }
            }
            Slot::RdsInstance(e, class, dep) => {
                if let Some(p) = p {
                    let acc = rds.entry(*e).or_default();
                    set_dep(
                        acc.instances.entry(class.clone()).or_default(),
                        *dep,
                        p.get(),
                    );
                }
            }
            Slot::RdsReserved(e, class, dep, term, payment) => {
                if let Some((upfront, hourly)) = reserved {
                    rds.entry(*e).or_default().reserved.push(RdsReservedPrice {
                        class: class.clone(),
                        deployment: *dep,
                        term: *term,
                        payment: *payment,
                        upfront,
                        hourly,
                    });
                }
            }
            Slot::RdsStorageGb(e, v, dep) => {
                if let Some(p) = p {
                    let acc = rds.entry(*e).or_default();
                    set_dep(acc.gb.entry(*v).or_default(), *dep, p.get());
                }
            }
            Slot::RdsIops(e, v, dep) => {
                if let Some(p) = p {
                    let acc = rds.entry(*e).or_default();
                    set_dep(acc.iops.entry(*v).or_default(), *dep, p.get());
                }
            }
            Slot::RdsThroughput(e, dep) => {
                if let Some(p) = p {
                    set_dep(&mut rds.entry(*e).or_default().mibps, *dep, p.get());
                }
            }
            Slot::RdsMagneticIo(e) => rds.entry(*e).or_default().magnetic_io = p,
            Slot::RdsBackup(e) => rds.entry(*e).or_default().backup = p,
            Slot::RdsExtendedSupport(e, y) => {
                if let Some(p) = p {
                    rds.entry(*e).or_default().support.insert(*y, p);
                }
            }
            Slot::AuroraInstance(e, class, ed) => {
                if let Some(p) = p {
                    let acc = aurora.entry(*e).or_default();
                    set_edition(
                        acc.instances.entry(class.clone()).or_default(),
                        *ed,
                        p.get(),
                    );
                }
            }
            Slot::AuroraReserved(e, class, ed, term, payment) => {
                if let Some((upfront, hourly)) = reserved {
                    aurora
                        .entry(*e)
                        .or_default()
                        .reserved
                        .push(AuroraReservedPrice {
                            class: class.clone(),
                            edition: *ed,
                            term: *term,
                            payment: *payment,
                            upfront,
                            hourly,
                        });
                }
            }
            Slot::AuroraStorage(e, ed) => {
                if let Some(p) = p {
                    set_edition(&mut aurora.entry(*e).or_default().storage, *ed, p.get());
                }
            }
            Slot::AuroraIo(e) => aurora.entry(*e).or_default().io = p,
            Slot::AuroraBackup(e) => aurora.entry(*e).or_default().backup = p,
            Slot::AuroraBacktrack(e) => aurora.entry(*e).or_default().backtrack = p,
            Slot::AuroraGlobalWrite(e) => aurora.entry(*e).or_default().global_write = p,
            Slot::AuroraServerless(e, ed) => {
                if let Some(p) = p {
                    set_edition(&mut aurora.entry(*e).or_default().serverless, *ed, p.get());
                }
            }
            Slot::AuroraExtendedSupport(e, y) => {
                if let Some(p) = p {
                    aurora.entry(*e).or_default().support.insert(*y, p);
                }
            }
            Slot::DynamoOnDemand(c, cap) => {
                if let Some(p) = p {
                    dynamo.entry(*c).or_default().on_demand.insert(*cap, p);
                }
            }
            Slot::DynamoProvisioned(c, cap) => {
                if let Some(p) = p {
                    dynamo.entry(*c).or_default().provisioned.insert(*cap, p);
                }
            }
            Slot::DynamoStorage(c) => dynamo.entry(*c).or_default().storage = p,
            Slot::DynamoReplicatedWrite(c) => dynamo.entry(*c).or_default().repl_write = p,
            Slot::DynamoReplicatedWcu(c) => dynamo.entry(*c).or_default().repl_wcu = p,
            Slot::DynamoReserved(c, cap, term) => {
                if let Some((upfront, hourly)) = reserved {
                    dynamo
                        .entry(*c)
                        .or_default()
                        .reserved
                        .push(DynamoReservedPrice {
                            capacity: *cap,
                            term: *term,
                            upfront_per_100: upfront,
                            hourly_per_100: hourly,
                        });
                }
            }
            Slot::DynamoPitr => (pitr, dynamo_any) = (p, true),
            Slot::DynamoBackup => (backup, dynamo_any) = (p, true),
            Slot::DynamoRestore => (restore, dynamo_any) = (p, true),
            Slot::DynamoStreams => (streams, dynamo_any) = (p, true),
            Slot::DaxNodeType(n) => {
                if let Some(c) = cat {
                    dax_cat.insert(n.clone(), c);
                }
            }
            Slot::DaxNode(n) => {
                if let Some(p) = p {
                    dax_price.insert(n.clone(), p);
                }
            }
            Slot::CacheNodeType(n) => {
                if let Some((vcpu, mem)) = cat {
                    cache_types.push(CacheNodeType {
                        node_type: n.clone(),
                        vcpu,
                        memory_gib: quantity(mem),
                        data_tiering_ssd_gib: None,
                    });
                }
            }
            Slot::CacheNode(e, n) => {
                if let Some(p) = p {
                    cache.entry(*e).or_default().nodes.push(CacheNodePrice {
                        node_type: n.clone(),
                        hourly: p,
                    });
                }
            }
            Slot::CacheReserved(e, n, term, payment) => {
                if let Some((upfront, hourly)) = reserved {
                    cache
                        .entry(*e)
                        .or_default()
                        .reserved
                        .push(CacheReservedPrice {
                            node_type: n.clone(),
                            term: *term,
                            payment: *payment,
                            upfront,
                            hourly,
                        });
                }
            }
            Slot::CacheServerlessStorage(e) => cache.entry(*e).or_default().storage = p,
            Slot::CacheServerlessEcpu(e) => cache.entry(*e).or_default().ecpu = p,
            Slot::CacheBackup(e) => cache.entry(*e).or_default().backup = p,
        }
    }

    // RDS: an engine appears only when some instance of it is priced; storage listed for
    // "Any" engine alone does not make an engine.
    let mut engines = RdsEngines::default();
    for (engine, acc) in rds {
        if acc.instances.is_empty() && acc.reserved.is_empty() {
            continue;
        }
        let mut gb = acc.gb;
        let mut iops = acc.iops;
        let storage = RdsStorage {
            gp2: gb
                .remove(&VolumeType::Gp2)
                .map(|gb_month| PlainVolume { gb_month }),
            gp3: gb.remove(&VolumeType::Gp3).map(|gb_month| Gp3Volume {
                gb_month,
                iops_month: iops.remove(&VolumeType::Gp3).unwrap_or_default(),
                mibps_month: acc.mibps.clone(),
                baseline: Vec::new(),
            }),
            io1: gb
                .remove(&VolumeType::Io1)
                .map(|gb_month| ProvisionedIopsVolume {
                    gb_month,
                    iops_month: iops.remove(&VolumeType::Io1).unwrap_or_default(),
                }),
            io2: gb
                .remove(&VolumeType::Io2)
                .map(|gb_month| ProvisionedIopsVolume {
                    gb_month,
                    iops_month: iops.remove(&VolumeType::Io2).unwrap_or_default(),
                }),
            magnetic: gb
                .remove(&VolumeType::Magnetic)
                .map(|gb_month| MagneticVolume {
                    gb_month,
                    io_per_million: acc.magnetic_io,
                }),
        };
        let has_storage = storage != RdsStorage::default();
        let prices = RdsEnginePrices {
            instances: acc
                .instances
                .into_iter()
                .map(|(class, hourly)| RdsInstancePrice { class, hourly })
                .collect(),
            reserved: acc.reserved,
            storage: has_storage.then_some(storage),
            backup_gb_month: acc.backup,
            extended_support: support(&acc.support),
        };
        let slot = match engine {
            RdsEngine::Postgresql => &mut engines.postgresql,
            RdsEngine::Mysql => &mut engines.mysql,
            RdsEngine::Mariadb => &mut engines.mariadb,
            RdsEngine::OracleSe2Li => &mut engines.oracle_se2_li,
            RdsEngine::OracleSe2Byol => &mut engines.oracle_se2_byol,
            RdsEngine::OracleEeByol => &mut engines.oracle_ee_byol,
            RdsEngine::SqlserverExpress => &mut engines.sqlserver_express,
            RdsEngine::SqlserverWeb => &mut engines.sqlserver_web,
            RdsEngine::SqlserverStandard => &mut engines.sqlserver_standard,
            RdsEngine::SqlserverEnterprise => &mut engines.sqlserver_enterprise,
        };
        *slot = Some(prices);
    }
    if engines != RdsEngines::default() {
        out.rds = Some(Rds { engines });
    }

    let mut a_engines = AuroraEngines::default();
    for (engine, acc) in aurora {
        let prices = AuroraEnginePrices {
            instances: acc
                .instances
                .into_iter()
                .map(|(class, hourly)| AuroraInstancePrice { class, hourly })
                .collect(),
            reserved: acc.reserved,
            storage_gb_month: acc.storage,
            io_per_million: acc.io,
            backup_gb_month: acc.backup,
            backtrack_per_million_change_records: acc.backtrack,
            global_write_io_per_million: acc.global_write,
            serverless_v2_acu_hour: acc.serverless,
            extended_support: support(&acc.support),
        };
        match engine {
            AuroraEngine::Mysql => a_engines.mysql = Some(prices),
            AuroraEngine::Postgresql => a_engines.postgresql = Some(prices),
        }
    }
    if a_engines != AuroraEngines::default() {
        out.aurora = Some(Aurora { engines: a_engines });
    }

    let mut classes = TableClasses::default();
    for (class, acc) in &dynamo {
        dynamo_any = true;
        let complete = (|| {
            Some(TableClassPrices {
                on_demand_write_per_million: *acc.on_demand.get(&Capacity::Write)?,
                on_demand_read_per_million: *acc.on_demand.get(&Capacity::Read)?,
                provisioned_wcu_hour: *acc.provisioned.get(&Capacity::Write)?,
                provisioned_rcu_hour: *acc.provisioned.get(&Capacity::Read)?,
                storage_gb_month: acc.storage?,
                replicated_write_per_million: acc.repl_write,
                replicated_wcu_hour: acc.repl_wcu,
                reserved: acc.reserved.clone(),
            })
        })();
        if complete.is_none() {
            notes.push(format!(
                "dynamodb.table_classes.{} left out: on-demand read/write, provisioned RCU/WCU \
                 and storage are all required and some were missing",
                class.key()
            ));
        }
        match class {
            TableClass::Standard => classes.standard = complete,
            TableClass::StandardIa => classes.standard_ia = complete,
        }
    }
    let dax_nodes: Vec<DaxNode> = dax_price
        .iter()
        .filter_map(|(node, hourly)| {
            let (vcpu, mem) = dax_cat.get(node)?;
            Some(DaxNode {
                node_type: node.clone(),
                vcpu: *vcpu,
                memory_gib: quantity(*mem),
                hourly: *hourly,
            })
        })
        .collect();
    if dynamo_any || !dax_nodes.is_empty() {
        out.dynamodb = Some(DynamoDb {
            table_classes: classes,
            pitr_gb_month: pitr,
            backup_gb_month: backup,
            restore_per_gb: restore,
            streams_read_per_100k: streams,
            free_tier: None,
            dax: (!dax_nodes.is_empty()).then_some(Dax { nodes: dax_nodes }),
        });
    }

    let mut c_engines = CacheEngines::default();
    for (engine, acc) in cache {
        let serverless = match (acc.storage, acc.ecpu) {
            (Some(storage_gb_hour), Some(ecpu_per_million)) => {
                notes.push(format!(
                    "elasticache.engines.{}.serverless.minimum_storage_gb set to {} from the \
                     ElastiCache pricing page (not in the offer file)",
                    engine.key(),
                    serverless_minimum_gb(engine)
                ));
                Some(CacheServerless {
                    storage_gb_hour,
                    ecpu_per_million,
                    minimum_storage_gb: quantity(serverless_minimum_gb(engine)),
                })
            }
            _ => None,
        };
        let prices = CacheEnginePrices {
            nodes: acc.nodes,
            reserved: acc.reserved,
            serverless,
            backup_gb_month: acc.backup,
        };
        if prices.nodes.is_empty() && prices.reserved.is_empty() && prices.serverless.is_none() {
            continue;
        }
        match engine {
            CacheEngine::Valkey => c_engines.valkey = Some(prices),
            CacheEngine::RedisOss => c_engines.redis_oss = Some(prices),
            CacheEngine::Memcached => c_engines.memcached = Some(prices),
        }
    }
    if c_engines != CacheEngines::default() || !cache_types.is_empty() {
        out.elasticache = Some(ElastiCache {
            node_types: cache_types,
            engines: c_engines,
        });
    }
    out
}

/// The dimensions of our schema that the imported offers could have filled and did not.
pub(crate) fn missing(s: &Sections, offers: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut need = |present: bool, path: String| {
        if !present {
            out.push(path);
        }
    };
    need(
        false,
        "data_transfer (in the AWSDataTransfer offer, not imported)".into(),
    );
    if offers.contains("AmazonRDS") {
        need(
            !s.db_instance_classes.is_empty(),
            "db_instance_classes".into(),
        );
        let engines = s
            .rds
            .as_ref()
            .map(|r| r.engines.clone())
            .unwrap_or_default();
        for engine in RdsEngine::ALL {
            let p = format!("rds.engines.{}", engine.key());
            let Some(e) = engines.get(engine) else {
                need(false, p);
                continue;
            };
            need(!e.reserved.is_empty(), format!("{p}.reserved"));
            need(e.backup_gb_month.is_some(), format!("{p}.backup_gb_month"));
            need(
                e.extended_support.is_some(),
                format!("{p}.extended_support"),
            );
            let st = e.storage.clone().unwrap_or_default();
            need(st.gp2.is_some(), format!("{p}.storage.gp2"));
            match &st.gp3 {
                None => need(false, format!("{p}.storage.gp3")),
                Some(g) => {
                    need(
                        g.iops_month != DeploymentPrices::default(),
                        format!("{p}.storage.gp3.iops_month"),
                    );
                    need(
                        g.mibps_month != DeploymentPrices::default(),
                        format!("{p}.storage.gp3.mibps_month"),
                    );
                    need(
                        false,
                        format!("{p}.storage.gp3.baseline (a billing rule, not in the offer file)"),
                    );
                }
            }
            need(st.io1.is_some(), format!("{p}.storage.io1"));
            need(st.io2.is_some(), format!("{p}.storage.io2"));
        }
        let engines = s
            .aurora
            .as_ref()
            .map(|a| a.engines.clone())
            .unwrap_or_default();
        for engine in AuroraEngine::ALL {
            let p = format!("aurora.engines.{}", engine.key());
            let Some(e) = engines.get(engine) else {
                need(false, p);
                continue;
            };
            need(!e.instances.is_empty(), format!("{p}.instances"));
            need(!e.reserved.is_empty(), format!("{p}.reserved"));
            for ed in AuroraEdition::ALL {
                need(
                    e.storage_gb_month.get(ed).is_some(),
                    format!("{p}.storage_gb_month.{}", ed.key()),
                );
                need(
                    e.serverless_v2_acu_hour.get(ed).is_some(),
                    format!("{p}.serverless_v2_acu_hour.{}", ed.key()),
                );
            }
            need(e.io_per_million.is_some(), format!("{p}.io_per_million"));
            need(e.backup_gb_month.is_some(), format!("{p}.backup_gb_month"));
            if engine == AuroraEngine::Mysql {
                need(
                    e.backtrack_per_million_change_records.is_some(),
                    format!("{p}.backtrack_per_million_change_records"),
                );
            }
            need(
                e.global_write_io_per_million.is_some(),
                format!("{p}.global_write_io_per_million"),
            );
            need(
                e.extended_support.is_some(),
                format!("{p}.extended_support"),
            );
        }
    }
    if offers.contains("AmazonDynamoDB") {
        match &s.dynamodb {
            None => need(false, "dynamodb".into()),
            Some(d) => {
                for class in TableClass::ALL {
                    let p = format!("dynamodb.table_classes.{}", class.key());
                    match d.table_classes.get(class) {
                        None => need(false, p),
                        Some(c) => {
                            need(
                                c.replicated_write_per_million.is_some(),
                                format!("{p}.replicated_write_per_million"),
                            );
                            need(
                                c.replicated_wcu_hour.is_some(),
                                format!("{p}.replicated_wcu_hour"),
                            );
                            if class == TableClass::Standard {
                                need(!c.reserved.is_empty(), format!("{p}.reserved"));
                            }
                        }
                    }
                }
                need(d.pitr_gb_month.is_some(), "dynamodb.pitr_gb_month".into());
                need(
                    d.backup_gb_month.is_some(),
                    "dynamodb.backup_gb_month".into(),
                );
                need(d.restore_per_gb.is_some(), "dynamodb.restore_per_gb".into());
                need(
                    d.streams_read_per_100k.is_some(),
                    "dynamodb.streams_read_per_100k".into(),
                );
                need(
                    false,
                    "dynamodb.free_tier (allowances, not prices: add them by hand)".into(),
                );
            }
        }
    }
    // DAX is priced in its own offer: say so when DynamoDB came without it.
    if offers.contains("AmazonDAX") {
        need(
            s.dynamodb.as_ref().is_some_and(|d| d.dax.is_some()),
            "dynamodb.dax".into(),
        );
    } else if offers.contains("AmazonDynamoDB") {
        need(
            false,
            "dynamodb.dax (in the AmazonDAX offer, not imported)".into(),
        );
    }
    if offers.contains("AmazonElastiCache") {
        let engines = s
            .elasticache
            .as_ref()
            .map(|e| e.engines.clone())
            .unwrap_or_default();
        for engine in CacheEngine::ALL {
            let p = format!("elasticache.engines.{}", engine.key());
            let Some(e) = engines.get(engine) else {
                need(false, p);
                continue;
            };
            need(!e.nodes.is_empty(), format!("{p}.nodes"));
            need(!e.reserved.is_empty(), format!("{p}.reserved"));
            need(e.serverless.is_some(), format!("{p}.serverless"));
            need(e.backup_gb_month.is_some(), format!("{p}.backup_gb_month"));
        }
    }
    out
}
