//! Amazon ElastiCache: node-based clusters (memory after reserved memory, shards × (1 +
//! replicas) nodes, reserved nodes) and ElastiCache Serverless (GB-hours with the engine's
//! minimum, ECPUs at 1 per KB transferred), for Valkey, Redis OSS and Memcached.

use rust_decimal::Decimal;

use crate::Ctx;
use crate::estimate::{Bill, Category, OptionEstimate, OptionHead, Role, Service, Text, Txt};
use crate::prices::{InstanceSpec, PriceKey};
use crate::reserved::add_compute;
use crate::scenario::{CacheEngine, pct};
use crate::workload::{ceil_u32, show};

/// Simple commands one shard serves per second before CPU passes ~70 % (heuristic; ATK adds
/// shards when CPU stays above 70 %).
pub const OPS_PER_SHARD: i64 = 100_000;
/// Largest ElastiCache Serverless cache, GB (ElastiCache User Guide, serverless quotas).
pub const SERVERLESS_MAX_GB: i64 = 5_000;
/// Most ECPUs per second a serverless cache serves (same source).
pub const SERVERLESS_MAX_ECPU_PER_S: i64 = 15_000_000;

/// Memory of a node available to data, GiB.
///
/// AWS rule (ElastiCache User Guide, "Managing reserved memory"): `reserved-memory-percent`
/// (25 % by default on Valkey and Redis OSS) of a node's memory is kept for backups,
/// replication and overhead and is not available to data.
pub fn usable_memory_gib(node_gib: Decimal, reserved_percent: Decimal) -> Decimal {
    node_gib * (Decimal::ONE - pct(reserved_percent))
}

/// Shards needed to hold `data_gib` on nodes with `usable_gib` each: with cluster mode each
/// shard holds its share of the keyspace (ElastiCache User Guide, "Choosing your node size").
pub fn shards_for_memory(data_gib: Decimal, usable_gib: Decimal) -> u32 {
    if usable_gib <= Decimal::ZERO {
        return 1;
    }
    ceil_u32(data_gib / usable_gib).max(1)
}

/// Nodes in a cluster: every shard has one primary and `replicas` replicas (ElastiCache User
/// Guide, "Shards"): `shards × (1 + replicas)`.
pub fn node_count(shards: u32, replicas: u32) -> u32 {
    shards.saturating_mul(1 + replicas)
}

/// ECPUs one request consumes.
///
/// AWS rule (ElastiCache pricing, "ElastiCache Serverless"): simple reads and writes consume
/// 1 ECPU per kilobyte transferred, at least 1; e.g. a GET that transfers 3.2 KB consumes
/// 3.2 ECPUs.
pub fn ecpus_per_request(kb: Decimal) -> Decimal {
    kb.max(Decimal::ONE)
}

/// Metered serverless data storage, GB: the hourly average, never below the engine's
/// minimum (ElastiCache pricing: "ElastiCache Serverless ... meters for a minimum of 100 MB
/// for Valkey and 1 GB for Redis OSS and Memcached").
pub fn serverless_storage_gb(average_gb: Decimal, minimum_gb: Decimal) -> Decimal {
    average_gb.max(minimum_gb)
}

/// Sizing texts that the engines' options share in a pass (the same node type, the same
/// figures), written once and shared.
#[derive(Default)]
struct Texts<'a> {
    /// Node type: its class name and the reason for it.
    nodes: Vec<(&'a InstanceSpec, (Txt, Txt))>,
    /// Serverless data storage, by the engine's metered minimum (its 128 bits).
    storage: Vec<(u128, (Txt, Txt))>,
    /// Serverless ECPUs (the same for every engine).
    ecpus: Option<(Txt, Txt)>,
}

/// Options per cache engine: node-based and serverless.
pub(crate) fn options<'a>(ctx: &Ctx<'a>, out: &mut Vec<OptionEstimate>) {
    let mut load = None;
    let mut shards = None;
    let mut texts = Texts::default();
    for engine in CacheEngine::ALL {
        if ctx
            .s
            .overrides
            .elasticache_engine
            .is_some_and(|e| e != engine)
        {
            continue;
        }
        let load = *load.get_or_insert_with(|| cache_load(ctx));
        let shards = shards.get_or_insert_with(|| node_shards(ctx, load.1, load.3));
        out.push(nodes(ctx, engine, load, shards, &mut texts));
        out.push(serverless(ctx, engine, load, &mut texts));
    }
}

/// Shards each catalog node type needs for the cache's memory and peak load (the same for
/// every engine, so worked out once per pass); 0 for a node type the override rules out.
fn node_shards(ctx: &Ctx<'_>, memory: Decimal, peak_ops: Decimal) -> Vec<u32> {
    let s = ctx.s;
    let reserved = s.assumptions.elasticache_reserved_memory_percent;
    let shards_for_ops = ceil_u32(peak_ops / Decimal::from(OPS_PER_SHARD)).max(1);
    ctx.catalogs
        .cache_nodes
        .iter()
        .map(|node| {
            if s.overrides
                .elasticache_node_type
                .as_deref()
                .is_some_and(|n| n != node.class)
            {
                return 0;
            }
            s.overrides.elasticache_shards.unwrap_or_else(|| {
                shards_for_memory(memory, usable_memory_gib(node.memory_gib, reserved))
                    .max(shards_for_ops)
            })
        })
        .collect()
}

/// The cache's data set and load: (cached GB, memory GiB with the per-item overhead
/// assumption, average operations/s, peak operations/s). Cache-aside (heuristic): every read
/// looks in the cache, each miss is written back, each write updates it.
pub(crate) fn cache_load(ctx: &Ctx<'_>) -> (Decimal, Decimal, Decimal, Decimal) {
    let s = ctx.s;
    let w = &ctx.w;
    let cached_gb =
        w.data_end_gb * pct(s.caching.cached_data_percent.unwrap_or(s.data.hot_percent));
    let kb = s.caching.item_size_kb;
    let items = cached_gb * Decimal::from(1024 * 1024) / kb;
    let memory = cached_gb
        + items * s.assumptions.elasticache_item_overhead_bytes / Decimal::from(1024 * 1024 * 1024);
    let miss = Decimal::ONE - pct(s.caching.hit_rate_percent);
    let ops = w.raw_reads * (Decimal::ONE + miss) + w.avg_writes;
    (cached_gb, memory, ops, ops * w.peak_factor)
}

/// The cache's load, as [`cache_load`] returns it.
type Load = (Decimal, Decimal, Decimal, Decimal);

/// The ids and labels of `engine`'s node-based and serverless options:
/// `elasticache-{engine id}-nodes`, `ElastiCache for {engine name} (node-based)`,
/// `elasticache-{engine id}-serverless` and `ElastiCache Serverless for {engine name}`,
/// written out here once rather than formatted for every pass (a test checks the table).
fn ids_and_labels(engine: CacheEngine) -> [&'static str; 4] {
    match engine {
        CacheEngine::Valkey => [
            "elasticache-valkey-nodes",
            "ElastiCache for Valkey (node-based)",
            "elasticache-valkey-serverless",
            "ElastiCache Serverless for Valkey",
        ],
        CacheEngine::Redis => [
            "elasticache-redis-nodes",
            "ElastiCache for Redis OSS (node-based)",
            "elasticache-redis-serverless",
            "ElastiCache Serverless for Redis OSS",
        ],
        CacheEngine::Memcached => [
            "elasticache-memcached-nodes",
            "ElastiCache for Memcached (node-based)",
            "elasticache-memcached-serverless",
            "ElastiCache Serverless for Memcached",
        ],
    }
}

fn nodes<'a>(
    ctx: &Ctx<'a>,
    engine: CacheEngine,
    load: Load,
    node_shards: &[u32],
    texts: &mut Texts<'a>,
) -> OptionEstimate {
    let s = ctx.s;
    let [id, label, _, _] = ids_and_labels(engine);
    let mut head = OptionHead::new(ctx.lean, id, label, Service::Elasticache, Role::Cache);
    let mut bill = Bill::new(ctx.prices, ctx.lean);
    let (cached_gb, memory, _, _) = load;
    let reserved = s.assumptions.elasticache_reserved_memory_percent;
    let replicas = if engine == CacheEngine::Memcached {
        0
    } else {
        s.overrides
            .elasticache_replicas
            .unwrap_or(u32::from(s.needs.multi_az))
    };
    // Cheapest node type for the whole cluster.
    let mut best: Option<(&'a InstanceSpec, u32, Decimal)> = None;
    for (node, &shards) in ctx.catalogs.cache_nodes.iter().zip(node_shards) {
        if shards == 0 {
            continue; // ruled out by the node type override
        }
        let Some(price) = ctx.prices.find(&PriceKey::CacheNodeHour {
            engine,
            node_type: &node.class,
        }) else {
            continue;
        };
        let cost = price * Decimal::from(node_count(shards, replicas));
        if best.is_none_or(|(_, _, c)| cost < c) {
            best = Some((node, shards, cost));
        }
    }
    let Some((node, shards, _)) = best else {
        bill.missing.push(
            PriceKey::CacheNodeHour {
                engine,
                node_type: s
                    .overrides
                    .elasticache_node_type
                    .as_deref()
                    .unwrap_or("any"),
            }
            .missing(),
        );
        return bill.finish(head);
    };
    if !head.lean {
        // The reason depends only on the node type in a pass: the engines that choose the
        // same one share it.
        let (class, reason) = crate::memoized(
            &mut texts.nodes,
            |n| std::ptr::eq(*n, node),
            || {
                let usable = usable_memory_gib(node.memory_gib, reserved);
                let class = Txt::Owned(node.class.clone()).shared();
                let reason = format_args!(
                    "cheapest cluster: {} GiB per node, {} GiB usable after {} % reserved memory, for {} GiB of cached data with overhead ({} GB of data)",
                    show(node.memory_gib, 2),
                    show(usable, 2),
                    show(reserved, 0),
                    show(memory, 2),
                    show(cached_gb, 2)
                )
                .into_text(176)
                .shared();
                (node, (class, reason))
            },
        );
        head.size("node type", class, reason);
    }
    let count = node_count(shards, replicas);
    if !head.lean {
        head.size(
            "nodes",
            format_args!("{shards} shard(s) × (1 + {replicas} replica(s)) = {count} nodes"),
            if engine == CacheEngine::Memcached {
                Txt::Borrowed("Memcached has no replicas: each node holds a share of the keys")
            } else if replicas > 0 {
                Txt::Borrowed("one replica per shard in another AZ for failover (Multi-AZ)")
            } else {
                Txt::Borrowed("no replicas (no Multi-AZ need)")
            },
        );
    }
    if engine == CacheEngine::Memcached {
        head.warn(
            "Memcached has no replication or persistence: a node failure empties its share of the cache",
        );
    }
    let node_type = node.class.as_str();
    add_compute(
        ctx,
        &mut bill,
        &mut head,
        &format_args!("{node_type} nodes"),
        Decimal::from(count),
        "node-hours",
        PriceKey::CacheNodeHour { engine, node_type },
        |term, part| PriceKey::CacheReserved {
            engine,
            node_type,
            term,
            payment: s.horizon.upfront,
            part,
        },
    );
    bill.finish(head)
}

fn serverless(
    ctx: &Ctx<'_>,
    engine: CacheEngine,
    load: Load,
    texts: &mut Texts<'_>,
) -> OptionEstimate {
    let s = ctx.s;
    let w = &ctx.w;
    let [_, _, id, label] = ids_and_labels(engine);
    let mut head = OptionHead::new(ctx.lean, id, label, Service::Elasticache, Role::Cache);
    let mut bill = Bill::new(ctx.prices, ctx.lean);
    let (_, memory, ops, peak_ops) = load;
    let minimum = bill.lookup(&PriceKey::CacheServerlessMinimumGb { engine });
    if let Some(minimum) = minimum {
        let gb = serverless_storage_gb(memory, minimum);
        if !head.lean {
            // The same for the engines with the same minimum: written once, shared.
            let key = u128::from_le_bytes(minimum.serialize());
            let (choice, reason) = crate::memoized(
                &mut texts.storage,
                |k| *k == key,
                || {
                    let choice = format_args!("{} GB average", show(gb, 2))
                        .into_text(48)
                        .shared();
                    let reason = format_args!(
                        "cached data with overhead {} GB, metered at no less than {} GB",
                        show(memory, 2),
                        show(minimum, 2)
                    )
                    .into_text(176)
                    .shared();
                    (key, (choice, reason))
                },
            );
            head.size("data storage", choice, reason);
        }
        bill.add(
            "Serverless data storage",
            Category::Storage,
            gb * w.hours,
            "GB-hours",
            &PriceKey::CacheServerlessStorageGbHour { engine },
        );
        if gb > Decimal::from(SERVERLESS_MAX_GB) {
            head.fit(
                "storage",
                false,
                "above ElastiCache Serverless's 5,000 GB limit",
            );
        }
    }
    let per_request = ecpus_per_request(s.caching.item_size_kb);
    let ecpu_millions = ops * per_request * w.seconds_per_month() / Decimal::from(1_000_000);
    if !head.lean {
        // The same for every engine: written once, shared.
        let (choice, reason) = texts.ecpus.get_or_insert_with(|| {
            (
                format_args!("{} million per month", show(ecpu_millions, 1))
                    .into_text(48)
                    .shared(),
                format_args!(
                    "{} requests/s on average × {} ECPU each (1 per KB transferred, at least 1)",
                    show(ops, 1),
                    show(per_request, 2)
                )
                .into_text(176)
                .shared(),
            )
        });
        head.size("ECPUs", choice.clone(), reason.clone());
    }
    bill.add(
        "ElastiCache Processing Units",
        Category::Requests,
        ecpu_millions,
        "million ECPUs",
        &PriceKey::CacheServerlessEcpuPerMillion { engine },
    );
    if peak_ops * per_request > Decimal::from(SERVERLESS_MAX_ECPU_PER_S) {
        head.fit(
            "throughput",
            false,
            "above ElastiCache Serverless's 15 million ECPU/s limit",
        );
    }
    bill.finish(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of ids and labels says what formatting them would.
    #[test]
    fn ids_and_labels_follow_the_pattern() {
        for engine in CacheEngine::ALL {
            let (id, name) = (engine.id(), engine.name());
            assert_eq!(
                ids_and_labels(engine).map(String::from),
                [
                    format!("elasticache-{id}-nodes"),
                    format!("ElastiCache for {name} (node-based)"),
                    format!("elasticache-{id}-serverless"),
                    format!("ElastiCache Serverless for {name}"),
                ]
            );
        }
    }
    use rust_decimal_macros::dec;

    #[test]
    fn ecpu_per_kb_transferred() {
        // ElastiCache pricing page: a GET transferring 3.2 KB consumes 3.2 ECPUs; a simple
        // command transferring under 1 KB consumes 1 ECPU.
        assert_eq!(ecpus_per_request(dec!(3.2)), dec!(3.2));
        assert_eq!(ecpus_per_request(dec!(0.5)), dec!(1));
    }

    #[test]
    fn serverless_minimum_storage() {
        // ElastiCache pricing: a Valkey cache is metered at least 0.1 GB, Redis OSS at least
        // 1 GB; 0.05 GB of data bills 0.1 GB on Valkey, 1 GB on Redis OSS; 7 GB bills 7 GB.
        assert_eq!(serverless_storage_gb(dec!(0.05), dec!(0.1)), dec!(0.1));
        assert_eq!(serverless_storage_gb(dec!(0.05), dec!(1)), dec!(1));
        assert_eq!(serverless_storage_gb(dec!(7), dec!(1)), dec!(7));
    }

    #[test]
    fn node_memory_after_reserved_memory() {
        // ElastiCache User Guide: reserved-memory-percent 25 % by default. A cache.r7g.large
        // has 13.07 GiB; 13.07 × 0.75 = 9.8025 GiB for data. 20 GiB of data needs
        // ceil(20 / 9.8025) = 3 shards; with 2 replicas each, 3 × (1 + 2) = 9 nodes (the
        // seed's "3 shards, 2 replicas each").
        let usable = usable_memory_gib(dec!(13.07), dec!(25));
        assert_eq!(usable, dec!(9.8025));
        let shards = shards_for_memory(dec!(20), usable);
        assert_eq!(shards, 3);
        assert_eq!(node_count(shards, 2), 9);
        assert_eq!(shards_for_memory(dec!(0), usable), 1);
    }
}
