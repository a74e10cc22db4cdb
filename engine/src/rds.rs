//! Amazon RDS: instance sizing from vCPU and memory needs (shared with Aurora), storage
//! volumes with the gp3 included baseline, Single-AZ, Multi-AZ and Multi-AZ DB cluster
//! deployments, read replicas, cross-region replicas and backup storage beyond the free
//! allowance.

use rust_decimal::Decimal;

use crate::Ctx;
use crate::estimate::{
    Bill, Category, OptionEstimate, OptionHead, Role, Service, Txt, args_text, text,
};
use crate::fit::{Offers, Recovery, judge_in};
use crate::prices::{InstanceSpec, PriceKey, RdsDeployment};
use crate::reserved::add_compute;
use crate::scenario::{DbEngine, Scenario, VolumeType, pct};
use crate::workload::{Workload, ceil_u32, ceil_u64, dceil, show};

/// gp3 storage size from which RDS stripes the volume and raises the included baseline,
/// GiB: 400 for MySQL, MariaDB and PostgreSQL, 200 for Oracle (RDS User Guide, "Amazon RDS
/// DB instance storage", gp3 table). SQL Server never gets the higher baseline.
pub fn gp3_threshold_gib(engine: DbEngine) -> Option<Decimal> {
    match engine {
        DbEngine::Oracle => Some(Decimal::from(200)),
        DbEngine::Sqlserver => None,
        _ => Some(Decimal::from(400)),
    }
}

/// IOPS and throughput (MiB/s) included in a gp3 volume's price.
///
/// AWS rule (RDS User Guide, "General Purpose SSD storage", gp3): below the threshold the
/// baseline is 3,000 IOPS and 125 MiB/s; at or above it (400 GiB, or 200 GiB for Oracle)
/// 12,000 IOPS and 500 MiB/s; SQL Server always 3,000 IOPS and 125 MiB/s. Only IOPS and
/// throughput provisioned above the baseline are billed.
pub fn gp3_baseline(engine: DbEngine, storage_gib: Decimal) -> (Decimal, Decimal) {
    match gp3_threshold_gib(engine) {
        Some(t) if storage_gib >= t => (Decimal::from(12_000), Decimal::from(500)),
        _ => (Decimal::from(3_000), Decimal::from(125)),
    }
}

/// IOPS a gp2 volume delivers: 3 per GiB, at least 100, at most 16,000 (RDS User Guide,
/// "General Purpose SSD storage", gp2).
pub fn gp2_iops(storage_gib: Decimal) -> Decimal {
    (storage_gib * Decimal::from(3))
        .max(Decimal::from(100))
        .min(Decimal::from(16_000))
}

/// Backup storage that is billed, GB.
///
/// AWS rule (RDS pricing, "Backup Storage"; RDS User Guide, "Reserved DB instance billing
/// example"): backup storage up to 100 % of the provisioned storage in the region is free;
/// only the excess is billed per GB-month.
pub fn billed_backup_gb(backup_gb: Decimal, provisioned_gb: Decimal) -> Decimal {
    (backup_gb - provisioned_gb).max(Decimal::ZERO)
}

/// Total backup storage kept, GB: one full copy plus the daily changes for each retained day
/// (automated backups are incremental snapshots plus transaction logs; RDS User Guide,
/// "Introduction to backups"). The daily change share is an assumption.
pub fn backup_size_gb(
    data_gb: Decimal,
    daily_change_percent: Decimal,
    retention_days: u32,
) -> Decimal {
    data_gb + data_gb * pct(daily_change_percent) * Decimal::from(retention_days)
}

/// vCPUs a relational engine needs at the busiest hour.
///
/// Heuristic (documented assumptions): simple queries cost `1 / simple_per_vcpu` vCPU-seconds,
/// complex ones `1 / complex_per_vcpu`; the sum is divided by the target utilisation and
/// multiplied by a maintenance factor (SCM: ×1.2 PostgreSQL for vacuum, ×1.1 MySQL-family).
///
/// Worked out once per pass ([`Workload::vcpu_need`]); this reads it.
pub(crate) fn vcpu_need(w: &Workload, engine: DbEngine) -> Decimal {
    w.vcpu_need[usize::from(engine != DbEngine::Postgresql)]
}

/// The computation behind [`vcpu_need`], for several engines: the busy vCPUs at target are
/// worked out once (the engines differ only in the maintenance factor).
pub(crate) fn vcpu_needs_of<const N: usize>(
    s: &Scenario,
    w: &Workload,
    engines: [DbEngine; N],
) -> [Decimal; N] {
    let a = &s.assumptions;
    let peak = w.peak_reads() + w.peak_writes();
    let complex = pct(s.traffic.complex_query_percent);
    let busy = peak * (Decimal::ONE - complex) / a.simple_queries_per_vcpu
        + peak * complex / a.complex_queries_per_vcpu;
    let at_target = busy / pct(a.target_cpu_percent);
    // Rounded up to a millionth of a vCPU: far below any class step, and it keeps the
    // comparisons against the catalog cheap.
    engines.map(|engine| {
        (at_target * maintenance_factor(engine))
            .round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToPositiveInfinity)
    })
}

/// Extra CPU for background maintenance (SCM heuristic).
fn maintenance_factor(engine: DbEngine) -> Decimal {
    match engine {
        DbEngine::Postgresql => Decimal::new(12, 1),
        _ => Decimal::new(11, 1),
    }
}

/// Memory an instance needs for the working set plus headroom, GiB (worked out once per
/// pass, [`Workload::memory_need_gib`]).
pub(crate) fn memory_need(w: &Workload) -> Decimal {
    w.memory_need_gib
}

/// Warns when an instance's memory (when the catalog knows it) cannot hold the working set
/// with headroom: reads then go to storage, slower and (on Aurora Standard) billed as I/O.
pub(crate) fn warn_if_working_set_spills(head: &mut OptionHead, w: &Workload, spec: &InstanceSpec) {
    let need = memory_need(w);
    if spec.memory_gib > Decimal::ZERO && spec.memory_gib < need {
        head.warn(format_args!(
            "the working set with headroom ({} GiB) exceeds {}'s {} GiB: expect reads from storage",
            show(need, 1),
            spec.class,
            show(spec.memory_gib, 1)
        ));
    }
}

/// The instance class chosen and how many instances share the load. Its `Display` is the
/// reason, written only when shown.
#[derive(Debug, Clone)]
pub(crate) struct InstanceChoice {
    pub spec: InstanceSpec,
    /// Instances needed for the CPU load (1 = the writer alone).
    pub count: u32,
    basis: Basis,
    vcpu: Decimal,
    memory: Decimal,
    target_cpu: Decimal,
}

impl InstanceChoice {
    /// Whether `other`'s reason is this one's: the same figures, to the digit.
    fn same_reason(&self, other: &InstanceChoice) -> bool {
        self.spec.class == other.spec.class
            && self.count == other.count
            && self.basis == other.basis
            && self.vcpu.serialize() == other.vcpu.serialize()
            && self.memory.serialize() == other.memory.serialize()
            && self.target_cpu.serialize() == other.target_cpu.serialize()
    }
}

/// The sizing line `item` for an instance `choice`, with the choice's reason: written once
/// per pass for each distinct choice ([`Ctx::instance_reasons`]; an engine's deployments
/// mostly choose alike) and copied after.
pub(crate) fn size_instance(
    ctx: &Ctx<'_>,
    head: &mut OptionHead,
    item: &'static str,
    choice: &InstanceChoice,
) {
    if head.lean {
        return;
    }
    let (class, reason) = crate::memoized(
        &mut ctx.instance_reasons.borrow_mut(),
        |c| c.same_reason(choice),
        || {
            // Shared: the options that make the same choice copy a pointer.
            let class = Txt::Owned(choice.spec.class.clone()).shared();
            let reason = Txt::Owned(text(choice, 176)).shared();
            (choice.clone(), (class, reason))
        },
    );
    head.size(item, class, reason);
}

impl crate::estimate::Text for &InstanceChoice {
    fn into_text(self, capacity: usize) -> crate::estimate::Txt {
        crate::estimate::text(self, capacity).into()
    }
}

/// How the class was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    Pinned,
    Cheapest,
    FitsUnpriced,
    Largest,
    NothingPriced,
}

impl std::fmt::Display for InstanceChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let need = format_args!(
            "needs {} vCPU at {} % target and {} GiB memory (working set + headroom)",
            show(self.vcpu, 1),
            show(self.target_cpu, 0),
            show(self.memory, 1)
        );
        let class = &self.spec.class;
        match self.basis {
            Basis::Pinned => write!(f, "{class} pinned by override; {need}"),
            Basis::Cheapest => write!(f, "{class}: cheapest class that {need}"),
            Basis::FitsUnpriced => write!(f, "{class}: {need} (no class that fits is priced)"),
            Basis::Largest => write!(
                f,
                "{class}: largest class; {need}, so {} instance(s) share the load",
                self.count
            ),
            Basis::NothingPriced => write!(f, "{class}: {need} (no class is priced)"),
        }
    }
}

/// A catalog of instance classes sorted by family and size (see `TableCatalogs::of`), with what
/// sizing asks of each class worked out once: its family as a number, whether it is
/// burstable, and its memory in whole MiB-thousandths when exact.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClassCatalog {
    pub specs: Vec<InstanceSpec>,
    meta: Vec<ClassMeta>,
}

#[derive(Debug, Clone, Copy)]
struct ClassMeta {
    /// Classes of the same family (`db.r6g`) share this number.
    family: usize,
    burstable: bool,
    /// `memory_gib × 1000` when that is a whole number (every AWS class: memory is given to
    /// at most three decimal places), else `None` and the memory is compared as a decimal.
    memory_milli: Option<u64>,
}

impl ClassCatalog {
    /// The catalog sorted by family, then vCPUs, then memory (stable).
    pub fn sorted(specs: Vec<InstanceSpec>) -> ClassCatalog {
        // Each class with the length of its family prefix, found once, and its place in the
        // table: ties keep the table's order, so the unstable sort (no scratch buffer) gives
        // the stable sort's order. Memory is compared only between equal vCPUs.
        let mut keyed: Vec<(usize, usize, InstanceSpec)> = specs
            .into_iter()
            .enumerate()
            .map(|(k, c)| (family(&c).len(), k, c))
            .collect();
        keyed.sort_unstable_by(|(fa, ka, a), (fb, kb, b)| {
            a.class[..*fa]
                .cmp(&b.class[..*fb])
                .then(a.vcpu.cmp(&b.vcpu))
                .then_with(|| a.memory_gib.cmp(&b.memory_gib))
                .then(ka.cmp(kb))
        });
        ClassCatalog::new(keyed.into_iter().map(|(_, _, c)| c).collect())
    }

    pub fn new(specs: Vec<InstanceSpec>) -> ClassCatalog {
        let families: Vec<&str> = specs.iter().map(family).collect();
        let mut meta: Vec<ClassMeta> = Vec::with_capacity(specs.len());
        for (k, c) in specs.iter().enumerate() {
            let fam = families[k];
            // Sorted catalogs have a family's classes side by side; else search.
            let family = if k > 0 && families[k - 1] == fam {
                meta[k - 1].family
            } else {
                families[..k]
                    .iter()
                    .position(|p| *p == fam)
                    .map_or(k, |first| meta[first].family)
            };
            meta.push(ClassMeta {
                family,
                burstable: c.is_burstable(),
                memory_milli: milli(c.memory_gib),
            });
        }
        ClassCatalog { specs, meta }
    }
}

/// `v × 1000` as an integer when that is exact and not negative.
fn milli(v: Decimal) -> Option<u64> {
    let scale = v.scale();
    if v.is_sign_negative() || scale > 3 {
        return None;
    }
    u64::try_from(v.mantissa())
        .ok()?
        .checked_mul(10u64.pow(3 - scale))
}

/// [`choose_instance_in`] over a plain list of classes (tests).
#[cfg(test)]
pub(crate) fn choose_instance(
    catalog: &[InstanceSpec],
    vcpu: Decimal,
    memory: Decimal,
    pinned: Option<&str>,
    target_cpu: Decimal,
    price: impl Fn(&str) -> Option<Decimal>,
) -> Option<InstanceChoice> {
    choose_instance_in(
        &ClassCatalog::new(catalog.to_vec()),
        vcpu,
        memory,
        pinned,
        target_cpu,
        price,
    )
}

/// Choose the cheapest priced class that meets the vCPU and memory needs; burstable classes
/// only when the need is within their 20 % baseline (`db.t4g` earns CPU credits at 20 % of
/// its vCPUs for the medium sizes; RDS User Guide, "DB instance class types"). When no single
/// class suffices, the largest class with enough instances to share the load.
///
/// `catalog` is sorted by family and size (see `TableCatalogs::of`). Within a family (`db.r6g`)
/// prices grow with size, so only the smallest fitting size of each family can be the
/// cheapest and only those are priced; likewise only each family's largest size is a
/// candidate when nothing fits (a table lacking that size is taken to lack the family).
///
/// The comparisons are exact integer ones: a class's whole vCPUs meet a need `v` exactly
/// when they reach `ceil(v)` (and a burstable class's 20 % baseline, `vcpu / 5 ≥ v`, when
/// they reach `ceil(5 v)`); whole thousandths of GiB meet a memory need `m` exactly when they
/// reach `ceil(1000 m)`.
pub(crate) fn choose_instance_in(
    catalog: &ClassCatalog,
    vcpu: Decimal,
    memory: Decimal,
    pinned: Option<&str>,
    target_cpu: Decimal,
    price: impl Fn(&str) -> Option<Decimal>,
) -> Option<InstanceChoice> {
    let specs = &catalog.specs;
    let choice = |spec: &InstanceSpec, count: u32, basis: Basis| InstanceChoice {
        spec: spec.clone(),
        count,
        basis,
        vcpu,
        memory,
        target_cpu,
    };
    if let Some(class) = pinned {
        let spec = specs
            .iter()
            .find(|c| c.class == class)
            .cloned()
            .unwrap_or(InstanceSpec {
                class: class.to_string(),
                vcpu: 0,
                memory_gib: Decimal::ZERO,
            });
        let count = if spec.vcpu > 0 {
            instances_for(vcpu, spec.vcpu)
        } else {
            1
        };
        return Some(choice(&spec, count, Basis::Pinned));
    }
    // Beyond u64 no class (at most u32::MAX vCPUs) fits.
    let need_vcpu = ceil_u64(vcpu).unwrap_or(u64::MAX);
    let need_burst_vcpu = vcpu
        .checked_mul(Decimal::from(5))
        .and_then(ceil_u64)
        .unwrap_or(u64::MAX);
    let need_milli = if memory > Decimal::ZERO {
        memory.checked_mul(Decimal::from(1000)).and_then(ceil_u64)
    } else {
        None
    };
    let has_memory = |c: &InstanceSpec, m: &ClassMeta| match (m.memory_milli, need_milli) {
        (Some(have), Some(need)) => have >= need,
        _ => c.memory_gib >= memory,
    };
    let fits = |c: &InstanceSpec, m: &ClassMeta| {
        let cpu = u64::from(c.vcpu);
        has_memory(c, m) && cpu >= need_vcpu && (!m.burstable || cpu >= need_burst_vcpu)
    };
    let classes = || specs.iter().zip(&catalog.meta);
    let mut best: Option<(&InstanceSpec, Decimal)> = None;
    let mut smallest_fit: Option<&InstanceSpec> = None;
    let mut seen_family: Option<usize> = None;
    for (c, m) in classes().filter(|(c, m)| fits(c, m)) {
        if smallest_fit.is_none_or(|s| c.vcpu < s.vcpu) {
            smallest_fit = Some(c);
        }
        if seen_family == Some(m.family) {
            continue;
        }
        seen_family = Some(m.family);
        if let Some(p) = price(&c.class)
            && best.is_none_or(|(_, bp)| p < bp)
        {
            best = Some((c, p));
        }
    }
    if let Some((c, _)) = best {
        return Some(choice(c, 1, Basis::Cheapest));
    }
    // A class fits but none is priced: the option reports the smallest one's missing price.
    if let Some(c) = smallest_fit {
        return Some(choice(c, 1, Basis::FitsUnpriced));
    }
    // Nothing fits on one instance: the largest priced non-burstable class by vCPU
    // (preferring those with the memory) shares the load.
    let mut largest: Option<(&InstanceSpec, bool)> = None;
    for (k, (c, m)) in classes().enumerate() {
        let last_of_family = catalog.meta.get(k + 1).is_none_or(|n| n.family != m.family);
        if !last_of_family || m.burstable {
            continue;
        }
        let enough_memory = has_memory(c, m);
        let better =
            largest.is_none_or(|(l, l_memory)| (enough_memory, c.vcpu) > (l_memory, l.vcpu));
        if better && price(&c.class).is_some() {
            largest = Some((c, enough_memory));
        }
    }
    if let Some((c, _)) = largest {
        return Some(choice(c, instances_for(vcpu, c.vcpu), Basis::Largest));
    }
    specs
        .iter()
        .max_by_key(|c| c.vcpu)
        .map(|c| choice(c, 1, Basis::NothingPriced))
}

/// The family of a class: `db.r6g` for `db.r6g.xlarge`.
pub(crate) fn family(c: &InstanceSpec) -> &str {
    c.class.rsplit_once('.').map_or("", |(f, _)| f)
}

/// Instances of `class_vcpu` needed for `vcpu`, at least one.
fn instances_for(vcpu: Decimal, class_vcpu: u32) -> u32 {
    if class_vcpu == 0 {
        return 1;
    }
    ceil_u32(vcpu / Decimal::from(class_vcpu)).max(1)
}

/// Most read replicas RDS allows per source (RDS User Guide, "Working with DB instance read
/// replicas"): 15 for MySQL, MariaDB and PostgreSQL, 5 for Oracle and SQL Server.
pub fn replica_limit(engine: DbEngine) -> u32 {
    match engine {
        DbEngine::Oracle | DbEngine::Sqlserver => 5,
        _ => 15,
    }
}

/// Largest RDS volume, GiB: 64 TiB, 16 TiB for SQL Server (RDS User Guide, "Amazon RDS DB
/// instance storage").
pub fn storage_limit_gib(engine: DbEngine) -> Decimal {
    match engine {
        DbEngine::Sqlserver => Decimal::from(16_384),
        _ => Decimal::from(65_536),
    }
}

/// All RDS options for the engines in scope.
pub(crate) fn options(ctx: &Ctx<'_>, out: &mut Vec<OptionEstimate>) {
    for engine in DbEngine::ALL {
        if ctx.s.overrides.engine.is_some_and(|e| e != engine) {
            continue;
        }
        for deployment in [
            RdsDeployment::SingleAz,
            RdsDeployment::MultiAz,
            RdsDeployment::MultiAzCluster,
        ] {
            // Multi-AZ DB clusters exist for MySQL and PostgreSQL only (RDS User Guide,
            // "Multi-AZ DB cluster deployments").
            if deployment == RdsDeployment::MultiAzCluster
                && !matches!(engine, DbEngine::Postgresql | DbEngine::Mysql)
            {
                continue;
            }
            out.extend(option(ctx, engine, deployment));
        }
    }
}

/// IOPS the workload needs at peak: a heuristic of one I/O per read that misses the buffer
/// cache per 8 KB page, and one per write plus one per secondary index (WAL is batched).
fn iops_need(s: &Scenario, w: &Workload) -> Decimal {
    let miss = Decimal::ONE - pct(s.assumptions.aurora_buffer_cache_hit_percent);
    let pages = dceil(s.data.item_size_kb / Decimal::from(8)).max(Decimal::ONE);
    w.peak_reads() * miss * pages + w.peak_writes() * Decimal::from(1 + s.data.secondary_indexes)
}

/// The id and label of the RDS option for `engine` and `deployment`:
/// `rds-{engine id}-{deployment}` and `RDS for {engine name} {deployment}`, written out here
/// once rather than formatted for every option of every pass (a test checks the table).
fn id_and_label(engine: DbEngine, deployment: RdsDeployment) -> (&'static str, &'static str) {
    use DbEngine::*;
    use RdsDeployment::*;
    match (engine, deployment) {
        (Postgresql, SingleAz) => ("rds-postgresql-single-az", "RDS for PostgreSQL Single-AZ"),
        (Postgresql, MultiAz) => ("rds-postgresql-multi-az", "RDS for PostgreSQL Multi-AZ"),
        (Postgresql, MultiAzCluster) => (
            "rds-postgresql-multi-az-cluster",
            "RDS for PostgreSQL Multi-AZ DB cluster",
        ),
        (Mysql, SingleAz) => ("rds-mysql-single-az", "RDS for MySQL Single-AZ"),
        (Mysql, MultiAz) => ("rds-mysql-multi-az", "RDS for MySQL Multi-AZ"),
        (Mysql, MultiAzCluster) => (
            "rds-mysql-multi-az-cluster",
            "RDS for MySQL Multi-AZ DB cluster",
        ),
        (Mariadb, SingleAz) => ("rds-mariadb-single-az", "RDS for MariaDB Single-AZ"),
        (Mariadb, MultiAz) => ("rds-mariadb-multi-az", "RDS for MariaDB Multi-AZ"),
        (Mariadb, MultiAzCluster) => (
            "rds-mariadb-multi-az-cluster",
            "RDS for MariaDB Multi-AZ DB cluster",
        ),
        (Oracle, SingleAz) => ("rds-oracle-single-az", "RDS for Oracle Single-AZ"),
        (Oracle, MultiAz) => ("rds-oracle-multi-az", "RDS for Oracle Multi-AZ"),
        (Oracle, MultiAzCluster) => (
            "rds-oracle-multi-az-cluster",
            "RDS for Oracle Multi-AZ DB cluster",
        ),
        (Sqlserver, SingleAz) => ("rds-sqlserver-single-az", "RDS for SQL Server Single-AZ"),
        (Sqlserver, MultiAz) => ("rds-sqlserver-multi-az", "RDS for SQL Server Multi-AZ"),
        (Sqlserver, MultiAzCluster) => (
            "rds-sqlserver-multi-az-cluster",
            "RDS for SQL Server Multi-AZ DB cluster",
        ),
    }
}

fn option(ctx: &Ctx<'_>, engine: DbEngine, deployment: RdsDeployment) -> Option<OptionEstimate> {
    let s = ctx.s;
    let w = &ctx.w;
    let (id, label) = id_and_label(engine, deployment);
    if !ctx.wants(id) {
        return None;
    }
    let mut head = OptionHead::new(ctx.lean, id, label, Service::Rds, Role::Database);
    let mut bill = Bill::new(ctx.prices, ctx.lean);
    // Totals only: every RDS option bills primary storage (at least 20 GB), so when the table
    // lacks that price the option cannot be priced; skip the sizing (sweeps).
    if ctx.lean {
        let volume = s.overrides.rds_storage_type.unwrap_or(VolumeType::Gp3);
        if bill
            .lookup(&PriceKey::RdsStorageGbMonth {
                engine,
                volume,
                deployment,
            })
            .is_none()
        {
            return Some(bill.finish(head));
        }
    }

    // Instances.
    let vcpu = vcpu_need(w, engine);
    let memory = memory_need(w);
    let choice = choose_instance_in(
        &ctx.catalogs.db_classes,
        vcpu,
        memory,
        s.overrides.rds_instance_class.as_deref(),
        s.assumptions.target_cpu_percent,
        |class| {
            ctx.prices.find(&PriceKey::RdsInstanceHour {
                engine,
                class,
                deployment,
            })
        },
    );
    let Some(choice) = choice else {
        bill.missing.push(
            PriceKey::RdsInstanceHour {
                engine,
                class: "any",
                deployment,
            }
            .missing(),
        );
        return Some(bill.finish(head));
    };
    let class = choice.spec.class.as_str();
    size_instance(ctx, &mut head, "instance class", &choice);
    warn_if_working_set_spills(&mut head, w, &choice.spec);

    // Readers: a Multi-AZ DB cluster's two standbys serve reads; otherwise read replicas
    // take what one instance cannot.
    let readable_standbys = if deployment == RdsDeployment::MultiAzCluster {
        2
    } else {
        0
    };
    let replicas = s
        .overrides
        .rds_read_replicas
        .unwrap_or_else(|| choice.count.saturating_sub(1 + readable_standbys));
    let limit = replica_limit(engine);
    if replicas > 0 && !head.lean {
        head.size(
            "read replicas",
            replicas,
            if s.overrides.rds_read_replicas.is_some() {
                Txt::Borrowed("pinned by override")
            } else {
                Txt::Owned(args_text(
                    format_args!(
                        "reads exceed one instance: {} instances' worth of CPU at peak",
                        choice.count
                    ),
                    176,
                ))
            },
        );
    }
    if replicas > limit {
        head.fit(
            "read_replicas",
            false,
            format_args!(
                "needs {replicas} read replicas; {} allows {limit}",
                engine.name()
            ),
        );
    }

    let instance_label = match deployment {
        RdsDeployment::SingleAz => " Single-AZ instance",
        RdsDeployment::MultiAz => " Multi-AZ instance (primary + standby)",
        RdsDeployment::MultiAzCluster => " Multi-AZ DB cluster instances",
    };
    // Multi-AZ: AWS's Multi-AZ instance price covers the primary and its standby, twice the
    // Single-AZ rate (RDS pricing, "Multi-AZ deployments"). A Multi-AZ DB cluster bills each
    // of its three instances (writer + two readable standbys).
    let instances = if deployment == RdsDeployment::MultiAzCluster {
        Decimal::from(3)
    } else {
        Decimal::ONE
    };
    add_compute(
        ctx,
        &mut bill,
        &mut head,
        &format_args!("{class}{instance_label}"),
        instances,
        "instance-hours",
        PriceKey::RdsInstanceHour {
            engine,
            class,
            deployment,
        },
        |term, part| PriceKey::RdsReserved {
            engine,
            class,
            deployment,
            term,
            payment: s.horizon.upfront,
            part,
        },
    );
    let single = RdsDeployment::SingleAz;
    add_compute(
        ctx,
        &mut bill,
        &mut head,
        &format_args!("{class} read replicas"),
        Decimal::from(replicas),
        "instance-hours",
        PriceKey::RdsInstanceHour {
            engine,
            class,
            deployment: single,
        },
        |term, part| PriceKey::RdsReserved {
            engine,
            class,
            deployment: single,
            term,
            payment: s.horizon.upfront,
            part,
        },
    );
    let regions = s.needs.regions.max(1);
    let cross = Decimal::from(regions - 1);
    if regions > 1 {
        // Cross-region read replicas, priced at this table's Single-AZ rates.
        add_compute(
            ctx,
            &mut bill,
            &mut head,
            &format_args!("{class} cross-region read replicas"),
            cross,
            "instance-hours",
            PriceKey::RdsInstanceHour {
                engine,
                class,
                deployment: single,
            },
            |term, part| PriceKey::RdsReserved {
                engine,
                class,
                deployment: single,
                term,
                payment: s.horizon.upfront,
                part,
            },
        );
        head.warn(
            "cross-region replicas are priced at this table's region prices; the other region's prices may differ",
        );
    }

    // Storage: the same for every deployment of the engine, worked out once per pass.
    let (volume, gb, extra_iops, extra_mibps, piops, billed_backup) = {
        let mut memo = ctx.rds_storage.borrow_mut();
        let k = match memo.iter().position(|(e, _)| *e == engine) {
            Some(k) => k,
            None => {
                // Storage depends on the engine only through its gp3 threshold and storage
                // limit (and names it only past the limit): an engine that shares both with
                // one already sized, within the limit, sizes alike (PostgreSQL, MySQL and
                // MariaDB).
                let twin = memo.iter().find(|(e, st)| {
                    gp3_threshold_gib(*e) == gp3_threshold_gib(engine)
                        && storage_limit_gib(*e) == storage_limit_gib(engine)
                        && st.gb <= storage_limit_gib(engine)
                });
                let st = match twin {
                    Some((_, st)) => st.clone(),
                    None => storage(ctx, engine),
                };
                memo.push((engine, st));
                memo.len() - 1
            }
        };
        let st = &memo[k].1;
        head.sizing.extend(st.head.sizing.iter().cloned());
        for warning in &st.head.warnings {
            head.warn(warning);
        }
        head.unmet |= st.head.unmet;
        head.fit.extend(st.head.fit.iter().cloned());
        (
            st.volume,
            st.gb,
            st.extra_iops,
            st.extra_mibps,
            st.piops,
            st.billed_backup,
        )
    };
    // Primary storage at the deployment's rate (Multi-AZ storage is billed for both copies:
    // the table's Multi-AZ rate), replicas at the Single-AZ rate.
    let copies = Decimal::from(replicas) + cross;
    for (dep, n, labels) in [
        (deployment, Decimal::ONE, storage_labels(Some(deployment))),
        (single, copies, storage_labels(None)),
    ] {
        if n.is_zero() {
            continue;
        }
        let [storage, gp3_iops, gp3_throughput, provisioned_iops] = labels;
        bill.add(
            storage,
            Category::Storage,
            gb * n,
            "GB-months",
            &PriceKey::RdsStorageGbMonth {
                engine,
                volume,
                deployment: dep,
            },
        );
        bill.add(
            gp3_iops,
            Category::Iops,
            extra_iops * n,
            "IOPS-months",
            &PriceKey::RdsGp3IopsMonth {
                engine,
                deployment: dep,
            },
        );
        bill.add(
            gp3_throughput,
            Category::Iops,
            extra_mibps * n,
            "MiB/s-months",
            &PriceKey::RdsGp3ThroughputMonth {
                engine,
                deployment: dep,
            },
        );
        bill.add(
            provisioned_iops,
            Category::Iops,
            piops * n,
            "IOPS-months",
            &PriceKey::RdsProvisionedIopsMonth {
                engine,
                volume,
                deployment: dep,
            },
        );
    }

    // Backups beyond the free allowance.
    bill.add(
        "Backup storage beyond 100 % of provisioned storage",
        Category::Backup,
        billed_backup,
        "GB-months",
        &PriceKey::RdsBackupGbMonth { engine },
    );

    // Cross-region replication traffic: the changed bytes shipped to each replica region.
    if regions > 1 {
        let gb_per_month = w.avg_writes * s.data.item_size_kb * w.seconds_per_month()
            / Decimal::from(1024 * 1024)
            * cross;
        bill.add(
            "Cross-region replication data transfer",
            Category::Transfer,
            gb_per_month,
            "GB",
            &PriceKey::InterRegionTransferGb,
        );
    }

    let az = match deployment {
        RdsDeployment::SingleAz => Recovery::new(
            300,
            3600,
            "Single-AZ: point-in-time restore, logs shipped every 5 minutes, restore about an hour",
        ),
        RdsDeployment::MultiAz => Recovery::new(0, 120, "synchronous standby, failover 60-120 s"),
        RdsDeployment::MultiAzCluster => Recovery::new(
            0,
            35,
            "two readable standbys, failover typically under 35 s",
        ),
    };
    judge_in(
        ctx,
        &mut head,
        &Offers {
            acid: true,
            joins: true,
            multi_az: deployment != RdsDeployment::SingleAz,
            az,
            region: (regions > 1).then(|| {
                Recovery::new(
                    60,
                    300,
                    "cross-region read replica, asynchronous, manual promotion",
                )
            }),
        },
    );
    Some(bill.finish(head))
}

/// An RDS option's storage: volume, size, IOPS and throughput beyond the baseline, and the
/// sizing lines, warnings and fit notes that explain them. It depends on the engine, the
/// workload and the overrides only, not on the deployment, so a pass works it out once per
/// engine ([`Ctx::rds_storage`]) and every deployment copies it.
#[derive(Clone)]
pub(crate) struct Storage {
    volume: VolumeType,
    gb: Decimal,
    extra_iops: Decimal,
    extra_mibps: Decimal,
    piops: Decimal,
    /// Backup storage billed beyond the free allowance (which is the storage size), GB.
    billed_backup: Decimal,
    /// What explains it: sizing lines, warnings and fit notes, in the order written.
    head: OptionHead,
}

/// The storage lines' labels of a deployment's primary storage (`Single-AZ storage` …) or,
/// for `None`, of the replicas' (`Replica storage`): the storage, then `{storage}: gp3 IOPS
/// above baseline`, `{storage}: gp3 throughput above baseline` and `{storage}: provisioned
/// IOPS`, written out (a test checks the table).
fn storage_labels(deployment: Option<RdsDeployment>) -> [&'static str; 4] {
    match deployment {
        Some(RdsDeployment::SingleAz) => [
            "Single-AZ storage",
            "Single-AZ storage: gp3 IOPS above baseline",
            "Single-AZ storage: gp3 throughput above baseline",
            "Single-AZ storage: provisioned IOPS",
        ],
        Some(RdsDeployment::MultiAz) => [
            "Multi-AZ storage",
            "Multi-AZ storage: gp3 IOPS above baseline",
            "Multi-AZ storage: gp3 throughput above baseline",
            "Multi-AZ storage: provisioned IOPS",
        ],
        Some(RdsDeployment::MultiAzCluster) => [
            "Multi-AZ DB cluster storage",
            "Multi-AZ DB cluster storage: gp3 IOPS above baseline",
            "Multi-AZ DB cluster storage: gp3 throughput above baseline",
            "Multi-AZ DB cluster storage: provisioned IOPS",
        ],
        None => [
            "Replica storage",
            "Replica storage: gp3 IOPS above baseline",
            "Replica storage: gp3 throughput above baseline",
            "Replica storage: provisioned IOPS",
        ],
    }
}

/// Size an RDS option's storage for `engine` (see [`Storage`]).
fn storage(ctx: &Ctx<'_>, engine: DbEngine) -> Storage {
    let s = ctx.s;
    let w = &ctx.w;
    let mut explained = OptionHead::new(ctx.lean, "", "", Service::Rds, Role::Database);
    let head = &mut explained;
    let volume = s.overrides.rds_storage_type.unwrap_or(VolumeType::Gp3);
    let mut gb = s.overrides.rds_storage_gb.unwrap_or_else(|| {
        dceil(w.data_end_gb * pct(s.assumptions.disk_per_data_percent)).max(Decimal::from(20))
    });
    let iops = s
        .overrides
        .rds_iops
        .unwrap_or_else(|| dceil(iops_need(s, w)));
    // Throughput: 16 KiB per I/O is a planning assumption.
    let mibps = s
        .overrides
        .rds_throughput_mibps
        .unwrap_or_else(|| dceil(iops * Decimal::from(16) / Decimal::from(1024)));
    let mut extra_iops = Decimal::ZERO;
    let mut extra_mibps = Decimal::ZERO;
    let mut piops = Decimal::ZERO;
    let lean = ctx.lean;
    // Reasons are written only for a full estimate.
    let mut storage_reason = if lean {
        String::new()
    } else {
        args_text(
            format_args!(
                "{} GB of data at the end of the horizon × {} %",
                show(w.data_end_gb, 1),
                show(s.assumptions.disk_per_data_percent, 0)
            ),
            176,
        )
    };
    match volume {
        VolumeType::Gp3 => {
            let (mut base_iops, mut base_mibps) = gp3_baseline(engine, gb);
            if let Some(t) = gp3_threshold_gib(engine)
                && gb < t
                && (iops > base_iops || mibps > base_mibps)
            {
                // Below the threshold RDS cannot provision beyond the baseline: grow the
                // volume to reach the 12,000 IOPS / 500 MiB/s tier.
                gb = t;
                (base_iops, base_mibps) = gp3_baseline(engine, gb);
                storage_reason = if lean {
                    String::new()
                } else {
                    args_text(
                        format_args!(
                            "raised to {} GiB to get the gp3 baseline of 12,000 IOPS / 500 MiB/s for {} IOPS needed",
                            show(t, 0),
                            show(iops, 0)
                        ),
                        176,
                    )
                };
            }
            extra_iops = (iops - base_iops).max(Decimal::ZERO);
            extra_mibps = (mibps - base_mibps).max(Decimal::ZERO);
            head.size(
                "storage IOPS",
                format_args!("{} IOPS, {} MiB/s", show(iops.max(base_iops), 0), show(mibps.max(base_mibps), 0)),
                format_args!(
                    "gp3 includes {} IOPS and {} MiB/s at {} GiB; {} IOPS and {} MiB/s above that are billed",
                    show(base_iops, 0),
                    show(base_mibps, 0),
                    show(gb, 0),
                    show(extra_iops, 0),
                    show(extra_mibps, 0)
                ),
            );
            if iops > Decimal::from(64_000) {
                head.warn(format_args!(
                    "{} IOPS needed exceeds gp3's 64,000 IOPS maximum",
                    show(iops, 0)
                ));
            }
        }
        VolumeType::Gp2 => {
            // gp2 performance scales with size: 3 IOPS per GiB.
            let gb_for_iops = dceil(iops / Decimal::from(3));
            if gb_for_iops > gb {
                gb = gb_for_iops;
                storage_reason = if lean {
                    String::new()
                } else {
                    args_text(
                        format_args!(
                            "raised to {} GiB for {} IOPS at 3 IOPS per GiB",
                            show(gb, 0),
                            show(iops, 0)
                        ),
                        176,
                    )
                };
            }
            head.size(
                "storage IOPS",
                format_args!("{} IOPS", show(gp2_iops(gb), 0)),
                "gp2 gives 3 IOPS per GiB (minimum 100, maximum 16,000)",
            );
        }
        VolumeType::Io1 | VolumeType::Io2 => {
            // Every provisioned IOPS is billed; RDS requires at least 1,000.
            piops = iops.max(Decimal::from(1000));
            head.size(
                "provisioned IOPS",
                show(piops, 0),
                "io1/io2 bill every provisioned IOPS (minimum 1,000)",
            );
        }
    }
    head.size(
        "storage",
        format_args!("{} GiB {}", show(gb, 0), crate::prices::volume_key(volume)),
        storage_reason,
    );
    if gb > storage_limit_gib(engine) {
        head.fit(
            "storage",
            false,
            format_args!(
                "{} GiB exceeds the RDS {} limit of {} GiB",
                show(gb, 0),
                engine.name(),
                show(storage_limit_gib(engine), 0)
            ),
        );
    }
    // Every deployment of the engine copies these texts: shared, they copy a pointer.
    for sizing in &mut explained.sizing {
        sizing.choice = std::mem::take(&mut sizing.choice).shared();
        sizing.reason = std::mem::take(&mut sizing.reason).shared();
    }
    for note in &mut explained.fit {
        note.note = std::mem::take(&mut note.note).shared();
    }
    let backup = backup_size_gb(
        w.data_avg_gb,
        s.assumptions.daily_change_percent,
        s.needs.backup_retention_days,
    );
    Storage {
        billed_backup: billed_backup_gb(backup, gb),
        volume,
        gb,
        extra_iops,
        extra_mibps,
        piops,
        head: explained,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of ids and labels says what formatting them would.
    #[test]
    fn ids_and_labels_follow_the_pattern() {
        for engine in DbEngine::ALL {
            for (deployment, suffix, dep_label) in [
                (RdsDeployment::SingleAz, "single-az", "Single-AZ"),
                (RdsDeployment::MultiAz, "multi-az", "Multi-AZ"),
                (
                    RdsDeployment::MultiAzCluster,
                    "multi-az-cluster",
                    "Multi-AZ DB cluster",
                ),
            ] {
                assert_eq!(
                    id_and_label(engine, deployment),
                    (
                        format!("rds-{}-{suffix}", engine.id()).as_str(),
                        format!("RDS for {} {dep_label}", engine.name()).as_str()
                    )
                );
            }
        }
    }

    use rust_decimal_macros::dec;

    /// An instance choice's reason, for every way the class was picked, reads as the
    /// sentence written out here with `format!` (many digits, rounding both ways, whole
    /// numbers, counts over 15).
    #[test]
    fn instance_reasons_read_as_sentences() {
        let spec = InstanceSpec {
            class: "db.r6g.8xlarge".to_string(),
            vcpu: 32,
            memory_gib: dec!(256),
        };
        for (vcpu, memory, target, shown) in [
            (
                dec!(16.0849),
                dec!(17.8220110855772368180952000),
                dec!(70),
                ("16.1", "17.8", "70"),
            ),
            (dec!(3), dec!(0.04), dec!(65.5), ("3", "0", "66")),
            (dec!(120.25), dec!(1024), dec!(80), ("120.2", "1024", "80")),
        ] {
            let need = format!(
                "needs {} vCPU at {} % target and {} GiB memory (working set + headroom)",
                shown.0, shown.2, shown.1
            );
            for (basis, count, text) in [
                (
                    Basis::Pinned,
                    1,
                    format!("db.r6g.8xlarge pinned by override; {need}"),
                ),
                (
                    Basis::Cheapest,
                    1,
                    format!("db.r6g.8xlarge: cheapest class that {need}"),
                ),
                (
                    Basis::FitsUnpriced,
                    1,
                    format!("db.r6g.8xlarge: {need} (no class that fits is priced)"),
                ),
                (
                    Basis::Largest,
                    17,
                    format!(
                        "db.r6g.8xlarge: largest class; {need}, so 17 instance(s) share the load"
                    ),
                ),
                (
                    Basis::NothingPriced,
                    1,
                    format!("db.r6g.8xlarge: {need} (no class is priced)"),
                ),
            ] {
                let choice = InstanceChoice {
                    spec: spec.clone(),
                    count,
                    basis,
                    vcpu,
                    memory,
                    target_cpu: target,
                };
                assert_eq!(choice.to_string(), text);
            }
        }
    }

    #[test]
    fn gp3_included_baseline() {
        // RDS User Guide, gp3: below 400 GiB 3,000 IOPS / 125 MiB/s, at or above 400 GiB
        // 12,000 / 500 (MySQL, MariaDB, PostgreSQL); Oracle from 200 GiB; SQL Server always
        // 3,000 / 125.
        let low = (dec!(3000), dec!(125));
        let high = (dec!(12000), dec!(500));
        assert_eq!(gp3_baseline(DbEngine::Postgresql, dec!(399)), low);
        assert_eq!(gp3_baseline(DbEngine::Postgresql, dec!(400)), high);
        assert_eq!(gp3_baseline(DbEngine::Mysql, dec!(1000)), high);
        assert_eq!(gp3_baseline(DbEngine::Oracle, dec!(199)), low);
        assert_eq!(gp3_baseline(DbEngine::Oracle, dec!(200)), high);
        assert_eq!(gp3_baseline(DbEngine::Sqlserver, dec!(16000)), low);
    }

    #[test]
    fn gp2_three_iops_per_gib() {
        // RDS User Guide, gp2: 3 IOPS per GiB, minimum 100: 20 GiB → 100, 1,000 GiB → 3,000.
        assert_eq!(gp2_iops(dec!(20)), dec!(100));
        assert_eq!(gp2_iops(dec!(1000)), dec!(3000));
        assert_eq!(gp2_iops(dec!(10000)), dec!(16000));
    }

    #[test]
    fn backup_free_up_to_provisioned_storage() {
        // RDS User Guide, "Reserved DB instance billing example": 600 GiB of backup storage
        // with 400 GiB provisioned bills 600 - 400 = 200 GiB; at $0.095 per GiB-month that is
        // 200 × 0.095 = $19 per month, as AWS states.
        let billed = billed_backup_gb(dec!(600), dec!(400));
        assert_eq!(billed, dec!(200));
        assert_eq!(billed * dec!(0.095), dec!(19));
        assert_eq!(billed_backup_gb(dec!(300), dec!(400)), dec!(0));
    }

    #[test]
    fn backup_size_is_a_full_copy_plus_daily_changes() {
        // 100 GB with 2 % daily change kept 7 days: 100 + 100 × 0.02 × 7 = 114 GB.
        assert_eq!(backup_size_gb(dec!(100), dec!(2), 7), dec!(114));
    }

    fn catalog() -> Vec<InstanceSpec> {
        let spec = |c: &str, v, m| InstanceSpec {
            class: c.into(),
            vcpu: v,
            memory_gib: Decimal::from(m),
        };
        vec![
            spec("db.t4g.medium", 2, 4),
            spec("db.r6g.large", 2, 16),
            spec("db.r6g.xlarge", 4, 32),
            spec("db.r6g.2xlarge", 8, 64),
            spec("db.m6g.xlarge", 4, 16),
        ]
    }

    fn price(class: &str) -> Option<Decimal> {
        // RDS for PostgreSQL us-east-1 Single-AZ list prices, per hour.
        match class {
            "db.t4g.medium" => Some(dec!(0.065)),
            "db.r6g.large" => Some(dec!(0.225)),
            "db.r6g.xlarge" => Some(dec!(0.449)),
            "db.r6g.2xlarge" => Some(dec!(0.898)),
            "db.m6g.xlarge" => Some(dec!(0.318)),
            _ => None,
        }
    }

    #[test]
    fn picks_the_cheapest_class_meeting_cpu_and_memory() {
        // Issue example: 3.1 vCPU and a 24 GiB working set (30 GiB with 25 % headroom):
        // db.m6g.xlarge has 16 GiB (too little), db.r6g.large 2 vCPU (too few), so
        // db.r6g.xlarge (4 vCPU, 32 GiB) is the cheapest that fits.
        let c = choose_instance(&catalog(), dec!(3.1), dec!(30), None, dec!(70), price).unwrap();
        assert_eq!(c.spec.class, "db.r6g.xlarge");
        assert_eq!(c.count, 1);
        assert!(c.to_string().contains("3.1 vCPU at 70 % target"), "{c}");
        // Tiny needs fit a burstable class within its 20 % baseline: 0.3 ≤ 2 × 0.2.
        let t = choose_instance(&catalog(), dec!(0.3), dec!(2), None, dec!(70), price).unwrap();
        assert_eq!(t.spec.class, "db.t4g.medium");
    }

    #[test]
    fn beyond_the_largest_class_the_load_is_shared() {
        // 20 vCPU on at most 8-vCPU classes: ceil(20 / 8) = 3 instances of db.r6g.2xlarge.
        let c = choose_instance(&catalog(), dec!(20), dec!(8), None, dec!(70), price).unwrap();
        assert_eq!(c.spec.class, "db.r6g.2xlarge");
        assert_eq!(c.count, 3);
    }

    #[test]
    fn replica_and_storage_limits() {
        assert_eq!(replica_limit(DbEngine::Postgresql), 15);
        assert_eq!(replica_limit(DbEngine::Oracle), 5);
        assert_eq!(storage_limit_gib(DbEngine::Mysql), dec!(65536));
    }

    /// The choice before the class catalog's integer comparisons (decimal comparisons, the
    /// family and burstable checks on the class name each time), to check the fast one
    /// against.
    #[allow(clippy::all)]
    fn reference_choose(
        catalog: &[InstanceSpec],
        vcpu: Decimal,
        memory: Decimal,
        pinned: Option<&str>,
        target_cpu: Decimal,
        price: impl Fn(&str) -> Option<Decimal>,
    ) -> Option<InstanceChoice> {
        let choice = |spec: &InstanceSpec, count: u32, basis: Basis| InstanceChoice {
            spec: spec.clone(),
            count,
            basis,
            vcpu,
            memory,
            target_cpu,
        };
        if let Some(class) = pinned {
            let spec = catalog
                .iter()
                .find(|c| c.class == class)
                .cloned()
                .unwrap_or(InstanceSpec {
                    class: class.to_string(),
                    vcpu: 0,
                    memory_gib: Decimal::ZERO,
                });
            let count = if spec.vcpu > 0 {
                instances_for(vcpu, spec.vcpu)
            } else {
                1
            };
            return Some(choice(&spec, count, Basis::Pinned));
        }
        let fits = |c: &InstanceSpec| {
            if c.memory_gib < memory {
                return false;
            }
            let cpu = Decimal::from(c.vcpu);
            if cpu < vcpu {
                return false;
            }
            !c.is_burstable() || cpu * Decimal::new(2, 1) >= vcpu
        };
        let mut best: Option<(&InstanceSpec, Decimal)> = None;
        let mut smallest_fit: Option<&InstanceSpec> = None;
        let mut seen_family: Option<&str> = None;
        for c in catalog.iter().filter(|c| fits(c)) {
            if smallest_fit.is_none_or(|s| c.vcpu < s.vcpu) {
                smallest_fit = Some(c);
            }
            if seen_family == Some(family(c)) {
                continue;
            }
            seen_family = Some(family(c));
            if let Some(p) = price(&c.class)
                && best.is_none_or(|(_, bp)| p < bp)
            {
                best = Some((c, p));
            }
        }
        if let Some((c, _)) = best {
            return Some(choice(c, 1, Basis::Cheapest));
        }
        // A class fits but none is priced: the option reports the smallest one's missing price.
        if let Some(c) = smallest_fit {
            return Some(choice(c, 1, Basis::FitsUnpriced));
        }
        // Nothing fits on one instance: the largest priced non-burstable class by vCPU
        // (preferring those with the memory) shares the load.
        let mut largest: Option<&InstanceSpec> = None;
        for (k, c) in catalog.iter().enumerate() {
            let last_of_family = catalog.get(k + 1).is_none_or(|n| family(n) != family(c));
            if !last_of_family || c.is_burstable() {
                continue;
            }
            let better = largest.is_none_or(|l| {
                ((c.memory_gib >= memory), c.vcpu) > ((l.memory_gib >= memory), l.vcpu)
            });
            if better && price(&c.class).is_some() {
                largest = Some(c);
            }
        }
        if let Some(c) = largest {
            return Some(choice(c, instances_for(vcpu, c.vcpu), Basis::Largest));
        }
        catalog
            .iter()
            .max_by_key(|c| c.vcpu)
            .map(|c| choice(c, 1, Basis::NothingPriced))
    }

    #[test]
    fn integer_fit_checks_choose_what_decimal_ones_chose() {
        // The bundled us-east-1 catalog, sorted as `TableCatalogs::of` sorts it, and the sample
        // catalog above; needs from tiny to beyond the largest class, with many decimals.
        let (_, json) = pricing_data::bundled()[0];
        let table = pricing_data::parse(json, time::macros::date!(2026 - 11 - 26)).unwrap();
        let mut bundled = crate::PriceBook::db_instance_classes(&table);
        bundled.sort_by(|a, b| {
            family(a)
                .cmp(family(b))
                .then(a.vcpu.cmp(&b.vcpu))
                .then(a.memory_gib.cmp(&b.memory_gib))
        });
        let priced = |class: &str| {
            crate::PriceBook::find(
                &table,
                &PriceKey::RdsInstanceHour {
                    engine: DbEngine::Postgresql,
                    class,
                    deployment: RdsDeployment::SingleAz,
                },
            )
        };
        let mut next = crate::xorshift(0xD1B5_4A32_D192_ED03);
        for i in 0..4_000u32 {
            let x = next();
            let vcpu = Decimal::new((x % 2_000_000) as i64, (i % 7) + 1);
            let memory = Decimal::new(((x >> 20) % 9_000_000) as i64, (i % 5) + 1);
            for (catalog, price) in [
                (&bundled, &priced as &dyn Fn(&str) -> Option<Decimal>),
                (&catalog(), &price as &dyn Fn(&str) -> Option<Decimal>),
            ] {
                let fast = choose_instance(catalog, vcpu, memory, None, dec!(70), price);
                let slow = reference_choose(catalog, vcpu, memory, None, dec!(70), price);
                assert_eq!(
                    fast.map(|c| (c.spec.class.clone(), c.count, c.to_string())),
                    slow.map(|c| (c.spec.class.clone(), c.count, c.to_string())),
                    "{vcpu} vCPU, {memory} GiB"
                );
            }
        }
    }

    /// The catalog's order is the stable sort by family, vCPUs and memory (ties keep the
    /// table's order), over random catalogs with many ties.
    #[test]
    fn sorted_catalog_is_the_stable_sort() {
        let mut rng = crate::xorshift(0x9E37_79B9_7F4A_7C15);
        let mut next = |n: u64| rng() % n;
        for _ in 0..2_000 {
            let len = next(40) as usize;
            let specs: Vec<InstanceSpec> = (0..len)
                .map(|k| InstanceSpec {
                    class: format!(
                        "db.{}.s{k}",
                        ["r6g", "m5", "t4g", "x2iedn"][next(4) as usize]
                    ),
                    vcpu: [2, 4, 8][next(3) as usize],
                    memory_gib: [dec!(8), dec!(8.0), dec!(16), dec!(0.5)][next(4) as usize],
                })
                .collect();
            let mut want = specs.clone();
            want.sort_by(|a, b| {
                family(a)
                    .cmp(family(b))
                    .then(a.vcpu.cmp(&b.vcpu))
                    .then(a.memory_gib.cmp(&b.memory_gib))
            });
            let got = ClassCatalog::sorted(specs).specs;
            assert_eq!(got, want);
        }
    }

    /// What lets a pass copy one engine's storage to another (`option`'s twin): engines with
    /// the same gp3 threshold and storage limit size storage alike, to the text, within the
    /// limit; over a range of data sizes, IOPS, volume types and overrides.
    #[test]
    fn engines_with_the_same_storage_rules_size_storage_alike() {
        let prices = crate::fixtures::sample_us_east_1();
        let mut compared = 0;
        for size in [
            dec!(0.5),
            dec!(50),
            dec!(180),
            dec!(350),
            dec!(5000),
            dec!(90000),
        ] {
            for reads in [dec!(10), dec!(5000), dec!(200000)] {
                for volume in [None, Some(VolumeType::Gp2), Some(VolumeType::Io1)] {
                    for lean in [false, true] {
                        let mut s = Scenario::default();
                        s.data.size_gb = size;
                        s.traffic.reads_per_second = reads;
                        s.overrides.rds_storage_type = volume;
                        let mut ctx = crate::test_ctx(&s, &prices);
                        ctx.lean = lean;
                        let all = DbEngine::ALL.map(|e| (e, storage(&ctx, e)));
                        for (a, sa) in &all {
                            for (b, sb) in &all {
                                if gp3_threshold_gib(*a) != gp3_threshold_gib(*b)
                                    || storage_limit_gib(*a) != storage_limit_gib(*b)
                                    || sa.gb > storage_limit_gib(*a)
                                {
                                    continue;
                                }
                                let figures = |st: &Storage| {
                                    [
                                        st.gb,
                                        st.extra_iops,
                                        st.extra_mibps,
                                        st.piops,
                                        st.billed_backup,
                                    ]
                                    .map(|d| d.serialize())
                                };
                                assert_eq!(figures(sa), figures(sb), "{a:?} {b:?}");
                                assert_eq!(sa.volume, sb.volume);
                                assert_eq!(sa.head.sizing, sb.head.sizing, "{a:?} {b:?}");
                                assert_eq!(sa.head.warnings, sb.head.warnings, "{a:?} {b:?}");
                                assert_eq!(sa.head.fit, sb.head.fit, "{a:?} {b:?}");
                                assert_eq!(sa.head.unmet, sb.head.unmet, "{a:?} {b:?}");
                                compared += usize::from(a != b);
                            }
                        }
                    }
                }
            }
        }
        assert!(compared > 100, "{compared}");
    }

    /// The storage labels are the pattern they replace.
    #[test]
    fn storage_labels_follow_the_pattern() {
        for (deployment, base) in [
            (Some(RdsDeployment::SingleAz), "Single-AZ storage"),
            (Some(RdsDeployment::MultiAz), "Multi-AZ storage"),
            (
                Some(RdsDeployment::MultiAzCluster),
                "Multi-AZ DB cluster storage",
            ),
            (None, "Replica storage"),
        ] {
            assert_eq!(
                storage_labels(deployment),
                [
                    base.to_string(),
                    format!("{base}: gp3 IOPS above baseline"),
                    format!("{base}: gp3 throughput above baseline"),
                    format!("{base}: provisioned IOPS"),
                ]
            );
        }
    }
}
