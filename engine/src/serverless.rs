//! Aurora Serverless v2: capacity in ACUs hour by hour from the 24-hour shape, in 0.5 ACU
//! steps between the minimum and maximum, auto-pause at 0 ACU in idle hours, ACU-hours per
//! month; and the seed's hybrid, a provisioned writer with Serverless v2 readers.

use rust_decimal::Decimal;

use crate::Ctx;
use crate::aurora::{Cluster, offers, price_cluster, volume_figures_in};
use crate::dynamodb::unit_hours;
use crate::estimate::{Bill, Category, OptionEstimate, OptionHead, Role, Service, Txt, args_text};
use crate::fit::judge_in;
use crate::prices::PriceKey;
use crate::rds::{choose_instance_in, memory_need, warn_if_working_set_spills};
use crate::scenario::{DbEngine, Scenario, pct};
use crate::workload::{Workload, ceil_to, dmax, dmin, per_hour, show};

/// Capacity step, ACU (Aurora User Guide, "How Aurora Serverless v2 works": capacity is
/// adjusted in increments as small as 0.5 ACU).
pub const ACU_STEP: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
/// Largest maximum capacity, ACU (Aurora User Guide, "Aurora Serverless v2 capacity").
pub const MAX_ACU: i64 = 256;
/// Memory per ACU, GiB ("each ACU is a combination of approximately 2 gibibytes (GiB) of
/// memory, corresponding CPU, and networking").
pub const GIB_PER_ACU: i64 = 2;
/// ACUs per vCPU of need: an r-family class has 8 GiB per vCPU, i.e. 4 ACU (ATK heuristic,
/// memory-matched: db.r6g.xlarge, 4 vCPU / 32 GiB, ≈ 16 ACU).
pub const ACU_PER_VCPU: i64 = 4;

/// ACUs for each hour of the day.
///
/// AWS rules (Aurora User Guide, "Aurora Serverless v2"): capacity scales in 0.5 ACU steps
/// between the configured minimum and maximum; with a minimum of 0 ACU the instance pauses
/// after a period without connections and bills no ACUs while paused ("Scaling to zero ACUs
/// with automatic pause and resume"). `need` is the ACUs each hour's load needs (0 for an
/// idle hour); each active hour is rounded up to the step and clamped to
/// `[max(min, 0.5), max]`.
pub fn acu_by_hour(need: &[Decimal; 24], min: Decimal, max: Decimal) -> [Decimal; 24] {
    let floor = min.max(ACU_STEP);
    let ceiling = max.max(floor);
    per_hour(need, |n| {
        if n.is_zero() && min.is_zero() {
            Decimal::ZERO // paused
        } else {
            dmin(dmax(ceil_to(n, ACU_STEP), floor), ceiling)
        }
    })
}

/// ACUs the load needs each hour: CPU (vCPU at the hour's rate × 4 ACU per vCPU) or the
/// working-set memory (÷ 2 GiB per ACU), whichever is larger; 0 in an hour with no traffic.
pub(crate) fn need_by_hour(
    s: &Scenario,
    w: &Workload,
    engine: DbEngine,
    reads: bool,
    writes: bool,
) -> [Decimal; 24] {
    let a = &s.assumptions;
    let complex = pct(s.traffic.complex_query_percent);
    let per_query =
        (Decimal::ONE - complex) / a.simple_queries_per_vcpu + complex / a.complex_queries_per_vcpu;
    let maint = if engine == DbEngine::Postgresql {
        Decimal::new(12, 1)
    } else {
        Decimal::new(11, 1)
    };
    let mem_acu = memory_need(w) / Decimal::from(GIB_PER_ACU);
    // ACUs per request/s: vCPU-seconds per query at the target utilisation, with the
    // maintenance factor, times ACUs per vCPU.
    let acu_per_rate = per_query / pct(a.target_cpu_percent) * maint * Decimal::from(ACU_PER_VCPU);
    let mut base = Decimal::ZERO;
    if reads {
        base += w.avg_reads;
    }
    if writes {
        base += w.avg_writes;
    }
    per_hour(&w.shape, |m| {
        let rate = base * m;
        if rate.is_zero() {
            Decimal::ZERO
        } else {
            dmax(rate * acu_per_rate, mem_acu)
        }
    })
}

/// Serverless v2 options: a Serverless v2 cluster, and the hybrid.
pub(crate) fn options(ctx: &Ctx<'_>, out: &mut Vec<OptionEstimate>) {
    let engine = match ctx.s.overrides.engine {
        Some(e) if e.has_aurora() => e,
        Some(_) => return,
        None => DbEngine::Postgresql,
    };
    out.extend(serverless(ctx, engine));
    out.extend(hybrid(ctx, engine));
}

fn serverless(ctx: &Ctx<'_>, engine: DbEngine) -> Option<OptionEstimate> {
    let s = ctx.s;
    let w = &ctx.w;
    if !ctx.wants("aurora-serverless-v2") {
        return None;
    }
    let mut head = OptionHead::new(
        ctx.lean,
        "aurora-serverless-v2",
        format_args!(
            "Aurora Serverless v2 ({}-compatible, Standard)",
            engine.name()
        ),
        Service::AuroraServerlessV2,
        Role::Database,
    );
    let mut bill = Bill::new(ctx.prices, ctx.lean);
    let need = need_by_hour(s, w, engine, true, true);
    let peak = need.iter().copied().fold(Decimal::ZERO, dmax);
    let idle = w.idle_hours > 0;
    let min = s
        .overrides
        .serverless_min_acu
        .unwrap_or(if idle { Decimal::ZERO } else { ACU_STEP });
    let max = s.overrides.serverless_max_acu.unwrap_or_else(|| {
        ceil_to(peak * Decimal::new(13, 1), ACU_STEP)
            .max(Decimal::ONE)
            .min(Decimal::from(MAX_ACU))
    });
    let acu = acu_by_hour(&need, min, max);
    if peak > max {
        head.warn(format_args!(
            "the busiest hour needs {} ACU, above the maximum of {} ACU: expect throttling",
            show(peak, 1),
            show(max, 1)
        ));
    }
    let paused = acu.iter().filter(|a| a.is_zero()).count();
    if !head.lean {
        head.size(
            "capacity range",
            format_args!("{} - {} ACU", show(min, 1), show(max, 1)),
            if s.overrides.serverless_min_acu.is_some() || s.overrides.serverless_max_acu.is_some()
            {
                Txt::Borrowed("pinned by override")
            } else {
                Txt::Owned(args_text(
                    format_args!(
                        "maximum 1.3 × the busiest hour's {} ACU; minimum {}",
                        show(peak, 1),
                        if idle {
                            "0 with auto-pause, as the shape has idle hours (resume takes about 15 s)"
                        } else {
                            "0.5"
                        }
                    ),
                    176,
                ))
            },
        );
    }
    // A reader in promotion tier 0-1 scales with the writer and is needed for Multi-AZ.
    let instances = Decimal::from(1 + u32::from(s.needs.multi_az));
    let acu_hours = unit_hours(acu.iter().copied(), w.hours) * instances;
    if !head.lean {
        head.size(
            "ACU-hours",
            format_args!("{} ACU-hours per month", show(acu_hours, 0)),
            format_args!(
                "hourly ACUs {} (paused {paused} h) × {} instance(s)",
                Hourly(&acu),
                instances
            ),
        );
    }
    bill.add(
        "Serverless v2 capacity",
        Category::Compute,
        acu_hours,
        "ACU-hours",
        &PriceKey::AuroraAcuHour {
            engine,
            io_optimized: false,
        },
    );
    let [storage, io, write_io, backup] = volume_figures_in(ctx, engine);
    let regions = s.needs.regions.max(1);
    let cluster = Cluster {
        engine,
        class: "",
        instances: Decimal::ZERO,
        storage_gb: storage,
        io_millions: io,
        write_io_millions: write_io,
        backup_gb: backup,
        secondary_regions: Decimal::ZERO,
    };
    price_cluster(ctx, &mut bill, &mut head, &cluster, false);
    if regions > 1 {
        // Global Database secondaries with Serverless v2: a reader at the minimum (AWS
        // suggests at least 8 ACU for a global primary; the secondary follows the load).
        bill.add(
            "Global Database secondary Serverless v2 capacity",
            Category::Compute,
            acu_hours / instances * Decimal::from(regions - 1),
            "ACU-hours",
            &PriceKey::AuroraAcuHour {
                engine,
                io_optimized: false,
            },
        );
        bill.add(
            "Global Database secondary storage",
            Category::Storage,
            storage * Decimal::from(regions - 1),
            "GB-months",
            &PriceKey::AuroraStorageGbMonth {
                engine,
                io_optimized: false,
            },
        );
        bill.add(
            "Global Database replicated write I/Os",
            Category::Replication,
            write_io * Decimal::from(regions - 1),
            "million replicated write I/Os",
            &PriceKey::AuroraGlobalWriteIoPerMillion { engine },
        );
    }
    if idle && min.is_zero() {
        head.warn(
            "auto-pause: the first connection after an idle period waits about 15 s for resume",
        );
    }
    judge_in(
        ctx,
        &mut head,
        &offers(u32::from(s.needs.multi_az), regions),
    );
    Some(bill.finish(head))
}

/// The seed's hybrid: a provisioned writer sized for the writes and the working set, and
/// Serverless v2 readers that follow the read curve.
fn hybrid(ctx: &Ctx<'_>, engine: DbEngine) -> Option<OptionEstimate> {
    let s = ctx.s;
    let w = &ctx.w;
    if !ctx.wants("aurora-provisioned-writer-serverless-readers") {
        return None;
    }
    let mut head = OptionHead::new(
        ctx.lean,
        "aurora-provisioned-writer-serverless-readers",
        format_args!(
            "Aurora {}-compatible: provisioned writer + Serverless v2 readers",
            engine.name()
        ),
        Service::Aurora,
        Role::Database,
    );
    let mut bill = Bill::new(ctx.prices, ctx.lean);
    let write_need = need_by_hour(s, w, engine, false, true);
    let write_vcpu =
        write_need.iter().copied().fold(Decimal::ZERO, dmax) / Decimal::from(ACU_PER_VCPU);
    let choice = choose_instance_in(
        &ctx.catalogs.db_classes,
        write_vcpu,
        memory_need(w),
        s.overrides.aurora_instance_class.as_deref(),
        s.assumptions.target_cpu_percent,
        |class| {
            ctx.prices.find(&PriceKey::AuroraInstanceHour {
                engine,
                class,
                io_optimized: false,
            })
        },
    );
    let Some(choice) = choice else {
        bill.missing.push(
            PriceKey::AuroraInstanceHour {
                engine,
                class: "any",
                io_optimized: false,
            }
            .missing(),
        );
        return Some(bill.finish(head));
    };
    crate::rds::size_instance(ctx, &mut head, "writer", &choice);
    warn_if_working_set_spills(&mut head, w, &choice.spec);
    let read_need = need_by_hour(s, w, engine, true, false);
    let peak = read_need.iter().copied().fold(Decimal::ZERO, dmax);
    let max = s.overrides.serverless_max_acu.unwrap_or_else(|| {
        ceil_to(peak * Decimal::new(13, 1), ACU_STEP)
            .max(Decimal::ONE)
            .min(Decimal::from(MAX_ACU))
    });
    let min = s.overrides.serverless_min_acu.unwrap_or(ACU_STEP);
    let acu = acu_by_hour(&read_need, min, max);
    let acu_hours = unit_hours(acu.iter().copied(), w.hours);
    head.size(
        "Serverless v2 reader",
        format_args!("{} - {} ACU", show(min, 1), show(max, 1)),
        format_args!(
            "follows the read curve; {} ACU-hours per month",
            show(acu_hours, 0)
        ),
    );
    let [storage, io, write_io, backup] = volume_figures_in(ctx, engine);
    let regions = s.needs.regions.max(1);
    let cluster = Cluster {
        engine,
        class: &choice.spec.class,
        instances: Decimal::ONE,
        storage_gb: storage,
        io_millions: io,
        write_io_millions: write_io,
        backup_gb: backup,
        secondary_regions: Decimal::from(regions - 1),
    };
    price_cluster(ctx, &mut bill, &mut head, &cluster, false);
    bill.add(
        "Serverless v2 reader capacity",
        Category::Compute,
        acu_hours,
        "ACU-hours",
        &PriceKey::AuroraAcuHour {
            engine,
            io_optimized: false,
        },
    );
    judge_in(ctx, &mut head, &offers(1, regions));
    Some(bill.finish(head))
}

/// A day's hourly ACUs for a sizing reason, each to one decimal place and separated by
/// spaces, written straight into the reason (no string per hour).
struct Hourly<'a>(&'a [Decimal; 24]);

impl std::fmt::Display for Hourly<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (h, a) in self.0.iter().enumerate() {
            if h > 0 {
                f.write_str(" ")?;
            }
            std::fmt::Display::fmt(&show(*a, 1), f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn acus_round_up_in_half_steps_within_the_range() {
        // Needs of 3.1, 0.2 and 300 ACU with a 0.5-64 ACU range: 3.1 → 3.5 (0.5 steps),
        // 0.2 → 0.5 (the minimum), 300 → 64 (the maximum).
        let mut need = [dec!(3.1); 24];
        need[1] = dec!(0.2);
        need[2] = dec!(300);
        let acu = acu_by_hour(&need, dec!(0.5), dec!(64));
        assert_eq!(acu[0], dec!(3.5));
        assert_eq!(acu[1], dec!(0.5));
        assert_eq!(acu[2], dec!(64));
    }

    #[test]
    fn idle_hours_pause_at_zero_minimum() {
        // With a minimum of 0 ACU an idle hour bills nothing (auto-pause); with a minimum of
        // 0.5 it bills 0.5 ACU.
        let mut need = [dec!(2); 24];
        need[3] = dec!(0);
        assert_eq!(acu_by_hour(&need, dec!(0), dec!(16))[3], dec!(0));
        assert_eq!(acu_by_hour(&need, dec!(0.5), dec!(16))[3], dec!(0.5));
        assert_eq!(acu_by_hour(&need, dec!(0), dec!(16))[4], dec!(2));
    }

    #[test]
    fn acu_matches_provisioned_memory() {
        // Aurora User Guide: 1 ACU ≈ 2 GiB, so db.r6g.xlarge's 32 GiB ≈ 32 / 2 = 16 ACU,
        // and its 4 vCPU × 4 ACU per vCPU = 16 ACU agree.
        assert_eq!(dec!(32) / Decimal::from(GIB_PER_ACU), dec!(16));
        assert_eq!(dec!(4) * Decimal::from(ACU_PER_VCPU), dec!(16));
    }
}
