//! Amazon Aurora provisioned clusters: writer and readers, cluster storage, the I/O estimate,
//! Standard against I/O-Optimized, backup beyond the free allowance, and Global Database
//! when the data must be in several regions.

use rust_decimal::Decimal;

use crate::Ctx;
use crate::estimate::{
    Bill, Category, OptionEstimate, OptionHead, Role, Service, Text, Txt, args_text,
};
use crate::fit::{Offers, Recovery, judge_in};
use crate::prices::PriceKey;
use crate::rds::{
    backup_size_gb, billed_backup_gb, choose_instance_in, memory_need, vcpu_need,
    warn_if_working_set_spills,
};
use crate::reserved::add_compute;
use crate::scenario::{DbEngine, Scenario, pct};
use crate::workload::{Workload, dceil, show};

/// Most Aurora Replicas per cluster (Aurora User Guide, "Aurora Replicas").
pub const MAX_READERS: u32 = 15;
/// Largest Aurora cluster volume, GiB: 128 TiB (Aurora User Guide, "Amazon Aurora size
/// limits").
pub const MAX_STORAGE_GIB: i64 = 131_072;

/// Database page size, KB: 8 KB for Aurora PostgreSQL, 16 KB for Aurora MySQL (Aurora User
/// Guide, "Planning I/O in Aurora").
pub fn page_kb(engine: DbEngine) -> Decimal {
    match engine {
        DbEngine::Mysql => Decimal::from(16),
        _ => Decimal::from(8),
    }
}

/// Estimated Aurora I/O requests per second: (read I/Os, write I/Os).
///
/// AWS rule (Aurora User Guide, "Planning I/O in Amazon Aurora"; Aurora pricing, "I/O
/// rate"): a read I/O is a database page read that misses the buffer cache; write I/Os are
/// redo (MySQL) or WAL (PostgreSQL) records sent to storage, counted in 4 KB units, small
/// records batched. Estimate (SCM): reads × ceil(item / page) × (1 − cache hit rate), and
/// writes × item bytes × (1 + indexes) / 4 KB.
pub fn io_per_second(
    reads: Decimal,
    writes: Decimal,
    item_kb: Decimal,
    page_kb: Decimal,
    cache_hit: Decimal,
    indexes: u32,
) -> (Decimal, Decimal) {
    let pages = dceil(item_kb / page_kb).max(Decimal::ONE);
    let read = reads * pages * (Decimal::ONE - cache_hit);
    let write = writes * item_kb * Decimal::from(1 + indexes) / Decimal::from(4);
    (read, write)
}

/// A sized Aurora cluster, priced by [`price_cluster`].
#[derive(Debug, Clone)]
pub(crate) struct Cluster<'a> {
    pub engine: DbEngine,
    pub class: &'a str,
    /// Writer plus readers in the primary region.
    pub instances: Decimal,
    /// Billed cluster volume, GB-months.
    pub storage_gb: Decimal,
    /// I/O requests per month, millions (Standard only).
    pub io_millions: Decimal,
    /// Write I/Os per month, millions (replicated to Global Database secondaries).
    pub write_io_millions: Decimal,
    /// Billed backup beyond the free allowance, GB-months.
    pub backup_gb: Decimal,
    /// Secondary regions (Global Database).
    pub secondary_regions: Decimal,
}

/// Price a cluster. On I/O-Optimized there is no I/O line at all: AWS charges no read or
/// write I/O, in exchange for higher instance and storage rates (Aurora pricing, "Aurora
/// I/O-Optimized"; Aurora User Guide, "Storage configurations for Aurora DB clusters").
pub(crate) fn price_cluster(
    ctx: &Ctx<'_>,
    bill: &mut Bill<'_>,
    head: &mut OptionHead,
    c: &Cluster<'_>,
    io_optimized: bool,
) {
    let s = ctx.s;
    let (engine, class) = (c.engine, c.class);
    let edition = if io_optimized {
        "I/O-Optimized"
    } else {
        "Standard"
    };
    add_compute(
        ctx,
        bill,
        head,
        &format_args!("{class} {edition} instances (writer + readers)"),
        c.instances,
        "instance-hours",
        PriceKey::AuroraInstanceHour {
            engine,
            class,
            io_optimized,
        },
        |term, part| PriceKey::AuroraReserved {
            engine,
            class,
            io_optimized,
            term,
            payment: s.horizon.upfront,
            part,
        },
    );
    let regions = Decimal::ONE + c.secondary_regions;
    // `{edition} cluster storage`, with ` (primary and Global Database secondaries)` when
    // the cluster spans regions, written out (a test checks the table).
    bill.add(
        storage_label(io_optimized, c.secondary_regions > Decimal::ZERO),
        Category::Storage,
        c.storage_gb * regions,
        "GB-months",
        &PriceKey::AuroraStorageGbMonth {
            engine,
            io_optimized,
        },
    );
    if !io_optimized {
        bill.add(
            "I/O requests",
            Category::Io,
            c.io_millions,
            "million I/Os",
            &PriceKey::AuroraIoPerMillion { engine },
        );
    }
    bill.add(
        "Backup storage beyond 100 % of the cluster volume",
        Category::Backup,
        c.backup_gb,
        "GB-months",
        &PriceKey::AuroraBackupGbMonth { engine },
    );
    if c.secondary_regions > Decimal::ZERO {
        // Global Database: each secondary region runs at least one instance and keeps a
        // copy of the volume; writes are replicated as "replicated write I/Os" (Aurora
        // pricing, "Global Database").
        add_compute(
            ctx,
            bill,
            head,
            &format_args!("{class} Global Database secondary instances"),
            c.secondary_regions,
            "instance-hours",
            PriceKey::AuroraInstanceHour {
                engine,
                class,
                io_optimized,
            },
            |term, part| PriceKey::AuroraReserved {
                engine,
                class,
                io_optimized,
                term,
                payment: s.horizon.upfront,
                part,
            },
        );
        bill.add(
            "Global Database replicated write I/Os",
            Category::Replication,
            c.write_io_millions * c.secondary_regions,
            "million replicated write I/Os",
            &PriceKey::AuroraGlobalWriteIoPerMillion { engine },
        );
    }
}

/// [`volume_figures`] of `engine` for this pass: worked out once per engine
/// ([`Ctx::aurora_volumes`]) and read by every Aurora and Serverless v2 option.
pub(crate) fn volume_figures_in(ctx: &Ctx<'_>, engine: DbEngine) -> [Decimal; 4] {
    crate::memoized(
        &mut ctx.aurora_volumes.borrow_mut(),
        |e| *e == engine,
        || (engine, volume_figures(ctx.s, &ctx.w, engine)),
    )
}

/// Storage, I/O and backup figures shared by provisioned and Serverless v2 clusters:
/// (storage GB, I/O millions, write I/O millions, billed backup GB).
pub(crate) fn volume_figures(s: &Scenario, w: &Workload, engine: DbEngine) -> [Decimal; 4] {
    let storage = w.data_avg_gb * pct(s.assumptions.disk_per_data_percent);
    let (r, wr) = io_per_second(
        w.avg_reads,
        w.avg_writes,
        s.data.item_size_kb,
        page_kb(engine),
        pct(s.assumptions.aurora_buffer_cache_hit_percent),
        s.data.secondary_indexes,
    );
    let million = Decimal::from(1_000_000);
    let secs = w.seconds_per_month();
    // Aurora backup: free up to 100 % of the cluster volume (Aurora pricing, "Backup
    // storage").
    let backup = billed_backup_gb(
        backup_size_gb(
            storage,
            s.assumptions.daily_change_percent,
            s.needs.backup_retention_days,
        ),
        storage,
    );
    [
        storage,
        (r + wr) * secs / million,
        wr * secs / million,
        backup,
    ]
}

/// Aurora provisioned options: each compatible engine, Standard and I/O-Optimized.
pub(crate) fn options(ctx: &Ctx<'_>, out: &mut Vec<OptionEstimate>) {
    for engine in [DbEngine::Postgresql, DbEngine::Mysql] {
        if ctx.s.overrides.engine.is_some_and(|e| e != engine) {
            continue;
        }
        for io_optimized in [false, true] {
            out.extend(option(ctx, engine, io_optimized));
        }
    }
}

/// The id and label of the Aurora option for `engine` and edition:
/// `aurora-{engine id}-{standard|io-optimized}` and `Aurora {engine name}-compatible,
/// {Standard|I/O-Optimized}`, written out here once rather than formatted for every option
/// of every pass (a test checks the table). Aurora has PostgreSQL and MySQL editions only.
fn id_and_label(engine: DbEngine, io_optimized: bool) -> Option<(&'static str, &'static str)> {
    match (engine, io_optimized) {
        (DbEngine::Postgresql, false) => Some((
            "aurora-postgresql-standard",
            "Aurora PostgreSQL-compatible, Standard",
        )),
        (DbEngine::Postgresql, true) => Some((
            "aurora-postgresql-io-optimized",
            "Aurora PostgreSQL-compatible, I/O-Optimized",
        )),
        (DbEngine::Mysql, false) => {
            Some(("aurora-mysql-standard", "Aurora MySQL-compatible, Standard"))
        }
        (DbEngine::Mysql, true) => Some((
            "aurora-mysql-io-optimized",
            "Aurora MySQL-compatible, I/O-Optimized",
        )),
        _ => None,
    }
}

fn option(ctx: &Ctx<'_>, engine: DbEngine, io_optimized: bool) -> Option<OptionEstimate> {
    let s = ctx.s;
    let w = &ctx.w;
    let (id, label) = id_and_label(engine, io_optimized)?;
    if !ctx.wants(id) {
        return None;
    }
    let mut head = OptionHead::new(ctx.lean, id, label, Service::Aurora, Role::Database);
    let mut bill = Bill::new(ctx.prices, ctx.lean);
    // Totals only: with data there is always a storage line, so a missing storage price
    // means the option cannot be priced; skip the sizing (sweeps).
    if ctx.lean
        && w.data_avg_gb > Decimal::ZERO
        && bill
            .lookup(&PriceKey::AuroraStorageGbMonth {
                engine,
                io_optimized,
            })
            .is_none()
    {
        return Some(bill.finish(head));
    }
    let choice = choose_instance_in(
        &ctx.catalogs.db_classes,
        vcpu_need(w, engine),
        memory_need(w),
        s.overrides.aurora_instance_class.as_deref(),
        s.assumptions.target_cpu_percent,
        |class| {
            ctx.prices.find(&PriceKey::AuroraInstanceHour {
                engine,
                class,
                io_optimized,
            })
        },
    );
    let Some(choice) = choice else {
        bill.missing.push(
            PriceKey::AuroraInstanceHour {
                engine,
                class: "any",
                io_optimized,
            }
            .missing(),
        );
        return Some(bill.finish(head));
    };
    crate::rds::size_instance(ctx, &mut head, "instance class", &choice);
    warn_if_working_set_spills(&mut head, w, &choice.spec);
    // A reader in another AZ is what makes Aurora compute Multi-AZ; more readers share reads.
    let ha = u32::from(s.needs.multi_az);
    let readers = s
        .overrides
        .aurora_readers
        .unwrap_or_else(|| ha.max(choice.count.saturating_sub(1)));
    if !head.lean {
        head.size(
            "readers",
            readers,
            if s.overrides.aurora_readers.is_some() {
                Txt::Borrowed("pinned by override")
            } else if readers > ha {
                Txt::Owned(args_text(
                    format_args!(
                        "reads need {} instances' worth of CPU at peak",
                        choice.count
                    ),
                    176,
                ))
            } else if ha == 1 {
                Txt::Borrowed("one reader in another AZ for failover (Multi-AZ)")
            } else {
                Txt::Borrowed("writer only")
            },
        );
    }
    if readers > MAX_READERS {
        head.fit(
            "read_replicas",
            false,
            format_args!("needs {readers} readers; Aurora allows {MAX_READERS}"),
        );
    }
    let [storage, io, write_io, backup] = volume_figures_in(ctx, engine);
    if !head.lean {
        // The same for both configurations of the engine: written once, shared.
        let (choice, reason) = crate::memoized(
            &mut ctx.aurora_io_texts.borrow_mut(),
            |e| *e == engine,
            || {
                let choice = format_args!("{} million I/Os per month", show(io, 1))
                    .into_text(48)
                    .shared();
                let reason = format_args!(
                    "reads missing a {} % buffer cache read {} KB pages; writes ship {} KB × (1 + {} indexes) in 4 KB units",
                    show(s.assumptions.aurora_buffer_cache_hit_percent, 0),
                    show(page_kb(engine), 0),
                    show(s.data.item_size_kb, 2),
                    s.data.secondary_indexes
                )
                .into_text(176)
                .shared();
                (engine, (choice, reason))
            },
        );
        head.size("I/O estimate", choice, reason);
    }
    if storage > Decimal::from(MAX_STORAGE_GIB) {
        head.fit(
            "storage",
            false,
            "the cluster volume exceeds Aurora's 128 TiB limit",
        );
    }
    let regions = s.needs.regions.max(1);
    let cluster = Cluster {
        engine,
        class: &choice.spec.class,
        instances: Decimal::from(1 + readers),
        storage_gb: storage,
        io_millions: io,
        write_io_millions: write_io,
        backup_gb: backup,
        secondary_regions: Decimal::from(regions - 1),
    };
    price_cluster(ctx, &mut bill, &mut head, &cluster, io_optimized);
    if !io_optimized {
        // AWS's rule of thumb (Aurora User Guide, storage configurations): I/O-Optimized
        // pays off when I/O is more than about 25 % of the Aurora bill.
        let io_cost: Decimal = bill
            .lines
            .iter()
            .filter(|l| l.category == Category::Io)
            .map(|l| l.cost)
            .sum();
        let total: Decimal = bill.lines.iter().map(|l| l.cost).sum();
        if total > Decimal::ZERO && io_cost / total > Decimal::new(25, 2) {
            head.warn(format_args!(
                "I/O is {} % of this bill: compare I/O-Optimized (better above about 25 %)",
                show(io_cost / total * Decimal::ONE_HUNDRED, 0)
            ));
        }
    }
    judge_in(ctx, &mut head, &offers(readers, regions));
    Some(bill.finish(head))
}

/// What an Aurora cluster offers for recovery.
pub(crate) fn offers(readers: u32, regions: u32) -> Offers {
    Offers {
        acid: true,
        joins: true,
        multi_az: readers >= 1,
        az: if readers >= 1 {
            Recovery::new(0, 30, "six-way storage, failover to a reader under 30 s")
        } else {
            Recovery::new(
                0,
                600,
                "no reader: Aurora recreates the writer, typically under 10 minutes",
            )
        },
        region: (regions > 1)
            .then(|| Recovery::new(1, 60, "Global Database, replication typically under 1 s")),
    }
}

/// The cluster storage line's label: `{edition} cluster storage`, with ` (primary and Global
/// Database secondaries)` for a Global Database.
fn storage_label(io_optimized: bool, global: bool) -> &'static str {
    match (io_optimized, global) {
        (false, false) => "Standard cluster storage",
        (false, true) => "Standard cluster storage (primary and Global Database secondaries)",
        (true, false) => "I/O-Optimized cluster storage",
        (true, true) => "I/O-Optimized cluster storage (primary and Global Database secondaries)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of ids and labels says what formatting them would, for the engines Aurora
    /// has.
    #[test]
    fn ids_and_labels_follow_the_pattern() {
        for engine in DbEngine::ALL {
            for (io_optimized, suffix, edition) in [
                (false, "standard", "Standard"),
                (true, "io-optimized", "I/O-Optimized"),
            ] {
                let expected = engine.has_aurora().then(|| {
                    (
                        format!("aurora-{}-{suffix}", engine.id()),
                        format!("Aurora {}-compatible, {edition}", engine.name()),
                    )
                });
                let got = id_and_label(engine, io_optimized)
                    .map(|(id, label)| (id.to_string(), label.to_string()));
                assert_eq!(got, expected);
            }
        }
    }
    use crate::estimate::round_for_display;
    use crate::fixtures::{MapPriceBook, sample_us_east_1};
    use crate::prices::{ReservedPart, Term};
    use crate::scenario::{Commitment, UpfrontChoice};
    use crate::test_ctx;
    use rust_decimal_macros::dec;

    fn total(bill: &Bill<'_>) -> Decimal {
        bill.lines.iter().map(|l| l.cost).sum()
    }

    #[test]
    fn standard_against_io_optimized_worked_example() {
        // AWS agent toolkit for AWS, Aurora "I/O-Optimized worked examples" (us-east-1):
        // 2 × db.r6g.2xlarge at $1.038/h, 800 GiB, 1,200 million I/Os a month.
        // Standard: 1.038 × 730 × 2 = 1,515.48; storage 800 × 0.10 = 80; I/O 1,200 × 0.20
        // = 240; total 1,835.48. I/O-Optimized (Aurora pricing: instances +30 %, storage
        // $0.225, no I/O charge): 1.3494 × 730 × 2 = 1,970.124; 800 × 0.225 = 180; total
        // 2,150.124. I/O is 240 / 1,835.48 = 13 % of the bill, below the 25 % rule of thumb.
        let s = Scenario::default();
        let prices = sample_us_east_1();
        let ctx = test_ctx(&s, &prices);
        let cluster = Cluster {
            engine: DbEngine::Postgresql,
            class: "db.r6g.2xlarge",
            instances: dec!(2),
            storage_gb: dec!(800),
            io_millions: dec!(1200),
            write_io_millions: dec!(0),
            backup_gb: dec!(0),
            secondary_regions: dec!(0),
        };
        let mut head = OptionHead::new(false, "t", "t", Service::Aurora, Role::Database);
        let mut standard = Bill::new(&prices, false);
        price_cluster(&ctx, &mut standard, &mut head, &cluster, false);
        assert_eq!(total(&standard), dec!(1835.48));
        let mut io_opt = Bill::new(&prices, false);
        price_cluster(&ctx, &mut io_opt, &mut head, &cluster, true);
        assert_eq!(total(&io_opt), dec!(2150.124));
        assert!(io_opt.lines.iter().all(|l| l.category != Category::Io));
        assert!(standard.missing.is_empty() && io_opt.missing.is_empty());
    }

    #[test]
    fn reserved_instance_billing_example() {
        // Aurora User Guide, "Reserved DB instance billing example": an Aurora MySQL
        // reserved Single-AZ db.r5.large, No Upfront, $0.19/h = 0.19 × 730 = $138.70 a month;
        // storage assumed $45.60 (456 GB × $0.10); I/O assumed $20 (100 million × $0.20);
        // backup assumed $30 (at $0.021 per GB-month); total 138.70 + 45.60 + 20 + 30 =
        // $234.30 a month.
        let mut prices = MapPriceBook::new();
        let engine = DbEngine::Mysql;
        let class = "db.r5.large";
        prices.set(
            &PriceKey::AuroraInstanceHour {
                engine,
                class,
                io_optimized: false,
            },
            dec!(0.29),
        );
        prices.set(
            &PriceKey::AuroraReserved {
                engine,
                class,
                io_optimized: false,
                term: Term::OneYear,
                payment: UpfrontChoice::NoUpfront,
                part: ReservedPart::Hourly,
            },
            dec!(0.19),
        );
        prices.set(
            &PriceKey::AuroraStorageGbMonth {
                engine,
                io_optimized: false,
            },
            dec!(0.10),
        );
        prices.set(&PriceKey::AuroraIoPerMillion { engine }, dec!(0.20));
        prices.set(&PriceKey::AuroraBackupGbMonth { engine }, dec!(0.021));
        let mut s = Scenario::default();
        s.horizon.commitment = Commitment::Allow1y;
        s.horizon.upfront = UpfrontChoice::NoUpfront;
        let ctx = test_ctx(&s, &prices);
        let cluster = Cluster {
            engine,
            class,
            instances: dec!(1),
            storage_gb: dec!(456),
            io_millions: dec!(100),
            write_io_millions: dec!(0),
            backup_gb: dec!(30) / dec!(0.021),
            secondary_regions: dec!(0),
        };
        let mut head = OptionHead::new(false, "t", "t", Service::Aurora, Role::Database);
        let mut bill = Bill::new(&prices, false);
        price_cluster(&ctx, &mut bill, &mut head, &cluster, false);
        assert!(bill.missing.is_empty(), "{:?}", bill.missing);
        assert_eq!(bill.lines[0].cost, dec!(138.70));
        assert_eq!(round_for_display(total(&bill)), dec!(234.30));
        assert_eq!(head.reservation.map(|r| r.term_months), Some(12));
    }

    #[test]
    fn io_estimate_by_page_and_log_units() {
        // 1,000 reads/s of 4 KB rows on PostgreSQL (8 KB pages): 1 page each, 80 % cache
        // hits → 1,000 × 1 × 0.2 = 200 read I/Os/s. 100 writes/s of 4 KB with one index:
        // 100 × 4 × 2 / 4 = 200 write I/Os/s.
        let (r, w) = io_per_second(dec!(1000), dec!(100), dec!(4), dec!(8), dec!(0.8), 1);
        assert_eq!(r, dec!(200));
        assert_eq!(w, dec!(200));
        // MySQL's 16 KB pages: a 20 KB row spans 2 pages.
        let (r, _) = io_per_second(
            dec!(10),
            dec!(0),
            dec!(20),
            page_kb(DbEngine::Mysql),
            dec!(0),
            0,
        );
        assert_eq!(r, dec!(20));
    }

    /// The storage labels are the pattern they replace.
    #[test]
    fn storage_labels_follow_the_pattern() {
        for io_optimized in [false, true] {
            for global in [false, true] {
                let edition = if io_optimized {
                    "I/O-Optimized"
                } else {
                    "Standard"
                };
                let suffix = if global {
                    " (primary and Global Database secondaries)"
                } else {
                    ""
                };
                assert_eq!(
                    storage_label(io_optimized, global),
                    format!("{edition} cluster storage{suffix}")
                );
            }
        }
    }
}
